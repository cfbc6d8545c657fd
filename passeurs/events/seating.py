"""The seating solver's side of an event: registrations as `Person` rows and back, and its
structured answers (violations, infeasibility causes) worded in French.

`matching.tables` knows nothing of Django; this module reads the rows once, builds the
`SeatingProblem`, and turns the solver's ids (registration pks) and table indices (tables in
number order) back into people and tables.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passeurs.events.models import (
    Event,
    ParticipantCategory,
    Registration,
    RegistrationState,
    SeatingRequest,
    SeatingRequestKind,
    WorkshopTable,
)
from passeurs.matching.tables import (
    Cause,
    Evaluation,
    Infeasibility,
    Person,
    Rule,
    SeatingProblem,
    TableScore,
    Violation,
    score,
)

# One DSFR accent colour per category, so that a table's make-up is seen at a glance.
CATEGORY_BADGES = {
    ParticipantCategory.STATE: "fr-badge--blue-ecume",
    ParticipantCategory.LOCAL_AUTHORITY: "fr-badge--green-menthe",
    ParticipantCategory.ESS: "fr-badge--purple-glycine",
    ParticipantCategory.STARTUP: "fr-badge--yellow-tournesol",
    ParticipantCategory.PARTNER: "fr-badge--brown-cafe-creme",
    ParticipantCategory.CITIZEN: "fr-badge--pink-tuile",
}


@dataclass
class SeatingData:
    """What a seating is computed from: the event's tables, confirmed people and requests."""

    event: Event
    tables: list[WorkshopTable]
    registrations: list[Registration]
    requests: list[SeatingRequest]

    def __post_init__(self):
        self.by_id = {r.pk: r for r in self.registrations}
        self.table_index = {t.pk: i for i, t in enumerate(self.tables)}

    def live_requests(self) -> list[SeatingRequest]:
        """Requests between two people still confirmed (a cancellation leaves its requests)."""
        return [q for q in self.requests if q.first_id in self.by_id and q.second_id in self.by_id]


def seating_data(event: Event, *, for_update: bool = False) -> SeatingData:
    """Three queries, whatever the number of people: tables, registrations, requests."""
    registrations = (
        Registration.objects.filter(event=event, state=RegistrationState.CONFIRMED)
        .select_related("user", "organisation", "department")
        .order_by("user__last_name", "user__first_name", "id")
    )
    if for_update:
        registrations = registrations.select_for_update(of=("self",))
    requests = (
        SeatingRequest.objects.filter(event=event)
        .select_related("first__user", "second__user")
        .order_by("id")
    )
    return SeatingData(
        event=event,
        tables=list(WorkshopTable.objects.filter(event=event).order_by("number")),
        registrations=list(registrations),
        requests=list(requests),
    )


def person(registration: Registration) -> Person:
    return Person(
        id=registration.pk,
        category=registration.category,
        organisation=registration.organisation_id,
        territory=registration.department_id,
    )


def problem_for(data: SeatingData) -> SeatingProblem:
    """The solver's problem: confirmed people, capacities in table order, requests, locks."""
    live = data.live_requests()
    return SeatingProblem(
        people=[person(r) for r in data.registrations],
        capacities=[t.capacity for t in data.tables],
        together=[
            frozenset((q.first_id, q.second_id))
            for q in live
            if q.kind == SeatingRequestKind.TOGETHER
        ],
        apart=[(q.first_id, q.second_id) for q in live if q.kind == SeatingRequestKind.APART],
        locked={
            r.pk: data.table_index[r.table_id]
            for r in data.registrations
            if r.table_locked and r.table_id in data.table_index
        },
    )


def current_tables(data: SeatingData) -> list[list[int]]:
    """The registration ids seated at each table now, in table order."""
    seated: list[list[int]] = [[] for _ in data.tables]
    for registration in data.registrations:
        index = data.table_index.get(registration.table_id)
        if index is not None:
            seated[index].append(registration.pk)
    return seated


# --- Wording -----------------------------------------------------------------------------------


def name_of(registration: Registration) -> str:
    return str(registration.user)


