"""Declaring, joining and moving blockers with a personal access token."""

import pytest

from passeurs.accounts.tests.factories import UserFactory
from passeurs.api.tests.conftest import bearer
from passeurs.blockers import services
from passeurs.blockers.models import Blocker, BlockerEvent, Support
from passeurs.blockers.tests.factories import BlockerFactory, move_to
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/blockers"


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(organisation=organisation, title="Recyclerie solidaire")


@pytest.fixture
def body(initiative):
    return {
        "initiative": initiative.pk,
        "title": "Fauteuils reconditionnés non remboursés",
        "prevents": "Seuls les fauteuils neufs sont inscrits sur la liste des produits remboursés.",
        "consequence": "Les personnes renoncent à un fauteuil adapté.",
        "legal_text": "article L. 165-1 du code de la sécurité sociale",
        "testimony": "Nous avons 40 fauteuils en stock.",
        "challenges": ["sante"],
        "regions": ["53"],
        "departments": ["69"],
    }


def post(client, url, body, auth=None):
    return client.post(url, body, content_type="application/json", headers=auth or {})


def nothing_stored():
    return not Blocker.objects.exists() and not Support.objects.exists()


# Declaring


def test_declaring_without_a_token_is_a_401(client, body, member):
    client.force_login(member)  # a session is not a token

    response = post(client, URL, body)

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentification requise")
    assert nothing_stored()


def test_a_member_declares_a_blocker_for_their_project(client, body, member_auth, initiative):
    response = post(client, URL, body, member_auth)

    assert response.status_code == 201, response.content
    created = response.json()
    blocker = Blocker.objects.get()
    assert created["id"] == blocker.pk
    assert created["state"] == "submitted"
    assert created["version"] == blocker.version
    assert created["challenges"] == ["sante"]
    assert created["regions"] == ["53", "84"]
    assert [r["key"] for r in created["references"]] == ["code:code-de-la-securite-sociale:L165-1"]
    assert created["supports"] == [
        {
            "initiative": {"id": initiative.pk, "title": "Recyclerie solidaire"},
            "testimony": "Nous avons 40 fauteuils en stock.",
            "created_at": created["supports"][0]["created_at"],
        }
    ]
    assert "member@exemple.fr" not in response.content.decode()
    assert client.get(f"{URL}/{blocker.pk}").status_code == 200


def test_a_blocker_kept_as_a_draft_is_not_public(client, body, member_auth):
    response = post(client, URL, {**body, "submit": False}, member_auth)

    assert response.status_code == 201
    assert response.json()["state"] == "draft"
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}/{response.json()['id']}").status_code == 404


def test_a_stranger_cannot_declare_for_a_project_not_theirs(client, body, stranger_auth):
    response = post(client, URL, body, stranger_auth)

    assert response.status_code == 403
    assert nothing_stored()


def test_a_private_project_of_someone_else_is_an_unknown_project(client, body, stranger_auth):
    hidden = InitiativeFactory(private=True)

    response = post(client, URL, {**body, "initiative": hidden.pk}, stranger_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {"initiative": ["Projet inconnu."]}
    assert nothing_stored()


def test_an_empty_title_is_refused_and_nothing_stored(client, body, member_auth):
    response = post(client, URL, {**body, "title": ""}, member_auth)

    assert response.status_code == 422
    assert response.json()["detail"] == "Les données envoyées ne sont pas valides."
    assert response.json()["errors"] == {"title": ["Ce champ ne peut pas être vide."]}
    assert nothing_stored()


def test_a_100000_character_description_is_refused_and_nothing_stored(client, body, member_auth):
    response = post(client, URL, {**body, "prevents": "a" * 100_000}, member_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "prevents": [
            "Assurez-vous que cette valeur comporte au plus 5000 caractères (actuellement 100000)."
        ]
    }
    assert nothing_stored()


def test_missing_fields_and_unknown_codes_are_refused_together(client, member_auth, initiative):
    response = post(client, URL, {"initiative": initiative.pk}, member_auth)

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"title", "prevents"}

    body = {"initiative": initiative.pk, "title": "T", "prevents": "P", "challenges": ["nope"]}
    response = post(client, URL, {**body, "regions": ["00"]}, member_auth)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"challenges", "regions"}
    assert nothing_stored()


@pytest.mark.parametrize("field", ["title", "prevents", "consequence", "legal_text", "testimony"])
def test_html_and_script_are_stored_as_plain_text(client, body, member_auth, field):
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    response = post(client, URL, {**body, field: text}, member_auth)

    assert response.status_code == 201
    blocker = Blocker.objects.get()
    stored = blocker.supports.get().testimony if field == "testimony" else getattr(blocker, field)
    assert stored == text
    returned = (
        response.json()["supports"][0]["testimony"]
        if field == "testimony"
        else response.json()[field]
    )
    assert returned == text
    assert response["Content-Type"].startswith("application/json")


