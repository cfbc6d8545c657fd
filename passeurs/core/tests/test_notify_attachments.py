"""send_email joins attachments when asked, and only then."""

import pytest
from django.core import mail

from passeurs.core.models import SentEmail
from passeurs.core.notify import send_email

pytestmark = pytest.mark.django_db

CONTEXT = {
    "event": type("E", (), {"kind": "candidacy_decide", "comment": ""})(),
    "edition": type("Ed", (), {"name": "Promotion", "programme": type("P", (), {"name": "P"})()})(),
    "state": "Retenue",
    "url": "http://testserver/",
}


def test_an_email_without_attachments_has_none():
    sent = send_email(
        kind="test", recipients=["a@exemple.fr"], template="pairing/emails/event", context=CONTEXT
    )

    assert sent == 1
    assert mail.outbox[0].attachments == []
    assert SentEmail.objects.filter(recipient="a@exemple.fr", kind="test").exists()


def test_each_recipient_gets_the_attachments():
    sent = send_email(
        kind="test",
        recipients=["a@exemple.fr", "b@exemple.fr"],
        template="pairing/emails/event",
        context=CONTEXT,
        attachments=[("invitation.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )

    assert sent == 2
    for message in mail.outbox:
        assert message.attachments == [
            ("invitation.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
        ]
        assert message.to in (["a@exemple.fr"], ["b@exemple.fr"])
