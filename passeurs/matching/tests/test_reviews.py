import itertools
import math
import random
import time
from fractions import Fraction
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passeurs.matching import reviews
from passeurs.matching.reviews import (
    SCORE_UNIT,
    Application,
    ApplicationScore,
    Criterion,
    Infeasible,
    Review,
    Reviewer,
    ShortageKind,
    assign_reviews,
    rank_applications,
    select_laureates,
)

# --- Assignment: small random problems and their brute-force optimum --------------------------


@st.composite
def jury_problems(draw):
    n_apps = draw(st.integers(1, 4))
    n_revs = draw(st.integers(1, 4))
    k = draw(st.integers(1, min(2, n_revs)))
    orgs = draw(st.integers(1, 3))
    apps = [Application(a, draw(st.integers(0, orgs - 1))) for a in range(n_apps)]
    capped = draw(st.sampled_from(["none", "some", "all"]))
    reviewers = []
    for r in range(n_revs):
        has_cap = capped == "all" or (capped == "some" and draw(st.booleans()))
        reviewers.append(Reviewer(f"r{r}", draw(st.integers(0, 4)) if has_cap else None))
    conflicts = {
        (f"r{r}", o) for r in range(n_revs) for o in range(orgs) if draw(st.integers(0, 4)) == 0
    }
    conflicted = {
        (f"r{r}", a.id)
        for r in range(n_revs)
        for a in apps
        if (f"r{r}", a.organisation) in conflicts
    }
    existing = {
        (f"r{r}", a)
        for r in range(n_revs)
        for a in range(n_apps)
        if (f"r{r}", a) not in conflicted and draw(st.integers(0, 6)) == 0
    }
    affinity = {
        (f"r{r}", a): draw(st.integers(-2, 5))
        for r in range(n_revs)
        for a in range(n_apps)
        if draw(st.booleans())
    }
    return apps, reviewers, k, conflicts, existing, affinity


def slot_values(reviewers, existing, new_pairs):
    """Sorted descending: the value of each new review's slot (the objective's first key)."""
    proportional = all(r.capacity is not None for r in reviewers)
    values = []
    for reviewer in reviewers:
        before = sum(1 for r, _a in existing if r == reviewer.id)
        new = sum(1 for r, _a in new_pairs if r == reviewer.id)
        weight = reviewer.capacity if proportional else 1
        values += [Fraction(before + k, weight) for k in range(1, new + 1)]
    return sorted(values, reverse=True)


def brute_force(apps, reviewers, k, conflicts, existing, affinity):
    """(slot values, -affinity) of the best assignment and whether one within 1 exists."""
    org = {a.id: a.organisation for a in apps}
    cap = {r.id: r.capacity for r in reviewers}
    options = []
    for a in apps:
        have = sum(1 for _r, x in existing if x == a.id)
        free = [
            r.id
            for r in reviewers
            if (r.id, org[a.id]) not in conflicts and (r.id, a.id) not in existing
        ]
        options.append(
            [[(r, a.id) for r in c] for c in itertools.combinations(free, max(k - have, 0))]
        )
    best, within_one = None, False
    for combination in itertools.product(*options):
        new = [pair for group in combination for pair in group]
        load = {r.id: 0 for r in reviewers}
        for r, _a in [*existing, *new]:
            load[r] += 1
        if any(
            cap[r] is not None and load[r] > max(cap[r], _existing_of(existing, r)) for r in load
        ):
            continue
        within_one = within_one or max(load.values()) - min(load.values()) <= 1
        key = (slot_values(reviewers, existing, new), -sum(affinity.get(p, 0) for p in new))
        best = key if best is None or key < best else best
    return best, within_one


def _existing_of(existing, reviewer):
    return sum(1 for r, _a in existing if r == reviewer)


