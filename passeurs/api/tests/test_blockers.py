"""Reading the regulatory blockers: public ones only, public fields only."""

import pytest

from passeurs.blockers import selectors, services
from passeurs.blockers.tests.factories import BlockerFactory, move_to
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/blockers"
MINISTRY = "Ministère du Travail, de la Santé et des Solidarités"

LIST_FIELDS = {
    "id",
    "title",
    "state",
    "state_label",
    "challenges",
    "regions",
    "references",
    "administrations",
    "supports_count",
    "resolution",
    "created_at",
    "updated_at",
    "version",
    "url",
}
DETAIL_FIELDS = LIST_FIELDS | {
    "prevents",
    "consequence",
    "legal_text",
    "resolution_summary",
    "kept_justification",
    "supports",
    "timeline",
    "merged_into",
}


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    selectors.INDEX.clear()
    yield
    selectors.INDEX.clear()


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(organisation=organisation, title="Recyclerie solidaire")


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def join(blocker, *, initiative=None, testimony=""):
    initiative = initiative or InitiativeFactory()
    user = MembershipFactory(organisation=initiative.organisation).user
    return services.blocker_join(
        actor=user, blocker=blocker, initiative=initiative, testimony=testimony
    )


# List


def test_it_lists_public_blockers_with_public_fields_only(client, initiative, member):
    ministry = OrganisationFactory(ministry=True, name=MINISTRY)
    blocker = BlockerFactory(
        initiative=initiative,
        author=member,
        title="Pas de CDI pour les salariés en insertion",
        legal_text="article L. 5132-5 du code du travail",
        challenges=[Challenge.objects.get(slug="emploi")],
        departments=[Department.objects.get(code="69")],
    )

    response = client.get(URL)

    assert response.status_code == 200
    page = response.json()
    assert set(page) == {
        "count",
        "count_is_estimate",
        "page",
        "page_size",
        "next",
        "previous",
        "results",
    }
    (row,) = page["results"]
    assert set(row) == LIST_FIELDS
    assert row["id"] == blocker.pk
    assert row["state"] == "submitted"
    assert row["state_label"] == "Signalé"
    assert row["challenges"] == ["emploi"]
    assert row["regions"] == ["84"]  # implied by the department
    assert row["references"] == [
        {
            "key": "code:code-du-travail:L5132-5",
            "kind": "code_article",
            "label": "Article L5132-5 du code du travail",
            "flags": [],
        }
    ]
    assert row["administrations"] == [{"id": ministry.pk, "name": MINISTRY}]
    assert row["supports_count"] == 1
    assert row["resolution"] is None
    assert row["version"] == blocker.version
    assert row["url"] == f"http://testserver{blocker.get_absolute_url()}"
    assert "@exemple.fr" not in response.content.decode()


def test_drafts_and_withdrawn_blockers_are_never_listed_even_with_a_token(
    client, initiative, member, coordinator
):
    BlockerFactory(initiative=initiative, author=member, title="Public")
    BlockerFactory(initiative=initiative, author=member, title="Brouillon", draft=True)
    BlockerFactory(initiative=initiative, author=member, title="Retiré", state="withdrawn")
    client.force_login(coordinator)

    assert titles(client.get(URL)) == ["Public"]
    assert client.get(URL, {"q": "brouillon"}).json()["count"] == 0


def test_a_merged_blocker_leaves_the_list_for_the_one_kept(client):
    kept = BlockerFactory(title="Conservé")
    BlockerFactory(title="Doublon", state="merged", merge_into=kept)

    assert titles(client.get(URL)) == ["Conservé"]


