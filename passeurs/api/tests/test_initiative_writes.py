import pytest

from passeurs.accounts.models import PersonalAccessToken
from passeurs.accounts.services import token_revoke
from passeurs.directory.models import Initiative
from passeurs.directory.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatives"


@pytest.fixture
def body(organisation):
    return {
        "organisation": organisation.pk,
        "title": "Recyclerie du plateau",
        "summary": "Collecter, réparer et revendre les objets du quotidien.",
        "stage": "experimentation",
        "challenges": ["transition-ecologique", "emploi"],
        "regions": ["53"],
        "departments": ["69"],
        "beneficiaries": "Habitants du plateau",
        "needs": "Un local",
        "is_public": False,
    }


def post(client, body, auth=None):
    return client.post(URL, body, content_type="application/json", headers=auth or {})


def patch(client, initiative, body, auth=None):
    return client.patch(
        f"{URL}/{initiative.pk}", body, content_type="application/json", headers=auth or {}
    )


# Authentication


def test_writing_without_a_token_is_a_401_in_french(client, body):
    response = post(client, body)

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentification requise")
    assert response["WWW-Authenticate"] == "Bearer"
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    "header", ["Bearer pas_inconnu", "Bearer ", "Token pas_x", "pas_x", "Bearer \x00"]
)
def test_a_wrong_token_is_a_401(client, body, header):
    assert post(client, body, {"Authorization": header}).status_code == 401


def test_a_revoked_token_is_a_401(client, body, member, member_auth):
    token_revoke(user=member, token=PersonalAccessToken.objects.get(user=member))

    assert post(client, body, member_auth).status_code == 401


def test_a_token_of_a_deactivated_user_is_a_401(client, body, member, member_auth):
    member.is_active = False
    member.save()

    assert post(client, body, member_auth).status_code == 401


def test_a_signed_in_session_is_not_enough_to_write(client, body, member):
    client.force_login(member)

    assert post(client, body).status_code == 401


# Creation


def test_a_member_creates_an_initiative_for_their_organisation(client, body, member, member_auth):
    response = post(client, body, member_auth)

    assert response.status_code == 201
    initiative = Initiative.objects.get()
    assert initiative.created_by == member
    assert response.json()["id"] == initiative.pk
    assert response.json()["is_public"] is False
    assert set(response.json()["challenges"]) == {"emploi", "transition-ecologique"}
    assert response.json()["regions"] == ["53", "84"]
    assert response.json()["departments"] == ["69"]
    assert response.json()["version"] == 1


def test_a_created_private_initiative_stays_out_of_the_open_data(client, body, member_auth):
    post(client, body, member_auth)

    assert client.get(URL).json()["count"] == 0


def test_only_title_summary_and_organisation_are_required(client, organisation, member_auth):
    response = post(
        client,
        {"organisation": organisation.pk, "title": "Court", "summary": "Bref."},
        member_auth,
    )

    assert response.status_code == 201
    assert response.json()["stage"] == "idea"
    assert response.json()["is_public"] is True


def test_a_stranger_may_not_create_for_an_organisation_and_is_told_why(client, body, stranger_auth):
    response = post(client, body, stranger_auth)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Seuls les membres de la structure peuvent lui ajouter un projet."
    }
    assert not Initiative.objects.exists()


def test_a_coordinator_creates_for_any_organisation(client, body, coordinator_auth):
    assert post(client, body, coordinator_auth).status_code == 201


def test_missing_fields_are_listed_in_french(client, member_auth):
    response = post(client, {"title": "Sans structure"}, member_auth)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Les données envoyées ne sont pas valides.",
        "errors": {
            "organisation": ["Ce champ est obligatoire."],
            "summary": ["Ce champ est obligatoire."],
        },
    }


def test_an_over_long_title_is_refused_with_its_length(client, body, member_auth):
    body["title"] = "x" * 201

    response = post(client, body, member_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "title": [
            "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201)."
        ]
    }
    assert not Initiative.objects.exists()


def test_an_over_long_summary_is_refused_although_the_model_would_accept_it(
    client, body, member_auth
):
    body["summary"] = "x" * 3001

    response = post(client, body, member_auth)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["summary"]


def test_an_unknown_stage_is_refused_by_the_model(client, body, member_auth):
    body["stage"] = "legendary"

    response = post(client, body, member_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "stage": ["La valeur «\xa0'legendary'\xa0» n’est pas un choix valide."]
    }


