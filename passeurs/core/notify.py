"""The one way Passeurs sends e-mail: one template rendered to text and HTML, logged."""

import contextlib
import contextvars

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from passeurs.core.models import SentEmail


def send_email(*, kind: str, recipients, template: str, context: dict, attachments=()) -> int:
    """Render `<template>.txt` (first line: subject) and `<template>.html`, send, record.

    Sent one by one so that no recipient sees the others' addresses. Returns the count sent.
    `attachments` are (filename, content, mimetype) triples joined to every message (an
    invitation's .ics, for instance).
    """
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for recipient in sorted(set(recipients)):
            text = render_to_string(f"{template}.txt", context).strip()
            subject, _sep, body = text.partition("\n")
            html = render_to_string(f"{template}.html", {**context, "body": body.strip()})
            message = EmailMultiAlternatives(
                subject=subject.strip()[:255], body=body.strip(), to=[recipient]
            )
            message.attach_alternative(html, "text/html")
            for filename, content, mimetype in attachments:
                message.attach(filename, content, mimetype)
            message.send()
            SentEmail.objects.create(recipient=recipient, subject=subject.strip()[:255], kind=kind)
            sent += 1
    return sent


_PAUSED = contextvars.ContextVar("notifications_paused", default=False)


@contextlib.contextmanager
def notifications_paused():
    """Record events without e-mailing anyone: for loading past history (the demo data)."""
    token = _PAUSED.set(True)
    try:
        yield
    finally:
        _PAUSED.reset(token)


def notifications_are_paused() -> bool:
    return _PAUSED.get()


def enqueue_on_commit(task, **kwargs) -> None:
    """Queue an e-mail task once the current write commits; nothing while paused."""
    if notifications_are_paused():
        return
    transaction.on_commit(lambda: task.enqueue(**kwargs))


def site_url(name: str, *args) -> str:
    """The absolute address of a page, for links in e-mails."""
    return settings.SITE_URL + reverse(name, args=args)
