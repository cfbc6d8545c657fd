"""E-mails of the jury and the accompaniment, sent once the write is committed.

The services queue them with `core.notify.enqueue_on_commit`, which does nothing while
notifications are paused (the demo loading past history).
"""

from django_tasks import task

from passeurs.core.notify import send_email, site_url


def _emails(users) -> list[str]:
    return sorted({user.email for user in users if user.is_active and user.email})


@task()
def notify_reviews_assigned(*, call_id: int, member_ids: list[int]) -> int:
    """Each reviewer who was given new applications hears of it once, with their count."""
    from passeurs.calls.models import Call, JuryMember

    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return 0
    sent = 0
    members = JuryMember.objects.filter(call=call, pk__in=member_ids).select_related("user")
    for member in members:
        todo = member.reviews.filter(submitted_at__isnull=True).count()
        sent += send_email(
            kind="calls_reviews_assigned",
            recipients=_emails([member.user]),
            template="calls/emails/jury_assigned",
            context={
                "call": call,
                "member": member,
                "todo": todo,
                "url": site_url("calls:reviews_mine"),
            },
        )
    return sent


@task()
def notify_decision(*, call_id: int) -> int:
    """Every applicant of a decided call: laureate, or not selected with a kind word."""
    from passeurs.calls.models import Application, ApplicationState, Call

    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return 0
    sent = 0
    applications = (
        Application.objects.filter(
            call=call, state__in=[ApplicationState.LAUREATE, ApplicationState.NOT_SELECTED]
        )
        .select_related("applicant", "initiative", "accompaniment")
        .order_by("pk")
    )
    for application in applications:
        laureate = application.state == ApplicationState.LAUREATE
        accompaniment = getattr(application, "accompaniment", None) if laureate else None
        url = (
            site_url("calls:accompaniment", accompaniment.pk)
            if accompaniment is not None
            else site_url("calls:application", application.pk)
        )
        sent += send_email(
            kind="calls_laureate" if laureate else "calls_not_selected",
            recipients=_emails([application.applicant]),
            template="calls/emails/jury_laureate" if laureate else "calls/emails/jury_not_selected",
            context={
                "call": call,
                "application": application,
                "accompaniment": accompaniment,
                "url": url,
            },
        )
    return sent


@task()
def notify_coach_added(*, accompaniment_id: int, user_id: int) -> int:
    from passeurs.calls.models import Accompaniment

    accompaniment = (
        Accompaniment.objects.select_related("application__initiative", "application__call")
        .filter(pk=accompaniment_id)
        .first()
    )
    if accompaniment is None:
        return 0
    coach = accompaniment.coaches.filter(pk=user_id).first()
    if coach is None:
        return 0
    return send_email(
        kind="calls_coach_added",
        recipients=_emails([coach]),
        template="calls/emails/jury_coach",
        context={
            "accompaniment": accompaniment,
            "application": accompaniment.application,
            "call": accompaniment.application.call,
            "url": site_url("calls:accompaniment", accompaniment.pk),
        },
    )


@task()
def notify_milestone_done(*, milestone_id: int, actor_id: int | None) -> int:
    """A milestone marked done: the other side of the accompaniment hears of it (the coaches
    and the applicant, never the person who marked it)."""
    from passeurs.calls.models import Milestone

    milestone = (
        Milestone.objects.select_related(
            "accompaniment__application__applicant",
            "accompaniment__application__initiative",
            "accompaniment__application__call",
        )
        .filter(pk=milestone_id)
        .first()
    )
    if milestone is None:
        return 0
    accompaniment = milestone.accompaniment
    people = [accompaniment.application.applicant, *accompaniment.coaches.all()]
    if milestone.kind == "final_report":
        people += list(accompaniment.application.call.coordinators.all())
    return send_email(
        kind="calls_milestone_done",
        recipients=_emails([p for p in people if p.pk != actor_id]),
        template="calls/emails/jury_milestone",
        context={
            "milestone": milestone,
            "accompaniment": accompaniment,
            "application": accompaniment.application,
            "url": site_url("calls:accompaniment", accompaniment.pk),
        },
    )
