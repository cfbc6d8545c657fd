"""The event pages: list, detail, create and edit, register and cancel, the invitation,
the organisers' participant list and attendance. Personas: organiser, participant, stranger,
anonymous."""

import datetime
from http import HTTPStatus

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.models import Challenge
from passeurs.events.models import (
    Attendance,
    Event,
    EventState,
    Registration,
    RegistrationState,
)
from passeurs.events.services.registrations import registration_create
from passeurs.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_commit_at_once(monkeypatch):
    """The test's transaction never commits: run the e-mails queued for the commit at once."""
    monkeypatch.setattr(transaction, "on_commit", lambda callback, **kwargs: callback())


@pytest.fixture
def event():
    return EventFactory(title="Connexions innovantes", capacity=2)


@pytest.fixture
def organiser(event):
    return event.organisers.get()


@pytest.fixture
def participant(event):
    user = UserFactory(first_name="Lina", last_name="Moreau")
    registration_create(actor=user, event=event)
    return user


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.pk, *args])


# The list


def test_the_list_shows_upcoming_events_to_anybody_and_hides_drafts(client, event):
    EventFactory(title="Brouillon secret", draft=True)
    EventFactory(title="Journée passée", past=True)

    response = client.get(reverse("events:list"))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Connexions innovantes" in html
    assert "Brouillon secret" not in html
    assert "Journée passée" not in html


def test_the_past_filter_shows_the_past_events(client, event):
    EventFactory(title="Journée passée", past=True)

    html = client.get(reverse("events:list"), {"period": "past"}).content.decode()

    assert "Journée passée" in html
    assert "Connexions innovantes" not in html


def test_the_list_filters_by_kind_and_challenge(client, event):
    challenge = Challenge.objects.first()
    EventFactory(title="Hackathon de la formation", hackathon=True, challenge=challenge)

    by_kind = client.get(reverse("events:list"), {"kind": "hackathon"}).content.decode()
    by_challenge = client.get(
        reverse("events:list"), {"challenge": challenge.slug}
    ).content.decode()

    assert "Hackathon de la formation" in by_kind and "Connexions innovantes" not in by_kind
    assert "Hackathon de la formation" in by_challenge


def test_bad_filters_show_a_message_not_an_error(client, db):
    response = client.get(reverse("events:list"), {"kind": "rave", "period": "x"})
    assert response.status_code == HTTPStatus.OK
    assert "Format d’événement inconnu." in response.content.decode()


def test_an_empty_list_says_so(client, db):
    assert "Aucun événement" in client.get(reverse("events:list")).content.decode()


