"""Background work for calls: the e-mails sent about an application, once committed."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from passeurs.core.notify import notifications_are_paused, send_email

# What an e-mail says, by kind: submitted (the applicant's receipt), withdrawn, and the
# decision (laureate, not_selected), sent by the jury services.
KINDS = ("submitted", "withdrawn", "laureate", "not_selected")


def queue_notification(application, kind: str) -> None:
    """E-mail the applicant about `kind` once the write commits (not for past history)."""
    if kind not in KINDS:
        raise ValueError(f"unknown application notification: {kind}")
    if notifications_are_paused():
        return
    application_id = application.pk
    transaction.on_commit(
        lambda: notify_application.enqueue(application_id=application_id, kind=kind)
    )


@task()
def notify_application(*, application_id: int, kind: str) -> int:
    from passeurs.calls.models import Application

    application = (
        Application.objects.select_related("call", "initiative", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None or kind not in KINDS:
        return 0
    applicant = application.applicant
    recipients = [applicant.email] if applicant.is_active else []
    return send_email(
        kind=f"calls_application_{kind}",
        recipients=recipients,
        template="calls/emails/application",
        context={
            "application": application,
            "call": application.call,
            "kind": kind,
            "url": settings.SITE_URL + reverse("calls:application", args=[application.pk]),
        },
    )
