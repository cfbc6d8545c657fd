"""The demo events load through the services, once: a second run changes nothing."""

from collections import Counter
from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import timezone

from passeurs.core.demo.events import load_events
from passeurs.events.models import Event, EventLog, Registration, RegistrationState

pytestmark = pytest.mark.django_db


@dataclass
class Tally:
    created: int = 0
    existing: int = 0


def test_the_demo_events_load_once_with_the_45_participants_of_the_past_day():
    first = Tally()
    events = load_events(first)
    counts = (Event.objects.count(), Registration.objects.count(), EventLog.objects.count())
    second = Tally()
    again = load_events(second)

    assert first == Tally(created=3, existing=0)
    assert second == Tally(created=0, existing=3)
    assert (Event.objects.count(), Registration.objects.count(), EventLog.objects.count()) == (
        counts
    )
    assert {key: event.pk for key, event in again.items()} == {
        key: event.pk for key, event in events.items()
    }
    assert mail.outbox == []

    day = events["connexions"]
    assert day.ends_at < timezone.now()
    confirmed = day.registrations.filter(state=RegistrationState.CONFIRMED)
    assert confirmed.count() == 45
    assert not confirmed.filter(attendance="").exists()
    assert confirmed.filter(attendance="absent").count() == 3
    categories = Counter(confirmed.values_list("category", flat=True))
    assert set(categories) == {"state", "local_authority", "ess", "startup", "partner"}
    by_organisation = Counter(confirmed.values_list("organisation", flat=True))
    assert max(by_organisation.values()) >= 3  # the seating rule has work to do
    assert confirmed.values("department").distinct().count() >= 5

    hackathon = events["hackathon"]
    assert hackathon.starts_at > timezone.now()
    assert hackathon.registrations.filter(state=RegistrationState.WAITING).count() == 2
    assert hackathon.kind == "hackathon"
    assert events["webinar"].time_zone == "Indian/Mayotte"