@settings(max_examples=300, deadline=None)
@given(jury_problems())
def test_assignment_matches_brute_force(problem):
    apps, reviewers, k, conflicts, existing, affinity = problem
    best, within_one = brute_force(*problem)
    if best is None:
        with pytest.raises(Infeasible) as caught:
            assign_reviews(
                apps, reviewers, per_application=k, conflicts=conflicts, existing=existing
            )
        assert caught.value.reasons
        return
    result = assign_reviews(
        apps,
        reviewers,
        per_application=k,
        conflicts=conflicts,
        existing=existing,
        affinity=affinity,
    )
    new = set(result.pairs) - existing
    assert set(result.new_pairs) == new
    assert existing <= set(result.pairs)
    org = {a.id: a.organisation for a in apps}
    assert not [p for p in new if (p[0], org[p[1]]) in conflicts]
    for a in apps:
        mine = [r for r, x in result.pairs if x == a.id]
        assert len(mine) == len(set(mine)) >= k
        assert len(mine) == max(k, _existing_of({(x, r) for r, x in existing}, a.id))
    key = (slot_values(reviewers, existing, new), -sum(affinity.get(p, 0) for p in new))
    assert key == best
    loads = result.load
    assert loads == {r.id: sum(1 for x, _a in result.pairs if x == r.id) for r in reviewers}
    if within_one and all(r.capacity is None for r in reviewers):
        assert max(loads.values()) - min(loads.values()) <= 1


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 9), st.integers(1, 3), st.randoms(use_true_random=False))
def test_no_binding_conflict_gives_the_even_loads(n_apps, n_revs, k, rng):
    k = min(k, n_revs)
    apps = [Application(a, f"org{a}") for a in range(n_apps)]
    reviewers = [Reviewer(r) for r in range(n_revs)]
    affinity = {(r, a): rng.random() for r in range(n_revs) for a in range(n_apps)}
    result = assign_reviews(apps, reviewers, per_application=k, affinity=affinity)
    assert result.max_load == math.ceil(n_apps * k / n_revs)
    assert result.min_load == n_apps * k // n_revs
    for reviewers_of in result.reviewers_of().values():
        assert len(reviewers_of) == len(set(reviewers_of)) == k


def test_conflicts_are_never_assigned_and_loads_stay_even():
    rng = random.Random(7)
    apps = [Application(a, a % 25) for a in range(50)]
    reviewers = [Reviewer(f"jury{r}") for r in range(10)]
    conflicts = {(f"jury{r}", rng.randrange(25)) for r in range(10) for _ in range(3)}
    result = assign_reviews(apps, reviewers, per_application=3, conflicts=conflicts)
    assert all((r, a % 25) not in conflicts for r, a in result.pairs)
    assert all(len(set(v)) == 3 for v in result.reviewers_of().values())
    assert (result.min_load, result.max_load) == (15, 15)


def test_existing_reviews_are_kept_and_counted():
    apps = [Application(a, "org") for a in range(4)]
    reviewers = [Reviewer("a"), Reviewer("b"), Reviewer("c")]
    existing = {("a", 0), ("a", 1), ("a", 2), ("b", 0)}
    result = assign_reviews(apps, reviewers, per_application=2, existing=existing)
    assert existing <= set(result.pairs)
    assert set(result.new_pairs) == set(result.pairs) - existing
    assert {a: len(r) for a, r in result.reviewers_of().items()} == dict.fromkeys(range(4), 2)
    # 8 reviews, "a" already has 3: the others take the rest evenly (b: 3, c: 2 or 3).
    assert result.load["a"] == 3 and result.max_load == 3


def test_affinity_is_preferred_without_hurting_the_balance():
    apps = [Application(a, a) for a in range(4)]
    reviewers = [Reviewer("a"), Reviewer("b")]
    # "a" would like every application, but the loads must stay 2 and 2.
    affinity = {("a", a): 10.0 for a in range(4)} | {("b", 3): 1.0}
    result = assign_reviews(apps, reviewers, per_application=1, affinity=affinity)
    assert result.load == {"a": 2, "b": 2}
    assert ("b", 3) in result.pairs
    assert result.affinity == 21.0


def test_proportional_to_capacities():
    apps = [Application(a, a) for a in range(12)]
    reviewers = [Reviewer("small", 4), Reviewer("large", 8)]
    result = assign_reviews(apps, reviewers, per_application=1)
    assert result.load == {"small": 4, "large": 8}
    apps = [Application(a, a) for a in range(6)]
    result = assign_reviews(apps, reviewers, per_application=1)
    assert result.load == {"small": 2, "large": 4}


