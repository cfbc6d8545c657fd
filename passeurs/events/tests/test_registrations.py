"""Registering, the waiting list, quotas, cancelling and promotion, attendance."""

import datetime
from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.exceptions import ConflictError
from passeurs.core.models import Department
from passeurs.core.tests.races import at_once
from passeurs.directory.models import OrganisationFamily
from passeurs.directory.tests.factories import MembershipFactory, OrganisationFactory
from passeurs.events.models import (
    Attendance,
    CategoryQuota,
    EventLog,
    ParticipantCategory,
    Registration,
    RegistrationState,
)
from passeurs.events.services.registrations import (
    category_for,
    fits,
    registration_cancel,
    registration_create,
    registration_set_attendance,
)
from passeurs.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CATEGORIES = ParticipantCategory.values


@pytest.fixture(autouse=True)
def on_commit_at_once(monkeypatch):
    """The test's transaction never commits: run the e-mails queued for the commit at once."""
    monkeypatch.setattr(transaction, "on_commit", lambda callback, **kwargs: callback())


def person(family=None, *, kind=None, department=None):
    """A user, member of an organisation of `family` when given; returns (user, org)."""
    user = UserFactory()
    if family is None:
        return user, None
    kinds = {
        OrganisationFamily.ADMINISTRATION: "ministry",
        OrganisationFamily.LOCAL_AUTHORITY: "commune",
        OrganisationFamily.ESS: "association",
        OrganisationFamily.PARTNER: "network",
    }
    organisation = OrganisationFactory(kind=kind or kinds[family], department=department)
    MembershipFactory(user=user, organisation=organisation)
    return user, organisation


def register(event, family=OrganisationFamily.ESS, **kwargs):
    user, organisation = person(family)
    return registration_create(actor=user, event=event, organisation=organisation, **kwargs)


# The seat rule, on its own


@given(
    capacity=st.integers(1, 30),
    quotas=st.dictionaries(st.sampled_from(CATEGORIES), st.integers(0, 10), max_size=4),
    arrivals=st.lists(st.sampled_from(CATEGORIES), max_size=60),
)
def test_seats_never_exceed_the_capacity_nor_a_quota(capacity, quotas, arrivals):
    if sum(quotas.values()) > capacity:
        return
    confirmed: dict[str, int] = {}
    for category in arrivals:
        if fits(category=category, capacity=capacity, quotas=quotas, confirmed=confirmed):
            confirmed[category] = confirmed.get(category, 0) + 1
    assert sum(confirmed.values()) <= capacity
    for category, seats in quotas.items():
        assert confirmed.get(category, 0) <= seats
    unquoted = sum(n for c, n in confirmed.items() if c not in quotas)
    if quotas:
        assert unquoted <= capacity - sum(quotas.values())


@given(capacity=st.integers(1, 30), arrivals=st.lists(st.sampled_from(CATEGORIES), max_size=60))
def test_without_quotas_the_first_come_take_every_seat(capacity, arrivals):
    confirmed: dict[str, int] = {}
    for category in arrivals:
        if fits(category=category, capacity=capacity, quotas={}, confirmed=confirmed):
            confirmed[category] = confirmed.get(category, 0) + 1
    assert sum(confirmed.values()) == min(capacity, len(arrivals))


def test_the_category_follows_the_organisation_family():
    assert category_for(None) == ParticipantCategory.CITIZEN
    for family, category in [
        ("administration", "state"),
        ("local_authority", "local_authority"),
        ("ess", "ess"),
        ("partner", "partner"),
    ]:
        assert category_for(OrganisationFactory.build(family=family)) == category


# Registering


def test_a_registration_takes_its_category_and_territory_from_the_organisation():
    department = Department.objects.get(code="976")
    user, organisation = person(OrganisationFamily.LOCAL_AUTHORITY, department=department)
    event = EventFactory()

    registration = registration_create(actor=user, event=event, organisation=organisation)

    assert registration.state == RegistrationState.CONFIRMED
    assert registration.category == ParticipantCategory.LOCAL_AUTHORITY
    assert registration.department == department
    assert registration.queued_at is None
    assert EventLog.objects.filter(kind="registration_create", registration=registration).exists()


def test_a_person_without_organisation_is_a_citizen_and_may_say_they_are_a_start_up():
    event = EventFactory()
    citizen, _ = person()
    founder, _ = person()

    assert registration_create(actor=citizen, event=event).category == "citizen"
    assert registration_create(actor=founder, event=event, category="startup").category == (
        "startup"
    )


