"""Main journeys, driven with the keyboard alone, axe-core checked on every page."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import tab_to

LEADER = "leader@demo.passeurs.test"


def test_the_home_page_and_the_directory_are_accessible(page, demo_data):
    page.goto("/")
    page.a11y(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/annuaire/structures/")
    page.a11y(page)
    page.goto("/annuaire/projets/")
    page.a11y(page)


def test_a_project_leader_signs_in_creates_an_initiative_and_finds_it(page, demo_data):
    from passeurs.core.demo.data import DEMO_PASSWORD

    page.goto("/")
    page.a11y(page)

    # Sign in with the keyboard alone.
    tab_to(page, "a[href='/comptes/connexion/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/comptes/connexion/"))
    page.a11y(page)
    tab_to(page, "input[name='username']")
    page.keyboard.type(LEADER)
    tab_to(page, "input[name='password']")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/comptes/profil/"))
    page.a11y(page)

    # Create an initiative.
    page.goto("/annuaire/projets/nouveau/")
    page.a11y(page)
    tab_to(page, "input[name='title']")
    page.keyboard.type("Ressourcerie numérique des Pentes")
    tab_to(page, "textarea[name='summary']")
    page.keyboard.type("Réemploi d’ordinateurs pour les familles éloignées du numérique.")
    tab_to(page, "button[type='submit']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/annuaire/projets/\d+/"))
    page.a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ressourcerie numérique des Pentes")

    # Find it with the search, accents and case ignored.
    page.goto("/annuaire/projets/")
    page.a11y(page)
    tab_to(page, "input[name='q']")
    page.keyboard.type("RESSOURCERIE NUMERIQUE")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=RESSOURCERIE"))
    page.a11y(page)
    expect(page.get_by_role("link", name="Ressourcerie numérique des Pentes")).to_be_visible()
