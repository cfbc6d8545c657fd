"""The scoring adapter, on plain profiles: hard rules, terms, and explanations that add up."""

from hypothesis import given
from hypothesis import strategies as st

from passeurs.pairing import scoring
from passeurs.pairing.scoring import Project, Servant, Settings

SETTINGS = Settings()


def a_project(**values) -> Project:
    return Project(
        **{
            "key": "p",
            "organisation": 1,
            "needs": "épicerie solidaire aide alimentaire",
            "regions": frozenset({"84"}),
            "departments": frozenset({"69"}),
            **values,
        }
    )


def a_servant(**values) -> Servant:
    return Servant(
        **{
            "key": "s",
            "administration_chain": (10, 100),
            "expertise": "aide alimentaire",
            **values,
        }
    )


def test_a_servant_never_pairs_with_their_own_structure():
    assert scoring.broken_rule(a_project(organisation=10), a_servant()) == "same_organisation"
    assert (
        scoring.broken_rule(a_project(organisation=7), a_servant(organisations=frozenset({7})))
        == "same_organisation"
    )


def test_a_funding_or_supervising_administration_or_its_ministry_is_excluded():
    assert scoring.broken_rule(a_project(funders=frozenset({10})), a_servant()) == (
        "funder_supervisor"
    )
    # The ministry (a parent of the agent's directorate) funds the project's structure.
    assert scoring.broken_rule(a_project(funders=frozenset({100})), a_servant()) == (
        "funder_supervisor"
    )


def test_conflicts_declared_by_either_side_exclude_the_pair():
    assert scoring.broken_rule(a_project(), a_servant(conflicts=frozenset({1}))) == "conflict"
    assert scoring.broken_rule(a_project(conflicts=frozenset({100})), a_servant()) == "conflict"
    assert scoring.broken_rule(a_project(), a_servant()) is None


def test_each_term_scores_what_the_issue_asks():
    explanation = scoring.explain(
        a_project(
            blocker_codes=frozenset({"code-du-travail", "code-rural"}),
            challenges=frozenset({1, 2}),
            wishes=frozenset({"s"}),
        ),
        a_servant(
            legal_codes=frozenset({"code-du-travail"}),
            challenges=frozenset({2}),
            regions=frozenset({"84"}),
        ),
        SETTINGS,
    )
    # Needs: épicerie, solidaire, aide, alimentaire → 2 of 4 words; codes: 1 of 2.
    assert explanation == {
        "expertise": round(4 * 100 * (0.5 + 0.5) / 2),
        "challenges": 100,
        "territory": 100,  # same region, not same department: half of 2 x 100
        "wishes": 100,  # one-way wish: half of 2 x 100
    }


def test_distance_mode_rewards_the_servant_from_elsewhere():
    far = a_servant(regions=frozenset({"11"}))
    near = a_servant(departments=frozenset({"69"}))
    distance = Settings(territory_mode="distance")
    assert scoring.explain(a_project(), far, distance)["territory"] == 200
    assert scoring.explain(a_project(), near, distance)["territory"] == 0
    assert scoring.explain(a_project(), near, SETTINGS)["territory"] == 200


def test_score_all_leaves_out_inadmissible_pairs_and_says_why():
    projects = [a_project(key="p1", organisation=10), a_project(key="p2", organisation=2)]
    servants = [a_servant(key="s1")]
    scored, excluded = scoring.score_all(projects, servants, SETTINGS)
    assert set(scored) == {("p2", "s1")}
    assert excluded == {"p1": scoring.NO_ADMISSIBLE_PAIR}


words = st.lists(st.sampled_from(["aide", "épicerie", "logement", "emploi", "santé"]))
ids = st.frozensets(st.integers(0, 5))


@given(
    needs=words,
    expertise=words,
    challenges=ids,
    servant_challenges=ids,
    regions=ids,
    servant_regions=ids,
    weights=st.fixed_dictionaries({term: st.integers(0, 20) for term in scoring.TERMS}),
    mode=st.sampled_from(["proximity", "distance"]),
    wished=st.booleans(),
)
def test_the_terms_of_an_explanation_add_up_to_the_score(
    needs,
    expertise,
    challenges,
    servant_challenges,
    regions,
    servant_regions,
    weights,
    mode,
    wished,
):
    project = a_project(
        needs=" ".join(needs),
        challenges=challenges,
        regions=regions,
        wishes=frozenset({"s"} if wished else ()),
    )
    servant = a_servant(
        expertise=" ".join(expertise), challenges=servant_challenges, regions=servant_regions
    )
    settings = Settings(weights=weights, territory_mode=mode)
    (item,) = scoring.score_all([project], [servant], settings)[0].values()
    assert sum(item.explanation.values()) == item.score
    for term, points in item.explanation.items():
        assert 0 <= points <= weights[term] * scoring.SCALE
