"""The directory's reads: search, filters, visibility of private initiatives, counts."""

import pytest
from django.contrib.auth.models import AnonymousUser

from passeurs.accounts.tests.factories import UserFactory
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory import selectors
from passeurs.directory.models import OrganisationKind
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.mark.parametrize(
    "query", ["fabrique", "FABRIQUE À", "LA FABRIQUE A LIENS", "liens fabrique"]
)
def test_organisation_search_ignores_accents_case_and_word_order(organisation, query):
    OrganisationFactory(name="Coopérative des Liens Durables")
    assert list(selectors.organisation_search(filters={"q": query})) == [organisation]


def test_organisation_search_needs_every_word(organisation):
    assert list(selectors.organisation_search(filters={"q": "fabrique zzyzx"})) == []


def test_organisation_filters_combine(organisation):
    culture = Challenge.objects.get(slug="culture")
    commune = OrganisationFactory(
        kind=OrganisationKind.COMMUNE,
        department=Department.objects.get(code="69"),
        challenges=[culture],
    )
    filters = {"region": Region.objects.get(code="84"), "challenge": culture}
    assert list(selectors.organisation_list(filters=filters)) == [commune]
    assert list(selectors.organisation_list(filters={"family": "ess"})) == [organisation]


def test_organisations_are_sorted_by_name():
    for name in ["Zèbre", "Abeille", "Mésange"]:
        OrganisationFactory(name=name)
    assert [o.name for o in selectors.organisation_list()] == ["Abeille", "Mésange", "Zèbre"]


@pytest.mark.parametrize(
    ("persona", "sees_private"),
    [("anonymous", False), ("stranger", False), ("member", True), ("coordinator", True)],
)
def test_private_initiatives_are_hidden_from_outsiders(
    request, organisation, persona, sees_private
):
    public = InitiativeFactory(organisation=organisation)
    private = InitiativeFactory(organisation=organisation, private=True)
    user = request.getfixturevalue(persona)
    visible = list(selectors.initiative_list(user=user))
    assert public in visible
    assert (private in visible) is sees_private
    assert (selectors.initiative_get(user=user, pk=private.pk) is not None) is sees_private


def test_an_initiative_is_listed_once_whatever_the_memberships(member, organisation):
    MembershipFactory(organisation=organisation)
    MembershipFactory(organisation=organisation)
    InitiativeFactory(organisation=organisation)
    assert selectors.initiative_list(user=member).count() == 1


def test_initiative_search_ignores_accents_and_case(anonymous):
    grocery = InitiativeFactory(title="Épicerie solidaire", summary="Une épicerie.")
    InitiativeFactory(title="Garage solidaire", summary="Un garage.")
    found = selectors.initiative_list(user=anonymous, filters={"q": "EPICERIE"})
    assert list(found) == [grocery]


def test_initiative_region_filter_finds_department_level_projects(anonymous):
    rhone = InitiativeFactory(departments=[Department.objects.get(code="69")])
    InitiativeFactory(departments=[Department.objects.get(code="75")])
    filters = {"region": Region.objects.get(code="84")}
    assert list(selectors.initiative_list(user=anonymous, filters=filters)) == [rhone]


def test_the_latest_initiatives_come_first(anonymous):
    first = InitiativeFactory()
    second = InitiativeFactory()
    InitiativeFactory(private=True)
    assert selectors.initiative_list_latest(user=anonymous, limit=2) == [second, first]


def test_organisations_of_lists_the_users_memberships(member, organisation, stranger, anonymous):
    assert list(selectors.organisations_of(member)) == [organisation]
    assert list(selectors.organisations_of(stranger)) == []
    assert list(selectors.organisations_of(anonymous)) == []


def test_memberships_of_gives_the_role_and_position_in_each_organisation(
    owner, organisation, stranger, anonymous
):
    other = OrganisationFactory(name="Autre structure")
    MembershipFactory(user=owner, organisation=other, position="Trésorière")
    memberships = list(selectors.memberships_of(owner))
    assert [(m.organisation, m.role, m.position) for m in memberships] == [
        (other, "member", "Trésorière"),
        (organisation, "admin", ""),
    ]
    assert list(selectors.memberships_of(stranger)) == []
    assert list(selectors.memberships_of(anonymous)) == []


def test_organisation_children_are_the_directly_attached_structures():
    ministry = OrganisationFactory(ministry=True)
    directorates = [
        OrganisationFactory(
            name=name, kind=OrganisationKind.DIRECTORATE, parent=ministry, department=None
        )
        for name in ("Direction B", "Direction A")
    ]
    OrganisationFactory(ministry=True)
    assert list(selectors.organisation_children(organisation=ministry)) == directorates[::-1]


def test_public_members_are_the_active_members_who_chose_a_public_profile(organisation):
    public = UserFactory(last_name="Public", profile_is_public=True)
    MembershipFactory(user=public, organisation=organisation, position="Directrice")
    MembershipFactory(organisation=OrganisationFactory(), user=public, position="Bénévole")
    MembershipFactory(organisation=organisation, user__profile_is_public=False)
    MembershipFactory(
        organisation=organisation, user__profile_is_public=True, user__is_active=False
    )
    UserFactory(profile_is_public=True)
    members = list(selectors.organisation_public_members(organisation=organisation))
    assert members == [public]
    assert members[0].position == "Directrice"
    assert "email" in members[0].get_deferred_fields()


def test_initiatives_filter_by_organisation(organisation, anonymous):
    mine = InitiativeFactory(organisation=organisation)
    InitiativeFactory()
    filters = {"organisation": organisation}
    assert list(selectors.initiative_list(user=anonymous, filters=filters)) == [mine]


def test_directory_counts_only_count_public_initiatives(organisation):
    OrganisationFactory(ministry=True)
    InitiativeFactory(organisation=organisation, departments=[Department.objects.get(code="69")])
    InitiativeFactory(
        organisation=organisation, private=True, regions=[Region.objects.get(code="11")]
    )
    counts = selectors.directory_counts()
    assert counts == {"organisations": 2, "administrations": 1, "initiatives": 1, "regions": 1}


def test_organisation_get_returns_none_for_an_unknown_id():
    assert selectors.organisation_get(pk=123456) is None
