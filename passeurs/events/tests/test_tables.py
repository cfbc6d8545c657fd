"""The table services: set up, requests, seating runs, moves and fixed places."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.accounts.tests.factories import UserFactory
from passeurs.events.models import (
    EventLog,
    Output,
    ParticipantCategory,
    Registration,
    RegistrationState,
    SeatingRequest,
    SeatingRequestKind,
    WorkshopTable,
)
from passeurs.events.services import tables as services
from passeurs.events.tests.factories import EventFactory, RegistrationFactory
from passeurs.events.tests.table_factories import MIXED, room, tables

pytestmark = pytest.mark.django_db


def organiser(event):
    return event.organisers.get()


# Set up


def test_the_organiser_sets_up_tables_numbered_from_one():
    event, _ = room(categories=MIXED)

    created = services.tables_setup(actor=organiser(event), event=event, count=5, size=5)

    assert [(t.number, t.capacity, str(t)) for t in created] == [
        (n, 5, f"Table {n}") for n in range(1, 6)
    ]
    assert EventLog.objects.filter(event=event, kind="tables_setup").count() == 1


def test_a_hackathon_has_teams():
    event = EventFactory(hackathon=True)

    created = services.tables_setup(actor=organiser(event), event=event, count=2, size=4)

    assert [str(t) for t in created] == ["Équipe 1", "Équipe 2"]


def test_too_few_seats_for_the_participants_are_refused():
    event, _ = room(categories=MIXED)

    with pytest.raises(ValidationError) as refused:
        services.tables_setup(actor=organiser(event), event=event, count=3, size=7)

    assert refused.value.messages == [
        "3 tables de 7 places font 21 places pour 24 participants inscrits : ajoutez des "
        "tables ou des places."
    ]
    assert not WorkshopTable.objects.filter(event=event).exists()


@pytest.mark.parametrize(("count", "size"), [(0, 8), (-1, 8), (4, 0), (501, 8), (4, 101)])
def test_an_absurd_number_of_tables_or_seats_is_refused(count, size):
    event = EventFactory()

    with pytest.raises(ValidationError):
        services.tables_setup(actor=organiser(event), event=event, count=count, size=size)

    assert not WorkshopTable.objects.filter(event=event).exists()


def test_setting_up_again_keeps_the_tables_by_number_and_frees_the_removed_seats():
    event, _people = room(categories=MIXED)
    actor = organiser(event)
    first = services.tables_setup(actor=actor, event=event, count=6, size=4)
    services.tables_seat(actor=actor, event=event)
    at_six = set(Registration.objects.filter(table=first[5]).values_list("pk", flat=True))

    again = services.tables_setup(actor=actor, event=event, count=5, size=5)

    assert [t.pk for t in again] == [t.pk for t in first[:5]]
    assert (
        set(
            Registration.objects.filter(event=event, table__isnull=True).values_list(
                "pk", flat=True
            )
        )
        == at_six
    )
    assert WorkshopTable.objects.filter(event=event).count() == 5


def test_a_table_too_small_for_its_people_frees_them():
    event, people = room(categories={ParticipantCategory.ESS: 6})
    actor = organiser(event)
    first, second = services.tables_setup(actor=actor, event=event, count=2, size=4)
    Registration.objects.filter(pk__in=[p.pk for p in people[:4]]).update(
        table=first, table_locked=True
    )
    Registration.objects.filter(pk__in=[p.pk for p in people[4:]]).update(table=second)

    services.tables_setup(actor=actor, event=event, count=2, size=3)

    assert not Registration.objects.filter(table=first).exists()
    assert not Registration.objects.filter(table_locked=True).exists()
    assert Registration.objects.filter(table=second).count() == 2


def test_a_table_with_outputs_cannot_be_removed():
    event, _ = room(categories={ParticipantCategory.ESS: 4})
    actor = organiser(event)
    created = services.tables_setup(actor=actor, event=event, count=3, size=4)
    Output.objects.create(event=event, table=created[2], title="Un numéro unique")

    with pytest.raises(ValidationError) as refused:
        services.tables_setup(actor=actor, event=event, count=2, size=4)

    assert refused.value.messages == [
        "Des idées ou solutions sont enregistrées pour Table 3 : gardez au moins 3 tables."
    ]
    assert WorkshopTable.objects.filter(event=event).count() == 3


def test_only_the_organisers_set_up_and_seat_the_tables(stranger, coordinator):
    event, (participant, *_) = room(categories=MIXED)

    for user in (stranger, coordinator, participant.user):
        with pytest.raises(PermissionDenied):
            services.tables_setup(actor=user, event=event, count=6, size=4)
        with pytest.raises(PermissionDenied):
            services.tables_seat(actor=user, event=event)


def test_a_table_is_renamed_and_given_a_topic():
    event = EventFactory()
    [table] = tables(event, 1, 8)

    services.table_update(
        actor=organiser(event), table=table, name="  Les aidants  ", topic="Aidants familiaux"
    )

    table.refresh_from_db()
    assert (str(table), table.topic) == ("Les aidants", "Aidants familiaux")


# Seating requests


def test_a_request_is_stored_once_whatever_the_order_of_the_two_people():
    event, (a, b, *_) = room(categories=MIXED)
    actor = organiser(event)
    services.seating_request_add(
        actor=actor, event=event, kind=SeatingRequestKind.TOGETHER, first=b, second=a
    )

    with pytest.raises(ValidationError) as refused:
        services.seating_request_add(
            actor=actor, event=event, kind=SeatingRequestKind.APART, first=a, second=b
        )

    assert refused.value.messages == ["Une demande existe déjà pour ces deux personnes."]
    request = SeatingRequest.objects.get(event=event)
    assert (request.first, request.second) == (a, b)


def test_a_request_about_the_same_person_twice_is_refused():
    event, (a, *_) = room(categories=MIXED)

    with pytest.raises(ValidationError) as refused:
        services.seating_request_add(
            actor=organiser(event), event=event, kind=SeatingRequestKind.APART, first=a, second=a
        )

    assert refused.value.messages == ["Choisissez deux personnes différentes."]


@pytest.mark.parametrize("state", [RegistrationState.WAITING, RegistrationState.CANCELLED])
def test_a_request_about_someone_not_confirmed_is_refused(state):
    event, (a, *_) = room(categories=MIXED)
    other = RegistrationFactory(event=event, state=state)

    with pytest.raises(ValidationError) as refused:
        services.seating_request_add(
            actor=organiser(event),
            event=event,
            kind=SeatingRequestKind.TOGETHER,
            first=a,
            second=other,
        )

    assert "n’est pas inscrit·e à cet événement" in refused.value.messages[0]
    assert not SeatingRequest.objects.exists()


def test_a_request_about_someone_of_another_event_is_refused():
    event, (a, *_) = room(categories=MIXED)
    elsewhere = RegistrationFactory()

    with pytest.raises(ValidationError):
        services.seating_request_add(
            actor=organiser(event),
            event=event,
            kind=SeatingRequestKind.TOGETHER,
            first=a,
            second=elsewhere,
        )


def test_a_request_is_removed():
    event, (a, b, *_) = room(categories=MIXED)
    actor = organiser(event)
    request = services.seating_request_add(
        actor=actor, event=event, kind=SeatingRequestKind.APART, first=a, second=b
    )

    services.seating_request_remove(actor=actor, request=request)

    assert not SeatingRequest.objects.exists()
    assert EventLog.objects.filter(kind="seating_request_remove").exists()


# Seating runs


def test_seating_needs_tables_and_people():
    event = EventFactory()
    with pytest.raises(ValidationError) as refused:
        services.tables_seat(actor=organiser(event), event=event)
    assert refused.value.messages == ["Créez d’abord les tables."]

    tables(event, 2, 4)
    with pytest.raises(ValidationError) as refused:
        services.tables_seat(actor=organiser(event), event=event)
    assert refused.value.messages == ["Aucun participant inscrit à placer."]


def test_seating_seats_everybody_within_capacity_bumps_versions_and_logs():
    event, people = room(categories=MIXED)
    tables(event, 5, 5)
    waiting = RegistrationFactory(event=event, waiting=True)

    result = services.tables_seat(actor=organiser(event), event=event)

    assert sorted(pk for table in result.tables for pk in table) == sorted(p.pk for p in people)
    for table in WorkshopTable.objects.filter(event=event):
        assert table.seats.count() <= 5
    assert all(r.version == 2 for r in Registration.objects.filter(pk__in=[p.pk for p in people]))
    waiting.refresh_from_db()
    assert waiting.table is None
    line = EventLog.objects.get(event=event, kind="tables_seat")
    assert line.comment.startswith("24 participants à 5 tables, équilibre ")


def test_the_same_seed_gives_the_same_seating():
    event, _people = room(categories=MIXED, departments=["69", "13", "59"])
    tables(event, 6, 4)
    actor = organiser(event)

    first = services.tables_seat(actor=actor, event=event, seed=3)
    second = services.tables_seat(actor=actor, event=event, seed=3)

    assert first.tables == second.tables


# Moves and fixed places


def test_a_full_table_is_refused():
    event, people = room(categories={ParticipantCategory.ESS: 4})
    first, _second = tables(event, 2, 2)
    Registration.objects.filter(pk__in=[p.pk for p in people[:2]]).update(table=first)
    mover = Registration.objects.get(pk=people[2].pk)

    with pytest.raises(ValidationError) as refused:
        services.table_move(
            actor=organiser(event), registration=mover, table=first, version=mover.version
        )

    assert refused.value.message_dict["table"] == ["Table 1 est complète (2 places)."]
    mover.refresh_from_db()
    assert mover.table is None


def test_a_move_to_the_table_of_another_event_is_refused():
    event, (mover, *_) = room(categories={ParticipantCategory.ESS: 2})
    [elsewhere] = tables(EventFactory(), 1, 4)

    with pytest.raises(ValidationError):
        services.table_move(
            actor=organiser(event), registration=mover, table=elsewhere, version=mover.version
        )


def test_a_move_is_logged_and_a_person_can_leave_their_table():
    event, (mover, *_) = room(categories={ParticipantCategory.ESS: 2})
    [table] = tables(event, 1, 4)
    actor = organiser(event)
    services.table_move(actor=actor, registration=mover, table=table, version=mover.version)
    services.table_lock(actor=actor, registration=mover, locked=True, version=mover.version)

    services.table_move(actor=actor, registration=mover, table=None, version=mover.version)

    mover.refresh_from_db()
    assert mover.table is None and not mover.table_locked
    moves = EventLog.objects.filter(event=event, kind="table_move").order_by("id")
    assert [(m.from_state, m.to_state) for m in moves] == [("", "Table 1"), ("Table 1", "")]


def test_only_a_seated_person_has_a_fixed_place():
    event, (person, *_) = room(categories={ParticipantCategory.ESS: 2})

    with pytest.raises(ValidationError) as refused:
        services.table_lock(
            actor=organiser(event), registration=person, locked=True, version=person.version
        )

    assert refused.value.messages == [
        "Placez d’abord cette personne à une table pour fixer sa place."
    ]


def test_a_cancelled_person_cannot_be_moved():
    event, (person, *_) = room(categories={ParticipantCategory.ESS: 2})
    [table] = tables(event, 1, 4)
    Registration.objects.filter(pk=person.pk).update(state=RegistrationState.CANCELLED)
    person.refresh_from_db()

    with pytest.raises(ValidationError):
        services.table_move(
            actor=organiser(event), registration=person, table=table, version=person.version
        )


def test_a_stranger_cannot_move_or_fix_anybody(stranger):
    event, (person, *_) = room(categories={ParticipantCategory.ESS: 2})
    [table] = tables(event, 1, 4)

    with pytest.raises(PermissionDenied):
        services.table_move(actor=stranger, registration=person, table=table, version=1)
    with pytest.raises(PermissionDenied):
        services.table_lock(actor=stranger, registration=person, locked=True, version=1)


def test_another_organiser_can_seat_too():
    colleague = UserFactory()
    event, _ = room(categories=MIXED)
    event.organisers.add(colleague)
    tables(event, 6, 4)

    services.tables_seat(actor=colleague, event=event)

    assert not Registration.objects.filter(event=event, table__isnull=True).exists()
