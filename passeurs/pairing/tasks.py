"""Background work for pairing: the e-mails sent after an event, once committed."""

from django_tasks import task

from passeurs.core.notify import send_email, site_url
from passeurs.pairing import workflows


def recipients_of(event) -> list[str]:
    """Who hears of it: the candidate for a decision; the pair's two sides for a published
    proposal or a move; the programme's coordinators too when a pair starts or stops. Never
    the actor."""
    people = []
    if event.kind == "candidacy_decide" and event.candidacy_id:
        people = [event.candidacy.user]
    elif event.pair_id:
        pair = event.pair
        people = [pair.project.user, pair.servant.user]
        if event.to_state == "active" or event.to_state in workflows.PAIR_TERMINAL:
            people += list(event.edition.programme.coordinators.all())
    return sorted(
        {person.email for person in people if person.is_active and person.pk != event.actor_id}
    )


def _url(event) -> str:
    if event.pair_id:
        return site_url("pairing:pair", event.pair_id)
    return site_url("pairing:edition", event.edition_id)


@task()
def notify_pair_event(*, event_id: int) -> int:
    from passeurs.pairing.models import CandidacyState, PairEvent, PairState

    event = (
        PairEvent.objects.select_related(
            "edition__programme", "pair__project__user", "pair__servant__user", "candidacy__user"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    return send_email(
        kind=f"pairing_{event.kind}",
        recipients=recipients_of(event),
        template="pairing/emails/event",
        context={
            "event": event,
            "edition": event.edition,
            "pair": event.pair,
            "state": dict(PairState.choices + CandidacyState.choices).get(event.to_state, ""),
            "url": _url(event),
        },
    )
