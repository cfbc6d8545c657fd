"""The events API: public events only, public fields only, filtered and paginated."""

import pytest

from passeurs.core.models import Challenge
from passeurs.events.models import CategoryQuota
from passeurs.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/events"


def test_the_list_shows_upcoming_published_and_cancelled_events_to_anybody(client):
    soon = EventFactory(title="Connexions innovantes", capacity=10)
    CategoryQuota.objects.create(event=soon, category="startup", seats=3)
    RegistrationFactory(event=soon, user__email="lina@exemple.fr")
    EventFactory(title="Annulé", state="cancelled")
    EventFactory(title="Brouillon", draft=True)
    EventFactory(title="Passé", past=True)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert {event["title"] for event in body["results"]} == {"Connexions innovantes", "Annulé"}
    event = next(e for e in body["results"] if e["id"] == soon.pk)
    assert event["seats_left"] == 9
    assert event["quotas"] == [{"category": "startup", "category_label": "Start-up", "seats": 3}]
    assert event["url"].endswith(f"/evenements/{soon.pk}/")
    assert event["invitation_url"].endswith(f"/events/{soon.pk}/invitation.ics")
    assert "lina@exemple.fr" not in response.content.decode()
    assert "online_url" not in event


def test_the_past_events_and_the_kind_filter(client):
    EventFactory(title="Passé", past=True)
    EventFactory(title="Hackathon", hackathon=True)
    EventFactory(title="Journée")

    past = client.get(URL, {"period": "past"}).json()["results"]
    hackathons = client.get(URL, {"kind": "hackathon"}).json()["results"]

    assert [e["title"] for e in past] == ["Passé"]
    assert [e["title"] for e in hackathons] == ["Hackathon"]


def test_the_challenge_filter_uses_the_challenge_code(client):
    challenge = Challenge.objects.first()
    EventFactory(title="Avec défi", challenge=challenge)
    EventFactory(title="Sans défi")

    results = client.get(URL, {"challenge": challenge.slug}).json()["results"]

    assert [e["title"] for e in results] == ["Avec défi"]
    assert results[0]["challenge"] == challenge.slug


def test_bad_filters_are_a_422_with_french_messages(client):
    response = client.get(URL, {"kind": "rave", "period": "hier"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["kind"] == ["Format d’événement inconnu."]
    assert "period" in errors


def test_the_list_is_paginated(client):
    for _ in range(3):
        EventFactory()

    body = client.get(URL, {"page_size": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_an_event_is_read_by_its_id(client):
    event = EventFactory(time_zone="Indian/Mayotte", online_url="https://visio.exemple.fr/x")

    response = client.get(f"{URL}/{event.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["time_zone"] == "Indian/Mayotte"
    assert body["is_online"] is True
    assert "visio.exemple.fr" not in response.content.decode()


def test_a_draft_or_unknown_event_is_a_json_404(client):
    draft = EventFactory(draft=True)

    for event_id in (draft.pk, 999):
        response = client.get(f"{URL}/{event_id}")
        assert response.status_code == 404
        assert response.json()["detail"] == "Événement introuvable."