def test_it_sorts_by_the_number_of_initiatives_affected_by_default(client):
    BlockerFactory(title="Un projet")
    three = BlockerFactory(title="Trois projets")
    two = BlockerFactory(title="Deux projets")
    join(three)
    join(three)
    join(two)

    assert titles(client.get(URL)) == ["Trois projets", "Deux projets", "Un projet"]
    assert titles(client.get(URL, {"sort": "supports"}))[0] == "Trois projets"
    assert client.get(URL).json()["results"][0]["supports_count"] == 3
    assert titles(client.get(URL, {"sort": "recent"})) == [
        "Deux projets",
        "Trois projets",
        "Un projet",
    ]


def test_it_filters_by_state_and_resolution_kind(client):
    BlockerFactory(title="Signalé")
    move_to(BlockerFactory(title="Levé"), "lifted")
    move_to(BlockerFactory(title="Maintenu"), "kept")

    assert titles(client.get(URL, {"state": "lifted"})) == ["Levé"]
    assert titles(client.get(URL, {"resolution_kind": "decree"})) == ["Levé"]
    lifted = client.get(URL, {"state": "lifted"}).json()["results"][0]
    assert lifted["resolution"]["kind"] == "decree"
    assert lifted["resolution"]["text"] == "décret n° 2019-1234 du 26 novembre 2019"


def test_it_filters_by_challenge_and_region(client):
    BlockerFactory(title="Santé", challenges=[Challenge.objects.get(slug="sante")])
    BlockerFactory(title="En Bretagne", regions=[Region.objects.get(code="53")])

    assert titles(client.get(URL, {"challenge": "sante"})) == ["Santé"]
    assert titles(client.get(URL, {"region": "53"})) == ["En Bretagne"]


def test_it_filters_by_legal_code_and_administration(client):
    ministry = OrganisationFactory(ministry=True, name=MINISTRY)
    BlockerFactory(title="Travail", legal_text="C. trav. art. L1234-5")
    BlockerFactory(title="Civil", legal_text="article 1240 du code civil")

    assert titles(client.get(URL, {"code": "code-du-travail"})) == ["Travail"]
    assert titles(client.get(URL, {"code": "code-civil"})) == ["Civil"]
    assert titles(client.get(URL, {"administration": ministry.pk})) == ["Travail"]


def test_unknown_filters_are_refused_in_french(client):
    response = client.get(
        URL,
        {
            "code": "code-des-licornes",
            "challenge": "bien-etre",
            "administration": "abc",
            "state": "draft",
        },
    )

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Les données envoyées ne sont pas valides."
    assert body["errors"]["code"] == ["Code inconnu : choisissez un code de la liste."]
    assert body["errors"]["challenge"] == ["Défi inconnu."]
    assert body["errors"]["administration"] == ["Administration inconnue."]
    assert set(body["errors"]) == {"code", "challenge", "administration", "state"}


def test_an_organisation_that_is_not_an_administration_is_an_unknown_administration(
    client, organisation
):
    response = client.get(URL, {"administration": organisation.pk})

    assert response.status_code == 422
    assert response.json()["errors"] == {"administration": ["Administration inconnue."]}


def test_filter_errors_are_in_english_with_accept_language_en(client):
    response = client.get(URL, {"sort": "best"}, headers={"Accept-Language": "en"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The data sent is not valid.",
        "errors": {"sort": ["Select a valid choice. best is not one of the available choices."]},
    }


def test_the_list_does_not_query_once_per_blocker(client, django_assert_max_num_queries):
    OrganisationFactory(ministry=True, name=MINISTRY)
    challenges = list(Challenge.objects.all()[:3])
    departments = list(Department.objects.filter(code__in=["69", "75", "29"]))
    for number in range(12):
        blocker = BlockerFactory(
            challenges=challenges,
            departments=departments,
            legal_text=f"article L. 1234-{number + 1} du code du travail et loi n° 2014-856",
        )
        join(blocker)

    # count, page, then one prefetch each: challenges, administrations, regions, references.
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"page_size": 50})

    results = response.json()["results"]
    assert len(results) == 12
    assert all(len(row["references"]) == 2 for row in results)
    assert all(row["supports_count"] == 2 for row in results)


