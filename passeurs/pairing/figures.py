"""The programme's figures: who was mobilised, which pairs, which actions, which blockers.

Computed for one edition or a whole programme (every edition), from the pairs that were
formed (active, closed or ended early). "By region" and "by challenge" follow the project
side: the region and challenges of the project's candidacy.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth

from passeurs.blockers.models import BlockerState
from passeurs.pairing import workflows
from passeurs.pairing.models import Edition, FacilitationAction, Pair, PairState, Programme


@dataclass
class Figures:
    servants_mobilised: int = 0
    pairs_formed: int = 0
    pairs_active: int = 0
    actions_by_kind: dict[str, int] = field(default_factory=dict)
    blockers_worked_on: int = 0
    blockers_lifted: int = 0
    # name → {"pairs": n, "actions": n}
    by_region: dict[str, dict[str, int]] = field(default_factory=dict)
    by_challenge: dict[str, dict[str, int]] = field(default_factory=dict)
    # "YYYY-MM" → {"pairs": pairs formed that month, "actions": actions that month}
    by_month: dict[str, dict[str, int]] = field(default_factory=dict)


def _scope(*, edition: Edition | None, programme: Programme | None) -> dict:
    if edition is not None:
        return {"edition": edition}
    if programme is not None:
        return {"edition__programme": programme}
    raise TypeError("give an edition or a programme")


def figures(*, edition: Edition | None = None, programme: Programme | None = None) -> Figures:
    scope = _scope(edition=edition, programme=programme)
    formed = Pair.objects.filter(state__in=workflows.PAIR_FORMED, **scope)
    actions = FacilitationAction.objects.filter(pair__in=formed.values("pk"))
    worked = actions.exclude(blocker=None).values("blocker").distinct()
    result = Figures(
        servants_mobilised=formed.values("servant__user").distinct().count(),
        pairs_formed=formed.count(),
        pairs_active=formed.filter(state=PairState.ACTIVE).count(),
        actions_by_kind=dict(actions.values_list("kind").annotate(n=Count("id")).order_by("kind")),
        blockers_worked_on=worked.count(),
        blockers_lifted=worked.filter(blocker__state=BlockerState.LIFTED).count(),
    )
    for label, dimension in (
        ("by_region", "project__regions__name"),
        ("by_challenge", "project__challenges__name"),
    ):
        table: dict[str, dict[str, int]] = {}
        pair_counts = (
            formed.exclude(**{f"{dimension}__isnull": True})
            .values_list(dimension)
            .annotate(n=Count("id", distinct=True))
        )
        for name, n in pair_counts:
            table.setdefault(name, {"pairs": 0, "actions": 0})["pairs"] = n
        action_counts = (
            actions.exclude(**{f"pair__{dimension}__isnull": True})
            .values_list(f"pair__{dimension}")
            .annotate(n=Count("id", distinct=True))
        )
        for name, n in action_counts:
            table.setdefault(name, {"pairs": 0, "actions": 0})["actions"] = n
        setattr(result, label, dict(sorted(table.items())))
    months: dict[str, Counter] = {}
    for month, n in (
        formed.exclude(activated_at=None)
        .annotate(month=TruncMonth("activated_at"))
        .values_list("month")
        .annotate(n=Count("id"))
    ):
        months.setdefault(f"{month:%Y-%m}", Counter())["pairs"] += n
    for month, n in (
        actions.annotate(month=TruncMonth("date")).values_list("month").annotate(n=Count("id"))
    ):
        months.setdefault(f"{month:%Y-%m}", Counter())["actions"] += n
    result.by_month = {
        key: {"pairs": c["pairs"], "actions": c["actions"]} for key, c in sorted(months.items())
    }
    return result
