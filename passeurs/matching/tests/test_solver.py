import itertools
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from passeurs.matching import Reason, solve
from passeurs.matching.orlib import generate

# --- Small random problems and their brute-force optimum ------------------------------------


@st.composite
def problems(draw):
    n_projects = draw(st.integers(1, 5))
    n_servants = draw(st.integers(1, 4))
    cells = list(itertools.product(range(n_projects), range(n_servants)))
    scores = {
        cell: draw(st.integers(-3, 9))
        for cell in cells
        if draw(st.booleans()) or draw(st.booleans())
    }
    capacities = {s: draw(st.integers(0, 2)) for s in range(n_servants)}
    forbidden = {cell for cell in cells if draw(st.integers(0, 5)) == 0}
    fixed = set()
    load = dict.fromkeys(range(n_servants), 0)
    for project in range(n_projects):
        if draw(st.integers(0, 5)) == 0:
            servant = draw(st.integers(0, n_servants - 1))
            if (project, servant) not in forbidden and load[servant] < capacities[servant]:
                fixed.add((project, servant))
                load[servant] += 1
    return n_projects, n_servants, scores, capacities, forbidden, fixed


def brute_force(n_projects, scores, capacities, forbidden, fixed, maximise):
    """The best (objective) over every assignment, by enumeration."""
    fixed_of = dict(fixed)
    choices = []
    for project in range(n_projects):
        if project in fixed_of:
            choices.append([fixed_of[project]])
        else:
            options = [s for (p, s) in scores if p == project and (p, s) not in forbidden]
            choices.append([None, *options])
    best = None
    for combination in itertools.product(*choices):
        load = {}
        for servant in combination:
            if servant is not None:
                load[servant] = load.get(servant, 0) + 1
        if any(count > capacities.get(s, 1) for s, count in load.items()):
            continue
        pairs = [(p, s) for p, s in enumerate(combination) if s is not None]
        total = sum(scores.get(pair, 0) for pair in pairs)
        # Maximise the score; or maximise the number of pairs, then minimise the cost.
        key = (total,) if maximise else (len(pairs), -total)
        if best is None or key > best:
            best = key
    return best


def assert_feasible(result, scores, capacities, forbidden, fixed):
    projects = [p for p, _s in result.pairs]
    assert len(projects) == len(set(projects))
    assert fixed <= set(result.pairs)
    assert not set(result.pairs) & forbidden
    for pair in set(result.pairs) - fixed:
        assert pair in scores
    for servant, projects in result.projects_of().items():
        assert len(projects) <= capacities.get(servant, 1)
    assert result.total == sum(scores.get(pair, 0) for pair in result.pairs)


def as_matrix(n_projects, n_servants, scores):
    matrix = np.full((n_projects, n_servants), np.nan)
    for (p, s), value in scores.items():
        matrix[p, s] = value
    return matrix


@settings(max_examples=250, deadline=None)
@given(problems(), st.booleans())
def test_it_matches_brute_force_on_small_problems(problem, maximise):
    n_projects, _n_servants, scores, capacities, forbidden, fixed = problem
    result = solve(
        scores, capacities=capacities, forbidden=forbidden, fixed=fixed, maximise=maximise
    )
    assert_feasible(result, scores, capacities, forbidden, fixed)
    best = brute_force(n_projects, scores, capacities, forbidden, fixed, maximise)
    got = (result.total,) if maximise else (len(result.pairs), -result.total)
    assert got == best


@settings(max_examples=250, deadline=None)
@given(problems(), st.booleans())
def test_the_matrix_path_matches_brute_force_too(problem, maximise):
    n_projects, n_servants, scores, capacities, forbidden, fixed = problem
    matrix = as_matrix(n_projects, n_servants, scores)
    caps = [capacities[s] for s in range(n_servants)]
    result = solve(matrix, capacities=caps, forbidden=forbidden, fixed=fixed, maximise=maximise)
    assert_feasible(result, scores, capacities, forbidden, fixed)
    best = brute_force(n_projects, scores, capacities, forbidden, fixed, maximise)
    got = (result.total,) if maximise else (len(result.pairs), -result.total)
    assert got == best


