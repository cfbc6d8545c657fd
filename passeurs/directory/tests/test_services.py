"""The directory's writes: derived fields, identifiers, hierarchy, permissions, versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.exceptions import ConflictError
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory import selectors, services
from passeurs.directory.models import (
    Initiative,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationFamily,
    OrganisationKind,
)
from passeurs.directory.tests.factories import InitiativeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def department(code: str) -> Department:
    return Department.objects.get(code=code)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        call()
    return excinfo.value.message_dict


# organisation_create


def test_it_derives_the_family_from_the_kind():
    assert OrganisationFactory(kind=OrganisationKind.SCIC).family == OrganisationFamily.ESS
    assert OrganisationFactory(kind=OrganisationKind.EPCI).family == (
        OrganisationFamily.LOCAL_AUTHORITY
    )
    assert OrganisationFactory(kind=OrganisationKind.FUNDER).family == OrganisationFamily.PARTNER
    assert OrganisationFactory(ministry=True).family == OrganisationFamily.ADMINISTRATION


def test_it_derives_the_region_from_the_department():
    organisation = OrganisationFactory(department=department("2A"))
    assert organisation.region == region("94")


def test_it_accepts_a_department_in_the_chosen_region():
    organisation = OrganisationFactory(department=department("35"), region=region("53"))
    assert organisation.region == region("53")


def test_it_refuses_a_department_outside_the_chosen_region():
    errors = errors_of(
        lambda: OrganisationFactory(department=department("35"), region=region("11"))
    )
    assert errors["department"] == ["Ce département n’est pas dans la région choisie."]
    assert not Organisation.objects.exists()


def test_it_keeps_a_region_without_a_department():
    organisation = OrganisationFactory(department=None, region=region("11"))
    assert organisation.region == region("11")
    assert organisation.department is None


def test_it_normalises_the_identifiers_people_type():
    organisation = OrganisationFactory(
        siren="552 100 554", siret="552.100.554-00013", rna=" w751234567 ", postal_code="69 001"
    )
    assert organisation.siren == "552100554"
    assert organisation.siret == "55210055400013"
    assert organisation.rna == "W751234567"
    assert organisation.postal_code == "69001"


def test_it_takes_the_siren_from_the_siret():
    assert OrganisationFactory(siret="55210055400013").siren == "552100554"


def test_it_refuses_a_siret_that_does_not_start_with_the_siren():
    errors = errors_of(lambda: OrganisationFactory(siren="552100554", siret="35600000000048"))
    assert errors["siret"] == ["Le SIRET doit commencer par le SIREN de la structure."]


@pytest.mark.parametrize(
    ("field", "value", "start"),
    [
        ("siren", "552100553", "Le SIREN doit comporter 9 chiffres"),
        ("siret", "55210055400012", "Le SIRET doit comporter 14 chiffres"),
        ("rna", "W12", "Le numéro RNA commence par W"),
        ("postal_code", "00100", "Le code postal doit comporter 5 chiffres"),
        ("name", "", "Ce champ ne peut pas être vide."),
        ("name", "x" * 256, "Assurez-vous que cette valeur comporte au plus 255 caractères"),
        ("kind", "secte", "n’est pas un choix valide."),
    ],
)
def test_it_refuses_invalid_values_with_a_french_message(field, value, start):
    errors = errors_of(lambda: OrganisationFactory(**{field: value}))
    assert start in errors[field][0]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("query", ["oeuvre des ecoles", "ŒDÉ", "sete", "ECOLE"])
def test_it_indexes_the_organisation_for_accent_free_search(query):
    organisation = OrganisationFactory(name="Œuvre des Écoles", acronym="ŒDÉ", city="Sète")
    assert list(selectors.organisation_search(filters={"q": query})) == [organisation]


def test_a_directorate_sits_under_a_ministry_and_a_service_under_either():
    ministry = OrganisationFactory(ministry=True)
    directorate = OrganisationFactory(
        kind=OrganisationKind.DIRECTORATE, parent=ministry, department=None
    )
    service = OrganisationFactory(kind=OrganisationKind.SERVICE, parent=directorate)
    assert service.parent.parent == ministry
    assert list(ministry.children.all()) == [directorate]


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [
        (OrganisationKind.DIRECTORATE, OrganisationKind.ASSOCIATION),
        (OrganisationKind.DIRECTORATE, OrganisationKind.DIRECTORATE),
        (OrganisationKind.MINISTRY, OrganisationKind.MINISTRY),
        (OrganisationKind.ASSOCIATION, OrganisationKind.MINISTRY),
        (OrganisationKind.COMMUNE, OrganisationKind.MINISTRY),
    ],
)
def test_it_refuses_any_other_hierarchy(kind, parent_kind):
    ministry = OrganisationFactory(ministry=True)
    parent = (
        ministry
        if parent_kind == OrganisationKind.MINISTRY
        else OrganisationFactory(
            kind=parent_kind,
            parent=ministry if parent_kind == OrganisationKind.DIRECTORATE else None,
        )
    )
    errors = errors_of(lambda: OrganisationFactory(kind=kind, parent=parent, name="Enfant"))
    assert "parent" in errors
    assert not Organisation.objects.filter(name="Enfant").exists()


def test_the_creator_administers_the_new_organisation(stranger):
    organisation = services.organisation_create(
        actor=stranger, name="Les Petits Frères", kind=OrganisationKind.ASSOCIATION
    )
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == stranger
    assert membership.role == MembershipRole.ADMIN


def test_a_coordinator_creates_without_becoming_a_member(coordinator):
    organisation = services.organisation_create(
        actor=coordinator, name="Ministère des Sports", kind=OrganisationKind.MINISTRY
    )
    assert not organisation.memberships.exists()


def test_only_coordinators_create_administrations(stranger, coordinator):
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=stranger, name="Faux ministère", kind=OrganisationKind.MINISTRY
        )
    assert not Organisation.objects.exists()


def test_it_sets_the_challenges():
    challenges = list(Challenge.objects.all()[:2])
    assert list(OrganisationFactory(challenges=challenges).challenges.all()) == challenges


def test_it_refuses_unknown_fields():
    with pytest.raises(TypeError):
        services.organisation_create(actor=None, name="X", kind="association", family="ess")


# organisation_update


def test_an_update_bumps_the_version_and_refreshes_the_search_text(owner, organisation):
    updated = services.organisation_update(
        actor=owner, organisation=organisation, version=1, name="Les Liens d’Aubervilliers"
    )
    assert updated.version == 2
    organisation.refresh_from_db()
    assert organisation.version == 2
    assert list(selectors.organisation_search(filters={"q": "aubervilliers"})) == [organisation]


def test_a_rename_reaches_the_search_text_of_the_initiatives(owner, organisation):
    initiative = InitiativeFactory(organisation=organisation)
    services.organisation_update(
        actor=owner, organisation=organisation, version=1, name="Nouveau Nom"
    )
    initiative.refresh_from_db()
    assert "nouveau nom" in initiative.search_text


def test_a_rename_rewrites_the_initiatives_search_text_in_one_statement(owner, organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    initiatives = [InitiativeFactory(organisation=organisation) for _ in range(5)]
    with CaptureQueriesContext(connection) as captured:
        services.organisation_update(
            actor=owner, organisation=organisation, version=1, name="Nouveau Nom"
        )

    writes = [q["sql"] for q in captured if 'UPDATE "directory_initiative"' in q["sql"]]
    assert len(writes) == 1
    for initiative in initiatives:
        initiative.refresh_from_db()
        assert "nouveau nom" in initiative.search_text


def test_a_stale_update_is_refused_and_changes_nothing(owner, coordinator, organisation):
    stale = Organisation.objects.get(pk=organisation.pk)
    services.organisation_update(
        actor=coordinator, organisation=organisation, version=1, name="Première écriture"
    )
    with pytest.raises(ConflictError):
        services.organisation_update(
            actor=owner, organisation=stale, version=1, name="Écriture périmée"
        )
    organisation.refresh_from_db()
    assert organisation.name == "Première écriture"
    assert organisation.version == 2


@pytest.mark.parametrize("persona", ["member", "stranger"])
def test_only_administrators_and_coordinators_update(request, organisation, persona):
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=request.getfixturevalue(persona),
            organisation=organisation,
            version=1,
            name="Changée",
        )
    organisation.refresh_from_db()
    assert organisation.name == "La Fabrique à Liens"


def test_an_administrator_may_not_turn_the_organisation_into_an_administration(owner, organisation):
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=owner, organisation=organisation, version=1, kind=OrganisationKind.MINISTRY
        )
    organisation.refresh_from_db()
    assert organisation.family == OrganisationFamily.ESS


def test_an_update_rederives_the_region(owner, organisation):
    services.organisation_update(
        actor=owner, organisation=organisation, version=1, department=department("29"), region=None
    )
    organisation.refresh_from_db()
    assert organisation.region == region("53")


def test_an_organisation_cannot_sit_under_its_own_child(coordinator):
    ministry = OrganisationFactory(ministry=True)
    directorate = OrganisationFactory(
        kind=OrganisationKind.DIRECTORATE, parent=ministry, department=None
    )
    errors = errors_of(
        lambda: services.organisation_update(
            actor=coordinator,
            organisation=ministry,
            version=1,
            kind=OrganisationKind.DIRECTORATE,
            parent=directorate,
        )
    )
    assert "parent" in errors


# membership_add


def test_an_administrator_adds_a_member(owner, organisation, stranger):
    membership = services.membership_add(actor=owner, organisation=organisation, user=stranger)
    assert membership.role == MembershipRole.MEMBER


def test_a_member_may_not_add_members(member, organisation, stranger):
    with pytest.raises(PermissionDenied):
        services.membership_add(actor=member, organisation=organisation, user=stranger)


# initiative_create / initiative_update


def test_a_member_creates_an_initiative_with_the_regions_of_its_departments(member, organisation):
    initiative = services.initiative_create(
        actor=member,
        organisation=organisation,
        title="Ressourcerie",
        summary="Réemploi.",
        departments=[department("69"), department("38")],
        regions=[region("11")],
    )
    assert initiative.created_by == member
    assert sorted(r.code for r in initiative.regions.all()) == ["11", "84"]
    assert "ressourcerie" in initiative.search_text
    assert "fabrique a liens" in initiative.search_text


def test_a_stranger_may_not_add_an_initiative(stranger, organisation):
    with pytest.raises(PermissionDenied):
        services.initiative_create(
            actor=stranger, organisation=organisation, title="Intrus", summary="x"
        )
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("title", "x" * 201), ("summary", ""), ("stage", "fini")],
)
def test_an_invalid_initiative_is_refused(member, organisation, field, value):
    fields = {"title": "Titre", "summary": "Résumé", field: value}
    errors = errors_of(
        lambda: services.initiative_create(actor=member, organisation=organisation, **fields)
    )
    assert field in errors
    assert not Initiative.objects.exists()


def test_an_initiative_update_rederives_the_regions(member, organisation):
    initiative = InitiativeFactory(organisation=organisation, departments=[department("69")])
    services.initiative_update(
        actor=member,
        initiative=initiative,
        version=1,
        departments=[department("13")],
        regions=[region("53")],
    )
    assert sorted(r.code for r in initiative.regions.all()) == ["53", "93"]
    # Clearing the regions keeps the ones the departments imply.
    services.initiative_update(actor=member, initiative=initiative, version=2, regions=[])
    assert [r.code for r in initiative.regions.all()] == ["93"]


def test_a_stale_initiative_update_is_refused(member, coordinator, organisation):
    initiative = InitiativeFactory(organisation=organisation, title="Origine")
    stale = Initiative.objects.get(pk=initiative.pk)
    services.initiative_update(actor=coordinator, initiative=initiative, version=1, title="Un")
    with pytest.raises(ConflictError):
        services.initiative_update(actor=member, initiative=stale, version=1, title="Deux")
    initiative.refresh_from_db()
    assert initiative.title == "Un"


def test_a_stranger_may_not_update_an_initiative(stranger, organisation):
    initiative = InitiativeFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.initiative_update(actor=stranger, initiative=initiative, version=1, title="X")


def test_an_initiative_update_leaves_the_unmentioned_relations(member, organisation):
    culture = Challenge.objects.get(slug="culture")
    initiative = InitiativeFactory(
        organisation=organisation, challenges=[culture], departments=[department("69")]
    )
    services.initiative_update(actor=member, initiative=initiative, version=1, title="Nouveau")
    assert list(initiative.challenges.all()) == [culture]
    assert [d.code for d in initiative.departments.all()] == ["69"]


def test_any_member_role_may_edit_an_initiative():
    organisation = OrganisationFactory()
    person = UserFactory()
    services.membership_add(actor=None, organisation=organisation, user=person)
    initiative = InitiativeFactory(organisation=organisation)
    services.initiative_update(
        actor=person, initiative=initiative, version=1, title="Par un membre"
    )
    initiative.refresh_from_db()
    assert initiative.title == "Par un membre"


def test_a_department_or_region_in_use_cannot_be_deleted():
    """No database constraint since migration 0008: Django's PROTECT still guards them."""
    from django.db.models import ProtectedError

    department = Department.objects.get(code="69")
    OrganisationFactory(department=department, region=department.region)

    with pytest.raises(ProtectedError):
        department.delete()
    with pytest.raises(ProtectedError):
        Region.objects.get(pk=department.region_id).delete()
    assert Department.objects.filter(code="69").exists()