def test_the_confirmation_email_carries_the_invitation():
    event = EventFactory()
    user, organisation = person(OrganisationFamily.ESS)

    registration_create(actor=user, event=event, organisation=organisation)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "confirmée" in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype == "text/calendar"
    assert "BEGIN:VCALENDAR" in content


def test_past_the_capacity_people_wait_in_order_and_are_told_so():
    event = EventFactory(capacity=1)
    first = register(event)
    second = register(event)
    third = register(event)

    assert first.state == RegistrationState.CONFIRMED
    assert [second.state, third.state] == [RegistrationState.WAITING] * 2
    assert second.queued_at <= third.queued_at
    waiting_mail = mail.outbox[-1]
    assert "liste d’attente" in waiting_mail.subject
    assert waiting_mail.attachments == []


def test_a_quota_caps_its_category_and_the_others_share_the_rest():
    event = EventFactory(capacity=3)
    CategoryQuota.objects.create(event=event, category="state", seats=1)

    state_one = register(event, OrganisationFamily.ADMINISTRATION)
    state_two = register(event, OrganisationFamily.ADMINISTRATION)
    ess_one = register(event, OrganisationFamily.ESS)
    ess_two = register(event, OrganisationFamily.ESS)
    ess_three = register(event, OrganisationFamily.ESS)

    assert state_one.state == RegistrationState.CONFIRMED
    assert state_two.state == RegistrationState.WAITING  # the State's one seat is taken
    assert ess_one.state == ess_two.state == RegistrationState.CONFIRMED
    assert ess_three.state == RegistrationState.WAITING  # 3 − 1 reserved = 2 shared seats


def test_a_registration_past_the_deadline_is_refused_and_nothing_is_stored():
    event = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    user, organisation = person(OrganisationFamily.ESS)

    with pytest.raises(ValidationError, match="closes depuis"):
        registration_create(actor=user, event=event, organisation=organisation)
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_a_registration_to_a_past_event_is_refused():
    event = EventFactory(past=True)
    with pytest.raises(ValidationError, match="closes"):
        register(event)


def test_a_draft_or_cancelled_event_refuses_registrations():
    with pytest.raises(ValidationError, match="pas encore ouvert"):
        register(EventFactory(draft=True))
    with pytest.raises(ValidationError, match="annulé"):
        register(EventFactory(state="cancelled"))
    assert not Registration.objects.exists()


def test_a_second_registration_of_the_same_person_is_refused():
    event = EventFactory()
    user, organisation = person(OrganisationFamily.ESS)
    registration_create(actor=user, event=event, organisation=organisation)

    with pytest.raises(ValidationError, match="déjà inscrit"):
        registration_create(actor=user, event=event)
    assert Registration.objects.filter(user=user).count() == 1


def test_the_database_refuses_a_second_live_registration_too(monkeypatch):
    """If two requests of one person pass the check together, the constraint refuses one."""
    from passeurs.events.services import registrations

    event = EventFactory()
    user, _ = person()
    RegistrationFactory(event=event, user=user, organisation=None)
    monkeypatch.setattr(registrations, "_already", lambda event, user: None)

    with pytest.raises(ValidationError, match="déjà inscrit"):
        registration_create(actor=user, event=event)
    assert Registration.objects.filter(user=user).count() == 1


def test_an_organisation_one_is_not_a_member_of_is_refused():
    event = EventFactory()
    user, _ = person()

    with pytest.raises(ValidationError) as error:
        registration_create(actor=user, event=event, organisation=OrganisationFactory())
    assert "organisation" in error.value.message_dict
    assert not Registration.objects.exists()


def test_an_unknown_category_or_a_long_comment_is_refused():
    event = EventFactory()
    user, _ = person()
    with pytest.raises(ValidationError):
        registration_create(actor=user, event=event, category="alien")
    with pytest.raises(ValidationError):
        registration_create(actor=user, event=event, comment="x" * 1001)
    assert not Registration.objects.exists()


def test_anonymous_people_cannot_register():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        registration_create(actor=AnonymousUser(), event=EventFactory())


# Cancelling and promotion


def test_a_cancellation_promotes_the_first_waiting_person_and_emails_them():
    event = EventFactory(capacity=1)
    first = register(event)
    second = register(event)
    third = register(event)
    mail.outbox.clear()

    registration_cancel(actor=first.user, registration=first)

    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == RegistrationState.CONFIRMED
    assert third.state == RegistrationState.WAITING
    assert [m.to for m in mail.outbox] == [[second.user.email]]
    assert "confirmée" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][2] == "text/calendar"


