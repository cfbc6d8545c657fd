"""A coordinator seats a workshop day, moves one person by hand and sees the scores change."""

import re

import pytest
from playwright.sync_api import expect


def sign_in(page, email: str, password: str, next_url: str) -> None:
    page.goto(f"/comptes/connexion/?next={next_url}")
    page.a11y(page)
    page.get_by_label(re.compile("Adresse électronique")).fill(email)
    page.get_by_label(re.compile("Mot de passe")).fill(password)
    page.get_by_label(re.compile("Mot de passe")).press("Enter")
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))
    page.a11y(page)


def click_and_check(page, locator) -> None:
    locator.click()
    page.wait_for_load_state("load")
    page.a11y(page)


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_seats_a_workshop_day_and_moves_one_person(page, reference_data):
    from passeurs.accounts.tests.factories import PASSWORD, UserFactory
    from passeurs.events.models import ParticipantCategory, Registration
    from passeurs.events.tests.table_factories import room

    coordinator = UserFactory(email="coordinatrice@exemple.fr", coordinator=True)
    event, _ = room(
        categories={
            ParticipantCategory.ESS: 8,
            ParticipantCategory.STATE: 4,
            ParticipantCategory.LOCAL_AUTHORITY: 4,
            ParticipantCategory.STARTUP: 4,
        },
        departments=["69", "13", "59", "33", "35"],
        organisers=[coordinator],
        title="Connexions innovantes : l’autonomie des aînés",
    )
    seating_url = f"/evenements/{event.pk}/tables/"

    # The coordinator opens the seating page and sets up four tables of six.
    sign_in(page, coordinator.email, PASSWORD, seating_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tables de « Connexions")
    expect(page.get_by_text("20 participants inscrits")).to_be_visible()
    page.get_by_label("Nombre de tables").fill("4")
    page.get_by_label("Places par table").fill("6")
    click_and_check(page, page.get_by_role("button", name="Créer les tables"))
    expect(page.get_by_text("4 tables de 6 places sont prêtes.")).to_be_visible()

    # Passeurs seats everybody: each table shows its people and its balance.
    click_and_check(page, page.get_by_role("button", name="Placer les participants"))
    expect(page.get_by_text("20 participants sont placés")).to_be_visible()
    expect(page.locator("#global-balance")).to_contain_text("/100")
    assert not Registration.objects.filter(event=event, table__isnull=True).exists()
    table_one = page.get_by_role("table", name=re.compile("^Table 1"))
    expect(table_one.locator("tbody tr")).to_have_count(5)

    # They move the first person of table 1 to table 2 (htmx swaps the board in place).
    mover = (
        Registration.objects.filter(event=event, table__number=1)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
        .first()
    )
    name = str(mover.user)
    global_before = page.locator("#global-balance").inner_text()
    balance_two = page.locator("#table-2 .table-balance")
    before = balance_two.inner_text()
    table_two = event.tables.get(number=2)
    table_one.get_by_label(f"Table de {name}").select_option(value=str(table_two.pk))
    table_one.get_by_role("button", name=f"Déplacer {name}").click()
    expect(page.get_by_text(f"{name} est placé·e à « Table 2 ».")).to_be_visible()
    page.a11y(page)

    # Table 2 now has six people and a lower score; table 1 has four; the global score moves.
    expect(page.locator("#table-2 .table-summary")).to_contain_text("6/6 places")
    expect(page.locator("#table-1 .table-summary")).to_contain_text("4/6 places")
    expect(balance_two).not_to_have_text(before)
    assert page.locator("#global-balance").inner_text() != global_before
    mover.refresh_from_db()
    assert mover.table.number == 2
