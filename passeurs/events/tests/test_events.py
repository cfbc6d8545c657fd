"""Creating, editing, publishing and cancelling an event."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.exceptions import ConflictError, TransitionError
from passeurs.events import workflows
from passeurs.events.models import CategoryQuota, Event, EventLog, EventState, RegistrationState
from passeurs.events.services.events import event_create, event_transition, event_update
from passeurs.events.services.registrations import registration_create
from passeurs.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def on_commit_at_once(monkeypatch):
    """The test's transaction never commits: run the e-mails queued for the commit at once."""
    monkeypatch.setattr(transaction, "on_commit", lambda callback, **kwargs: callback())


def fields(**overrides):
    starts = datetime.datetime(2027, 3, 11, 9, tzinfo=PARIS)
    return {
        "title": "Connexions innovantes",
        "kind": "co_construction_day",
        "question": "Comment mieux accompagner l’autonomie des personnes âgées ?",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=8),
        "venue": "Ministère des Solidarités",
        "city": "Paris",
        "capacity": 45,
        **overrides,
    }


def test_a_coordinator_creates_a_draft_they_organise(coordinator):
    other = UserFactory(coordinator=True)

    event = event_create(
        actor=coordinator,
        quotas={"state": 10, "startup": 5, "ess": None},
        organisers=[other],
        **fields(),
    )

    assert event.state == EventState.DRAFT
    assert set(event.organisers.all()) == {coordinator, other}
    assert dict(event.quotas.values_list("category", "seats")) == {"state": 10, "startup": 5}
    assert EventLog.objects.filter(event=event, kind="event_create").exists()


def test_a_person_who_is_not_a_coordinator_cannot_create_an_event(stranger):
    with pytest.raises(PermissionDenied):
        event_create(actor=stranger, **fields())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "quotas", "field"),
    [
        ({"ends_at": datetime.datetime(2027, 3, 11, 8, tzinfo=PARIS)}, {}, "ends_at"),
        ({"venue": "", "online_url": ""}, {}, "venue"),
        ({"capacity": 10}, {"state": 6, "ess": 6}, "quotas"),
        ({}, {"alien": 3}, "quotas"),
        ({"time_zone": "Mars/Olympus"}, {}, "time_zone"),
        ({"registration_closes_at": datetime.datetime(2027, 3, 12, tzinfo=PARIS)}, {}, None),
    ],
)
def test_bad_events_are_refused_with_a_message_on_the_field(coordinator, overrides, quotas, field):
    with pytest.raises(ValidationError) as error:
        event_create(actor=coordinator, quotas=quotas, **fields(**overrides))
    if field:
        assert field in error.value.message_dict
    assert not Event.objects.exists()


def test_an_online_event_needs_no_venue(coordinator):
    event = event_create(
        actor=coordinator, **fields(venue="", online_url="https://webinaire.exemple.fr/salle")
    )
    assert event.is_online


def test_an_update_checks_the_version_and_keeps_the_quotas_unless_given():
    event = EventFactory(capacity=10)
    CategoryQuota.objects.create(event=event, category="state", seats=3)
    organiser = event.organisers.get()

    event_update(actor=organiser, event=event, version=event.version, title="Nouveau titre")

    event.refresh_from_db()
    assert event.title == "Nouveau titre"
    assert event.version == 2
    assert dict(event.quotas.values_list("category", "seats")) == {"state": 3}
    with pytest.raises(ConflictError):
        event_update(actor=organiser, event=event, version=1, title="Trop tard")


def test_a_stranger_cannot_update_an_event(stranger):
    event = EventFactory()
    with pytest.raises(PermissionDenied):
        event_update(actor=stranger, event=event, version=event.version, title="Piraté")


def test_the_capacity_cannot_fall_below_the_confirmed_people():
    event = EventFactory(capacity=3)
    for _ in range(2):
        registration_create(actor=UserFactory(), event=event)

    with pytest.raises(ValidationError) as error:
        event_update(actor=event.organisers.get(), event=event, version=event.version, capacity=1)
    assert "capacity" in error.value.message_dict


def test_more_seats_promote_the_waiting_list_at_once():
    event = EventFactory(capacity=1)
    registration_create(actor=UserFactory(), event=event)
    waiting = registration_create(actor=UserFactory(), event=event)
    assert waiting.state == RegistrationState.WAITING
    mail.outbox.clear()

    event_update(actor=event.organisers.get(), event=event, version=event.version, capacity=2)

    waiting.refresh_from_db()
    assert waiting.state == RegistrationState.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]


def test_an_event_keeps_at_least_one_organiser():
    event = EventFactory()
    with pytest.raises(ValidationError):
        event_update(actor=event.organisers.get(), event=event, version=1, organisers=[])


def test_the_workflow_publishes_then_cancels():
    assert workflows.event_targets_from(EventState.DRAFT) == ["cancelled", "published"]
    assert workflows.event_targets_from(EventState.PUBLISHED) == ["cancelled"]
    assert workflows.event_targets_from(EventState.CANCELLED) == []


def test_publishing_opens_the_registrations():
    event = EventFactory(draft=True)

    event_transition(
        actor=event.organisers.get(), event=event, target=EventState.PUBLISHED, version=1
    )

    assert event.state == EventState.PUBLISHED
    assert registration_create(actor=UserFactory(), event=event).state == "confirmed"


def test_a_cancelled_event_cannot_be_published_again():
    event = EventFactory(state=EventState.CANCELLED)
    with pytest.raises(TransitionError):
        event_transition(
            actor=event.organisers.get(), event=event, target=EventState.PUBLISHED, version=1
        )


def test_cancelling_an_event_emails_everyone_registered():
    event = EventFactory(capacity=1)
    confirmed = registration_create(actor=UserFactory(), event=event)
    waiting = registration_create(actor=UserFactory(), event=event)
    mail.outbox.clear()

    event_transition(
        actor=event.organisers.get(), event=event, target=EventState.CANCELLED, version=1
    )

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [confirmed.user.email, waiting.user.email]
    )
    assert all("annulé" in m.subject for m in mail.outbox)


def test_an_ended_event_is_no_longer_cancelled_but_a_running_one_is():
    from passeurs.events.services.events import event_targets

    ended = EventFactory(past=True)
    running = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )

    assert event_targets(ended) == []
    assert event_targets(running) == [EventState.CANCELLED]
    with pytest.raises(TransitionError, match="ne peut plus être annulé"):
        event_transition(
            actor=ended.organisers.get(), event=ended, target=EventState.CANCELLED, version=1
        )
    ended.refresh_from_db()
    assert ended.state == EventState.PUBLISHED


def test_a_stale_transition_is_refused():
    event = EventFactory(draft=True)
    with pytest.raises(ConflictError):
        event_transition(
            actor=event.organisers.get(), event=event, target=EventState.PUBLISHED, version=7
        )