def _names(names: Sequence[str]) -> str:
    """ "A", "A et B", "A, B et C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s et %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


class _Words:
    """Names of people, structures and tables for the messages."""

    def __init__(self, data: SeatingData, organisations: dict | None = None):
        self.data = data
        self.organisations = organisations or {
            r.organisation_id: r.organisation for r in data.registrations if r.organisation_id
        }

    def people(self, ids: Iterable) -> str:
        by_id = self.data.by_id
        return _names([name_of(by_id[i]) if i in by_id else str(i) for i in ids])

    def organisation(self, organisation_id) -> str:
        if organisation_id is None:
            return "—"
        organisation = self.organisations.get(organisation_id)
        return str(organisation) if organisation is not None else str(organisation_id)

    def table(self, index: int) -> str:
        tables = self.data.tables
        return str(tables[index]) if 0 <= index < len(tables) else str(index + 1)

    def tables(self, indices: Iterable[int]) -> str:
        return _names([self.table(i) for i in indices])


def violation_message(violation: Violation, words: _Words) -> str:
    """A hard rule that the current seating breaks, in a sentence."""
    rule, people, tables = violation.rule, violation.people, violation.tables
    table = words.table(tables[0]) if tables else ""
    if rule == Rule.SAME_ORGANISATION:
        return _("%(table)s : %(people)s sont de la même structure (%(organisation)s).") % {
            "table": table,
            "people": words.people(people),
            "organisation": words.organisation(violation.organisation),
        }
    if rule == Rule.TOGETHER_SPLIT:
        return _("%(people)s devaient être à la même table : ils sont à %(tables)s.") % {
            "people": words.people(people),
            "tables": words.tables(tables),
        }
    if rule == Rule.APART_SEATED_TOGETHER:
        return _("%(people)s devaient être à des tables différentes : ils sont à %(table)s.") % {
            "people": words.people(people),
            "table": table,
        }
    if rule == Rule.OVER_CAPACITY:
        return _("%(table)s compte %(count)d personnes pour %(capacity)d places.") % {
            "table": table,
            "count": len(people),
            "capacity": words.data.tables[tables[0]].capacity,
        }
    if rule == Rule.LOCK_BROKEN:
        return _("La place fixée de %(people)s n’est pas respectée.") % {
            "people": words.people(people)
        }
    if rule == Rule.NOT_SEATED:
        return _("%(people)s n’a pas de table.") % {"people": words.people(people)}
    if rule == Rule.SEATED_TWICE:
        return _("%(people)s est à plusieurs tables.") % {"people": words.people(people)}
    return _("Une personne inconnue est placée à %(table)s.") % {"table": table}


def infeasibility_message(reason: Infeasibility, words: _Words) -> str:
    """Why the solver found no seating, in a sentence that says what to change."""
    cause, people = reason.cause, reason.people
    values = {
        "people": words.people(people),
        "count": reason.count,
        "limit": reason.limit,
        "tables": words.tables(reason.tables),
        "organisation": words.organisation(reason.organisation),
    }
    if cause == Cause.CAPACITY_TOO_SMALL:
        return (
            _(
                "Il y a %(count)d participants pour %(limit)d places : ajoutez des tables ou des "
                "places."
            )
            % values
        )
    if cause == Cause.ORGANISATION_TOO_LARGE:
        return (
            _(
                "La structure %(organisation)s compte %(count)d participants pour %(limit)d "
                "tables : deux d’entre eux seraient à la même table."
            )
            % values
        )
    if cause == Cause.TOGETHER_SAME_ORGANISATION:
        return (
            _(
                "%(people)s doivent être à la même table, mais sont de la même structure "
                "(%(organisation)s)."
            )
            % values
        )
    if cause == Cause.TOGETHER_AND_APART:
        return (
            _(
                "%(people)s doivent être à la fois à la même table (par les demandes « à la même "
                "table ») et à des tables différentes."
            )
            % values
        )
    if cause == Cause.GROUP_TOO_LARGE:
        return (
            _(
                "Les demandes « à la même table » réunissent %(count)d personnes (%(people)s), "
                "plus que la plus grande table (%(limit)d places)."
            )
            % values
        )
    if cause == Cause.LOCKED_SPLIT:
        return (
            _(
                "%(people)s doivent être à la même table, mais leurs places sont fixées à "
                "%(tables)s."
            )
            % values
        )
    if cause == Cause.LOCKED_OVER_CAPACITY:
        return (
            _(
                "%(count)d personnes ont leur place fixée à %(tables)s, qui n’a que %(limit)d "
                "places."
            )
            % values
        )
    if cause == Cause.LOCKED_SAME_ORGANISATION:
        return (
            _(
                "%(people)s, de la même structure (%(organisation)s), ont leur place fixée à "
                "%(tables)s."
            )
            % values
        )
    if cause == Cause.LOCKED_APART:
        return (
            _(
                "%(people)s doivent être à des tables différentes, mais leurs places sont fixées "
                "à %(tables)s."
            )
            % values
        )
    if cause == Cause.NO_SEATING_EXISTS:
        return (
            _(
                "Les demandes, les places fixées et la règle « une seule personne par structure et "
                "par table » se contredisent : aucun placement ne les respecte toutes "
                "(personnes en cause : %(people)s)."
            )
            % values
        )
    return (
        _(
            "Aucun placement respectant toutes les règles n’a été trouvé à temps : ajoutez des "
            "tables, ou levez des demandes ou des places fixées (personnes en cause : %(people)s)."
        )
        % values
    )


def infeasibility_messages(reasons: Iterable[Infeasibility], data: SeatingData) -> list[str]:
    words = _Words(data)
    return list(dict.fromkeys(infeasibility_message(reason, words) for reason in reasons))


# --- The organisers' view of the seating ------------------------------------------------------


@dataclass
class TableRow:
    table: WorkshopTable
    people: list[Registration]
    score: TableScore | None
    # Territories with more than one person at the table: (department, count).
    shared_territories: list[tuple[object, int]] = field(default_factory=list)
    flagged: set = field(default_factory=set)

    @property
    def balance(self) -> int | None:
        return None if self.score is None or not self.people else round(self.score.balance)

    @property
    def free(self) -> int:
        return self.table.capacity - len(self.people)

    @property
    def is_full(self) -> bool:
        return self.free <= 0


@dataclass
class SeatingOverview:
    data: SeatingData
    rows: list[TableRow]
    unseated: list[Registration]
    evaluation: Evaluation | None
    warnings: list[str]
    categories: list[tuple[str, str, int]]  # (value, label, count in the room)

    @property
    def balance(self) -> int | None:
        if self.evaluation is None or not any(row.people for row in self.rows):
            return None
        return round(self.evaluation.balance)

    @property
    def seats(self) -> int:
        return sum(t.capacity for t in self.data.tables)

    @property
    def is_seated(self) -> bool:
        return any(row.people for row in self.rows)


def seating_overview(event: Event) -> SeatingOverview:
    """Each table with its people, balance and same-territory pairs; the rules broken now."""
    data = seating_data(event)
    seated = current_tables(data)
    evaluation = None
    warnings: list[str] = []
    flagged: set = set()
    if data.tables:
        evaluation = score(problem_for(data), seated)
        words = _Words(data)
        for violation in evaluation.violations:
            if violation.rule == Rule.NOT_SEATED:
                continue  # listed apart, with a way to seat them
            warnings.append(violation_message(violation, words))
            flagged.update(violation.people)
    rows = []
    for index, table in enumerate(data.tables):
        people = [data.by_id[i] for i in seated[index]] if data.tables else []
        territories = Counter(r.department for r in people if r.department_id)
        rows.append(
            TableRow(
                table=table,
                people=people,
                score=evaluation.table_scores[index] if evaluation else None,
                shared_territories=sorted(
                    ((d, n) for d, n in territories.items() if n > 1), key=lambda x: x[0].code
                ),
                flagged={r.pk for r in people if r.pk in flagged},
            )
        )
    unseated = [r for r in data.registrations if r.table_id not in data.table_index]
    counts = Counter(r.category for r in data.registrations)
    categories = [
        (value, label, counts[value])
        for value, label in ParticipantCategory.choices
        if counts[value]
    ]
    return SeatingOverview(
        data=data,
        rows=rows,
        unseated=unseated,
        evaluation=evaluation,
        warnings=warnings,
        categories=categories,
    )


def seated_summary(count: int) -> str:
    return ngettext("%(count)d participant placé.", "%(count)d participants placés.", count) % {
        "count": count
    }
