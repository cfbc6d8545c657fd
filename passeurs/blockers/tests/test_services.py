"""The blockers' writes: declare, update, join, take on, route, mute; what bad input leaves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.accounts.tests.factories import UserFactory
from passeurs.blockers import services
from passeurs.blockers.models import (
    Blocker,
    BlockerEvent,
    BlockerReference,
    BlockerState,
    CodeRoute,
    LegalReference,
    NotificationSetting,
    Support,
)
from passeurs.blockers.tests.factories import BlockerFactory
from passeurs.core.exceptions import ConflictError
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory.models import OrganisationKind
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

LFSS = "article L. 165-1 du code de la sécurité sociale et LFSS pour 2019"
MINISTRY = "Ministère du Travail, de la Santé et des Solidarités"
TITLE = "Le matériel médical reconditionné n’est pas remboursé"


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(organisation=organisation, title="Fauteuils reconditionnés")


def declare(actor, initiative, **fields):
    values = {
        "title": TITLE,
        "prevents": "Un fauteuil roulant reconditionné ne peut pas être pris en charge.",
        "legal_text": LFSS,
    }
    return services.blocker_declare(actor=actor, initiative=initiative, **(values | fields))


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        call()
    return excinfo.value.message_dict


def nothing_stored() -> bool:
    return not (
        Blocker.objects.exists()
        or Support.objects.exists()
        or BlockerEvent.objects.exists()
        or BlockerReference.objects.exists()
        or LegalReference.objects.exists()
    )


# blocker_declare


def test_declaring_submits_the_blocker_with_a_support_for_the_initiative(member, initiative):
    blocker = declare(member, initiative, testimony="Nous avons 40 fauteuils en stock.")
    assert blocker.state == BlockerState.SUBMITTED
    assert blocker.author == member
    assert blocker.version == 2
    support = blocker.supports.get()
    assert (support.initiative, support.supporter) == (initiative, member)
    assert support.testimony == "Nous avons 40 fauteuils en stock."
    events = list(blocker.events.values_list("kind", "actor", "from_state", "to_state"))
    assert events == [
        ("transition", member.pk, "", "draft"),
        ("transition", member.pk, "draft", "submitted"),
    ]


def test_declaring_parses_the_legal_references(member, initiative):
    blocker = declare(member, initiative)
    assert set(blocker.references.values_list("key", flat=True)) == {
        "code:code-de-la-securite-sociale:L165-1",
        "lfss:2019",
    }
    article = LegalReference.objects.get(key="code:code-de-la-securite-sociale:L165-1")
    assert article.code_slug == "code-de-la-securite-sociale"
    assert article.label == "Article L165-1 du code de la sécurité sociale"
    assert blocker.citations.get(reference=article).raw.startswith("article L. 165-1")


def test_blockers_citing_the_same_article_share_one_reference(member, initiative):
    first = declare(member, initiative)
    second = declare(member, initiative, legal_text="Art. L165-1 code de la sécurité sociale")
    assert LegalReference.objects.filter(key__startswith="code:").count() == 1
    assert set(first.references.all()) & set(second.references.all())


def test_declaring_proposes_the_ministry_routed_for_the_cited_code(member, initiative):
    ministry = OrganisationFactory(name=MINISTRY, ministry=True)
    OrganisationFactory(name="Ministère de l’Intérieur", ministry=True)
    blocker = declare(member, initiative)
    assert list(blocker.administrations.all()) == [ministry]


def test_no_administration_is_proposed_when_the_ministry_is_not_in_the_directory(
    member, initiative
):
    assert not declare(member, initiative).administrations.exists()


def test_a_route_edited_by_coordinators_wins_over_the_ministry_name(member, initiative):
    OrganisationFactory(name=MINISTRY, ministry=True)
    directorate = OrganisationFactory(
        name="Direction de la sécurité sociale", kind=OrganisationKind.DIRECTORATE, department=None
    )
    CodeRoute.objects.filter(code_slug="code-de-la-securite-sociale").update(
        administration=directorate
    )
    assert list(declare(member, initiative).administrations.all()) == [directorate]


def test_declaring_as_a_draft_waits_for_the_author_to_submit(member, initiative):
    blocker = declare(member, initiative, submit=False)
    assert blocker.state == BlockerState.DRAFT
    blocker = services.blocker_transition(
        actor=member, blocker=blocker, target=BlockerState.SUBMITTED, version=blocker.version
    )
    assert blocker.state == BlockerState.SUBMITTED
    assert blocker.events.last().to_state == BlockerState.SUBMITTED


def test_a_department_implies_its_region(member, initiative):
    culture = Challenge.objects.get(slug="culture")
    blocker = declare(
        member,
        initiative,
        challenges=[culture],
        departments=[Department.objects.get(code="29")],
        regions=[Region.objects.get(code="11")],
    )
    assert set(blocker.regions.values_list("code", flat=True)) == {"53", "11"}
    assert list(blocker.challenges.all()) == [culture]


def test_a_coordinator_may_declare_for_any_initiative(coordinator, initiative):
    assert declare(coordinator, initiative).author == coordinator


@pytest.mark.parametrize("persona", ["stranger", "anonymous"])
def test_outsiders_cannot_declare_and_nothing_is_stored(request, persona, initiative):
    actor = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        declare(actor, initiative)
    assert nothing_stored()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   \n "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"prevents": ""}, "prevents"),
        ({"prevents": "x" * 100_000}, "prevents"),
        ({"consequence": "x" * 5001}, "consequence"),
        ({"legal_text": "article L. 165-1 " * 200}, "legal_text"),
        ({"testimony": "x" * 3001}, "testimony"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(member, initiative, fields, field):
    assert field in errors_of(lambda: declare(member, initiative, **fields))
    assert nothing_stored()


def test_html_is_stored_as_typed(member, initiative):
    title = '<script>alert("frein")</script> & <b>gras</b>'
    blocker = declare(member, initiative, title=title, prevents="<img src=x onerror=alert(1)>")
    blocker.refresh_from_db()
    assert blocker.title == title
    assert blocker.prevents == "<img src=x onerror=alert(1)>"


def test_the_analysed_terms_are_kept_for_the_similarity_index(member, initiative):
    blocker = declare(member, initiative, title="Fauteuils roulants", prevents="Remboursement")
    assert blocker.terms.split() == ["fauteuil", "roulant", "rembour"]


# blocker_update


def test_the_author_edits_the_text_and_the_references_follow(member, initiative):
    blocker = declare(member, initiative)
    before = blocker.updated_at
    blocker = services.blocker_update(
        actor=member,
        blocker=blocker,
        version=blocker.version,
        title="  Aides techniques reconditionnées  ",
        legal_text="article L. 5132-1 du code du travail",
    )
    blocker.refresh_from_db()
    assert blocker.title == "Aides techniques reconditionnées"
    assert blocker.version == 3
    assert blocker.updated_at > before
    assert "aid" in blocker.terms.split()
    assert list(blocker.references.values_list("key", flat=True)) == [
        "code:code-du-travail:L5132-1"
    ]


def test_an_update_from_a_stale_version_is_a_conflict(member, initiative):
    blocker = declare(member, initiative)
    stale = blocker.version
    services.blocker_update(actor=member, blocker=blocker, version=stale, title="Nouveau titre")
    with pytest.raises(ConflictError):
        services.blocker_update(actor=member, blocker=blocker, version=stale, title="Autre")
    blocker.refresh_from_db()
    assert blocker.title == "Nouveau titre"


def test_an_update_refuses_unknown_fields(member, initiative):
    blocker = declare(member, initiative)
    with pytest.raises(TypeError):
        services.blocker_update(actor=member, blocker=blocker, version=2, state="lifted")


def test_an_update_refuses_bad_input_and_changes_nothing(member, initiative):
    blocker = declare(member, initiative)
    errors = errors_of(
        lambda: services.blocker_update(actor=member, blocker=blocker, version=2, title=" ")
    )
    assert "title" in errors
    blocker.refresh_from_db()
    assert (blocker.version, blocker.title) == (2, TITLE)


def test_once_qualified_only_coordinators_edit(member, coordinator, stranger, initiative):
    blocker = BlockerFactory(initiative=initiative, author=member, state=BlockerState.QUALIFIED)
    for actor in (member, stranger):
        with pytest.raises(PermissionDenied):
            services.blocker_update(
                actor=actor, blocker=blocker, version=blocker.version, title="Modifié"
            )
    services.blocker_update(
        actor=coordinator, blocker=blocker, version=blocker.version, title="Reformulé"
    )
    assert Blocker.objects.get().title == "Reformulé"


# blocker_join


def test_another_initiative_joins_with_its_testimony(member, initiative):
    blocker = declare(member, initiative)
    other = InitiativeFactory()
    leader = MembershipFactory(organisation=other.organisation).user
    support = services.blocker_join(
        actor=leader, blocker=blocker, initiative=other, testimony="Même problème à Lyon."
    )
    assert (support.blocker, support.supporter, support.testimony) == (
        blocker,
        leader,
        "Même problème à Lyon.",
    )
    event = blocker.events.last()
    assert (event.kind, event.actor, event.comment) == ("join", leader, other.title)


def test_joining_twice_is_refused(member, initiative):
    blocker = declare(member, initiative)
    errors = errors_of(
        lambda: services.blocker_join(actor=member, blocker=blocker, initiative=initiative)
    )
    assert errors == {"initiative": ["Ce projet est déjà concerné par ce frein."]}
    assert blocker.supports.count() == 1


def test_one_joins_only_for_an_initiative_of_ones_own_structure(member, stranger, initiative):
    blocker = BlockerFactory()
    with pytest.raises(PermissionDenied):
        services.blocker_join(actor=stranger, blocker=blocker, initiative=initiative)
    assert blocker.supports.count() == 1


@pytest.mark.parametrize("state", [BlockerState.DRAFT, BlockerState.LIFTED, BlockerState.KEPT])
def test_one_cannot_join_a_draft_or_closed_blocker(member, initiative, state):
    blocker = BlockerFactory(state=state)
    with pytest.raises(PermissionDenied):
        services.blocker_join(actor=member, blocker=blocker, initiative=initiative)


def test_a_testimony_too_long_is_refused(member, initiative):
    blocker = BlockerFactory()
    errors = errors_of(
        lambda: services.blocker_join(
            actor=member, blocker=blocker, initiative=initiative, testimony="x" * 3001
        )
    )
    assert "testimony" in errors
    assert blocker.supports.count() == 1


# blocker_assign


def test_a_civil_servant_takes_a_blocker_on(member, initiative):
    blocker = declare(member, initiative)
    agent = UserFactory(civil_servant=True, last_name="Discrète", profile_is_public=False)
    blocker = services.blocker_assign(actor=agent, blocker=blocker, version=blocker.version)
    assert blocker.assignee == agent
    event = blocker.events.last()
    # The name is shown from the profile at display time: a private profile stays private.
    assert (event.kind, event.actor, event.comment) == ("assign", agent, "")


def test_a_project_leader_cannot_take_a_blocker_on(member, initiative):
    blocker = declare(member, initiative)
    with pytest.raises(PermissionDenied):
        services.blocker_assign(actor=member, blocker=blocker, version=blocker.version)


def test_only_a_coordinator_assigns_someone_else(coordinator, member, initiative):
    blocker = declare(member, initiative)
    agent, colleague = UserFactory.create_batch(2, civil_servant=True)
    with pytest.raises(PermissionDenied):
        services.blocker_assign(
            actor=agent, blocker=blocker, version=blocker.version, assignee=colleague
        )
    blocker = services.blocker_assign(
        actor=coordinator, blocker=blocker, version=blocker.version, assignee=colleague
    )
    assert blocker.assignee == colleague


def test_taking_on_from_a_stale_version_is_a_conflict(coordinator, member, initiative):
    blocker = declare(member, initiative)
    stale = blocker.version
    services.blocker_assign(actor=coordinator, blocker=blocker, version=stale)
    with pytest.raises(ConflictError):
        services.blocker_assign(
            actor=UserFactory(civil_servant=True), blocker=blocker, version=stale
        )
    assert Blocker.objects.get().assignee == coordinator


# blocker_route


def test_a_coordinator_routes_to_administrations(coordinator, member, initiative):
    blocker = declare(member, initiative)
    ministry = OrganisationFactory(name="Ministère de l’Intérieur", acronym="MI", ministry=True)
    blocker = services.blocker_route(
        actor=coordinator, blocker=blocker, version=blocker.version, administrations=[ministry]
    )
    assert list(blocker.administrations.all()) == [ministry]
    assert blocker.events.last().comment == "MI"


def test_routing_needs_a_coordinator_and_administrations(coordinator, member, initiative):
    blocker = declare(member, initiative)
    with pytest.raises(PermissionDenied):
        services.blocker_route(
            actor=member, blocker=blocker, version=blocker.version, administrations=[]
        )
    assert "administrations" in errors_of(
        lambda: services.blocker_route(
            actor=coordinator,
            blocker=blocker,
            version=blocker.version,
            administrations=[initiative.organisation],
        )
    )


# notifications_set


def test_muting_and_unmuting_is_idempotent(member, initiative):
    blocker = declare(member, initiative)
    for _ in range(2):
        services.notifications_set(user=member, blocker=blocker, enabled=False)
        services.notifications_set(user=member, enabled=False)
    assert NotificationSetting.objects.filter(user=member).count() == 2
    services.notifications_set(user=member, blocker=blocker, enabled=True)
    assert list(NotificationSetting.objects.values_list("blocker", flat=True)) == [None]