def test_infeasible_too_few_eligible_reviewers():
    apps = [Application("p1", "acme"), Application("p2", "other")]
    reviewers = [Reviewer("a"), Reviewer("b"), Reviewer("c")]
    conflicts = {("a", "acme"), ("b", "acme")}
    with pytest.raises(Infeasible) as caught:
        assign_reviews(apps, reviewers, per_application=2, conflicts=conflicts)
    (reason,) = caught.value.reasons
    assert reason.kind == ShortageKind.TOO_FEW_ELIGIBLE
    assert (reason.applications, reason.needed, reason.available) == (("p1",), 2, 1)
    assert reason.reviewers == ("c",)


def test_infeasible_capacity_names_the_group():
    # p1 and p2 can only be read by "a" and "b" (1 review each left); p3 is fine.
    apps = [Application("p1", "x"), Application("p2", "x"), Application("p3", "y")]
    reviewers = [Reviewer("a", 1), Reviewer("b", 1), Reviewer("c", 5), Reviewer("d", 5)]
    conflicts = {("c", "x"), ("d", "x")}
    with pytest.raises(Infeasible) as caught:
        assign_reviews(apps, reviewers, per_application=2, conflicts=conflicts)
    (reason,) = caught.value.reasons
    assert reason.kind == ShortageKind.NOT_ENOUGH_CAPACITY
    assert reason.applications == ("p1", "p2")
    assert (reason.needed, reason.available) == (4, 2)
    assert set(reason.reviewers) == {"a", "b"}


def test_total_capacity_too_small():
    apps = [Application(a, a) for a in range(5)]
    with pytest.raises(Infeasible) as caught:
        assign_reviews(apps, [Reviewer("a", 3), Reviewer("b", 3)], per_application=2)
    (reason,) = caught.value.reasons
    assert (reason.needed, reason.available) == (10, 6)


def test_bad_input():
    apps = [Application("p", "acme")]
    with pytest.raises(ValueError, match="conflicted"):
        assign_reviews(
            apps,
            [Reviewer("a")],
            per_application=1,
            conflicts={("a", "acme")},
            existing={("a", "p")},
        )
    with pytest.raises(ValueError, match="unknown"):
        assign_reviews(apps, [Reviewer("a")], per_application=1, existing={("z", "p")})
    with pytest.raises(ValueError, match="duplicate"):
        assign_reviews(apps, [Reviewer("a"), Reviewer("a")], per_application=1)


def test_same_input_same_pairs_whatever_the_order():
    rng = random.Random(3)
    apps = [Application(a, a % 7) for a in range(30)]
    reviewers = [Reviewer(f"r{r}") for r in range(6)]
    conflicts = {(f"r{r}", rng.randrange(7)) for r in range(6)}
    first = assign_reviews(apps, reviewers, per_application=2, conflicts=conflicts)
    second = assign_reviews(
        list(reversed(apps)), list(reversed(reviewers)), per_application=2, conflicts=conflicts
    )
    assert first == second


def test_assignment_is_fast_at_scale():
    rng = random.Random(11)
    apps = [Application(a, rng.randrange(250)) for a in range(500)]
    reviewers = [Reviewer(r) for r in range(60)]
    conflicts = {(r, rng.randrange(250)) for r in range(60) for _ in range(3)}
    affinity = {(r, a): rng.random() for r in range(60) for a in range(500) if rng.random() < 0.2}
    start = time.process_time()  # CPU time: the test machine may be busy
    result = assign_reviews(
        apps, reviewers, per_application=3, conflicts=conflicts, affinity=affinity
    )
    assert time.process_time() - start < 2.0
    assert (result.min_load, result.max_load) == (25, 25)


# --- Ranking -------------------------------------------------------------------------------

CRITERIA = [Criterion("impact", weight=2, low=0, high=5), Criterion("feasibility", 1, 0, 20)]


def review(reviewer, application, impact, feasibility):
    return Review(reviewer, application, {"impact": impact, "feasibility": feasibility})


def test_weighted_scores_by_hand():
    reviews = [
        review("r1", "A", 4, 10),  # (2 * 80 + 50) / 3 = 70
        review("r2", "A", 5, 20),  # 100
        review("r1", "B", 3, 16),  # (2 * 60 + 80) / 3 = 66.67
        review("r2", "B", 3, 12),  # (2 * 60 + 60) / 3 = 60
    ]
    ranking = rank_applications(reviews, CRITERIA, required=2)
    a, b = ranking.ranked
    assert (a.application, a.rank, b.application, b.rank) == ("A", 1, "B", 2)
    assert a.score == pytest.approx(85)
    assert (a.minimum, a.maximum, a.std, a.reviews) == (70, 100, 15, 2)
    assert a.disagreement  # 30 points apart
    assert not a.criteria["impact"].disagreement  # 80 and 100
    assert a.criteria["feasibility"].disagreement  # 50 and 100
    assert a.criteria["feasibility"].mean == 75
    assert a.disagreements == 2
    assert b.score == pytest.approx((200 / 3 + 60) / 2)
    assert not b.disagreement and b.disagreements == 0
    assert a.totals == {"r1": pytest.approx(70), "r2": 100}


