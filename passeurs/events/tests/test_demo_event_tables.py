"""The demo's tables and solutions of the past connexions innovantes day, loaded twice."""

import pytest

from passeurs.blockers.tests.factories import BlockerFactory
from passeurs.core.demo.event_tables import OUTPUTS, SEATS, TABLES, load_event_tables
from passeurs.core.demo.load import Tally
from passeurs.directory.tests.factories import InitiativeFactory, OrganisationFactory
from passeurs.events.models import (
    EventLog,
    Output,
    ParticipantCategory,
    Registration,
    WorkshopTable,
)
from passeurs.events.tests.table_factories import room

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    """45 confirmed participants like the real day's, a few structures sending three."""
    event, _ = room(
        categories={
            ParticipantCategory.STATE: 6,
            ParticipantCategory.LOCAL_AUTHORITY: 7,
            ParticipantCategory.ESS: 12,
            ParticipantCategory.STARTUP: 6,
            ParticipantCategory.PARTNER: 2,
        },
        departments=["75", "33", "59", "69", "35", "23"],
        past=True,
        capacity=45,
    )
    for category, name in (
        (ParticipantCategory.STATE, "Direction générale de la cohésion sociale"),
        (ParticipantCategory.LOCAL_AUTHORITY, "Conseil départemental de la Gironde"),
        (ParticipantCategory.ESS, "Le Mouves"),
        (ParticipantCategory.STARTUP, "Silver Lab"),
    ):
        room(event, categories={category: 3}, organisation=OrganisationFactory(name=name))
    owner = Registration.objects.filter(event=event).first().user
    owner.first_name, owner.last_name = "Bruno", "Fournier"
    owner.save()
    return event


def test_the_day_is_seated_and_its_solutions_recorded_once(day):
    InitiativeFactory(title="Fauteuils roulants et aides techniques reconditionnés")
    InitiativeFactory(title="Location solidaire d’aides techniques")
    blocker = BlockerFactory(
        title="Le matériel médical reconditionné n’est pas remboursé par l’Assurance maladie"
    )
    assert Registration.objects.filter(event=day).count() == 45
    tally = Tally()

    load_event_tables(day, tally)

    assert (
        list(WorkshopTable.objects.filter(event=day).values_list("capacity", flat=True))
        == [SEATS] * TABLES
    )
    seats = Registration.objects.filter(event=day)
    assert not seats.filter(table__isnull=True).exists()
    for table in WorkshopTable.objects.filter(event=day):
        organisations = [r.organisation_id for r in seats.filter(table=table)]
        assert len(organisations) == len(set(organisations))
    assert (tally.created, tally.existing) == (len(OUTPUTS), 0)
    aids = Output.objects.get(event=day, title="Rembourser les aides techniques reconditionnées")
    assert aids.initiatives.count() == 2
    assert list(aids.blockers.all()) == [blocker]
    assert str(aids.owner) == "Bruno Fournier"
    assert aids.due_on > day.ends_at.date()
    assert aids.table.number == 2
    # An owner who did not come falls back to the organiser.
    assert Output.objects.get(event=day, title__startswith="Un guichet").owner == (
        day.organisers.get()
    )

    before = (
        list(Registration.objects.filter(event=day).values_list("pk", "table_id", "version")),
        EventLog.objects.count(),
        Output.objects.count(),
    )
    again = Tally()
    load_event_tables(day, again)

    assert (again.created, again.existing) == (0, len(OUTPUTS))
    assert before == (
        list(Registration.objects.filter(event=day).values_list("pk", "table_id", "version")),
        EventLog.objects.count(),
        Output.objects.count(),
    )


def test_an_event_without_organisers_is_left_alone(day):
    day.organisers.clear()

    load_event_tables(day)

    assert not WorkshopTable.objects.filter(event=day).exists()
