"""The blockers' reads: list filters and sorts, visibility, the board, my blockers, suggestions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from passeurs.accounts.tests.factories import UserFactory
from passeurs.blockers import selectors, services
from passeurs.blockers.models import BlockerState, ResolutionKind
from passeurs.blockers.tests.factories import BlockerFactory
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

S = BlockerState
MINISTRY = "Ministère du Travail, de la Santé et des Solidarités"


@pytest.fixture(autouse=True)
def fresh_index():
    """The similarity index lives as long as the process: no test sees another's."""
    selectors.INDEX.clear()
    yield
    selectors.INDEX.clear()


@pytest.fixture
def anonymous():
    return AnonymousUser()


def titles(blockers) -> list[str]:
    return [blocker.title for blocker in blockers]


def join(blocker, count: int) -> None:
    for _ in range(count):
        initiative = InitiativeFactory()
        leader = MembershipFactory(organisation=initiative.organisation).user
        services.blocker_join(actor=leader, blocker=blocker, initiative=initiative)


# blocker_list


def test_the_list_is_sorted_by_number_of_initiatives_hit(anonymous):
    few = BlockerFactory(title="Peu")
    many = BlockerFactory(title="Beaucoup")
    some = BlockerFactory(title="Quelques")
    join(many, 3)
    join(some, 1)
    blockers = list(selectors.blocker_list(user=anonymous))
    assert titles(blockers) == ["Beaucoup", "Quelques", "Peu"]
    assert [b.supports_count for b in blockers] == [4, 2, 1]
    assert titles(selectors.blocker_list(user=anonymous, filters={"sort": "recent"})) == [
        "Quelques",
        "Beaucoup",
        "Peu",
    ]
    assert few in blockers


def test_the_updated_sort_puts_the_last_moved_blocker_first(anonymous, coordinator):
    first = BlockerFactory(title="Premier")
    BlockerFactory(title="Second")
    services.blocker_transition(
        actor=coordinator, blocker=first, target=S.QUALIFIED, version=first.version
    )
    listed = selectors.blocker_list(user=anonymous, filters={"sort": "updated"})
    assert titles(listed) == ["Premier", "Second"]


@pytest.mark.parametrize(
    ("persona", "sees_drafts"),
    [("anonymous", False), ("stranger", False), ("member", True), ("coordinator", True)],
)
def test_drafts_and_withdrawn_blockers_are_hidden_from_outsiders(
    request, organisation, member, persona, sees_drafts
):
    initiative = InitiativeFactory(organisation=organisation)
    BlockerFactory(initiative=initiative, author=member, title="Public")
    BlockerFactory(initiative=initiative, author=member, title="Brouillon", draft=True)
    BlockerFactory(initiative=initiative, author=member, title="Retiré", state=S.WITHDRAWN)
    user = request.getfixturevalue(persona)
    expected = {"Public", "Brouillon", "Retiré"} if sees_drafts else {"Public"}
    assert set(titles(selectors.blocker_list(user=user))) == expected


def test_an_assigned_civil_servant_sees_a_withdrawn_blocker_they_handled():
    agent = UserFactory(civil_servant=True)
    BlockerFactory(title="Retiré", assignee=agent, state=S.WITHDRAWN)
    assert titles(selectors.blocker_list(user=agent)) == ["Retiré"]
    assert selectors.blocker_get(user=agent, pk=selectors.blocker_list(user=agent)[0].pk)


def test_merged_blockers_are_left_out_of_the_list(anonymous):
    kept = BlockerFactory(title="Conservé")
    BlockerFactory(title="Doublon", state=S.MERGED, merge_into=kept)
    assert titles(selectors.blocker_list(user=anonymous)) == ["Conservé"]


