"""Ranked, paged search results that never count a million rows.

The ranking is a sequence of tiers, each ordered by folded name then id (a stable order;
a tier of more than CANDIDATES matches, a very common word, comes in registry order, except
the name tier on PostgreSQL, which walks its name postings in name order however many they
are): the structure whose RNA, SIREN or SIRET is the query; structures whose whole name is
the query; structures whose name begins with it; structures with every word in their name
or acronym; then structures with every word anywhere (object, city, presentation). A page
is cut from the tiers in turn, so page 1 reads about one page of rows whatever the number
of matches.

Counts are exact up to `EXACT_COUNT_LIMIT` and estimated above it (the planner's estimate
on PostgreSQL, "more than" on SQLite); pages stop at `MAX_RESULTS`: past that, people
narrow the search with a filter, as every national directory asks them to.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from passeurs.core.text import fold
from passeurs.directory import search
from passeurs.directory.validators import compact

EXACT_COUNT_LIMIT = 1000
# Up to this many text matches, a tier sorts them rather than walking the name index.
CANDIDATES = 20_000
MAX_RESULTS = 10_000
MAX_TERMS = 8
# Sorts after every character, in UTF-8 bytes as in code points.
LAST_CHARACTER = "\U0010ffff"

_WORD = re.compile(r"[^\W_]+")
_RNA = re.compile(r"^W[0-9A-Z]{9}$")


def query_words(query: str) -> list[str]:
    return _WORD.findall(fold(query))[:MAX_TERMS]


def identifier_filter(query: str) -> Q | None:
    """The structure a query names by identifier (RNA, SIREN, SIRET), if it is one."""
    value = compact(query).upper()
    if _RNA.match(value):
        return Q(rna=value)
    if value.isdigit() and len(value) == 9:
        return Q(siren=value)
    if value.isdigit() and len(value) == 14:
        return Q(siret=value)
    return None


def _round(value: int) -> int:
    """Two significant digits: an estimate should not look exact."""
    if value < 100:
        return value
    magnitude = 10 ** (len(str(value)) - 2)
    return round(value / magnitude) * magnitude


@dataclass
class Analysis:
    """What the search understood: the words searched, and the corrections made."""

    words: list[str]
    groups: list[list[str]]
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def searchable(self) -> bool:
        return any(self.groups)


def analyse(query: str) -> Analysis:
    words = query_words(query)
    if not words:
        return Analysis(words=[], groups=[])
    backend = search.backend()
    groups, known = backend.prepare(words)
    corrections = {}
    if identifier_filter(query) is not None:
        return Analysis(words=words, groups=groups)
    for index, (word, group, is_known) in enumerate(zip(words, groups, known, strict=True)):
        if is_known or not group or word.isdigit():
            continue
        closest = backend.closest_word(group[0])
        if closest and closest != group[0]:
            corrections[word] = closest
            groups[index] = [closest]
    return Analysis(words=words, groups=groups, corrections=corrections)


class KeysFirst:
    """A tier whose page is chosen before the rows are joined, in one statement.

    The ids of the page come from the tier alone, a range of the name index read in order
    and stopped at the page; the rows (with the caller's joins) are then read for those ids.
    Joined at once, a planner that expects a handful of names in the range (its histogram
    cannot see inside it: 15,000 synthetic names begin with "epicerie solidaire") may hash
    the departments first, lose the index's order and sort the whole range.
    """

    def __init__(self, tier: QuerySet, rows: QuerySet):
        self.tier = tier
        self.rows = rows

    def __getitem__(self, item: slice) -> list:
        return list(self.rows.filter(pk__in=self.tier.values("pk")[item]))

    def length_upto(self, limit: int) -> int:
        return self.tier.order_by()[:limit].count()


def _length_upto(tier, limit: int) -> int:
    """How many rows a tier has, counted up to `limit`."""
    if hasattr(tier, "length_upto"):
        return tier.length_upto(limit)
    return tier.order_by()[:limit].count()


class OrganisationResults:
    """A sliceable, countable sequence of organisations, for Django's Paginator and the API."""

    def __init__(
        self,
        queryset: QuerySet,
        query: str = "",
        *,
        analysis: Analysis | None = None,
        filters: dict | None = None,
    ):
        """`filters`: those `queryset` applies (selectors.organisation_list), which the
        PostgreSQL index also holds as lexemes: the text and its filters in one search."""
        self.queryset = queryset.order_by("name_key", "id")
        self.filters = filters or {}
        self.query = (query or "").strip()
        self.analysis = analysis
        if self.query and analysis is None:
            self.analysis = analyse(self.query)
        self._count = None
        self._tiers = None
        self.total = 0
        self.estimated = False
        self.is_lower_bound = False

    # --- the tiers -------------------------------------------------------------------------

    def _text(self, **options) -> RawSQL:
        sql, params = search.backend().match_sql(self.analysis.groups, **options)
        return RawSQL(sql, params)

    def _filter_query(self) -> tuple[str, bool]:
        """The backend's query of the filters' lexemes, and whether it covers them all."""
        if not self.filters:
            return "", True
        return search.backend().filter_query(self.filters)

    def _names_tier(self, queryset: QuerySet, *, base: QuerySet, key: str):
        """The structures of `queryset` with every word in their name, in name order.

        PostgreSQL walks its name postings in name order when the matches are many (see
        `postgres.name_tier`); SQLite sorts or reads them as `_tier` does.
        """
        backend = search.backend()
        if not hasattr(backend, "name_tier"):
            return self._tier(queryset, names_only=True)
        filters, _covered = self._filter_query()
        sql, params = backend.match_sql(self.analysis.groups, filters=filters, names_only=True)
        return backend.name_tier(
            queryset, sql, params, groups=self.analysis.groups, key=key, base=base,
            at_most=self.total if self._counted_exactly() else None,
        )  # fmt: skip

    def _tier(self, queryset: QuerySet, *, keyed=None, **options) -> QuerySet:
        """The structures of `queryset` matching the text, in a plan that cannot go astray.

        Sorting matches by name costs what the matches number; walking the name index and
        probing each row costs seconds when the matches sit at one end of the alphabet
        (every "Les amis de ...", every "Centre de santé ..."). So a tier of up to
        CANDIDATES matches (the planner's estimate) is read from the GIN index and sorted by
        name; a broader one comes in registry order (id), which no word correlates with, so
        that the walk meets matches at once. `keyed`: (rows, below, above) when the tier is
        the matches minus the names from `below` to `above` and the search table alone says
        the matches (`_alone`): PostgreSQL then pages it on the search rows (`SearchKeys`).
        """
        backend = search.backend()
        filters, _covered = self._filter_query()
        sql, params = backend.match_sql(self.analysis.groups, filters=filters, **options)
        # Counted exactly already (at most EXACT_COUNT_LIMIT matches in all): sorting them is
        # cheap, whatever the estimate says. An estimate can be far too high (a town with a
        # department's filter: the planner multiplies, the rows never meet), and walking the
        # registry order for matches that are not there reads the whole table.
        return backend.narrow(
            queryset,
            sql,
            params,
            candidates=None if self._counted_exactly() else CANDIDATES,
            keyed=keyed,
        )

    def _counted_exactly(self) -> bool:
        """Whether the matches are counted already, and exactly: at most EXACT_COUNT_LIMIT in
        all, so any tier of them is few enough to sort."""
        return self._count is not None and not self.estimated

    def tiers(self) -> list[QuerySet]:
        if self._tiers is None:
            self._tiers = self._build_tiers()
        return self._tiers

    def _build_tiers(self) -> list[QuerySet]:
        if not self.query:
            return [self.queryset]
        tiers = []
        identifier = identifier_filter(self.query)
        rest = self.queryset
        if identifier is not None:
            tiers.append(self.queryset.filter(identifier))
            rest = rest.exclude(identifier)
        base = rest
        if not self.analysis.searchable:
            return tiers
        key = fold(self.query)
        tiers.append(rest.filter(name_key=key))
        # Names that begin with the query: a range of the name index, served in order.
        # Folded names compare byte by byte (PostgreSQL: COLLATE "C", migration 0008;
        # SQLite: BINARY), where the range is exactly the names with that prefix. A LIKE
        # beside it would only make the planner's estimate of the range a thousand times
        # too small ("association" in a department: 4 rows expected, 35,000 read and sorted).
        starts = Q(name_key__gte=key, name_key__lt=key + LAST_CHARACTER)
        rest = rest.exclude(name_key=key)
        tiers.append(KeysFirst(rest.filter(starts), self.queryset))
        rest = rest.exclude(starts)
        tiers.append(self._names_tier(rest, base=base, key=key))
        keyed = (self.queryset, key, key + LAST_CHARACTER) if self._alone(identifier) else None
        tiers.append(self._tier(rest, exclude_names=True, keyed=keyed))
        return tiers

    def _alone(self, identifier=None) -> bool:
        """Whether the search table alone says which structures match: no filter, or only
        filters the index holds as lexemes (and no identifier tier to leave out)."""
        filters, covered = self._filter_query()
        unfiltered = not self.queryset.query.where or (covered and bool(filters))
        return identifier is None and unfiltered

    def matching(self) -> QuerySet:
        """The text matches in one queryset, for counting (the identifier is counted apart:
        an OR of both would defeat every index)."""
        if not self.query or not self.analysis.searchable:
            return self.queryset if not self.query else self.queryset.none()
        return self.queryset.filter(pk__in=self._text())

    # --- the sequence protocol -------------------------------------------------------------

    def count(self) -> int:
        """Exact up to EXACT_COUNT_LIMIT, estimated above; never more than MAX_RESULTS pages."""
        if self._count is None:
            matching = self.matching()
            exact = self._bounded_count(matching)
            identifier = identifier_filter(self.query) if self.query else None
            if identifier is not None:
                exact += self.queryset.filter(identifier).order_by().count()
            self.estimated = exact > EXACT_COUNT_LIMIT
            if self.estimated:
                estimate = search.backend().estimate(matching.order_by())
                self.total = max(_round(estimate or 0), EXACT_COUNT_LIMIT)
                self.is_lower_bound = estimate is None
            else:
                self.total = exact
                self.is_lower_bound = False
            # An estimate may be short: pages stay reachable up to the cap, and a page past
            # the real end says so.
            self._count = MAX_RESULTS if self.estimated else min(self.total, MAX_RESULTS)
        return self._count

    def _bounded_count(self, matching: QuerySet) -> int:
        """Matches counted up to EXACT_COUNT_LIMIT + 1, on the search table alone when no
        filter needs the organisations (the join would make PostgreSQL hash every match):
        no filter, or only filters the index holds as lexemes."""
        if self.query and self._alone() and self.analysis.searchable:
            filters, _covered = self._filter_query()
            backend = search.backend()
            sql, params = backend.match_sql(self.analysis.groups, filters=filters)
            return backend.count_upto(
                sql, params, EXACT_COUNT_LIMIT + 1, groups=self.analysis.groups
            )
        return matching.order_by()[: EXACT_COUNT_LIMIT + 1].count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, int):
            rows = self[item : item + 1]
            if not rows:
                raise IndexError(item)
            return rows[0]
        start, stop = item.start or 0, item.stop
        rows: list = []
        offset = start
        for tier in self.tiers():
            wanted = stop - start - len(rows)
            if wanted <= 0:
                break
            found = list(tier[offset : offset + wanted])
            if found:
                rows.extend(found)
                offset = 0
            elif offset:
                # This tier ends before the offset: skip it, whatever its length.
                offset -= _length_upto(tier, offset)
        return rows

    def __iter__(self):
        return iter(self[0 : self.count()])

    @property
    def displayed_count(self) -> int:
        """The number to show: exact, or the estimate (see `estimated`)."""
        self.count()
        return self.total

    @property
    def notices(self) -> list[str]:
        notices = []
        if self.analysis and self.analysis.corrections:
            notices.append(
                _("Mots introuvables remplacés par les plus proches : %(words)s.")
                % {
                    "words": ", ".join(
                        f"« {word} » → « {closest} »"
                        for word, closest in self.analysis.corrections.items()
                    )
                }
            )
        if self._count is not None and self.total > MAX_RESULTS:
            notices.append(
                _("Seuls les %(count)s premiers résultats sont affichés : précisez la recherche.")
                % {"count": number_format(MAX_RESULTS, force_grouping=True)}
            )
        return notices

    # --- what querysets offer that the pages and the API use --------------------------------

    def _clone(self, queryset) -> "OrganisationResults":
        return OrganisationResults(
            queryset, self.query, analysis=self.analysis, filters=self.filters
        )

    def none(self) -> "OrganisationResults":
        return OrganisationResults(self.queryset.none())

    def prefetch_related(self, *lookups) -> "OrganisationResults":
        return self._clone(self.queryset.prefetch_related(*lookups))
