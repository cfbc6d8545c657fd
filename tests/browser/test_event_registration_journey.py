"""A person finds an upcoming event, registers, and gets the invitation for their calendar."""

import re

import pytest
from playwright.sync_api import expect


def sign_in(page, email: str, next_url: str) -> None:
    from passeurs.core.demo.data import DEMO_PASSWORD

    page.goto(f"/comptes/connexion/?next={next_url}")
    page.a11y(page)
    page.get_by_label(re.compile("Adresse électronique")).fill(email)
    page.get_by_label(re.compile("Mot de passe")).fill(DEMO_PASSWORD)
    page.get_by_label(re.compile("Mot de passe")).press("Enter")
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))
    page.a11y(page)


def click_and_check(page, locator) -> None:
    locator.click()
    page.wait_for_load_state("load")
    page.a11y(page)


@pytest.mark.django_db(transaction=True)
def test_a_person_registers_to_an_event_and_gets_the_invitation(page, demo_data, mailoutbox):
    from dataclasses import dataclass

    from passeurs.core.demo.events import load_events
    from passeurs.events.models import Registration, RegistrationState

    @dataclass
    class Tally:
        created: int = 0
        existing: int = 0

    webinar = load_events(Tally())["webinar"]
    email = "leader@demo.passeurs.test"

    # They find the webinar among the upcoming events.
    sign_in(page, email, "/evenements/")
    expect(page.get_by_role("heading", level=1, name="Événements")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name=webinar.title))
    page.wait_for_url(re.compile(rf"/evenements/{webinar.pk}/$"))
    expect(page.get_by_text("Indian/Mayotte").first).to_be_visible()

    # They register for their structure.
    click_and_check(page, page.get_by_role("link", name="S’inscrire"))
    page.get_by_label(re.compile("Message aux organisateurs")).fill("Je viens avec une collègue.")
    click_and_check(page, page.get_by_role("button", name="Confirmer mon inscription"))
    page.wait_for_url(re.compile(rf"/evenements/{webinar.pk}/$"))
    expect(page.get_by_text("Votre inscription est confirmée")).to_be_visible()
    expect(page.get_by_text("Vous êtes inscrit·e")).to_be_visible()
    registration = Registration.objects.get(event=webinar, user__email=email)
    assert registration.state == RegistrationState.CONFIRMED

    # The page's invitation link is a calendar file, with the connection link for them.
    link = page.get_by_role("link", name=re.compile("Ajouter à mon agenda"))
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = response.text()
    assert calendar.startswith("BEGIN:VCALENDAR\r\n")
    assert "DTSTART;TZID=Indian/Mayotte:" in calendar
    assert "webinaire.demo.passeurs.test" in calendar.replace("\r\n ", "")

    # The confirmation e-mail carries the same invitation.
    (message,) = [m for m in mailoutbox if m.to == [email]]
    assert message.attachments[0][2] == "text/calendar"

    # Cancelling asks first: the summary opens, says what happens to the seat, then confirms.
    expect(page.get_by_role("button", name="Confirmer l’annulation")).to_be_hidden()
    page.get_by_text("Annuler mon inscription").click()
    expect(page.get_by_text("Votre place sera aussitôt proposée")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Confirmer l’annulation"))
    expect(page.get_by_text("Votre inscription est annulée.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.state == RegistrationState.CANCELLED