def test_promotion_skips_people_whose_category_is_full():
    event = EventFactory(capacity=2)
    CategoryQuota.objects.create(event=event, category="state", seats=1)
    state = register(event, OrganisationFamily.ADMINISTRATION)
    ess = register(event, OrganisationFamily.ESS)
    state_waiting = register(event, OrganisationFamily.ADMINISTRATION)
    ess_waiting = register(event, OrganisationFamily.ESS)
    assert state_waiting.state == ess_waiting.state == RegistrationState.WAITING
    assert state.state == RegistrationState.CONFIRMED

    registration_cancel(actor=ess.user, registration=ess)

    state_waiting.refresh_from_db()
    ess_waiting.refresh_from_db()
    assert state_waiting.state == RegistrationState.WAITING  # first in line, but no State seat
    assert ess_waiting.state == RegistrationState.CONFIRMED


def test_an_organiser_cancels_anyone_and_the_person_is_told():
    event = EventFactory()
    registration = register(event)
    organiser = event.organisers.get()
    mail.outbox.clear()

    registration_cancel(actor=organiser, registration=registration)

    registration.refresh_from_db()
    assert registration.state == RegistrationState.CANCELLED
    assert registration.cancelled_at is not None
    assert [m.to for m in mail.outbox] == [[registration.user.email]]


def test_a_stranger_cannot_cancel_someone_else():
    registration = register(EventFactory())
    with pytest.raises(PermissionDenied):
        registration_cancel(actor=UserFactory(), registration=registration)


def test_a_cancelled_registration_cannot_be_cancelled_twice():
    registration = register(EventFactory())
    registration_cancel(actor=registration.user, registration=registration)
    with pytest.raises(ValidationError, match="déjà annulée"):
        registration_cancel(actor=registration.user, registration=registration)


def test_a_cancelled_person_may_register_again_through_the_normal_rules():
    event = EventFactory(capacity=1)
    first = register(event)
    registration_cancel(actor=first.user, registration=first)
    taker = register(event)
    assert taker.state == RegistrationState.CONFIRMED

    again = registration_create(actor=first.user, event=event, organisation=first.organisation)

    assert again.state == RegistrationState.WAITING
    assert Registration.objects.filter(user=first.user).count() == 2


def test_the_person_cannot_cancel_once_the_event_has_started():
    event = EventFactory()
    registration = register(event)
    type(event).objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    registration.event.refresh_from_db()

    with pytest.raises(ValidationError, match="a commencé"):
        registration_cancel(actor=registration.user, registration=registration)


# Attendance


def test_an_organiser_marks_attendance_with_the_version_read():
    registration = register(EventFactory())
    organiser = registration.event.organisers.get()

    registration_set_attendance(
        actor=organiser,
        registration=registration,
        attendance=Attendance.PRESENT,
        version=registration.version,
    )

    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    with pytest.raises(ConflictError):
        registration_set_attendance(
            actor=organiser, registration=registration, attendance="absent", version=1
        )


def test_a_participant_cannot_mark_attendance_nor_can_a_waiting_person_be_marked():
    event = EventFactory(capacity=1)
    confirmed = register(event)
    waiting = register(event)
    with pytest.raises(PermissionDenied):
        registration_set_attendance(
            actor=confirmed.user, registration=confirmed, attendance="present", version=1
        )
    with pytest.raises(ValidationError):
        registration_set_attendance(
            actor=event.organisers.get(), registration=waiting, attendance="present", version=1
        )


# Concurrency: the last seat


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the FOR UPDATE clause exists on PostgreSQL only"
)
def test_counting_the_seats_locks_the_event_row():
    event = EventFactory()
    user, _ = person()

    with CaptureQueriesContext(connection) as queries:
        registration_create(actor=user, event=event)

    assert any(
        "FOR UPDATE" in query["sql"] and '"events_event"' in query["sql"]
        for query in queries.captured_queries
    )


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite setting; PostgreSQL locks the row"
)
def test_on_sqlite_every_transaction_takes_the_write_lock_first():
    """BEGIN IMMEDIATE: a second registration waits for the first to commit before counting."""
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


# The test database of SQLite is shared in memory, where a second writer fails at once
# ("table is locked") instead of waiting as it does on a file: the race runs on PostgreSQL.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database server")
@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_seat_get_one_seat_and_one_wait():
    event = EventFactory(capacity=1)
    racers = [person()[0] for _ in range(2)]
    outcomes = at_once(
        {user.pk: partial(registration_create, actor=user, event=event) for user in racers}
    )

    assert [o for o in outcomes.values() if isinstance(o, Exception)] == []
    states = sorted(Registration.objects.filter(event=event).values_list("state", flat=True))
    assert states == [RegistrationState.CONFIRMED, RegistrationState.WAITING]