def test_the_list_filters_by_state_and_resolution_kind(anonymous):
    BlockerFactory(title="Signalé")
    BlockerFactory(title="Levé", state=S.LIFTED)
    BlockerFactory(title="Maintenu", state=S.KEPT)
    lifted = selectors.blocker_list(user=anonymous, filters={"state": S.LIFTED})
    assert titles(lifted) == ["Levé"]
    decree = selectors.blocker_list(
        user=anonymous, filters={"resolution_kind": ResolutionKind.DECREE}
    )
    assert titles(decree) == ["Levé"]
    law = selectors.blocker_list(user=anonymous, filters={"resolution_kind": ResolutionKind.LAW})
    assert titles(law) == []


def test_the_list_filters_by_challenge_and_region(anonymous):
    culture = Challenge.objects.get(slug="culture")
    BlockerFactory(title="Culture en Bretagne", challenges=[culture])
    BlockerFactory(
        title="Finistère", departments=[Department.objects.get(code="29")], challenges=[]
    )
    BlockerFactory(title="Île-de-France", regions=[Region.objects.get(code="11")])
    by_challenge = selectors.blocker_list(user=anonymous, filters={"challenge": culture})
    assert titles(by_challenge) == ["Culture en Bretagne"]
    brittany = selectors.blocker_list(
        user=anonymous, filters={"region": Region.objects.get(code="53")}
    )
    assert titles(brittany) == ["Finistère"]


def test_the_list_filters_by_cited_code_and_administration(anonymous):
    ministry = OrganisationFactory(name=MINISTRY, ministry=True)
    BlockerFactory(title="Sécurité sociale", legal_text="article L. 165-1 du CSS")
    BlockerFactory(title="Travail", legal_text="article L. 5132-1 du code du travail")
    BlockerFactory(title="Impôts", legal_text="article 238 bis du CGI")
    social = selectors.blocker_list(user=anonymous, filters={"code": "code-de-la-securite-sociale"})
    assert titles(social) == ["Sécurité sociale"]
    routed = selectors.blocker_list(user=anonymous, filters={"administration": ministry})
    assert set(titles(routed)) == {"Sécurité sociale", "Travail"}


@pytest.mark.parametrize(
    "query", ["épicerie", "EPICERIE", "épiceries ambulantes", "ambulant", "stationnement"]
)
def test_the_search_ignores_accents_case_and_plurals(anonymous, query):
    BlockerFactory(
        title="Épicerie ambulante et droit de place",
        prevents="Une autorisation de stationnement est exigée dans chaque commune.",
    )
    BlockerFactory(title="Fauteuils reconditionnés")
    assert titles(selectors.blocker_list(user=anonymous, filters={"q": query})) == [
        "Épicerie ambulante et droit de place"
    ]


def test_the_search_needs_every_word(anonymous):
    BlockerFactory(title="Épicerie ambulante et droit de place")
    assert list(selectors.blocker_list(user=anonymous, filters={"q": "épicerie crèche"})) == []


def test_the_list_costs_the_same_few_queries_however_long(
    anonymous, coordinator, django_assert_max_num_queries
):
    culture = Challenge.objects.get(slug="culture")
    OrganisationFactory(name=MINISTRY, ministry=True)
    for number in range(8):
        blocker = BlockerFactory(
            title=f"Frein {number}", challenges=[culture], legal_text="article L. 165-1 du CSS"
        )
        join(blocker, number % 3)
    filters = {"q": "frein", "challenge": culture, "code": "code-de-la-securite-sociale"}
    for user in (anonymous, coordinator):
        with django_assert_max_num_queries(3):
            blockers = list(selectors.blocker_list(user=user, filters=filters))
            for blocker in blockers:
                list(blocker.challenges.all())
                list(blocker.administrations.all())
                assert blocker.supports_count >= 1
        assert len(blockers) == 8


# blocker_board and the civil servant's list