def test_disagreement_threshold_is_strict():
    criteria = [Criterion("c", 1, 0, 100)]
    reviews = [Review("r1", "A", {"c": 50}), Review("r2", "A", {"c": 75})]
    reviews += [Review("r1", "B", {"c": 50}), Review("r2", "B", {"c": 75.5})]
    result = {s.application: s for s in rank_applications(reviews, criteria).ranked}
    assert not result["A"].disagreement and result["B"].disagreement
    loose = rank_applications(reviews, criteria, threshold=30).ranked
    assert not any(s.disagreement for s in loose)


def test_normalisation_removes_a_uniform_bias():
    criteria = [Criterion("c", 1, 0, 100)]
    # "harsh" and "kind" judge alike, 30 points apart; "mid" sees everything.
    reviews = [
        Review("harsh", "A", {"c": 40}),
        Review("harsh", "B", {"c": 60}),
        Review("harsh", "E", {"c": 50}),
        Review("kind", "C", {"c": 70}),
        Review("kind", "D", {"c": 90}),
        Review("kind", "F", {"c": 80}),
    ]
    raw = {s.application: s.score for s in rank_applications(reviews, criteria).ranked}
    assert raw["A"] < raw["C"]
    fair = rank_applications(reviews, criteria, normalise=True)
    scores = {s.application: s.score for s in fair.ranked}
    assert scores["A"] == pytest.approx(scores["C"])
    assert scores["B"] == pytest.approx(scores["D"])
    assert scores["E"] == pytest.approx(scores["F"])
    assert scores["A"] < scores["E"] < scores["B"]  # each reviewer's order is kept
    everyone = sum(raw.values()) / 6
    assert sum(scores[a] for a in "ABE") / 3 == pytest.approx(everyone)
    assert sum(scores[a] for a in "CDF") / 3 == pytest.approx(everyone)


def test_normalisation_single_review_and_no_spread():
    criteria = [Criterion("c", 1, 0, 100)]
    reviews = [
        Review("once", "A", {"c": 10}),  # a single review: left as is
        Review("flat", "B", {"c": 30}),  # no spread: shifted to the global mean
        Review("flat", "C", {"c": 30}),
        Review("other", "B", {"c": 20}),
        Review("other", "C", {"c": 80}),
    ]
    fair = rank_applications(reviews, criteria, normalise=True)
    a = next(s for s in fair.ranked if s.application == "A")
    assert a.score == 10
    mean = (10 + 30 + 30 + 20 + 80) / 5
    b = next(s for s in fair.ranked if s.application == "B")
    assert b.totals["flat"] == pytest.approx(mean)


def test_ties_are_deterministic():
    criteria = [Criterion("c", 1, 0, 100)]
    reviews = [
        Review("r1", "B", {"c": 60}),
        Review("r2", "B", {"c": 60}),
        Review("r1", "A", {"c": 60}),
        Review("r2", "A", {"c": 60}),
        Review("r1", "C", {"c": 30}),  # same mean, but the reviewers disagree
        Review("r2", "C", {"c": 90}),
    ]
    orders = set()
    for seed in range(5):
        shuffled = list(reviews)
        random.Random(seed).shuffle(shuffled)
        orders.add(tuple(s.application for s in rank_applications(shuffled, criteria).ranked))
    assert orders == {("A", "B", "C")}


def test_incomplete_applications():
    criteria = [Criterion("c", 1, 0, 10)]
    reviews = [
        Review("r1", "A", {"c": 5}),
        Review("r2", "A", {"c": 6}),
        Review("r1", "B", {"c": 9}),
    ]
    ranking = rank_applications(reviews, criteria, required=2, applications=["A", "B", "Z"])
    assert [s.application for s in ranking.ranked] == ["A"]
    assert [(s.application, s.reviews) for s in ranking.incomplete] == [("B", 1), ("Z", 0)]
    assert ranking.incomplete[0].rank is None and ranking.incomplete[1].score is None


