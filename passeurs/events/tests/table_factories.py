"""Rooms of participants for the seating and outputs tests."""

from passeurs.core.models import Department
from passeurs.directory.tests.factories import OrganisationFactory
from passeurs.events.models import ParticipantCategory, WorkshopTable
from passeurs.events.tests.factories import EventFactory, RegistrationFactory


def room(event=None, *, categories: dict[str, int], departments=(), organisation=None, **event_kw):
    """An event (built if not given) with confirmed participants: `categories` gives how many
    of each category; each has their own structure unless `organisation` is given; their
    territories cycle through the department codes given (none by default)."""
    event = event or EventFactory(**event_kw)
    territories = [Department.objects.get(code=code) for code in departments]
    registrations = []
    for category, count in categories.items():
        for _ in range(count):
            registrations.append(
                RegistrationFactory(
                    event=event,
                    category=category,
                    organisation=organisation or OrganisationFactory(),
                    department=territories[len(registrations) % len(territories)]
                    if territories
                    else None,
                )
            )
    return event, registrations


def tables(event, count: int, size: int) -> list[WorkshopTable]:
    return [
        WorkshopTable.objects.create(event=event, number=n, capacity=size)
        for n in range(1, count + 1)
    ]


MIXED = {
    ParticipantCategory.ESS: 12,
    ParticipantCategory.STATE: 6,
    ParticipantCategory.STARTUP: 6,
}