def test_unknown_codes_and_organisation_are_refused(client, body, member_auth):
    body.update(organisation=987654, challenges=["licornes"], regions=["99"], departments=["20"])

    response = post(client, body, member_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "organisation": ["Structure inconnue."],
        "challenges": ["Sélectionnez un choix valide. licornes n’en fait pas partie."],
        "regions": ["Sélectionnez un choix valide. 99 n’en fait pas partie."],
        "departments": ["Sélectionnez un choix valide. 20 n’en fait pas partie."],
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation", "la mienne", "Saisissez un nombre entier."),
        ("organisation", 2**70, "Structure inconnue."),
        ("title", None, "Ce champ ne peut pas contenir la valeur nulle."),
        ("title", ["liste"], "Saisissez une valeur valide."),
        ("challenges", "emploi", "Saisissez une liste de valeurs."),
        ("is_public", "peut-être", "La valeur «\xa0peut-être\xa0» doit être soit True"),
    ],
)
def test_wrong_types_are_refused_in_french(client, body, member_auth, field, value, message):
    body[field] = value

    response = post(client, body, member_auth)

    assert response.status_code == 422
    (error,) = response.json()["errors"][field]
    assert error.startswith(message)


@pytest.mark.parametrize("payload", ["{pas du json", "[]", '"texte"', "null", ""])
def test_a_body_that_is_not_an_object_is_refused_not_crashed(client, member_auth, payload):
    response = client.post(URL, payload, content_type="application/json", headers=member_auth)

    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_invalid_json_is_a_400_in_french(client, member_auth):
    response = client.post(URL, "{", content_type="application/json", headers=member_auth)

    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n’est pas un JSON valide."}


# Update


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(organisation=organisation, title="Avant", private=True)


def test_a_member_updates_only_the_fields_sent(client, initiative, member_auth):
    response = patch(client, initiative, {"version": 1, "title": "Après"}, member_auth)

    assert response.status_code == 200
    assert response.json()["title"] == "Après"
    assert response.json()["version"] == 2
    initiative.refresh_from_db()
    assert (initiative.title, initiative.summary, initiative.is_public) == (
        "Après",
        InitiativeFactory.summary,
        False,
    )


def test_an_update_replaces_the_territories_and_challenges_sent(client, initiative, member_auth):
    response = patch(
        client,
        initiative,
        {"version": 1, "departments": ["29"], "challenges": ["culture"]},
        member_auth,
    )

    assert response.status_code == 200
    assert response.json()["departments"] == ["29"]
    assert response.json()["regions"] == ["53"]
    assert response.json()["challenges"] == ["culture"]


def test_a_stale_version_is_a_409_and_overwrites_nothing(client, initiative, member_auth):
    assert (
        patch(client, initiative, {"version": 1, "title": "Premier"}, member_auth).status_code
        == 200
    )

    response = patch(client, initiative, {"version": 1, "title": "Second"}, member_auth)

    assert response.status_code == 409
    assert response.json()["detail"].startswith("Cette fiche a été modifiée par quelqu’un d’autre")
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == ("Premier", 2)


def test_a_stale_version_does_not_change_the_territories_either(client, initiative, member_auth):
    response = patch(client, initiative, {"version": 7, "regions": ["11"]}, member_auth)

    assert response.status_code == 409
    assert not initiative.regions.exists()


def test_the_version_is_required(client, initiative, member_auth):
    response = patch(client, initiative, {"title": "Sans version"}, member_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {"version": ["Ce champ est obligatoire."]}


def test_a_null_title_is_refused(client, initiative, member_auth):
    response = patch(client, initiative, {"version": 1, "title": None}, member_auth)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "title": ["Ce champ ne peut pas contenir la valeur nulle."]
    }


def test_a_stranger_gets_a_404_for_a_private_initiative(client, initiative, stranger_auth):
    response = patch(client, initiative, {"version": 1, "title": "Pirate"}, stranger_auth)

    assert response.status_code == 404


def test_a_stranger_gets_a_403_for_a_public_initiative(client, stranger_auth):
    initiative = InitiativeFactory(title="Publique")

    response = patch(client, initiative, {"version": 1, "title": "Pirate"}, stranger_auth)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Seuls les membres de la structure porteuse peuvent modifier ce projet."
    }
    initiative.refresh_from_db()
    assert initiative.title == "Publique"


def test_updating_without_a_token_is_a_401(client, initiative):
    assert patch(client, initiative, {"version": 1, "title": "x"}).status_code == 401