def test_a_null_character_is_refused_and_nothing_stored(client, body, member_auth):
    response = post(client, URL, {**body, "title": "a\x00b", "regions": ["5\x003"]}, member_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "title": ["Le caractère nul n’est pas autorisé."],
        "regions": ["Le caractère nul n’est pas autorisé."],
    }
    assert nothing_stored()


def test_a_citation_of_an_unknown_code_is_kept_and_flagged(client, body, member_auth):
    response = post(
        client, URL, {**body, "legal_text": "article 3 du code des licornes"}, member_auth
    )

    assert response.status_code == 201
    (reference,) = response.json()["references"]
    assert reference["flags"] == ["unknown_code"]
    assert reference["label"] == "Article 3 du code des licornes"


def test_a_body_that_is_not_json_is_refused_in_french(client, member_auth):
    response = client.post(URL, "{nope", content_type="application/json", headers=member_auth)

    assert response.status_code == 400
    assert response.json()["detail"] == "Le corps de la requête n’est pas un JSON valide."


# Joining


@pytest.fixture
def blocker():
    return BlockerFactory(title="Fauteuils reconditionnés")


def test_a_member_joins_a_blocker_with_their_project(client, blocker, member_auth, initiative):
    response = post(
        client,
        f"{URL}/{blocker.pk}/join",
        {"initiative": initiative.pk, "testimony": "Idem."},
        member_auth,
    )

    assert response.status_code == 201, response.content
    assert response.json()["blocker"] == blocker.pk
    assert response.json()["initiative"] == {"id": initiative.pk, "title": "Recyclerie solidaire"}
    assert response.json()["testimony"] == "Idem."
    assert blocker.supports.count() == 2


def test_joining_needs_a_token(client, blocker, initiative):
    response = post(client, f"{URL}/{blocker.pk}/join", {"initiative": initiative.pk})

    assert response.status_code == 401
    assert blocker.supports.count() == 1


def test_a_stranger_cannot_join_with_a_project_not_theirs(
    client, blocker, stranger_auth, initiative
):
    response = post(
        client, f"{URL}/{blocker.pk}/join", {"initiative": initiative.pk}, stranger_auth
    )

    assert response.status_code == 403
    assert blocker.supports.count() == 1


def test_joining_twice_is_refused(client, blocker, member_auth, initiative):
    post(client, f"{URL}/{blocker.pk}/join", {"initiative": initiative.pk}, member_auth)

    response = post(client, f"{URL}/{blocker.pk}/join", {"initiative": initiative.pk}, member_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "initiative": ["Ce projet est déjà concerné par ce frein."]
    }
    assert blocker.supports.count() == 2


def test_joining_an_unknown_blocker_or_with_an_unknown_project(client, blocker, member_auth):
    assert post(client, f"{URL}/999999/join", {"initiative": 1}, member_auth).status_code == 404
    response = post(client, f"{URL}/{blocker.pk}/join", {"initiative": 999999}, member_auth)
    assert response.status_code == 422
    assert response.json()["errors"] == {"initiative": ["Projet inconnu."]}


def test_joining_a_merged_blocker_joins_the_one_kept(client, member_auth, initiative):
    kept = BlockerFactory()
    duplicate = BlockerFactory(state="merged", merge_into=kept)

    response = post(
        client, f"{URL}/{duplicate.pk}/join", {"initiative": initiative.pk}, member_auth
    )

    assert response.status_code == 201
    assert response.json()["blocker"] == kept.pk


# Transitions


def transition(client, blocker, auth, **body):
    return post(client, f"{URL}/{blocker.pk}/transitions", body, auth)


def test_a_coordinator_qualifies_a_blocker(client, blocker, coordinator_auth):
    version = blocker.version

    response = transition(
        client, blocker, coordinator_auth, target="qualified", version=version, comment="OK"
    )

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "qualified"
    assert response.json()["version"] == version + 1
    assert response.json()["timeline"][-1]["comment"] == "OK"


def test_transitions_need_a_token(client, blocker):
    response = transition(client, blocker, None, target="qualified", version=blocker.version)

    assert response.status_code == 401
    blocker.refresh_from_db()
    assert blocker.state == "submitted"


def test_a_stale_version_is_a_409_and_changes_nothing(client, blocker, coordinator_auth):
    version = blocker.version
    events = BlockerEvent.objects.filter(blocker=blocker).count()

    response = transition(
        client, blocker, coordinator_auth, target="qualified", version=version - 1
    )

    assert response.status_code == 409
    assert response.json()["detail"].startswith("Cette fiche a été modifiée")
    blocker.refresh_from_db()
    assert (blocker.state, blocker.version) == ("submitted", version)
    assert BlockerEvent.objects.filter(blocker=blocker).count() == events