@settings(max_examples=100, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_it_gives_the_same_pairs_whatever_the_input_order(problem, rnd):
    _n_p, _n_s, scores, capacities, forbidden, fixed = problem
    first = solve(scores, capacities=capacities, forbidden=forbidden, fixed=fixed)
    items = list(scores.items())
    rnd.shuffle(items)
    caps = list(capacities.items())
    rnd.shuffle(caps)
    again = solve(dict(items), capacities=dict(caps), forbidden=forbidden, fixed=fixed)
    assert again == first


def test_it_breaks_ties_the_same_way_every_time():
    scores = {(p, s): 5 for p in "abc" for s in "xyz"}
    results = {tuple(solve(scores).pairs) for _ in range(5)}
    assert len(results) == 1
    assert len(next(iter(results))) == 3


def test_it_accepts_string_and_mixed_ids():
    scores = {("projet-1", "agent-a"): 3, ("projet-2", "agent-a"): 4, (7, "agent-b"): 1}
    result = solve(scores)
    assert result.pairs == [(7, "agent-b"), ("projet-2", "agent-a")]
    assert result.total == 5


# --- Capacities at scale ---------------------------------------------------------------------


def test_a_capacitated_edition_agrees_with_scipy_on_the_expanded_matrix():
    rng = np.random.default_rng(7)
    n_projects, n_servants = 120, 40
    capacities = {s: int(c) for s, c in enumerate(rng.integers(1, 4, size=n_servants))}
    scores = {}
    for p in range(n_projects):
        for s in rng.choice(n_servants, 8, replace=False).tolist():
            scores[(p, s)] = int(rng.integers(1, 1000))
    result = solve(scores, capacities=capacities)
    dense = np.zeros((n_projects, n_servants))
    for (p, s), value in scores.items():
        dense[p, s] = value
    expanded = np.repeat(dense, [capacities[s] for s in range(n_servants)], axis=1)
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    assert result.total == int(expanded[rows, cols].sum())
    assert all(len(ps) <= capacities[s] for s, ps in result.projects_of().items())


@pytest.mark.parametrize(("n", "seed"), [(50, 1), (120, 2), (200, 3)])
def test_it_agrees_with_scipy_on_generated_instances_to_the_unit(n, seed):
    costs = generate(n, seed)
    rows, cols = linear_sum_assignment(costs)
    expected = int(costs[rows, cols].sum())
    assert solve(costs, maximise=False).total == expected
    as_mapping = {(i, j): int(costs[i, j]) for i in range(n) for j in range(n)}
    assert solve(as_mapping, maximise=False).total == expected


def test_a_dense_score_matrix_leaves_unprofitable_pairs_out():
    scores = np.array([[5.0, -1.0], [0.0, -2.0]])
    result = solve(scores)
    assert result.pairs == [(0, 0)]
    assert result.total == 5
    assert result.unmatched_projects == {1: Reason.NO_IMPROVING_PAIR}
    assert result.unmatched_servants == {1: Reason.NOT_CHOSEN}


def test_float_scores_are_summed_as_given():
    result = solve({("p", "s"): 0.25, ("q", "s"): 0.5, ("q", "t"): 0.5})
    assert math.isclose(result.total, 0.75)


# --- Unmatched reasons -----------------------------------------------------------------------


def test_it_says_why_projects_and_servants_stay_unmatched():
    scores = {
        ("fixed", "alice"): 9,
        ("blocked", "alice"): 3,
        ("forbidden", "bob"): 4,
        ("outcompeted", "carol"): 2,
        ("winner", "carol"): 8,
        ("negative", "dan"): -1,
        ("to-zero", "eve"): 5,
    }
    result = solve(
        scores,
        capacities={"eve": 0},
        forbidden={("forbidden", "bob")},
        fixed={("fixed", "alice")},
        projects=["lonely"],
        servants=["idle"],
    )
    assert result.pairs == [("fixed", "alice"), ("winner", "carol")]
    assert result.total == 17
    assert result.unmatched_projects == {
        "blocked": Reason.FIXED_ELSEWHERE,
        "forbidden": Reason.FORBIDDEN_ONLY,
        "lonely": Reason.NO_ADMISSIBLE_PAIR,
        "negative": Reason.NO_IMPROVING_PAIR,
        "outcompeted": Reason.CAPACITY_EXHAUSTED,
        "to-zero": Reason.CAPACITY_EXHAUSTED,
    }
    assert result.unmatched_servants == {
        "bob": Reason.FORBIDDEN_ONLY,
        "dan": Reason.NOT_CHOSEN,
        "eve": Reason.NO_CAPACITY,
        "idle": Reason.NO_ADMISSIBLE_PAIR,
    }


def test_minimising_costs_matches_as_many_projects_as_possible():
    costs = {("a", "x"): 1, ("b", "x"): 2, ("b", "y"): 100}
    result = solve(costs, maximise=False)
    assert result.pairs == [("a", "x"), ("b", "y")]
    assert result.total == 101


@pytest.mark.parametrize(
    ("fixed", "forbidden", "capacities"),
    [
        ({("a", "x")}, {("a", "x")}, {}),
        ({("a", "x"), ("a", "y")}, set(), {}),
        ({("a", "x"), ("b", "x")}, set(), {"x": 1}),
        (set(), set(), {"x": -1}),
    ],
)
def test_it_refuses_inconsistent_problems(fixed, forbidden, capacities):
    scores = {("a", "x"): 1, ("b", "x"): 1, ("a", "y"): 1}
    with pytest.raises(ValueError):
        solve(scores, fixed=fixed, forbidden=forbidden, capacities=capacities)


def test_an_empty_problem_gives_an_empty_assignment():
    result = solve({}, projects=["p"], servants=["s"])
    assert result.pairs == []
    assert result.total == 0
    assert result.unmatched_projects == {"p": Reason.NO_ADMISSIBLE_PAIR}


def test_random_large_sparse_problem_respects_capacities():
    rnd = random.Random(3)
    scores = {(p, s): rnd.randint(1, 50) for p in range(300) for s in rnd.sample(range(80), 10)}
    capacities = {s: rnd.randint(1, 3) for s in range(80)}
    result = solve(scores, capacities=capacities)
    assert_feasible(result, scores, capacities, set(), set())
    # Every unmatched project had all its servants full: adding a pair cannot help.
    full = {s for s, ps in result.projects_of().items() if len(ps) == capacities[s]}
    for project, reason in result.unmatched_projects.items():
        assert reason == Reason.CAPACITY_EXHAUSTED
        assert {s for (p, s) in scores if p == project} <= full