def test_the_board_groups_open_blockers_by_state(coordinator):
    BlockerFactory(title="Brouillon", draft=True)
    BlockerFactory(title="Signalé")
    popular = BlockerFactory(title="Signalé et rejoint")
    join(popular, 2)
    BlockerFactory(title="En instruction", state=S.IN_PROGRESS)
    BlockerFactory(title="Levé", state=S.LIFTED)
    board = selectors.blocker_board(user=coordinator)
    assert list(board) == [S.DRAFT, S.SUBMITTED, S.QUALIFIED, S.IN_PROGRESS, S.RESOLUTION_PROPOSED]
    assert titles(board[S.SUBMITTED]) == ["Signalé et rejoint", "Signalé"]
    assert titles(board[S.DRAFT]) == ["Brouillon"]
    assert titles(board[S.IN_PROGRESS]) == ["En instruction"]
    assert board[S.QUALIFIED] == []


def test_the_board_shows_others_only_public_blockers(stranger):
    BlockerFactory(title="Brouillon", draft=True)
    BlockerFactory(title="Signalé")
    board = selectors.blocker_board(user=stranger)
    assert (board[S.DRAFT], titles(board[S.SUBMITTED])) == ([], ["Signalé"])


def test_a_civil_servant_sees_blockers_assigned_or_routed_to_their_administration():
    ministry = OrganisationFactory(name=MINISTRY, ministry=True)
    agent = UserFactory(civil_servant=True)
    MembershipFactory(user=agent, organisation=ministry)
    assigned = BlockerFactory(title="Confié", assignee=agent, state=S.IN_PROGRESS)
    routed = BlockerFactory(title="Aiguillé", legal_text="article L. 5132-1 du code du travail")
    BlockerFactory(title="Ailleurs", legal_text="article 238 bis du CGI")
    BlockerFactory(title="Brouillon", legal_text="article L. 5132-1 du code du travail", draft=True)
    BlockerFactory(title="Retiré", assignee=agent, state=S.WITHDRAWN)
    mine = list(selectors.blockers_of_civil_servant(user=agent))
    assert set(mine) == {assigned, routed}
    assert len(mine) == 2


# similar_blockers


REFURBISHED = (
    "Remboursement du matériel médical reconditionné",
    "Les fauteuils roulants et lits médicalisés remis en état par notre atelier ne sont pas "
    "remboursés par l'Assurance maladie : seul le matériel neuf figure sur la liste.",
)
PARAPHRASE = (
    "Fauteuils roulants reconditionnés non pris en charge. La sécurité sociale ne rembourse "
    "pas les aides techniques remises en état, seul le matériel neuf est remboursé."
)


def declare_refurbished(**fields):
    values = {"title": REFURBISHED[0], "prevents": REFURBISHED[1]}
    return BlockerFactory(**(values | fields))


def test_suggestions_find_a_paraphrase(anonymous):
    blocker = declare_refurbished()
    BlockerFactory(
        title="Parcours d’insertion limités à 24 mois",
        prevents="Les salariés en insertion doivent sortir au bout de deux ans.",
    )
    found = selectors.similar_blockers(user=anonymous, text=PARAPHRASE)
    assert [b for b, _match in found] == [blocker]
    match = found[0][1]
    assert "fauteuil" in match.shared_terms
    assert found[0][0].supports_count == 1


def test_suggestions_find_a_blocker_citing_the_same_article_in_other_words(anonymous):
    blocker = BlockerFactory(
        title="Liste des produits remboursables",
        prevents="Notre activité de remise à neuf bute sur la nomenclature.",
        legal_text="article L. 165-1 du code de la sécurité sociale",
    )
    key = "code:code-de-la-securite-sociale:L165-1"
    found = selectors.similar_blockers(
        user=anonymous, text="Une règle de prise en charge", reference_keys={key}
    )
    assert [b for b, _match in found] == [blocker]
    assert found[0][1].shared_references == (key,)


def test_suggestions_leave_out_the_blocker_itself_and_hidden_ones(anonymous):
    blocker = declare_refurbished()
    declare_refurbished(draft=True)
    declare_refurbished(state=S.WITHDRAWN)
    text = " ".join(REFURBISHED)
    assert [b for b, _m in selectors.similar_blockers(user=anonymous, text=text)] == [blocker]
    assert selectors.similar_blockers(user=anonymous, text=text, exclude=[blocker.pk]) == []


