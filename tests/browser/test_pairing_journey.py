"""The pairing of the demo's current edition: matched, corrected, published, then at work."""

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


def sign_out(page) -> None:
    page.locator(".fr-header__tools-links").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/$"))
    page.a11y(page)


def click_and_check(page, locator) -> None:
    locator.click()
    page.wait_for_load_state("load")
    page.a11y(page)


def log_action(page, kind: str, date: str, outcome: str) -> None:
    page.get_by_label(re.compile("Nature de l’action")).select_option(label=kind)
    page.get_by_label(re.compile("Date de l’action")).fill(date)
    page.get_by_label(re.compile("Résultat")).fill(outcome)
    click_and_check(page, page.get_by_role("button", name="Ajouter l’action"))
    expect(page.get_by_text("L’action de facilitation a été ajoutée au journal.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_matches_corrects_and_publishes_and_the_pair_gets_to_work(page, demo_data):
    from passeurs.core.demo.pairing import COORDINATOR
    from passeurs.pairing.models import Edition, EditionState, Pair, PairRule, PairState

    edition = Edition.objects.get(programme__slug="passeurs-publics", name="Promotion 2026")
    assert edition.state == EditionState.MATCHING
    manage = f"/programmes/editions/{edition.pk}/pilotage/"

    # The coordinator finds the edition from the programmes and runs the matching.
    sign_in(page, COORDINATOR, "/programmes/")
    click_and_check(page, page.get_by_role("link", name="Promotion 2026"))
    click_and_check(page, page.get_by_role("link", name="Piloter la promotion"))
    page.wait_for_url(re.compile(re.escape(manage) + "$"))
    click_and_check(page, page.get_by_role("button", name="Lancer l’appariement"))
    expect(page.get_by_text("L’appariement a été calculé")).to_be_visible()

    # Each proposed pair explains its score, term by term.
    proposal = page.get_by_role("table", name=re.compile("Binômes proposés"))
    first_row = proposal.locator("tbody tr").first
    for term in ("Expertise", "Défis partagés", "Territoire", "Souhaits"):
        expect(first_row).to_contain_text(f"{term} :")

    # They forbid the first pair and run again: it is not proposed any more.
    click_and_check(page, first_row.get_by_role("button", name=re.compile("^Interdire")))
    expect(page.get_by_text("Ce binôme est interdit")).to_be_visible()
    rule = PairRule.objects.get(edition=edition, kind=PairRule.Kind.FORBIDDEN)
    expect(page.get_by_role("table", name="Binômes imposés ou interdits")).to_contain_text(
        "Interdit"
    )
    click_and_check(page, page.get_by_role("button", name="Lancer l’appariement"))
    proposed = Pair.objects.filter(edition=edition, state=PairState.PROPOSED)
    assert proposed.exists()
    assert not proposed.filter(project=rule.project, servant=rule.servant).exists()

    # They publish the pairs.
    click_and_check(page, page.get_by_role("button", name="Publier les binômes"))
    expect(page.get_by_text("Les binômes sont publiés")).to_be_visible()
    sign_out(page)

    pair = proposed.select_related("project__user", "servant__user").first()
    pair_url = f"/programmes/binomes/{pair.pk}/"

    # The civil servant finds the proposal among their pairs and accepts it.
    sign_in(page, pair.servant.user.email, "/programmes/mes-binomes/")
    click_and_check(page, page.get_by_role("link", name=re.compile(re.escape(str(pair.project)))))
    page.wait_for_url(re.compile(re.escape(pair_url) + "$"))
    click_and_check(page, page.get_by_role("button", name="Accepter le binôme"))
    expect(page.get_by_text("Le binôme est maintenant « Accepté par l’agent »")).to_be_visible()
    sign_out(page)

    # The project accepts too, which starts the pair, and logs a first action.
    sign_in(page, pair.project.user.email, pair_url)
    click_and_check(page, page.get_by_role("button", name="Accepter le binôme"))
    expect(page.get_by_text("Le binôme est maintenant « Actif »")).to_be_visible()
    log_action(page, "Conseil sur une démarche", "2026-12-08", "Dossier de subvention relu.")
    sign_out(page)

    # The civil servant logs theirs.
    sign_in(page, pair.servant.user.email, pair_url)
    log_action(
        page, "Mise en relation avec un service", "2026-12-10", "Rendez-vous pris à la DREETS."
    )
    expect(page.get_by_role("table", name="Actions de facilitation du binôme")).to_contain_text(
        "Dossier de subvention relu."
    )
    sign_out(page)

    # The edition's dashboard counts the pair and both actions.
    page.goto(f"/programmes/{edition.programme_id}/chiffres/?promotion={edition.pk}")
    page.a11y(page)
    summary = page.locator("#summary-title + dl")
    expect(summary).to_contain_text(re.compile(r"Binômes actifs\s*1"))
    expect(summary).to_contain_text(re.compile(r"Actions de facilitation\s*2"))
    kinds = page.get_by_role("table", name="Actions de facilitation par nature")
    expect(kinds).to_contain_text("Conseil sur une démarche")
    expect(kinds).to_contain_text("Mise en relation avec un service")
    expect(page.get_by_role("table", name=re.compile("par mois"))).to_contain_text("2026-12")


def test_the_programme_pages_and_the_candidacy_forms_are_accessible(page, demo_data):
    from passeurs.pairing.models import Edition

    edition = Edition.objects.get(programme__slug="passeurs-publics", name="Promotion 2026")

    page.goto("/programmes/")
    page.a11y(page)
    click_and_check(page, page.get_by_role("link", name="Passeurs publics", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Passeurs publics")
    click_and_check(page, page.get_by_role("link", name="Voir le tableau de bord"))

    sign_in(page, "francois.lemaire@demo.passeurs.test", "/programmes/")
    click_and_check(page, page.get_by_role("link", name="Mes binômes"))
    for side in ("", "?cote=projet"):
        page.goto(f"/programmes/editions/{edition.pk}/candidater/{side}")
        page.a11y(page)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Candidater")
