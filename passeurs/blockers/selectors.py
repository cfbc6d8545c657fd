"""Every read of blockers that views, the API and other apps share."""

import threading

from django.db.models import Count, Max, Q, QuerySet

from passeurs.blockers import similarity
from passeurs.blockers.models import (
    Blocker,
    BlockerEvent,
    BlockerReference,
    BlockerState,
    LegalReference,
    NotificationSetting,
    Support,
)
from passeurs.blockers.workflows import TERMINAL
from passeurs.core.text import search_terms

SORTS = {
    "supports": ("-supports_count", "-created_at", "-id"),
    "recent": ("-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
}


def blocker_list(*, user, filters: dict | None = None) -> QuerySet[Blocker]:
    """Blockers the user may see, filtered by cleaned filters (filters.BlockerFilterForm)."""
    filters = filters or {}
    queryset = Blocker.objects.visible_to(user).exclude(state=BlockerState.MERGED)
    if filters.get("q"):
        # `terms` holds analysed words (folded, stemmed): analyse the query the same way, so
        # that "épiceries" finds "Épicerie". A stop word alone narrows nothing.
        for term in search_terms(filters["q"]):
            analysed = similarity.analyse(term)
            if analysed:
                condition = Q()
                for word in analysed:
                    condition &= Q(terms__contains=word)
                queryset = queryset.filter(Q(title__icontains=term) | condition)
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("challenge"):
        queryset = queryset.filter(challenges=filters["challenge"])
    if filters.get("region"):
        queryset = queryset.filter(regions=filters["region"])
    if filters.get("code"):
        queryset = queryset.filter(references__code_slug=filters["code"])
    if filters.get("administration"):
        queryset = queryset.filter(administrations=filters["administration"])
    if filters.get("resolution_kind"):
        queryset = queryset.filter(resolution_kind=filters["resolution_kind"])
    ids = queryset.values("pk")
    return (
        Blocker.objects.filter(pk__in=ids)
        .annotate(supports_count=Count("supports", distinct=True))
        .prefetch_related("challenges", "administrations")
        .order_by(*SORTS.get(filters.get("sort") or "supports", SORTS["supports"]))
    )


def blocker_get(*, user, pk) -> Blocker | None:
    """The blocker if the user may see it, else None (a 404)."""
    return (
        Blocker.objects.visible_to(user)
        .select_related("initiative__organisation", "assignee", "merged_into")
        .filter(pk=pk)
        .first()
    )


def blocker_supports(*, blocker: Blocker, user) -> list[Support]:
    """The initiatives hit, those the user may see (private initiatives stay hidden)."""
    from passeurs.directory.models import Initiative

    visible = Initiative.objects.visible_to(user).values("pk")
    return list(
        blocker.supports.filter(initiative__in=visible)
        .select_related("initiative__organisation")
        .order_by("created_at", "id")
    )


def blocker_timeline(*, blocker: Blocker) -> list[BlockerEvent]:
    return list(blocker.events.select_related("actor").order_by("created_at", "id"))


def blocker_citations(*, blocker: Blocker):
    return list(blocker.citations.select_related("reference").order_by("reference__label"))


def blocker_board(*, user) -> dict[str, list[Blocker]]:
    """The coordinator's board: open blockers grouped by state, most supported first."""
    queryset = (
        Blocker.objects.visible_to(user)
        .exclude(state__in=TERMINAL)
        .annotate(supports_count=Count("supports", distinct=True))
        .select_related("assignee")
        .order_by("-supports_count", "-created_at")
    )
    board = {state: [] for state in BlockerState.values if state not in TERMINAL}
    for blocker in queryset:
        board[blocker.state].append(blocker)
    return board


def blockers_of_civil_servant(*, user) -> QuerySet[Blocker]:
    """'My blockers': the ones assigned to me, then those routed to my administrations."""
    return (
        Blocker.objects.filter(Q(assignee=user) | Q(administrations__memberships__user=user))
        .exclude(state__in=[BlockerState.DRAFT, BlockerState.WITHDRAWN, BlockerState.MERGED])
        .annotate(supports_count=Count("supports", distinct=True))
        .distinct()
        .order_by("-updated_at", "-id")
    )


def blockers_of_leader(*, user) -> QuerySet[Blocker]:
    return (
        Blocker.objects.filter(supports__initiative__organisation__memberships__user=user)
        .annotate(supports_count=Count("supports", distinct=True))
        .distinct()
        .order_by("-updated_at", "-id")
    )


def notifications_enabled(*, user, blocker: Blocker) -> bool:
    if not user.is_authenticated:
        return False
    return not NotificationSetting.objects.filter(
        Q(blocker=blocker) | Q(blocker__isnull=True), user=user
    ).exists()


def reference_keys_of(blocker_ids) -> dict[int, frozenset[str]]:
    keys: dict[int, set[str]] = {}
    for blocker_id, key in LegalReference.objects.filter(blockers__in=blocker_ids).values_list(
        "blockers", "key"
    ):
        keys.setdefault(blocker_id, set()).add(key)
    return {pk: frozenset(v) for pk, v in keys.items()}


_NOT_SUGGESTED = (BlockerState.DRAFT, BlockerState.WITHDRAWN, BlockerState.MERGED)


class _IndexCache:
    """One similarity index per process, refreshed from the rows changed since last time.

    The freshness stamp is one aggregate over the table: (row count, latest updated_at,
    highest id). When it moves, the rows updated since the previous stamp are re-read and
    re-indexed, which costs milliseconds where a rebuild of 100,000 blockers costs seconds.
    A deletion (the count falls short of the new rows) means a full rebuild. Searches run
    under the lock, since catching up changes the index in place.

    Known gap: a write stamped before the previous stamp but committed after it (two
    transactions crossing within milliseconds) is seen only at that blocker's next change.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.index = None
        self.stamp = None

    def get(self) -> "similarity.SimilarityIndex":
        stamp = Blocker.objects.aggregate(
            count=Count("id"), latest=Max("updated_at"), last=Max("id")
        )
        with self.lock:
            if self.index is None or stamp != self.stamp:
                if self.index is None or not self._catch_up(stamp):
                    self._rebuild()
                self.stamp = stamp
            return self.index

    def search(self, text, reference_keys, *, limit, exclude) -> list["similarity.Match"]:
        index = self.get()
        with self.lock:
            return index.search(text, reference_keys, limit=limit, exclude=exclude)

    def clear(self):
        with self.lock:
            self.index = None
            self.stamp = None

    def _rebuild(self) -> None:
        rows = list(Blocker.objects.exclude(state__in=_NOT_SUGGESTED).values_list("pk", "terms"))
        # Every citation in one read: an IN list of every blocker id would not scale.
        keys: dict[int, set[str]] = {}
        for blocker_id, key in BlockerReference.objects.values_list("blocker_id", "reference__key"):
            keys.setdefault(blocker_id, set()).add(key)
        self.index = similarity.SimilarityIndex.from_rows(
            (pk, terms.split(), keys.get(pk, frozenset())) for pk, terms in rows
        )

    def _catch_up(self, stamp) -> bool:
        """Re-index the rows changed since the last stamp; False if a rebuild is needed."""
        previous = self.stamp
        if previous is None or previous["latest"] is None:
            return False
        changed = list(
            Blocker.objects.filter(updated_at__gte=previous["latest"]).values_list(
                "pk", "state", "terms"
            )
        )
        new = sum(pk > (previous["last"] or 0) for pk, _state, _terms in changed)
        if previous["count"] + new != stamp["count"]:
            return False
        keys = reference_keys_of([pk for pk, state, _t in changed if state not in _NOT_SUGGESTED])
        for pk, state, terms in changed:
            if pk in self.index:
                self.index.remove(pk)
            if state not in _NOT_SUGGESTED:
                self.index.add_analysed(pk, terms.split(), keys.get(pk, frozenset()))
        return True


INDEX = _IndexCache()


def similar_blockers(
    *, user, text: str, reference_keys=frozenset(), exclude=(), limit: int = 5
) -> list[tuple[Blocker, "similarity.Match"]]:
    """Open or closed public blockers that look like `text`, best first, with why."""
    matches = INDEX.search(text, frozenset(reference_keys), limit=limit, exclude=frozenset(exclude))
    by_id = {
        b.pk: b
        for b in Blocker.objects.visible_to(user)
        .filter(pk__in=[m.id for m in matches])
        .annotate(supports_count=Count("supports", distinct=True))
    }
    return [(by_id[m.id], m) for m in matches if m.id in by_id]


def blocker_counts() -> dict:
    """The public figures of the home page: blockers reported and lifted."""
    public = Blocker.objects.public().exclude(state=BlockerState.MERGED)
    return public.aggregate(
        blockers=Count("id"),
        blockers_lifted=Count("id", filter=Q(state=BlockerState.LIFTED)),
    )