def test_suggestions_include_closed_public_blockers(anonymous):
    lifted = declare_refurbished(state=S.LIFTED)
    assert [b for b, _m in selectors.similar_blockers(user=anonymous, text=PARAPHRASE)] == [lifted]


def test_the_index_follows_new_and_edited_blockers(anonymous, coordinator):
    assert selectors.similar_blockers(user=anonymous, text=PARAPHRASE) == []
    index = selectors.INDEX.get()
    assert selectors.INDEX.get() is index  # nothing changed: the same index is reused

    blocker = declare_refurbished()
    assert [b for b, _m in selectors.similar_blockers(user=anonymous, text=PARAPHRASE)] == [blocker]

    other = BlockerFactory(title="Sans rapport", prevents="Rien de commun.")
    services.blocker_update(
        actor=coordinator,
        blocker=other,
        version=other.version,
        title="Aides techniques reconditionnées",
        prevents="Les fauteuils roulants remis en état ne sont pas remboursés.",
    )
    found = {b for b, _m in selectors.similar_blockers(user=anonymous, text=PARAPHRASE)}
    assert found == {blocker, other}


def test_the_index_is_caught_up_in_place_rather_than_rebuilt(anonymous, coordinator):
    first = declare_refurbished()
    index = selectors.INDEX.get()
    second = declare_refurbished(title="Aides techniques d’occasion non remboursées")
    assert selectors.INDEX.get() is index
    assert second.pk in index
    found = [b for b, _m in selectors.similar_blockers(user=anonymous, text=PARAPHRASE)]
    assert set(found) == {first, second}

    services.blocker_transition(
        actor=coordinator, blocker=second, target=S.WITHDRAWN, version=second.version
    )
    assert [b for b, _m in selectors.similar_blockers(user=anonymous, text=PARAPHRASE)] == [first]
    assert selectors.INDEX.get() is index
    assert second.pk not in index


def test_a_merged_duplicate_leaves_the_index_and_its_references_follow(anonymous, coordinator):
    kept = BlockerFactory(title="Sans rapport", prevents="Rien de commun avec la suite.")
    duplicate = declare_refurbished(legal_text="article L. 165-1 du code de la sécurité sociale")
    key = "code:code-de-la-securite-sociale:L165-1"
    assert [b for b, _m in selectors.similar_blockers(user=anonymous, text=PARAPHRASE)] == [
        duplicate
    ]
    services.blocker_transition(
        actor=coordinator,
        blocker=duplicate,
        target=S.MERGED,
        version=duplicate.version,
        merge_into=kept,
    )
    found = selectors.similar_blockers(user=anonymous, text="Autre texte", reference_keys={key})
    assert [(b, m.shared_references) for b, m in found] == [(kept, (key,))]


def test_a_deleted_blocker_makes_the_index_rebuild(anonymous):
    blocker = declare_refurbished()
    other = declare_refurbished(title="Aides techniques d’occasion non remboursées")
    index = selectors.INDEX.get()
    other.supports.all().delete()
    other.events.all().delete()
    other.delete()
    assert [b for b, _m in selectors.similar_blockers(user=anonymous, text=PARAPHRASE)] == [blocker]
    assert selectors.INDEX.get() is not index


def test_the_home_page_counts_public_blockers_and_the_lifted_ones(client):
    from passeurs.blockers.selectors import blocker_counts

    before = blocker_counts()
    BlockerFactory(state=BlockerState.LIFTED)
    BlockerFactory(draft=True)
    after = blocker_counts()
    assert after["blockers"] == before["blockers"] + 1
    assert after["blockers_lifted"] == before["blockers_lifted"] + 1
    page = client.get("/").content.decode()
    assert f'data-count="blockers_lifted">{after["blockers_lifted"]}<' in page
