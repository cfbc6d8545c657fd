"""The seating adapter: registrations as the solver's people and back, and its French words."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from passeurs.core.exceptions import ConflictError
from passeurs.directory.tests.factories import OrganisationFactory
from passeurs.events import seating
from passeurs.events.models import (
    ParticipantCategory,
    Registration,
    RegistrationState,
    SeatingRequest,
    SeatingRequestKind,
)
from passeurs.events.services import tables as services
from passeurs.events.tests.factories import RegistrationFactory
from passeurs.events.tests.table_factories import MIXED, room, tables
from passeurs.matching.tables import Cause, Infeasibility, Rule, Violation

pytestmark = pytest.mark.django_db


def organiser(event):
    return event.organisers.get()


def seated_at(registrations) -> dict[int, int]:
    """registration pk → table number, read again from the database."""
    return dict(
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).values_list(
            "pk", "table__number"
        )
    )


def test_the_problem_holds_the_confirmed_people_their_requests_and_locks():
    event, (a, b, c) = room(categories={ParticipantCategory.STATE: 3}, departments=["69", "13"])
    waiting = RegistrationFactory(event=event, waiting=True)
    _first, second = tables(event, 2, 4)
    a.table, a.table_locked = second, True
    a.save()
    SeatingRequest.objects.create(event=event, kind=SeatingRequestKind.TOGETHER, first=a, second=b)
    SeatingRequest.objects.create(event=event, kind=SeatingRequestKind.APART, first=b, second=c)
    # A request with someone who has cancelled since counts for nothing.
    SeatingRequest.objects.create(
        event=event, kind=SeatingRequestKind.APART, first=a, second=waiting
    )

    problem = seating.problem_for(seating.seating_data(event))

    assert {p.id for p in problem.people} == {a.pk, b.pk, c.pk}
    person = next(p for p in problem.people if p.id == a.pk)
    assert person.category == ParticipantCategory.STATE
    assert person.organisation == a.organisation_id
    assert person.territory == a.department_id
    assert problem.capacities == (4, 4)
    assert problem.together == (frozenset({a.pk, b.pk}),)
    assert problem.apart == ((b.pk, c.pk),)
    assert problem.locked == {a.pk: 1}


def test_seating_spreads_the_categories_evenly():
    event, _registrations = room(categories=MIXED)
    tables(event, 6, 4)

    result = services.tables_seat(actor=organiser(event), event=event)

    by_table = Counter()
    for registration in Registration.objects.filter(event=event):
        by_table[(registration.table.number, registration.category)] += 1
    for number in range(1, 7):
        assert by_table[(number, ParticipantCategory.ESS)] == 2
        assert by_table[(number, ParticipantCategory.STATE)] == 1
        assert by_table[(number, ParticipantCategory.STARTUP)] == 1
    assert round(result.evaluation.balance) == 100


def test_two_people_of_the_same_structure_never_share_a_table():
    event, _ = room(categories={ParticipantCategory.ESS: 15})
    shared = OrganisationFactory(name="Réemploi Autonomie")
    _, colleagues = room(event, categories={ParticipantCategory.STATE: 5}, organisation=shared)
    tables(event, 5, 4)

    services.tables_seat(actor=organiser(event), event=event)

    numbers = seated_at(colleagues).values()
    assert len(set(numbers)) == 5


def test_together_and_apart_requests_are_honoured():
    event, people = room(categories=MIXED)
    tables(event, 6, 4)
    actor = organiser(event)
    a, b, c, d = people[0], people[12], people[1], people[2]
    services.seating_request_add(
        actor=actor, event=event, kind=SeatingRequestKind.TOGETHER, first=a, second=b
    )
    services.seating_request_add(
        actor=actor, event=event, kind=SeatingRequestKind.APART, first=c, second=d
    )

    for seed in range(3):
        services.tables_seat(actor=actor, event=event, seed=seed)
        where = seated_at(people)
        assert where[a.pk] == where[b.pk]
        assert where[c.pk] != where[d.pk]


def test_a_fixed_place_is_kept_when_seating_again():
    event, people = room(categories=MIXED)
    first, *_, last = tables(event, 6, 4)
    actor = organiser(event)
    services.tables_seat(actor=actor, event=event)
    person = Registration.objects.get(pk=people[0].pk)
    target = last if person.table_id != last.pk else first
    # Make room at the target table, then move and fix the person there.
    leaving = Registration.objects.filter(table=target).first()
    services.table_move(actor=actor, registration=leaving, table=None, version=leaving.version)
    services.table_move(actor=actor, registration=person, table=target, version=person.version)
    person.refresh_from_db()
    services.table_lock(actor=actor, registration=person, locked=True, version=person.version)

    for seed in (1, 2, 3):
        services.tables_seat(actor=actor, event=event, seed=seed)
        person.refresh_from_db()
        assert person.table_id == target.pk


def test_an_impossible_seating_says_why_in_french_and_changes_nothing():
    event, _ = room(categories={ParticipantCategory.ESS: 5})
    big = OrganisationFactory(name="Conseil départemental du Rhône")
    room(event, categories={ParticipantCategory.LOCAL_AUTHORITY: 4}, organisation=big)
    tables(event, 3, 4)

    with pytest.raises(ValidationError) as refused:
        services.tables_seat(actor=organiser(event), event=event)

    assert refused.value.messages == [
        "La structure Conseil départemental du Rhône compte 4 participants pour 3 tables : "
        "deux d’entre eux seraient à la même table."
    ]
    assert not Registration.objects.filter(event=event, table__isnull=False).exists()


def test_a_move_changes_the_scores_and_a_stale_one_is_refused():
    event, _people = room(categories=MIXED)
    tables(event, 6, 5)
    actor = organiser(event)
    services.tables_seat(actor=actor, event=event)
    before = seating.seating_overview(event)
    row = next(r for r in before.rows if r.people)
    person = row.people[0]
    target = next(r.table for r in before.rows if r.table.pk != row.table.pk)

    services.table_move(actor=actor, registration=person, table=target, version=person.version)

    after = seating.seating_overview(event)
    assert [r.balance for r in after.rows] != [r.balance for r in before.rows]
    assert after.evaluation.cost != before.evaluation.cost
    with pytest.raises(ConflictError):
        services.table_move(
            actor=actor, registration=person, table=row.table, version=person.version - 1
        )


def test_a_move_that_breaks_a_rule_is_allowed_and_flagged():
    event, _ = room(categories={ParticipantCategory.ESS: 6})
    shared = OrganisationFactory(name="Lien & Partage")
    _, (a, b) = room(event, categories={ParticipantCategory.STATE: 2}, organisation=shared)
    tables(event, 2, 5)
    actor = organiser(event)
    services.tables_seat(actor=actor, event=event)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.table_id != b.table_id

    services.table_move(actor=actor, registration=a, table=b.table, version=a.version)

    overview = seating.seating_overview(event)
    [warning] = overview.warnings
    assert warning.startswith(f"{b.table} : ")
    assert str(a.user) in warning and str(b.user) in warning
    assert warning.endswith(" sont de la même structure (Lien & Partage).")
    row = next(r for r in overview.rows if r.table.pk == b.table_id)
    assert row.flagged == {a.pk, b.pk}


def test_the_overview_shows_same_territory_pairs_and_the_people_without_a_table():
    event, people = room(categories={ParticipantCategory.ESS: 4}, departments=["69"])
    first, _second = tables(event, 2, 4)
    Registration.objects.filter(pk__in=[people[0].pk, people[1].pk]).update(table=first)

    overview = seating.seating_overview(event)

    row = overview.rows[0]
    assert [(d.code, n) for d, n in row.shared_territories] == [("69", 2)]
    assert row.score.same_territory_pairs == 1
    assert {r.pk for r in overview.unseated} == {people[2].pk, people[3].pk}
    assert overview.warnings == []  # people without a table are listed, not warned about


def test_the_overview_of_an_event_without_tables_is_empty():
    event, _ = room(categories={ParticipantCategory.ESS: 3})

    overview = seating.seating_overview(event)

    assert overview.rows == [] and overview.evaluation is None and overview.balance is None
    assert len(overview.unseated) == 3


def test_the_overview_reads_a_constant_number_of_rows(django_assert_num_queries):
    event, _ = room(categories=MIXED, departments=["69", "13", "33"])
    tables(event, 6, 4)
    services.tables_seat(actor=organiser(event), event=event)

    with django_assert_num_queries(3):
        seating.seating_overview(event)


def test_cancelled_people_give_their_seat_back_at_the_next_seating():
    event, people = room(categories={ParticipantCategory.ESS: 4})
    tables(event, 2, 2)
    actor = organiser(event)
    services.tables_seat(actor=actor, event=event)
    Registration.objects.filter(pk=people[0].pk).update(state=RegistrationState.CANCELLED)

    services.tables_seat(actor=actor, event=event)

    assert Registration.objects.get(pk=people[0].pk).table is None


# Wording: every cause and every rule gives a whole sentence, whatever the solver reports.


class _FakeData:
    def __init__(self):
        self.by_id = {}
        self.tables = []
        self.registrations = []


@given(
    cause=st.sampled_from(list(Cause)),
    people=st.lists(st.integers(1, 50), max_size=4),
    count=st.integers(0, 3000),
    limit=st.integers(0, 3000),
    tables_=st.lists(st.integers(0, 9), max_size=3),
    organisation=st.one_of(st.none(), st.integers(1, 9)),
)
def test_every_infeasibility_cause_is_worded(cause, people, count, limit, tables_, organisation):
    reason = Infeasibility(
        cause,
        people=tuple(people),
        count=count,
        limit=limit,
        tables=tuple(tables_),
        organisation=organisation,
    )

    message = seating.infeasibility_message(reason, seating._Words(_FakeData(), {}))

    assert message and "%(" not in message and message.endswith(".")


@given(
    rule=st.sampled_from([r for r in Rule if r != Rule.OVER_CAPACITY]),
    people=st.lists(st.integers(1, 50), min_size=1, max_size=4),
    tables_=st.lists(st.integers(0, 9), min_size=1, max_size=3),
)
def test_every_rule_is_worded(rule, people, tables_):
    violation = Violation(rule, tuple(people), tuple(tables_), organisation=1)

    message = seating.violation_message(violation, seating._Words(_FakeData(), {}))

    assert message and "%(" not in message and message.endswith(".")


def test_names_are_joined_the_french_way():
    assert seating._names([]) == ""
    assert seating._names(["Awa"]) == "Awa"
    assert seating._names(["Awa", "Bruno"]) == "Awa et Bruno"
    assert seating._names(["Awa", "Bruno", "Chloé"]) == "Awa, Bruno et Chloé"
