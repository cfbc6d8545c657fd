"""A project leader applies to an open call: starts the application for their initiative,
answers the questions with a PDF, saves the draft, submits, and reads it back read-only."""

import re

import pytest
from playwright.sync_api import expect

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def click_and_check(page, locator) -> None:
    locator.click()
    page.wait_for_load_state("load")
    page.a11y(page)


@pytest.fixture
def leader_and_call(reference_data):
    from passeurs.accounts.tests.factories import PASSWORD
    from passeurs.calls.models import Application
    from passeurs.calls.tests.application_factories import call_with_form, leader_with_initiative

    call = call_with_form(title="Incubateur des solutions locales")
    user, initiative = leader_with_initiative(name="Association Les Liens du Quartier")
    assert not Application.objects.exists()
    return user, PASSWORD, initiative, call


@pytest.mark.django_db(transaction=True)
def test_a_leader_applies_to_an_open_call_and_reads_the_submitted_application(
    page, leader_and_call
):
    from passeurs.calls.models import Application, ApplicationState

    user, password, initiative, call = leader_and_call

    # They sign in and find the call among the open ones.
    page.goto("/comptes/connexion/?next=/appels/")
    page.a11y(page)
    page.get_by_label(re.compile("Adresse électronique")).fill(user.email)
    page.get_by_label(re.compile("Mot de passe")).fill(password)
    page.get_by_label(re.compile("Mot de passe")).press("Enter")
    page.wait_for_url(re.compile(r"/appels/$"))
    page.a11y(page)
    click_and_check(page, page.get_by_role("link", name="Incubateur des solutions locales"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Incubateur des solutions locales")

    # They start the application for their initiative.
    click_and_check(page, page.get_by_role("link", name="Candidater"))
    # DSFR draws the radio button on its label, which takes the click.
    page.locator("label", has_text=initiative.title).click()
    click_and_check(page, page.get_by_role("button", name="Commencer ma candidature"))
    application = Application.objects.get(call=call, initiative=initiative)
    page.wait_for_url(re.compile(rf"/appels/candidatures/{application.pk}/$"))

    # They answer, attach a PDF and save the draft.
    page.get_by_label(re.compile("Présentez votre projet")).fill(
        "Un lieu où les habitants réparent ensemble leurs objets du quotidien."
    )
    page.get_by_label(re.compile("Personnes accompagnées par an")).fill("1 200")
    page.get_by_label(re.compile("Stade du projet")).select_option("Prototype")
    page.get_by_label(re.compile("Dossier de présentation")).set_input_files(
        {"name": "presentation.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    click_and_check(page, page.get_by_role("button", name="Enregistrer le brouillon"))
    expect(page.get_by_text(re.compile("Brouillon enregistré à"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("presentation.pdf"))).to_be_visible()
    expect(page.get_by_label(re.compile("Personnes accompagnées par an"))).to_have_value("1200")

    # They submit it: it is read-only afterwards.
    click_and_check(page, page.get_by_role("button", name="Déposer la candidature"))
    expect(page.get_by_text(re.compile("Votre candidature a été déposée"))).to_be_visible()
    expect(page.get_by_role("heading", name="Réponses")).to_be_visible()
    expect(page.get_by_role("button", name="Déposer la candidature")).to_have_count(0)
    expect(page.get_by_text("Un lieu où les habitants réparent ensemble")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("presentation.pdf"))).to_be_visible()
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED

    # The application is listed on their page.
    click_and_check(page, page.get_by_role("link", name="Mes candidatures").first)
    expect(page.get_by_role("link", name=initiative.title)).to_be_visible()
