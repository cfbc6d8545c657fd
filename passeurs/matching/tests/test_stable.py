import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from passeurs.matching import Reason, blocking_pairs, stable_match


@st.composite
def rankings(draw):
    n_projects = draw(st.integers(1, 7))
    n_servants = draw(st.integers(1, 5))
    projects = [f"p{i}" for i in range(n_projects)]
    servants = [f"s{j}" for j in range(n_servants)]
    project_prefs = {
        p: draw(st.permutations(servants))[: draw(st.integers(0, n_servants))] for p in projects
    }
    servant_prefs = {
        s: draw(st.permutations(projects))[: draw(st.integers(0, n_projects))] for s in servants
    }
    capacities = {s: draw(st.integers(0, 3)) for s in servants}
    cells = list(itertools.product(projects, servants))
    forbidden = {cell for cell in cells if draw(st.integers(0, 6)) == 0}
    return project_prefs, servant_prefs, capacities, forbidden


@settings(max_examples=300, deadline=None)
@given(rankings())
def test_deferred_acceptance_leaves_no_blocking_pair(problem):
    project_prefs, servant_prefs, capacities, forbidden = problem
    result = stable_match(project_prefs, servant_prefs, capacities=capacities, forbidden=forbidden)
    assert (
        blocking_pairs(
            result.pairs, project_prefs, servant_prefs, capacities=capacities, forbidden=forbidden
        )
        == []
    )
    projects = [p for p, _s in result.pairs]
    assert len(projects) == len(set(projects))
    for servant, assigned in result.projects_of().items():
        assert len(assigned) <= capacities[servant]
    for project, servant in result.pairs:
        assert servant in project_prefs[project]
        assert project in servant_prefs[servant]
        assert (project, servant) not in forbidden
    assert set(result.unmatched_projects) == set(project_prefs) - set(projects)


@settings(max_examples=100, deadline=None)
@given(rankings(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_input_order(problem, rnd):
    project_prefs, servant_prefs, capacities, forbidden = problem
    first = stable_match(project_prefs, servant_prefs, capacities=capacities, forbidden=forbidden)
    items = list(project_prefs.items())
    rnd.shuffle(items)
    again = stable_match(dict(items), servant_prefs, capacities=capacities, forbidden=forbidden)
    assert again == first


def test_projects_get_their_best_stable_servant():
    project_prefs = {"a": ["x", "y"], "b": ["x", "y"], "c": ["x"]}
    servant_prefs = {"x": ["b", "a", "c"], "y": ["a", "b"]}
    result = stable_match(project_prefs, servant_prefs, capacities={"x": 1, "y": 1})
    assert result.pairs == [("a", "y"), ("b", "x")]
    assert result.total == 2
    assert result.unmatched_projects == {"c": Reason.CAPACITY_EXHAUSTED}


def test_a_servant_with_capacity_two_keeps_its_two_favourites():
    project_prefs = {"a": ["x"], "b": ["x"], "c": ["x"]}
    servant_prefs = {"x": ["c", "a", "b"], "idle": []}
    result = stable_match(project_prefs, servant_prefs, capacities={"x": 2})
    assert result.pairs == [("a", "x"), ("c", "x")]
    assert result.unmatched_servants == {"idle": Reason.NO_ADMISSIBLE_PAIR}


def test_only_mutually_ranked_pairs_are_acceptable():
    result = stable_match({"a": ["x"]}, {"x": ["b"]})
    assert result.pairs == []
    assert result.unmatched_projects == {"a": Reason.NO_ADMISSIBLE_PAIR}


def test_blocking_pairs_finds_an_unstable_assignment():
    project_prefs = {"a": ["x", "y"], "b": ["y", "x"]}
    servant_prefs = {"x": ["a", "b"], "y": ["b", "a"]}
    assert blocking_pairs([("a", "y"), ("b", "x")], project_prefs, servant_prefs) == [
        ("a", "x"),
        ("b", "y"),
    ]