def test_bad_reviews():
    with pytest.raises(ValueError, match="outside"):
        rank_applications([review("r", "A", 6, 0)], CRITERIA)
    with pytest.raises(ValueError, match="exactly"):
        rank_applications([Review("r", "A", {"impact": 1})], CRITERIA)
    with pytest.raises(ValueError, match="two reviews"):
        rank_applications([review("r", "A", 1, 1), review("r", "A", 2, 2)], CRITERIA)


# --- Selection -----------------------------------------------------------------------------


def entries(scores):
    return [
        ApplicationScore(i, i + 1, s, 3, s, s, 0.0, False, {}, {}, True)
        for i, s in enumerate(scores)
    ]


def brute_force_selection(scores, amounts, budget, count):
    best = None
    n = len(scores)
    for size in range(n + 1):
        if count is not None and size > count:
            break
        for subset in itertools.combinations(range(n), size):
            if any(scores[i] <= 0 for i in subset):
                continue
            spent = sum(amounts[i] for i in subset)
            if spent > budget:
                continue
            value = sum(round(scores[i] * SCORE_UNIT) for i in subset)
            mask = sum(1 << (n - 1 - i) for i in subset)
            key = (value, -spent, mask)
            best = (key, subset) if best is None or key > best[0] else best
    return best[1]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.integers(1, 5).map(float), st.floats(0.5, 100)), st.integers(0, 40)),
        min_size=0,
        max_size=9,
    ),
    st.integers(0, 120),
    st.one_of(st.none(), st.integers(0, 5)),
    st.sampled_from([1, 1, 7, 1000]),
)
def test_knapsack_equals_brute_force(items, budget, count, unit):
    scores = [s for s, _a in items]
    amounts = [a * unit for _s, a in items]
    expected = brute_force_selection(scores, amounts, budget, count)
    for states in (reviews.SPARSE_STATES, 0):  # 0: the dense programme takes over at once
        with mock.patch.object(reviews.selection, "SPARSE_STATES", states):
            selection = select_laureates(
                entries(scores), budget=budget, count=count, requested=dict(enumerate(amounts))
            )
        assert selection.laureates == expected
        assert selection.total_amount == sum(amounts[i] for i in expected) <= budget


def test_knapsack_beats_greedy_and_count_only():
    ranking = entries([90, 80, 79, 78])
    requested = {0: 100, 1: 50, 2: 50, 3: 50}
    exact = select_laureates(ranking, budget=150, requested=requested)
    greedy = select_laureates(ranking, budget=150, requested=requested, method="greedy")
    assert greedy.laureates == (0, 1) and greedy.total_score == 170
    assert exact.laureates == (1, 2, 3) and exact.total_score == 237
    assert exact.total_amount == 150
    assert select_laureates(ranking, count=2).laureates == (0, 1)
    assert select_laureates(ranking, count=2, budget=150, requested=requested).laureates == (0, 1)
    assert select_laureates(ranking, count=2, budget=149, requested=requested).laureates == (1, 2)
    with pytest.raises(ValueError, match="requested"):
        select_laureates(ranking, budget=100, requested={0: 10})


@pytest.mark.parametrize("scores_follow_amounts", [False, True])
def test_knapsack_is_fast_at_scale(scores_follow_amounts):
    rng = random.Random(5)
    amounts = [rng.randrange(20_000, 200_001) for _ in range(200)]
    if scores_follow_amounts:  # a subset-sum in disguise: the dense programme's case
        scores = [a / 2000 for a in amounts]
    else:
        scores = [rng.uniform(40, 95) for _ in amounts]
    order = sorted(range(200), key=lambda i: -scores[i])
    ranking = entries([scores[i] for i in order])
    requested = {rank: amounts[i] for rank, i in enumerate(order)}
    start = time.process_time()  # CPU time: the test machine may be busy
    exact = select_laureates(ranking, budget=2_000_000, requested=requested)
    assert time.process_time() - start < 3.0
    greedy = select_laureates(ranking, budget=2_000_000, requested=requested, method="greedy")
    assert exact.total_amount <= 2_000_000
    assert exact.total_score >= greedy.total_score