def test_a_leader_cannot_mark_their_own_blocker_lifted(client, initiative, member, member_auth):
    blocker = move_to(BlockerFactory(initiative=initiative, author=member), "resolution_proposed")
    version = blocker.version

    response = transition(
        client,
        blocker,
        member_auth,
        target="lifted",
        version=version,
        resolution_kind="decree",
        resolution_date="2024-03-01",
        resolution_text="décret n° 2024-100 du 1er mars 2024",
    )

    assert response.status_code == 403
    assert "levé" in response.json()["detail"]
    blocker.refresh_from_db()
    assert (blocker.state, blocker.version) == ("resolution_proposed", version)


def test_a_leader_withdraws_their_own_blocker(client, initiative, member, member_auth):
    blocker = BlockerFactory(initiative=initiative, author=member)

    response = transition(client, blocker, member_auth, target="withdrawn", version=blocker.version)

    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"
    assert client.get(f"{URL}/{blocker.pk}").status_code == 404


def test_a_stranger_cannot_move_a_blocker(client, blocker, stranger_auth):
    response = transition(
        client, blocker, stranger_auth, target="withdrawn", version=blocker.version
    )

    assert response.status_code == 403


def test_an_unknown_target_is_a_422_with_the_allowed_targets(client, blocker, coordinator_auth):
    version = blocker.version

    response = transition(client, blocker, coordinator_auth, target="vanished", version=version)

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "État inconnu : vanished."
    assert body["errors"] == {"target": ["État inconnu : vanished."]}
    assert set(body["allowed"]) == {"qualified", "merged", "withdrawn"}
    blocker.refresh_from_db()
    assert blocker.version == version


def test_an_impossible_move_is_a_422_with_the_allowed_targets(client, blocker, coordinator_auth):
    response = transition(
        client, blocker, coordinator_auth, target="lifted", version=blocker.version
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "Un frein « Signalé » ne peut pas passer à « Levé »."
    assert set(response.json()["allowed"]) == {"qualified", "merged", "withdrawn"}


def test_lifting_needs_the_resolution_fields(client, coordinator_auth):
    blocker = move_to(BlockerFactory(), "resolution_proposed")

    response = transition(
        client, blocker, coordinator_auth, target="lifted", version=blocker.version
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"resolution_kind", "resolution_date"}
    assert "allowed" not in response.json()


def test_a_coordinator_lifts_a_blocker_with_its_resolution(client, coordinator_auth):
    blocker = move_to(BlockerFactory(), "resolution_proposed")

    response = transition(
        client,
        blocker,
        coordinator_auth,
        target="lifted",
        version=blocker.version,
        resolution_kind="circular",
        resolution_date="2024-03-01",
        resolution_text="circulaire du 1er mars 2024",
        resolution_summary="Les fauteuils reconditionnés sont remboursés.",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "lifted"
    assert body["resolution"] == {
        "kind": "circular",
        "kind_label": "Circulaire ou instruction",
        "date": "2024-03-01",
        "text": "circulaire du 1er mars 2024",
    }
    assert body["resolution_summary"] == "Les fauteuils reconditionnés sont remboursés."


def test_a_bad_date_is_refused(client, coordinator_auth):
    blocker = move_to(BlockerFactory(), "resolution_proposed")

    response = transition(
        client,
        blocker,
        coordinator_auth,
        target="lifted",
        version=blocker.version,
        resolution_kind="law",
        resolution_date="31/02/2024",
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["resolution_date"]


def test_a_coordinator_merges_a_duplicate(client, blocker, coordinator_auth):
    duplicate = BlockerFactory()

    response = transition(
        client,
        duplicate,
        coordinator_auth,
        target="merged",
        version=duplicate.version,
        merge_into=blocker.pk,
    )

    assert response.status_code == 200
    assert response.json()["merged_into"] == blocker.pk
    assert blocker.supports.count() == 2


def test_merging_into_an_unknown_blocker_is_refused(client, blocker, coordinator_auth):
    response = transition(
        client, blocker, coordinator_auth, target="merged", version=blocker.version, merge_into=0
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"merge_into": ["Frein inconnu."]}


def test_an_over_long_comment_is_refused(client, blocker, coordinator_auth):
    response = transition(
        client,
        blocker,
        coordinator_auth,
        target="qualified",
        version=blocker.version,
        comment="a" * 5001,
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["comment"]
    blocker.refresh_from_db()
    assert blocker.state == "submitted"


def test_an_assignee_moves_the_blocker_assigned_to_them(client):
    agent = UserFactory(civil_servant=True)
    blocker = BlockerFactory(state="qualified", assignee=agent)

    response = transition(
        client, blocker, bearer(agent), target="in_progress", version=blocker.version
    )

    assert response.status_code == 200
    assert response.json()["state"] == "in_progress"


def test_a_member_of_another_structure_joins_then_cannot_qualify(client, blocker):
    other = InitiativeFactory(organisation=OrganisationFactory())
    leader = MembershipFactory(organisation=other.organisation).user
    services.blocker_join(actor=leader, blocker=blocker, initiative=other)

    response = transition(
        client, blocker, bearer(leader), target="qualified", version=blocker.version
    )

    assert response.status_code == 403