# Detail


def test_it_shows_one_blocker_with_its_public_supports_and_timeline(
    client, initiative, member, coordinator
):
    blocker = BlockerFactory(
        initiative=initiative,
        author=member,
        prevents="La règle empêche de salarier les bénévoles.",
        testimony="Nous avons dû refuser trois embauches.",
    )
    join(blocker, initiative=InitiativeFactory(title="Garage solidaire"), testimony="Pareil.")
    join(blocker, initiative=InitiativeFactory(title="Projet confidentiel", private=True))
    coordinator.profile_is_public = True
    coordinator.save()
    services.blocker_transition(
        actor=coordinator,
        blocker=blocker,
        target="qualified",
        version=blocker.version,
        comment="Bien documenté.",
    )

    response = client.get(f"{URL}/{blocker.pk}")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == DETAIL_FIELDS
    assert body["prevents"] == "La règle empêche de salarier les bénévoles."
    assert body["state"] == "qualified"
    assert body["supports_count"] == 3  # the private project counts, unnamed
    assert [s["initiative"]["title"] for s in body["supports"]] == [
        "Recyclerie solidaire",
        "Garage solidaire",
    ]
    assert body["supports"][0]["testimony"] == "Nous avons dû refuser trois embauches."
    assert body["supports"][0]["initiative"]["id"] == initiative.pk
    assert [(e["kind"], e["to_state"]) for e in body["timeline"]] == [
        ("transition", "draft"),
        ("transition", "submitted"),
        ("join", ""),
        ("join", ""),
        ("transition", "qualified"),
    ]
    qualified = body["timeline"][-1]
    assert qualified["actor"] == coordinator.get_full_name()
    assert qualified["comment"] == "Bien documenté."
    assert body["timeline"][0]["actor"] is None  # the member's profile is not public
    content = response.content.decode()
    assert "Projet confidentiel" not in content
    assert "@exemple.fr" not in content
    assert member.last_name not in content
    assert body["merged_into"] is None


def test_a_draft_or_withdrawn_blocker_is_a_404_even_for_its_author(client, member, initiative):
    draft = BlockerFactory(initiative=initiative, author=member, draft=True)
    withdrawn = BlockerFactory(initiative=initiative, author=member, state="withdrawn")
    client.force_login(member)

    for blocker in (draft, withdrawn):
        response = client.get(f"{URL}/{blocker.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Frein introuvable."}
    assert client.get(f"{URL}/999999").status_code == 404


def test_a_merged_blocker_answers_with_the_id_of_the_one_kept(client):
    kept = BlockerFactory(title="Conservé")
    duplicate = BlockerFactory(title="Doublon", state="merged", merge_into=kept)

    response = client.get(f"{URL}/{duplicate.pk}")

    assert response.status_code == 200
    assert response.json()["state"] == "merged"
    assert response.json()["merged_into"] == kept.pk


def test_html_is_returned_as_the_same_text_in_json(client):
    blocker = BlockerFactory(title="<script>alert(1)</script> & <b>gras</b>")

    response = client.get(f"{URL}/{blocker.pk}")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["title"] == "<script>alert(1)</script> & <b>gras</b>"


# Similar blockers


SHOP = (
    "Les épiceries solidaires ne peuvent pas accepter les chèques alimentaires "
    "distribués par les centres communaux d’action sociale."
)


def test_it_finds_blockers_similar_to_a_text(client):
    alike = BlockerFactory(title="Chèques alimentaires refusés aux épiceries", prevents=SHOP)
    BlockerFactory(title="Transport scolaire", prevents="Les cars ne prennent pas les adultes.")
    BlockerFactory(title="Brouillon sur les chèques", prevents=SHOP, draft=True)

    response = client.get(
        f"{URL}/similar", {"text": "épicerie solidaire et chèques alimentaires du CCAS"}
    )

    assert response.status_code == 200
    (match,) = response.json()
    assert match["id"] == alike.pk
    assert match["state"] == "submitted"
    assert match["score"] > 0
    assert match["shared_terms"]
    assert match["shared_references"] == []