def test_the_list_is_paginated_with_a_fixed_number_of_queries(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 5
    organiser = UserFactory(coordinator=True)
    for _ in range(12):
        EventFactory(organisers=[organiser])

    with django_assert_max_num_queries(6):
        response = client.get(reverse("events:list"), {"page": 2})

    assert response.status_code == HTTPStatus.OK
    assert "12 événements" in response.content.decode()


def test_a_coordinator_sees_the_create_button(client, coordinator):
    client.force_login(coordinator)
    assert reverse("events:create") in client.get(reverse("events:list")).content.decode()


# The event page


def test_the_event_page_shows_the_times_in_the_events_zone(client):
    starts = datetime.datetime(2030, 7, 9, 6, 0, tzinfo=datetime.UTC)  # 9:00 in Mayotte
    event = EventFactory(
        time_zone="Indian/Mayotte", starts_at=starts, ends_at=starts + datetime.timedelta(hours=8)
    )

    html = client.get(event.get_absolute_url()).content.decode()

    assert "09:00 – 17:00" in html
    # The place and its offset, the IANA code after them.
    assert "Mayotte, UTC+3 (Indian/Mayotte)" in html


def test_the_list_names_a_distant_time_zone_by_its_place(client):
    EventFactory(time_zone="America/Cayenne")

    html = client.get(reverse("events:list")).content.decode()

    assert "(Guyane, UTC−3)" in html


def test_the_list_marks_a_full_upcoming_event(client, event, participant):
    RegistrationFactory(event=event)  # capacity 2: full
    EventFactory(title="Journée ouverte")

    html = client.get(reverse("events:list")).content.decode()

    assert html.count("Complet : liste d’attente") == 1


def test_the_place_does_not_repeat_a_city_named_like_its_department(client):
    from passeurs.core.models import Department

    event = EventFactory(city="Paris", department=Department.objects.get(code="75"))

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Paris (Paris)" not in html
    assert "<br>Paris</dd>" in html


def test_the_registration_box_does_not_stretch_to_the_column(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    # A DSFR card is 100% high: alone in a grid column, it stretches to the page's bottom.
    before_box = html.split('aria-labelledby="registration-title"')[0].rsplit("<section", 1)[0]
    assert before_box.rstrip().endswith("<div>")


def test_an_anonymous_visitor_is_invited_to_sign_in_to_register(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Se connecter pour s’inscrire" in html
    assert url("invitation", event) in html


def test_a_draft_is_a_404_for_strangers_and_visible_to_its_organisers(client, stranger):
    draft = EventFactory(draft=True)
    client.force_login(stranger)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(draft.organisers.get())
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK


def test_the_online_link_is_shown_only_to_confirmed_participants(client, stranger):
    event = EventFactory(online_url="https://visio.exemple.fr/salle-42")
    registered = UserFactory()
    registration_create(actor=registered, event=event)

    client.force_login(stranger)
    assert "salle-42" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(registered)
    assert "salle-42" in client.get(event.get_absolute_url()).content.decode()


def test_the_outputs_area_is_included(client, event):
    # helper B's template lands there; until then, an empty placeholder.
    assert client.get(event.get_absolute_url()).status_code == HTTPStatus.OK


# Registering


def test_a_person_registers_and_sees_the_confirmation(client, event, member, organisation):
    client.force_login(member)
    form = client.get(url("register", event))
    assert form.status_code == HTTPStatus.OK
    assert organisation.name in form.content.decode()

    response = client.post(
        url("register", event), {"organisation": organisation.pk, "category": ""}, follow=True
    )

    registration = Registration.objects.get(user=member)
    assert registration.state == RegistrationState.CONFIRMED
    assert registration.organisation == organisation
    html = response.content.decode()
    assert "Votre inscription est confirmée" in html
    assert "Vous êtes inscrit·e" in html
    assert mail.outbox[0].attachments[0][0].endswith(".ics")


def test_registering_past_the_deadline_shows_the_reason_and_stores_nothing(client, stranger):
    event = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(stranger)

    response = client.post(url("register", event), {})

    assert response.status_code == HTTPStatus.OK
    assert "closes depuis" in response.content.decode()
    assert not Registration.objects.exists()


def test_registering_with_someone_elses_organisation_is_refused(client, event, stranger):
    from passeurs.directory.tests.factories import OrganisationFactory

    other = OrganisationFactory()
    client.force_login(stranger)

    response = client.post(url("register", event), {"organisation": other.pk})

    assert response.status_code == HTTPStatus.OK
    assert not Registration.objects.exists()


def test_a_second_registration_sends_back_to_the_event_page(client, event, participant):
    client.force_login(participant)
    response = client.post(url("register", event), {}, follow=True)
    assert "déjà inscrit" in response.content.decode()
    assert Registration.objects.filter(user=participant).count() == 1


def test_someone_on_the_waiting_list_is_told_so_when_registering_again(client, event, participant):
    RegistrationFactory(event=event)  # the event is now full
    late = UserFactory()
    registration_create(actor=late, event=event)
    client.force_login(late)

    html = client.get(url("register", event), follow=True).content.decode()

    assert "déjà sur la liste d’attente" in html
    assert "déjà inscrit·e" not in html


def test_the_registration_page_of_a_closed_event_gives_the_reason_without_the_form(
    client, stranger
):
    event = EventFactory(past=True)
    client.force_login(stranger)

    html = client.get(url("register", event)).content.decode()

    assert "closes depuis le" in html
    assert "Confirmer mon inscription" not in html
    assert event.get_absolute_url() in html


def test_the_registration_page_of_a_cancelled_event_says_it_is_cancelled(client, stranger):
    event = EventFactory(state=EventState.CANCELLED)
    client.force_login(stranger)

    html = client.get(url("register", event)).content.decode()

    assert "Cet événement est annulé" in html
    assert "Confirmer mon inscription" not in html


def test_anonymous_people_are_sent_to_sign_in(client, event):
    response = client.post(url("register", event), {})
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("accounts:login") in response["Location"]


def test_the_waiting_list_position_is_shown(client, participant, event):
    RegistrationFactory(event=event)  # the event is now full
    late = UserFactory()
    registration_create(actor=late, event=event)
    client.force_login(late)

    html = client.get(event.get_absolute_url()).content.decode()

    assert "n° 1 sur la liste d’attente" in html


def test_cancelling_asks_for_a_confirmation_that_says_what_happens(client, event, participant):
    """No one-click cancel: a disclosure says the seat goes to the waiting list first."""
    client.force_login(participant)

    html = client.get(event.get_absolute_url()).content.decode()

    disclosure = html[html.index("<details") : html.index("</details>")]
    assert "Annuler mon inscription" in disclosure
    assert "Votre place sera aussitôt proposée" in disclosure
    assert "Confirmer l’annulation" in disclosure


def test_a_participant_cancels_their_registration(client, event, participant):
    client.force_login(participant)

    response = client.post(url("cancel_registration", event), follow=True)

    assert "Votre inscription est annulée." in response.content.decode()
    assert Registration.objects.get(user=participant).state == RegistrationState.CANCELLED


def test_cancelling_without_a_registration_is_a_404(client, event, stranger):
    client.force_login(stranger)
    assert client.post(url("cancel_registration", event)).status_code == HTTPStatus.NOT_FOUND


def test_a_participant_cannot_cancel_someone_else(client, event, participant):
    other = RegistrationFactory(event=event)
    client.force_login(participant)
    response = client.post(url("cancel_registration", event), {"registration": other.pk})
    assert response.status_code == HTTPStatus.FORBIDDEN
    other.refresh_from_db()
    assert other.state == RegistrationState.CONFIRMED


# The invitation


def test_the_invitation_is_a_public_calendar_file(client, event):
    response = client.get(url("invitation", event))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().startswith("BEGIN:VCALENDAR\r\n")
    assert f"passeurs-event-{event.pk}@" in response.content.decode()


def test_the_invitation_is_also_at_the_address_calendars_know(client, event):
    response = client.get(f"/events/{event.pk}/invitation.ics")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:passeurs-event-{event.pk}@" in response.content.decode()


def test_a_drafts_invitation_is_a_404_for_the_public(client):
    draft = EventFactory(draft=True)
    assert client.get(url("invitation", draft)).status_code == HTTPStatus.NOT_FOUND


# Creating, editing, publishing


def event_data(**overrides):
    return {
        "title": "Hackathon du CHESP",
        "kind": "hackathon",
        "question": "Comment rapprocher administrations et associations ?",
        "starts_at": "2030-03-12T09:00",
        "ends_at": "2030-03-13T17:00",
        "time_zone": "Indian/Mayotte",
        "venue": "INSP",
        "city": "Strasbourg",
        "capacity": "40",
        "quota_state": "20",
        "quota_ess": "",
        **overrides,
    }


def test_a_coordinator_creates_an_event_in_its_own_time_zone(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("events:create"), event_data())

    event = Event.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert event.state == EventState.DRAFT
    assert event.starts_at == datetime.datetime(2030, 3, 12, 6, 0, tzinfo=datetime.UTC)
    assert dict(event.quotas.values_list("category", "seats")) == {"state": 20}
    assert list(event.organisers.all()) == [coordinator]


def test_quotas_over_the_capacity_are_refused_on_the_form(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("events:create"), event_data(capacity="10"))

    assert response.status_code == HTTPStatus.OK
    assert "dépassent le nombre de places" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("persona", ["anonymous", "stranger"])
def test_only_coordinators_open_the_create_page(client, stranger, persona):
    if persona == "stranger":
        client.force_login(stranger)
    response = client.get(reverse("events:create"))
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    if persona == "stranger":
        assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_edit_form_shows_the_times_in_the_events_zone_and_saves(client):
    starts = datetime.datetime(2030, 7, 9, 6, 0, tzinfo=datetime.UTC)
    event = EventFactory(
        time_zone="Indian/Mayotte", starts_at=starts, ends_at=starts + datetime.timedelta(hours=8)
    )
    client.force_login(event.organisers.get())

    form = client.get(url("update", event)).content.decode()
    assert 'value="2030-07-09T09:00"' in form

    response = client.post(
        url("update", event),
        event_data(
            title="Titre revu",
            starts_at="2030-07-09T09:00",
            ends_at="2030-07-09T17:00",
            version=event.version,
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.title == "Titre revu"
    assert event.starts_at == starts


def test_a_stale_edit_is_a_409(client, event, organiser):
    client.force_login(organiser)
    response = client.post(url("update", event), event_data(version=event.version + 3))
    assert response.status_code == HTTPStatus.CONFLICT


def test_a_stranger_cannot_edit_nor_publish(client, event, stranger):
    client.force_login(stranger)
    assert client.get(url("update", event)).status_code == HTTPStatus.FORBIDDEN
    response = client.post(url("transition", event), {"target": "cancelled", "version": 1})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_an_organiser_publishes_a_draft(client):
    draft = EventFactory(draft=True)
    client.force_login(draft.organisers.get())

    response = client.post(url("transition", draft), {"target": "published", "version": 1})

    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.state == EventState.PUBLISHED


def test_an_ended_event_offers_no_cancel_button_and_refuses_a_cancel(client):
    event = EventFactory(past=True)
    client.force_login(event.organisers.get())

    html = client.get(event.get_absolute_url()).content.decode()
    response = client.post(url("transition", event), {"target": "cancelled", "version": 1})

    assert "Annuler l’événement" not in html
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "ne peut plus être annulé" in response.content.decode()
    event.refresh_from_db()
    assert event.state == EventState.PUBLISHED


def test_an_upcoming_event_offers_the_cancel_button(client, event, organiser):
    client.force_login(organiser)
    assert "Annuler l’événement" in client.get(event.get_absolute_url()).content.decode()


def test_an_unknown_move_is_a_422(client, event, organiser):
    client.force_login(organiser)
    response = client.post(url("transition", event), {"target": "draft", "version": 1})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY


# The participant list and attendance


@pytest.mark.parametrize("persona", ["participant", "stranger"])
def test_only_organisers_see_the_participants(client, event, participant, stranger, persona):
    client.force_login(participant if persona == "participant" else stranger)
    assert client.get(url("participants", event)).status_code == HTTPStatus.FORBIDDEN
    assert client.get(url("export", event)).status_code == HTTPStatus.FORBIDDEN


def test_the_participant_list_shows_confirmed_and_waiting_people_in_order(
    client, event, organiser, django_assert_max_num_queries
):
    users = [UserFactory(last_name=name) for name in ("Abadie", "Bernard", "Colin", "Durand")]
    for user in users:
        registration_create(actor=user, event=event)
    client.force_login(organiser)

    with django_assert_max_num_queries(12):
        response = client.get(url("participants", event))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    waiting = html.split("Liste d’attente")[-1]
    assert waiting.index("Colin") < waiting.index("Durand")
    assert "2 inscrit·es confirmé·es" in html


def test_the_participant_list_shows_its_export_button_and_dates_in_the_events_zone(
    client, organiser
):
    event = EventFactory(time_zone="Pacific/Noumea", organisers=[organiser])
    registration = RegistrationFactory(event=event)
    registered = datetime.datetime(2030, 7, 9, 22, 30, tzinfo=datetime.UTC)  # 10/07 in Nouméa
    Registration.objects.filter(pk=registration.pk).update(created_at=registered)
    client.force_login(organiser)

    html = client.get(url("participants", event)).content.decode()

    # An icon button in a group needs the group's icon-left modifier, or shows its icon alone.
    group = html.split(url("export", event))[0].rsplit("<ul", 1)[1]
    assert "fr-btns-group--icon-left" in group
    assert "10/07/2030 09:30" in html


def test_an_organiser_marks_someone_present_with_htmx(client, event, organiser, participant):
    registration = Registration.objects.get(user=participant)
    client.force_login(organiser)

    response = client.post(
        url("attendance", event, registration.pk),
        {"attendance": "present", "version": registration.version},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'id="attendance-{registration.pk}"' in html
    assert "Présent·e" in html
    # Both buttons stay (htmx gives the focus back by id), the current one pressed.
    assert f'id="attendance-{registration.pk}-present" aria-pressed="true"' in html
    assert f'id="attendance-{registration.pk}-absent" aria-pressed="false"' in html
    assert "<html" not in html
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT


def test_a_stale_attendance_mark_is_refused_and_shows_the_current_state(
    client, event, organiser, participant
):
    registration = Registration.objects.get(user=participant)
    client.force_login(organiser)
    client.post(url("attendance", event, registration.pk), {"attendance": "present", "version": 1})

    stale = client.post(
        url("attendance", event, registration.pk),
        {"attendance": "absent", "version": 1},
        headers={"HX-Request": "true"},
    )
    plain = client.post(
        url("attendance", event, registration.pk), {"attendance": "absent", "version": 1}
    )

    assert "modifiée par quelqu’un d’autre" in stale.content.decode()
    assert plain.status_code == HTTPStatus.CONFLICT
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT


def test_an_organiser_cancels_someone_and_the_next_one_is_promoted(client, event, organiser):
    first, second, third = (UserFactory() for _ in range(3))
    for user in (first, second, third):
        registration_create(actor=user, event=event)
    client.force_login(organiser)

    response = client.post(
        url("cancel_registration", event),
        {"registration": Registration.objects.get(user=first).pk},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Registration.objects.get(user=third).state == RegistrationState.CONFIRMED
