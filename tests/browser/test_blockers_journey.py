"""A regulatory blocker from the declaration to its lifting, through four people's eyes."""

import re

import pytest
from playwright.sync_api import expect

EXISTING_TITLE = "Les fauteuils roulants reconditionnés ne sont pas remboursés"
LFSS_ARTICLE = "article L. 165-1 du code de la sécurité sociale"


@pytest.fixture
def people(reference_data):
    """An existing blocker, a second project hit by it, a coordinator and a civil servant."""
    from passeurs.accounts.tests.factories import UserFactory
    from passeurs.blockers.tests.factories import BlockerFactory
    from passeurs.directory.tests.factories import (
        InitiativeFactory,
        MembershipFactory,
        OrganisationFactory,
    )

    first = InitiativeFactory(
        organisation=OrganisationFactory(name="Atelier du fauteuil"),
        title="Fauteuils pour tous",
    )
    blocker = BlockerFactory(
        initiative=first,
        title=EXISTING_TITLE,
        prevents="Seuls les fauteuils neufs figurent sur la liste des produits remboursables.",
        legal_text=LFSS_ARTICLE,
    )
    second = InitiativeFactory(
        organisation=OrganisationFactory(name="Ressourcerie médicale du Rhône"),
        title="Ressourcerie médicale",
    )
    leader = UserFactory(email="porteuse@exemple.fr")
    MembershipFactory(user=leader, organisation=second.organisation)
    return {
        "blocker": blocker,
        "second": second,
        "leader": leader,
        "coordinator": UserFactory(email="coordination@exemple.fr", coordinator=True),
        "civil_servant": UserFactory(
            email="agent@exemple.fr",
            civil_servant=True,
            first_name="Alex",
            last_name="Martin",
            profile_is_public=True,
        ),
    }


def sign_in(page, email: str, next_url: str) -> None:
    from passeurs.accounts.tests.factories import PASSWORD

    page.goto(f"/comptes/connexion/?next={next_url}")
    page.a11y(page)
    page.get_by_label(re.compile("Adresse électronique")).fill(email)
    page.get_by_label(re.compile("Mot de passe")).fill(PASSWORD)
    page.get_by_label(re.compile("Mot de passe")).press("Enter")
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))
    page.a11y(page)


def sign_out(page) -> None:
    page.locator(".fr-header__tools-links").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/$"))
    page.a11y(page)


def act(page, action: str) -> None:
    """Open the accordion of an action of the blocker page."""
    page.get_by_role("button", name=action, exact=True).first.click()


def send(page, target: str, label: str) -> None:
    """Send the form of the opened action, then check the page it leads to."""
    page.locator(f"#action-{target}").get_by_role("button", name=label).click()
    page.wait_for_load_state("load")
    page.a11y(page)


def test_a_blocker_is_joined_qualified_resolved_and_lifted(page, people):
    blocker = people["blocker"]
    detail = f"/freins/{blocker.pk}/"

    # A project leader starts declaring the same blocker and is shown the existing one.
    sign_in(page, people["leader"].email, "/freins/declarer/")
    page.get_by_label(re.compile("Titre")).press_sequentially(
        "Fauteuil reconditionné non remboursé", delay=20
    )
    suggestions = page.locator("#suggestions")
    expect(suggestions.get_by_role("link", name=EXISTING_TITLE, exact=True)).to_be_visible()
    expect(page.locator("#suggestions-status")).to_have_text("1 frein similaire déjà signalé.")
    page.get_by_label(re.compile("Textes juridiques en cause")).fill(LFSS_ARTICLE)
    page.get_by_label(re.compile("Textes juridiques en cause")).press("End")
    expect(suggestions).to_contain_text(
        "Mêmes textes juridiques : Article L165-1 du code de la sécurité sociale"
    )
    page.a11y(page)

    # They join it instead, with their own testimony.
    suggestions.get_by_role("link", name=re.compile("Rejoindre ce frein")).click()
    page.wait_for_url(re.compile(rf"{detail}\?initiative={people['second'].pk}#rejoindre$"))
    page.a11y(page)
    join = page.locator("#rejoindre")
    expect(join.get_by_label(re.compile("Votre projet"))).to_have_value(str(people["second"].pk))
    join.get_by_label(re.compile("Votre témoignage")).fill(
        "Nos 60 fauteuils révisés restent à la charge des familles."
    )
    join.get_by_role("button", name="Rejoindre ce frein").click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    page.a11y(page)
    expect(page.get_by_text("fait maintenant partie des projets concernés")).to_be_visible()
    expect(page.get_by_text("2 projets concernés")).to_be_visible()
    sign_out(page)

    # A coordinator qualifies it and assigns a civil servant.
    sign_in(page, people["coordinator"].email, detail)
    act(page, "Qualifier le frein")
    page.locator("#action-qualified").get_by_label(re.compile("Commentaire")).fill(
        "Frein partagé par deux projets : à instruire."
    )
    send(page, "qualified", "Qualifier le frein")
    expect(page.get_by_text("Le frein est maintenant « Qualifié ».")).to_be_visible()
    act(page, "Confier à un agent public")
    page.locator("#action-assign").get_by_label(re.compile("Agent public")).select_option(
        label="Alex Martin (agent@exemple.fr)"
    )
    send(page, "assign", "Confier le frein")
    expect(page.get_by_text("Le frein a été confié")).to_be_visible()
    sign_out(page)

    # The civil servant puts it under review and proposes a resolution by law.
    sign_in(page, people["civil_servant"].email, detail)
    act(page, "Mettre en instruction")
    send(page, "in_progress", "Mettre en instruction")
    act(page, "Proposer une piste de levée")
    form = page.locator("#action-resolution_proposed")
    form.get_by_label(re.compile("Nature de la levée")).select_option(label="Loi")
    form.get_by_label(re.compile("Texte qui porte la levée")).fill("LFSS pour 2019")
    send(page, "resolution_proposed", "Proposer une piste de levée")
    expect(page.get_by_text("Le frein est maintenant « Piste de levée ».")).to_be_visible()
    sign_out(page)

    # The coordinator marks it lifted, on the date the law was published.
    sign_in(page, people["coordinator"].email, detail)
    act(page, "Marquer comme levé")
    form = page.locator("#action-lifted")
    expect(form.get_by_label(re.compile("Nature de la levée"))).to_have_value("law")
    form.get_by_label(re.compile("Date de la levée")).fill("2018-12-22")
    send(page, "lifted", "Marquer comme levé")
    expect(page.get_by_text("Le frein est maintenant « Levé ».")).to_be_visible()
    sign_out(page)

    # Anyone sees the whole story on the public page.
    page.goto(detail)
    page.a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(EXISTING_TITLE)
    timeline = page.locator("#timeline")
    for step in (
        "Création du frein",
        "État : Signalé",
        "Nouveau projet concerné",
        "État : Qualifié",
        "Prise en charge",
        "État : En instruction",
        "État : Piste de levée",
        "État : Levé",
    ):
        expect(timeline).to_contain_text(step)
    expect(timeline).to_contain_text("Frein partagé par deux projets : à instruire.")
    expect(timeline).to_contain_text("Alex Martin")
    expect(page.get_by_text("LFSS pour 2019")).to_be_visible()
    expect(
        page.get_by_text("Nos 60 fauteuils révisés restent à la charge des familles.")
    ).to_be_visible()
    expect(page.locator("#actions")).to_have_count(0)

    # And finds it among the lifted blockers.
    page.goto("/freins/?state=lifted")
    page.a11y(page)
    expect(page.get_by_role("link", name=EXISTING_TITLE)).to_be_visible()