def test_a_shared_legal_reference_brings_blockers_together(client):
    cited = BlockerFactory(title="Remboursement", legal_text="article L. 165-1 du CSS")

    response = client.get(
        f"{URL}/similar",
        {"text": "fauteuils", "legal_text": "art. L165-1 du code de la sécurité sociale"},
    )

    assert [m["id"] for m in response.json()] == [cited.pk]
    assert response.json()[0]["shared_references"] == ["code:code-de-la-securite-sociale:L165-1"]


def test_the_similar_blockers_of_a_blocker_exclude_itself(client):
    blocker = BlockerFactory(title="Chèques alimentaires refusés", prevents=SHOP)
    twin = BlockerFactory(title="Chèques alimentaires des CCAS refusés", prevents=SHOP)

    response = client.get(f"{URL}/{blocker.pk}/similar")

    assert response.status_code == 200
    assert [m["id"] for m in response.json()] == [twin.pk]


def test_similar_needs_a_text_and_a_sensible_limit(client):
    assert set(client.get(f"{URL}/similar").json()["errors"]) == {"text"}
    response = client.get(f"{URL}/similar", {"text": "chèques", "limit": 0})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "limit": ["Assurez-vous que cette valeur est supérieure ou égale à 1."]
    }
    assert client.get(f"{URL}/999999/similar").status_code == 404


# Legal references


def test_it_parses_the_legal_references_of_a_text_without_a_token(client):
    text = (
        "Voir l’article L. 165-1 du code de la sécurité sociale, la loi n° 2014-856 du "
        "31 juillet 2014 et l’article 3 du code des licornes."
    )

    response = client.post(
        "/api/v1/legal-references/parse", {"text": text}, content_type="application/json"
    )

    assert response.status_code == 200
    css, law, unknown = response.json()["references"]
    assert css == {
        "kind": "code_article",
        "raw": "article L. 165-1 du code de la sécurité sociale",
        "start": text.index("article L. 165-1"),
        "end": text.index("article L. 165-1")
        + len("article L. 165-1 du code de la sécurité sociale"),
        "key": "code:code-de-la-securite-sociale:L165-1",
        "code": "code-de-la-securite-sociale",
        "code_name": "Code de la sécurité sociale",
        "article": "L165-1",
        "number": None,
        "date": None,
        "year": None,
        "label": "Article L165-1 du code de la sécurité sociale",
        "flags": [],
    }
    assert text[css["start"] : css["end"]] == css["raw"]
    assert (law["kind"], law["number"], law["date"], law["year"]) == (
        "law",
        "2014-856",
        "2014-07-31",
        2014,
    )
    assert law["label"] == "Loi n° 2014-856 du 31 juillet 2014"
    assert unknown["code"] is None
    assert unknown["code_name"] == "code des licornes"
    assert unknown["flags"] == ["unknown_code"]


def test_a_text_without_references_gives_an_empty_list(client):
    response = client.post(
        "/api/v1/legal-references/parse", {"text": "Rien à voir."}, content_type="application/json"
    )

    assert response.json() == {"references": []}


def test_parsing_refuses_a_text_over_20000_characters(client):
    response = client.post(
        "/api/v1/legal-references/parse", {"text": "a" * 20_001}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "text": [
            "Assurez-vous que cette valeur comporte au plus 20000 caractères (actuellement 20001)."
        ]
    }


def test_a_public_profile_is_named_but_never_its_email(client, initiative, member):
    member.profile_is_public = True
    member.save()
    blocker = BlockerFactory(initiative=initiative, author=member)

    response = client.get(f"{URL}/{blocker.pk}")

    assert response.json()["timeline"][0]["actor"] == member.get_full_name()
    assert member.email not in response.content.decode()
