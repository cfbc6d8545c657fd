"""Background work for blockers: the e-mails sent after each event, once committed."""

from django.conf import settings
from django.db.models import Q
from django_tasks import task

from passeurs.accounts.models import User
from passeurs.core.notify import send_email


def recipients_of(event) -> list[str]:
    """Supporters, the assignee and coordinators, minus the actor and whoever muted it."""
    from passeurs.blockers.models import NotificationSetting

    blocker = event.blocker
    people = User.objects.filter(is_active=True).filter(
        Q(blocker_supports__blocker=blocker) | Q(pk=blocker.assignee_id) | Q(role="coordinator")
    )
    muted = NotificationSetting.objects.filter(Q(blocker=blocker) | Q(blocker__isnull=True)).values(
        "user_id"
    )
    people = people.exclude(pk__in=muted)
    if event.actor_id:
        people = people.exclude(pk=event.actor_id)
    return sorted(set(people.values_list("email", flat=True)))


@task()
def notify_blocker_event(*, event_id: int) -> int:
    from passeurs.blockers.models import BlockerEvent

    event = BlockerEvent.objects.select_related("blocker", "actor").filter(pk=event_id).first()
    if event is None or (event.kind == BlockerEvent.Kind.TRANSITION and not event.from_state):
        return 0  # creation of a draft: nobody to tell yet
    return send_email(
        kind="blocker_event",
        recipients=recipients_of(event),
        template="blockers/emails/event",
        context={
            "event": event,
            "blocker": event.blocker,
            "url": settings.SITE_URL + event.blocker.get_absolute_url(),
        },
    )
