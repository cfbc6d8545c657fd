"""Every read of the pairing app that pages, the API and other apps share."""

from django.db.models import Count, Q, QuerySet

from passeurs.pairing import permissions, scoring, workflows
from passeurs.pairing.models import (
    Candidacy,
    Edition,
    FacilitationAction,
    MatchingRun,
    Meeting,
    Pair,
    PairEvent,
    PairRule,
    Programme,
)


def programme_list() -> QuerySet[Programme]:
    """Programmes and editions are public: candidates must find them."""
    return Programme.objects.annotate(editions_count=Count("editions")).order_by("name")


def programme_get(*, slug) -> Programme | None:
    return Programme.objects.filter(slug=slug).first()


def edition_list(*, programme: Programme) -> QuerySet[Edition]:
    return programme.editions.order_by("-starts", "-id")


def edition_get(*, pk) -> Edition | None:
    return Edition.objects.select_related("programme").filter(pk=pk).first()


def editions_coordinated_by(*, user) -> QuerySet[Edition]:
    if not user.is_authenticated:
        return Edition.objects.none()
    return Edition.objects.filter(programme__coordinators=user).select_related("programme")


def candidacy_list(*, user, edition: Edition, side: str | None = None) -> QuerySet[Candidacy]:
    """All of an edition's candidacies for its coordinators; one's own for anybody else."""
    queryset = Candidacy.objects.filter(edition=edition)
    if not permissions.can_manage_edition(user, edition):
        if not user.is_authenticated:
            return Candidacy.objects.none()
        queryset = queryset.filter(user=user)
    if side:
        queryset = queryset.filter(side=side)
    return queryset.select_related("user", "administration", "initiative__organisation")


def candidacies_of(*, user) -> QuerySet[Candidacy]:
    if not user.is_authenticated:
        return Candidacy.objects.none()
    return Candidacy.objects.filter(user=user).select_related("edition__programme", "initiative")


def pair_list(*, user, edition: Edition | None = None) -> QuerySet[Pair]:
    """The pairs the user may see: their own, or all of the editions they coordinate."""
    queryset = Pair.objects.visible_to(user)
    if edition is not None:
        queryset = queryset.filter(edition=edition)
    return queryset.select_related(
        "edition__programme",
        "project__user",
        "project__initiative__organisation",
        "servant__user",
        "servant__administration",
    ).order_by("edition", "-score", "id")


def pair_get(*, user, pk) -> Pair | None:
    """The pair if the user may see it (a member or a coordinator of its programme), else None."""
    return pair_list(user=user).filter(pk=pk).first()


def pair_log(*, user, pair: Pair) -> dict:
    """Objectives, meetings and actions, for the pair and its coordinators only."""
    if not permissions.can_view_pair(user, pair):
        return {"meetings": [], "actions": [], "events": []}
    return {
        "meetings": list(Meeting.objects.filter(pair=pair).select_related("author")),
        "actions": list(
            FacilitationAction.objects.filter(pair=pair).select_related("blocker", "author")
        ),
        "events": list(PairEvent.objects.filter(pair=pair).select_related("actor")),
    }


def latest_run(*, user, edition: Edition) -> MatchingRun | None:
    if not permissions.can_manage_edition(user, edition):
        return None
    return edition.matching_runs.order_by("-run_at", "-id").first()


def proposal(*, user, edition: Edition) -> dict:
    """What the coordinator reviews after a run: pairs with their explanation, the unmatched
    candidacies with their reason, and the rules in force."""
    if not permissions.can_manage_edition(user, edition):
        return {}
    run = latest_run(user=user, edition=edition)
    unmatched_ids = [int(pk) for pk in (run.unmatched if run else {})]
    candidacies = Candidacy.objects.filter(pk__in=unmatched_ids).select_related(
        "user", "initiative"
    )
    return {
        "run": run,
        "pairs": list(
            pair_list(user=user, edition=edition).exclude(state__in=workflows.PAIR_TERMINAL)
        ),
        "unmatched": [
            (c, run.unmatched[str(c.pk)], scoring.REASONS.get(run.unmatched[str(c.pk)], ""))
            for c in candidacies
        ],
        "rules": list(
            PairRule.objects.filter(edition=edition).select_related("project", "servant")
        ),
    }


def pairs_of(*, user) -> QuerySet[Pair]:
    """'My pairs': those where the user is one of the two sides."""
    if not user.is_authenticated:
        return Pair.objects.none()
    return pair_list(user=user).filter(Q(project__user=user) | Q(servant__user=user))
