"""Background work for calls: the e-mails sent about an application, once committed."""

from django_tasks import task

from passeurs.core.notify import enqueue_on_commit, send_email, site_url

# What an e-mail says, by kind: submitted (the applicant's receipt), withdrawn, and the
# decision (laureate, not_selected), sent by the jury services.
KINDS = ("submitted", "withdrawn", "laureate", "not_selected")


def queue_notification(application, kind: str) -> None:
    """E-mail the applicant about `kind` once the write commits (not for past history)."""
    if kind not in KINDS:
        raise ValueError(f"unknown application notification: {kind}")
    enqueue_on_commit(notify_application, application_id=application.pk, kind=kind)


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
            "url": site_url("calls:application", application.pk),
        },
    )
