"""Jury review of calls for projects: who reads which application, the ranking, the laureates.

Pure: no Django. The calls app adapts its rows (applications, jury members, scored reviews)
into the plain dataclasses below and back. Three steps, three functions:

1. `assign_reviews()`: every application read by `per_application` distinct reviewers, never
   by a reviewer who declared a conflict with its organisation, the reading load as even as the
   conflicts allow, then the affinity (shared challenge...) as high as possible.
2. `rank_applications()`: the weighted score of each application on 0..100, optionally
   corrected for harsh or lenient reviewers, the spread between reviewers flagged, and a
   deterministic order.
3. `select_laureates()`: the top `count`, or the best set under a budget (exact 0/1 knapsack),
   or the greedy-by-rank baseline.

Why the assignment is exact (and what "balanced" means)
--------------------------------------------------------
Give every reviewer unit "slots": the k-th review of reviewer i raises their load to
`existing_i + k`, and that slot is worth `(existing_i + k) / w_i`, with `w_i = 1` (even
balance) or `w_i = capacity_i` (balance in proportion to the capacities, see `Reviewer`). The
load vectors of all valid assignments are the bases of a polymatroid (they are the sink-side
flows of a bipartite transportation network), so splitting each reviewer into their slots gives
a matroid, and a minimum-weight base of a matroid is the same for any weights that order the
slots the same way. Such a base minimises the largest slot used (the maximum load, or load /
capacity), then the second largest, and so on: with equal weights it is the "decreasingly
minimal" load vector of Frank and Murota, which also maximises the minimum load, so loads are
within 1 of one another whenever the conflicts allow it. We therefore solve a min-cost flow
whose slot costs are the integer *ranks* of the slot values (exact, no big-M), as a linear
programme with HiGHS (the constraint matrix is a network matrix, so the simplex vertex is
integral). The affinity is then maximised in a second programme restricted, by complementary
slackness with the first one's integral duals, to exactly the balance-optimal assignments:
lexicographic, and exact. Before that, a max-flow (SciPy's Dinic) checks feasibility, explains
a failure, and finds the smallest maximum level so the programme only carries useful slots.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction
from typing import Literal

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from passeurs.matching.solver import canonical

__all__ = [
    "Application",
    "ApplicationScore",
    "Criterion",
    "CriterionScore",
    "Infeasible",
    "Ranking",
    "Review",
    "ReviewAssignment",
    "Reviewer",
    "Selection",
    "Shortage",
    "ShortageKind",
    "assign_reviews",
    "rank_applications",
    "select_laureates",
]


# --- 1. Assignment ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    """An application to the call, submitted by an organisation (the conflicts are per org)."""

    id: Hashable
    organisation: Hashable


@dataclass(frozen=True)
class Reviewer:
    """A jury member.

    `capacity`: the most reviews they take in all, existing ones included (None: no limit).
    When *every* reviewer has a capacity, loads are balanced in proportion to the capacities
    (the largest load / capacity is minimised: someone who offers 10 reads twice as many as
    someone who offers 5). Otherwise loads are balanced evenly, and the capacities that are
    given only act as ceilings.
    """

    id: Hashable
    capacity: int | None = None


class ShortageKind(StrEnum):
    """Why no assignment exists."""

    # One application: fewer eligible reviewers (no conflict, not already reading it, room
    # left) than the reviews it still needs.
    TOO_FEW_ELIGIBLE = "too_few_eligible_reviewers"
    # A group of applications needs more reviews than the reviewers able to read them can
    # still take (capacities too small, possibly because of conflicts).
    NOT_ENOUGH_CAPACITY = "not_enough_capacity"


@dataclass(frozen=True)
class Shortage:
    """One reason for infeasibility, in terms the coordinator can act upon.

    TOO_FEW_ELIGIBLE: `applications` is one application, `needed` the reviews it still needs,
    `available` its number of eligible reviewers, `reviewers` those reviewers.
    NOT_ENOUGH_CAPACITY: `applications` is the group (a minimum cut of the flow network),
    `needed` the reviews they still need together, `available` the most they can get,
    `reviewers` the eligible reviewers who are then full (raise their capacity, or lift a
    conflict, or add a reviewer).
    """

    kind: ShortageKind
    applications: tuple[Hashable, ...]
    needed: int
    available: int
    reviewers: tuple[Hashable, ...] = ()


class Infeasible(Exception):
    """No assignment gives every application its reviews: nothing partial is returned."""

    def __init__(self, reasons: Sequence[Shortage]):
        self.reasons = tuple(reasons)
        super().__init__(
            "; ".join(
                f"{r.kind}: {list(r.applications)!r} need {r.needed}, {r.available} available"
                for r in self.reasons
            )
        )


@dataclass(frozen=True)
class ReviewAssignment:
    """Who reads what: `pairs` (reviewer, application), existing ones included.

    Pairs are sorted by application then reviewer (canonical id order). `new_pairs` are the
    ones this call added. `load` is every reviewer's total number of reviews (zero included),
    `affinity` the total affinity of all pairs.
    """

    pairs: tuple[tuple[Hashable, Hashable], ...]
    new_pairs: tuple[tuple[Hashable, Hashable], ...]
    load: dict[Hashable, int]
    affinity: float

    @property
    def max_load(self) -> int:
        return max(self.load.values(), default=0)

    @property
    def min_load(self) -> int:
        return min(self.load.values(), default=0)

    def reviewers_of(self) -> dict[Hashable, list[Hashable]]:
        """Application id -> its reviewers, in reviewer order."""
        result: dict[Hashable, list[Hashable]] = {}
        for reviewer, application in self.pairs:
            result.setdefault(application, []).append(reviewer)
        return result

    def applications_of(self) -> dict[Hashable, list[Hashable]]:
        """Reviewer id -> the applications they read, in application order."""
        result: dict[Hashable, list[Hashable]] = {}
        for reviewer, application in self.pairs:
            result.setdefault(reviewer, []).append(application)
        return result


def assign_reviews(
    applications: Sequence[Application],
    reviewers: Sequence[Reviewer],
    *,
    per_application: int,
    conflicts: Collection[tuple[Hashable, Hashable]] = (),
    existing: Collection[tuple[Hashable, Hashable]] = (),
    affinity: Mapping[tuple[Hashable, Hashable], float] | None = None,
) -> ReviewAssignment:
    """Every application read by at least `per_application` distinct reviewers.

    `conflicts`: (reviewer id, organisation id) pairs: never assigned, whatever the cost.
    `existing`: (reviewer id, application id) pairs already made (scored reviews): kept, and
    counted in the loads and towards `per_application` (an application that already has more
    keeps them all and gets no new one).
    `affinity`: (reviewer id, application id) -> score, missing pairs 0; higher is preferred,
    but only among the assignments with the best balance (see the module docstring).

    Raises `Infeasible` (with the reasons) when no assignment exists; ValueError on bad input
    (duplicate ids, unknown ids in `existing`, an existing pair that is conflicted: such a
    review should be withdrawn before it counts).
    Among equally good assignments, the one returned is the one HiGHS's deterministic dual
    simplex reaches on the canonical problem (ids sorted), so the same input gives the same
    pairs.
    """
    if per_application < 0:
        raise ValueError("per_application must be non-negative")
    affinity = affinity or {}
    problem = _Problem.build(applications, reviewers, per_application, conflicts, existing)
    new_pairs: list[tuple[int, int]] = []
    if problem.demand.sum():
        problem.check_feasible()
        level = problem.smallest_level()
        new_pairs = problem.balanced_pairs(level, affinity)
    return problem.result(new_pairs, affinity)


@dataclass
class _Problem:
    """The assignment problem in index form (applications and reviewers in canonical order)."""

    app_ids: list[Hashable]
    rev_ids: list[Hashable]
    existing: set[tuple[int, int]]  # (application index, reviewer index)
    demand: np.ndarray  # new reviews each application still needs
    eligible: np.ndarray  # bool, applications x reviewers: a new pair is allowed
    loaded: np.ndarray  # existing load of each reviewer
    weight: list[int]  # w_i: 1 (even) or the capacity (proportional)
    most: np.ndarray  # the most new reviews each reviewer can take (slots)

    @classmethod
    def build(cls, applications, reviewers, per_application, conflicts, existing) -> _Problem:
        by_app = _unique({a.id: a for a in applications}, len(applications), "application")
        by_rev = _unique({r.id: r for r in reviewers}, len(reviewers), "reviewer")
        app_ids, rev_ids = canonical(by_app), canonical(by_rev)
        a_index = {a: i for i, a in enumerate(app_ids)}
        r_index = {r: j for j, r in enumerate(rev_ids)}
        n, m = len(app_ids), len(rev_ids)
        for reviewer in by_rev.values():
            if reviewer.capacity is not None and reviewer.capacity < 0:
                raise ValueError(f"reviewer {reviewer.id!r} has a negative capacity")

        org_ids = canonical(by_app[a].organisation for a in app_ids)
        o_index = {o: k for k, o in enumerate(org_ids)}
        org_of = np.array([o_index[by_app[a].organisation] for a in app_ids], dtype=np.int64)
        declared = np.zeros((m, len(org_ids)), dtype=bool)
        for reviewer, organisation in conflicts:
            if reviewer in r_index and organisation in o_index:
                declared[r_index[reviewer], o_index[organisation]] = True
        conflicted = declared[:, org_of].T if n else np.zeros((0, m), dtype=bool)

        pairs: set[tuple[int, int]] = set()
        for reviewer, application in existing:
            if reviewer not in r_index or application not in a_index:
                raise ValueError(f"existing pair {(reviewer, application)!r}: unknown id")
            i, j = a_index[application], r_index[reviewer]
            if conflicted[i, j]:
                raise ValueError(
                    f"existing pair {(reviewer, application)!r} is conflicted: withdraw it"
                )
            pairs.add((i, j))
        have = np.zeros(n, dtype=np.int64)
        loaded = np.zeros(m, dtype=np.int64)
        for i, j in pairs:
            have[i] += 1
            loaded[j] += 1
        demand = np.maximum(per_application - have, 0)

        caps = [by_rev[r].capacity for r in rev_ids]
        proportional = m > 0 and all(c is not None for c in caps)
        weight = [int(c) if proportional else 1 for c in caps]
        room = np.array(
            [n if c is None else max(c - int(loaded[j]), 0) for j, c in enumerate(caps)],
            dtype=np.int64,
        )
        eligible = ~conflicted & (demand > 0)[:, None] & (room > 0)[None, :]
        for i, j in pairs:
            eligible[i, j] = False
        most = np.minimum(room, eligible.sum(axis=0))
        return cls(app_ids, rev_ids, pairs, demand, eligible, loaded, weight, most)

    # --- feasibility and the smallest maximum level, by max-flow ---

    def _flow(self, ceilings: np.ndarray):
        """Max-flow source -> applications (demand) -> reviewers (1 each) -> sink (ceiling)."""
        n, m = self.eligible.shape
        rows, cols = np.nonzero(self.eligible)
        apps = np.flatnonzero(self.demand)
        revs = np.flatnonzero(ceilings)
        source, sink = 0, n + m + 1
        tail = np.concatenate((np.zeros(len(apps), np.int64), 1 + rows, 1 + n + revs))
        head = np.concatenate((1 + apps, 1 + n + cols, np.full(len(revs), sink)))
        capacity = np.concatenate((self.demand[apps], np.ones(len(rows)), ceilings[revs]))
        graph = csr_array((capacity.astype(np.int32), (tail, head)), shape=(n + m + 2, n + m + 2))
        return graph, maximum_flow(graph, source, sink, method="dinic")

    def check_feasible(self) -> None:
        """Raises Infeasible with the reasons when not every application can be served."""
        counts = self.eligible.sum(axis=1)
        short = np.flatnonzero(counts < self.demand)
        if len(short):
            raise Infeasible(
                [
                    Shortage(
                        ShortageKind.TOO_FEW_ELIGIBLE,
                        (self.app_ids[i],),
                        int(self.demand[i]),
                        int(counts[i]),
                        tuple(self.rev_ids[j] for j in np.flatnonzero(self.eligible[i])),
                    )
                    for i in short
                ]
            )
        graph, flow = self._flow(self.most)
        needed = int(self.demand.sum())
        if flow.flow_value == needed:
            return
        # The source side of a minimum cut: what the residual network still reaches.
        residual = (graph - flow.flow).tocsr()
        residual.data[residual.data < 0] = 0
        residual.eliminate_zeros()
        reached = breadth_first_order(residual, 0, return_predecessors=False)
        n = len(self.app_ids)
        group = np.array(sorted(int(v) - 1 for v in reached if 1 <= v <= n), dtype=np.int64)
        full = sorted(int(v) - 1 - n for v in reached if n < v <= n + len(self.rev_ids))
        given = flow.flow.tocsr()[[0]].toarray().ravel()[1 + group]
        raise Infeasible(
            [
                Shortage(
                    ShortageKind.NOT_ENOUGH_CAPACITY,
                    tuple(self.app_ids[i] for i in group),
                    int(self.demand[group].sum()),
                    int(np.sum(given)),
                    tuple(self.rev_ids[j] for j in full),
                )
            ]
        )

    def _value(self, j: int, k: int):
        """The slot value of reviewer j's k-th new review (exact: int or Fraction)."""
        total = int(self.loaded[j]) + k
        return total if self.weight[j] == 1 else Fraction(total, self.weight[j])

    def _ceilings(self, level) -> np.ndarray:
        """New reviews each reviewer may take while no slot goes above `level`."""
        top = [
            math.floor(level * w) - int(e) for w, e in zip(self.weight, self.loaded, strict=True)
        ]
        return np.clip(np.array(top, dtype=np.int64), 0, self.most)

    def smallest_level(self):
        """The smallest maximum slot value (load, or load / capacity) that serves everyone."""
        values = sorted(
            {
                self._value(j, k)
                for j in range(len(self.rev_ids))
                for k in range(1, self.most[j] + 1)
            }
        )
        needed = int(self.demand.sum())
        low, high = 0, len(values) - 1  # values[high] is feasible (checked already)
        while low < high:
            middle = (low + high) // 2
            if self._flow(self._ceilings(values[middle]))[1].flow_value == needed:
                high = middle
            else:
                low = middle + 1
        return values[high]

    # --- the balanced assignment, then the affinity, by linear programming ---

    def balanced_pairs(self, level, affinity: Mapping) -> list[tuple[int, int]]:
        ceilings = self._ceilings(level)
        usable = self.eligible & (ceilings > 0)[None, :]
        rows, cols = np.nonzero(usable)
        slot_rev = np.repeat(np.arange(len(self.rev_ids)), ceilings)
        slot_k = np.concatenate([np.arange(1, c + 1) for c in ceilings]) if len(ceilings) else []
        values = [self._value(int(j), int(k)) for j, k in zip(slot_rev, slot_k, strict=True)]
        rank_of = {v: r for r, v in enumerate(sorted(set(values)), start=1)}
        slot_cost = np.array([rank_of[v] for v in values], dtype=np.float64)

        apps = np.flatnonzero(self.demand)
        app_row = np.full(len(self.app_ids), -1, dtype=np.int64)
        app_row[apps] = np.arange(len(apps))
        n_x, n_y, n_rows = len(rows), len(slot_rev), len(apps) + len(self.rev_ids)
        # x (pairs) count +1 in their application's row and in their reviewer's row; y (slots)
        # count -1 in their reviewer's row: applications get their demand, reviewers balance.
        matrix = coo_array(
            (
                np.concatenate((np.ones(2 * n_x), -np.ones(n_y))),
                (
                    np.concatenate((app_row[rows], len(apps) + cols, len(apps) + slot_rev)),
                    np.concatenate((np.arange(n_x), np.arange(n_x), n_x + np.arange(n_y))),
                ),
            ),
            shape=(n_rows, n_x + n_y),
        ).tocsr()
        rhs = np.concatenate((self.demand[apps], np.zeros(len(self.rev_ids)))).astype(float)
        cost = np.concatenate((np.zeros(n_x), slot_cost))
        first = _lp(cost, matrix, rhs, np.zeros(n_x + n_y), np.ones(n_x + n_y))
        solution = first.x

        gains = np.array(
            [
                float(affinity.get((self.rev_ids[j], self.app_ids[i]), 0.0))
                for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
            ]
        )
        if gains.any():
            # Complementary slackness: with the first programme's (integral) duals, a
            # solution is balance-optimal exactly when it leaves the variables of positive
            # reduced cost at 0 and those of negative reduced cost at 1.
            reduced = cost - matrix.T @ first.eqlin.marginals
            lower = np.where(reduced < -0.5, 1.0, 0.0)
            upper = np.where(reduced > 0.5, 0.0, 1.0)
            second = _lp(np.concatenate((-gains, np.zeros(n_y))), matrix, rhs, lower, upper)
            solution = second.x
        chosen = solution[:n_x]
        if np.abs(chosen - np.round(chosen)).max(initial=0) > 1e-6:  # pragma: no cover
            raise RuntimeError("the assignment programme returned a fractional vertex")
        take = np.round(chosen) == 1
        return list(zip(rows[take].tolist(), cols[take].tolist(), strict=True))

    def result(self, new_pairs: list[tuple[int, int]], affinity: Mapping) -> ReviewAssignment:
        made = sorted(set(new_pairs))
        everything = sorted(self.existing | set(made))
        load = dict.fromkeys(self.rev_ids, 0)
        for _i, j in everything:
            load[self.rev_ids[j]] += 1
        named = [(self.rev_ids[j], self.app_ids[i]) for i, j in everything]
        return ReviewAssignment(
            pairs=tuple(named),
            new_pairs=tuple((self.rev_ids[j], self.app_ids[i]) for i, j in made),
            load=load,
            affinity=math.fsum(float(affinity.get(pair, 0.0)) for pair in named),
        )


def _lp(cost, matrix, rhs, lower, upper):
    result = linprog(
        cost,
        A_eq=matrix,
        b_eq=rhs,
        bounds=np.column_stack((lower, upper)),
        method="highs-ds",  # a simplex vertex: integral on this network matrix
    )
    if result.status != 0:  # pragma: no cover - max-flow said it is feasible
        raise RuntimeError(f"assignment programme failed: {result.message}")
    return result


def _unique(by_id: dict, count: int, what: str) -> dict:
    if len(by_id) != count:
        raise ValueError(f"duplicate {what} ids")
    return by_id


# --- 2. Ranking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """A scoring criterion: its weight and the range of its scores (e.g. 0..5 or 0..20)."""

    id: Hashable
    weight: float = 1.0
    low: float = 0.0
    high: float = 5.0


@dataclass(frozen=True)
class Review:
    """One reviewer's scores of one application: criterion id -> score (every criterion)."""

    reviewer: Hashable
    application: Hashable
    scores: Mapping[Hashable, float]


@dataclass(frozen=True)
class CriterionScore:
    """One criterion on one application, on 0..100 (never corrected for reviewer bias)."""

    mean: float
    minimum: float
    maximum: float
    disagreement: bool


@dataclass(frozen=True)
class ApplicationScore:
    """An application's result. Scores are on 0..100; None when it has no review.

    `totals`: each reviewer's weighted total (corrected when the ranking is normalised), from
    which `score` (their mean), `minimum`, `maximum` and `std` (population standard deviation)
    come. `disagreement`: maximum - minimum exceeds the threshold. `rank`: 1-based among the
    complete applications, None for an incomplete one.
    """

    application: Hashable
    rank: int | None
    score: float | None
    reviews: int
    minimum: float | None
    maximum: float | None
    std: float | None
    disagreement: bool
    criteria: Mapping[Hashable, CriterionScore]
    totals: Mapping[Hashable, float]
    complete: bool

    @property
    def disagreements(self) -> int:
        """How many flags: the total plus each criterion."""
        return int(self.disagreement) + sum(c.disagreement for c in self.criteria.values())


@dataclass(frozen=True)
class Ranking:
    """The complete applications in rank order, then the incomplete ones (fewer reviews than
    required) in the same order, unranked."""

    ranked: tuple[ApplicationScore, ...]
    incomplete: tuple[ApplicationScore, ...]
    normalised: bool
    threshold: float


def rank_applications(
    reviews: Sequence[Review],
    criteria: Sequence[Criterion],
    *,
    required: int = 1,
    normalise: bool = False,
    threshold: float = 25.0,
    applications: Collection[Hashable] = (),
) -> Ranking:
    """Weighted scores on 0..100, disagreement flags and a deterministic ranking.

    A review's weighted total is sum(weight_c * score_c on 0..100) / sum(weights), each
    criterion's score mapped from its own range to 0..100 (so 0..5 and 0..20 criteria mix);
    an application's score is the mean of its reviews' totals.

    `normalise=True` corrects harsh or lenient reviewers: each reviewer's totals are z-scored
    over the applications they reviewed, then mapped back to the mean and standard deviation
    of all the totals, so the scale stays readable (a corrected total may leave 0..100
    slightly; it is not clipped, clipping would create ties). A reviewer with a single review
    is left as is (one score says nothing about their bias, and shifting it would erase it); a
    reviewer with several identical totals is shifted to the global mean (they expressed no
    preference between their applications). Criterion details are never corrected.

    `required`: reviews an application needs to be ranked; `applications` lists ids with no
    review yet, so they show as incomplete. Ties: score (rounded to 1e-9) descending, then
    fewer disagreement flags, then id (canonical order).
    Raises ValueError on a review missing a criterion, a score out of range, an unknown
    criterion, two reviews of one application by one reviewer, or bad weights/ranges.
    """
    by_id = {c.id: c for c in criteria}
    if len(by_id) != len(criteria) or not criteria:
        raise ValueError("criteria must be non-empty with distinct ids")
    for c in criteria:
        if c.weight < 0 or not c.high > c.low:
            raise ValueError(f"criterion {c.id!r}: weight must be >= 0 and high > low")
    weight_sum = math.fsum(c.weight for c in criteria)
    if weight_sum <= 0:
        raise ValueError("criteria weights must not all be zero")

    seen: set[tuple[Hashable, Hashable]] = set()
    on_scale: list[dict[Hashable, float]] = []  # per review, criterion -> 0..100
    raw: list[float] = []
    for review in reviews:
        key = (review.reviewer, review.application)
        if key in seen:
            raise ValueError(f"two reviews of {review.application!r} by {review.reviewer!r}")
        seen.add(key)
        if set(review.scores) != set(by_id):
            raise ValueError(f"review {key!r} must score exactly the criteria {list(by_id)!r}")
        scaled = {}
        for cid, score in review.scores.items():
            c = by_id[cid]
            if not c.low <= score <= c.high:
                raise ValueError(f"review {key!r}: {cid!r} = {score} is outside {c.low}..{c.high}")
            scaled[cid] = 100.0 * (score - c.low) / (c.high - c.low)
        on_scale.append(scaled)
        raw.append(math.fsum(by_id[c].weight * v for c, v in scaled.items()) / weight_sum)

    totals = _normalised(reviews, raw) if normalise else raw
    per_app: dict[Hashable, list[int]] = {a: [] for a in applications}
    for index, review in enumerate(reviews):
        per_app.setdefault(review.application, []).append(index)

    results = []
    for application, indices in per_app.items():
        values = [totals[i] for i in indices]
        details = {cid: _criterion([on_scale[i][cid] for i in indices], threshold) for cid in by_id}
        score = _mean(values) if values else None
        results.append(
            ApplicationScore(
                application=application,
                rank=None,
                score=score,
                reviews=len(values),
                minimum=min(values) if values else None,
                maximum=max(values) if values else None,
                std=_pstdev(values) if values else None,
                disagreement=bool(values) and max(values) - min(values) > threshold,
                criteria=details if values else {},
                totals={reviews[i].reviewer: totals[i] for i in indices},
                complete=len(values) >= required,
            )
        )
    order = {a: k for k, a in enumerate(canonical(per_app))}
    results.sort(
        key=lambda r: (
            r.score is None,
            -round(r.score or 0.0, 9),
            r.disagreements,
            order[r.application],
        )
    )
    ranked = tuple(
        _with_rank(r, rank) for rank, r in enumerate((r for r in results if r.complete), 1)
    )
    return Ranking(
        ranked=ranked,
        incomplete=tuple(r for r in results if not r.complete),
        normalised=normalise,
        threshold=threshold,
    )


def _normalised(reviews: Sequence[Review], raw: list[float]) -> list[float]:
    """Each reviewer's totals z-scored, then mapped to the global mean and deviation."""
    if not raw:
        return []
    mean, std = _mean(raw), _pstdev(raw)
    by_reviewer: dict[Hashable, list[int]] = {}
    for index, review in enumerate(reviews):
        by_reviewer.setdefault(review.reviewer, []).append(index)
    result = list(raw)
    for indices in by_reviewer.values():
        if len(indices) < 2:
            continue  # a single review: left as is
        own = [raw[i] for i in indices]
        own_mean, own_std = _mean(own), _pstdev(own)
        for i in indices:
            if own_std > 1e-9:
                result[i] = mean + std * (raw[i] - own_mean) / own_std
            else:
                result[i] = mean  # no spread: shifted only
    return result


def _criterion(values: list[float], threshold: float) -> CriterionScore:
    if not values:
        return CriterionScore(math.nan, math.nan, math.nan, False)
    low, high = min(values), max(values)
    return CriterionScore(_mean(values), low, high, high - low > threshold)


def _with_rank(score: ApplicationScore, rank: int) -> ApplicationScore:
    return replace(score, rank=rank)


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _pstdev(values: Sequence[float]) -> float:
    mean = _mean(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


# --- 3. Selection ----------------------------------------------------------------------------

# Scores are compared in millionths of a point, as integers: the knapsack is then exact and
# its ties are exact too.
SCORE_UNIT = 1_000_000
# What the calls app proposes by default with a budget: the exact knapsack (the best total
# score within the budget); the coordinator can always override the selection by hand.
DEFAULT_METHOD: Literal["exact"] = "exact"
# Past this many states on the knapsack's Pareto frontier, switch to the dense programme, if
# it fits: items x (budget / common divisor) cells, one bit each kept (here at most 125 MB).
SPARSE_STATES = 50_000
DENSE_CELLS = 1_000_000_000


@dataclass(frozen=True)
class Selection:
    """The laureates in rank order, their total score and requested amount (0 without one)."""

    laureates: tuple[Hashable, ...]
    total_score: float
    total_amount: int
    method: str


def select_laureates(
    ranking: Ranking | Sequence[ApplicationScore],
    *,
    count: int | None = None,
    budget: int | None = None,
    requested: Mapping[Hashable, int] | None = None,
    method: Literal["exact", "greedy"] = DEFAULT_METHOD,
) -> Selection:
    """The laureates among the ranked (complete) applications.

    `count` only: the top `count`. `budget` (euros, integer): the set of applications whose
    `requested` amounts fit in the budget with the highest total score ("exact": 0/1
    knapsack, optimal; with `count` too, at most `count` laureates), or "greedy": down the
    ranking, taking each application that still fits (skipping those that do not) until the
    budget or the count is used up. Only applications with a positive score are selected
    under a budget (a score of zero or less never raises the total).
    Exact ties: the smaller total amount, then the set holding the better-ranked application
    at the first rank where they differ.

    Speed: a budget alone takes milliseconds for 200 applications and a few million euros,
    under a second in the worst case (scores proportional to the amounts, amounts without a
    common divisor). A count with a budget costs nothing more when the best set under the
    budget already respects the count; when the count binds, typical cases stay well under a
    second but the worst case (scores proportional to the amounts again) can take minutes:
    the count is a second knapsack constraint, for which no dense shortcut is kept.
    """
    scored = list(ranking.ranked if isinstance(ranking, Ranking) else ranking)
    if count is None and budget is None:
        raise ValueError("give a count, a budget or both")
    if count is not None and count < 0:
        raise ValueError("count must be non-negative")
    if budget is None:
        chosen = scored[:count]
        return _selection(chosen, {}, "top")
    if budget < 0:
        raise ValueError("budget must be non-negative")
    requested = requested or {}
    amounts = {}
    for entry in scored:
        amount = requested.get(entry.application)
        if amount is None or amount < 0 or int(amount) != amount:
            raise ValueError(f"{entry.application!r}: requested amount must be an integer >= 0")
        amounts[entry.application] = int(amount)
    limit = len(scored) if count is None else count
    if method == "greedy":
        chosen, spent = [], 0
        for entry in scored:
            if len(chosen) == limit:
                break
            if spent + amounts[entry.application] <= budget:
                chosen.append(entry)
                spent += amounts[entry.application]
        return _selection(chosen, amounts, "greedy")
    if method != "exact":
        raise ValueError(f"unknown method {method!r}")
    items = [
        (entry, round((entry.score or 0.0) * SCORE_UNIT), amounts[entry.application])
        for entry in scored
    ]
    items = [item for item in items if item[1] > 0 and item[2] <= budget]
    picked = _knapsack(
        np.array([v for _e, v, _a in items], dtype=np.int64),
        np.array([a for _e, _v, a in items], dtype=np.int64),
        budget,
        None if count is None else count,
    )
    return _selection([items[i][0] for i in picked], amounts, "exact")


def _selection(chosen: list[ApplicationScore], amounts: Mapping, method: str) -> Selection:
    return Selection(
        laureates=tuple(e.application for e in chosen),
        total_score=math.fsum(e.score or 0.0 for e in chosen),
        total_amount=sum(amounts.get(e.application, 0) for e in chosen),
        method=method,
    )


@dataclass
class _Layer:
    """Pareto frontier of the partial solutions with a given number of items.

    Amounts and values strictly increase together; `took`/`parent` rebuild each solution.
    """

    amount: np.ndarray
    value: np.ndarray
    history: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


def _knapsack(values: np.ndarray, amounts: np.ndarray, budget: int, count: int | None) -> list:
    """Exact 0/1 knapsack: indices (in rank order) of the best set. Values are positive ints.

    A dynamic programme over the items, worst-ranked first, on sparse Pareto frontiers of
    (amount, value) (one per number of items when `count` limits it), pruned by an upper bound
    (the fractional knapsack of the items still to come, and with a count their best values)
    against the best complete solution known; exact because only states that cannot reach the
    best value are pruned. Processing worst-ranked first lets an exact tie go to the state that
    takes the current (better-ranked) item, which is the tie-break rule.

    Amounts and budget are first divided by the amounts' greatest common divisor (requests in
    round hundreds or thousands of euros keep at most budget / 1,000 + 1 states). The frontier
    stays small unless scores are nearly proportional to the amounts (a subset-sum in
    disguise, where every reachable amount is on the frontier and the bound prunes nothing):
    then, without a count, the sparse programme gives way to `_dense_knapsack`, the same
    recurrence on an array indexed by amount, whose cost no longer depends on the pruning.
    """
    n = len(values)
    if n == 0:
        return []
    unit = math.gcd(*amounts.tolist())
    if unit > 1:
        amounts, budget = amounts // unit, budget // unit
    if count is not None and count < n:
        # The best set without the count is the answer whenever it respects the count (it
        # beats every set, so every smaller one): the count then costs nothing.
        free = _knapsack(values, amounts, budget, None)
        if len(free) <= count:
            return free
    layers_n = 1 if count is None else min(count, n) + 1
    layers = [_Layer(np.zeros(1, np.int64), np.zeros(1, np.int64))]
    layers += [_Layer(np.zeros(0, np.int64), np.zeros(0, np.int64)) for _ in range(layers_n - 1)]
    best = _greedy_bound(values, amounts, budget, count)
    for item in range(n - 1, -1, -1):
        rest = _Bound.of(values[:item], amounts[:item])  # the better-ranked items to come
        value, amount = int(values[item]), int(amounts[item])
        sources = [(layer.amount, layer.value) for layer in layers]
        for k in range(layers_n):
            keep_a, keep_v = sources[k]
            if count is None:
                add_a, add_v = keep_a + amount, keep_v + value
            elif k > 0:
                add_a, add_v = sources[k - 1][0] + amount, sources[k - 1][1] + value
            else:
                add_a = add_v = np.zeros(0, np.int64)
            fits = add_a <= budget
            cand_a = np.concatenate((keep_a, add_a[fits]))
            cand_v = np.concatenate((keep_v, add_v[fits]))
            took = np.concatenate((np.zeros(len(keep_a), bool), np.ones(int(fits.sum()), bool)))
            parent = np.concatenate((np.arange(len(keep_a)), np.flatnonzero(fits)))
            # Amount ascending, value descending, taking first: the first of each amount wins.
            order = np.lexsort((~took, -cand_v, cand_a))
            cand_a, cand_v, took, parent = cand_a[order], cand_v[order], took[order], parent[order]
            running = np.maximum.accumulate(cand_v) if len(cand_v) else cand_v
            keep = np.ones(len(cand_v), bool)
            keep[1:] = cand_v[1:] > running[:-1]  # strictly better than every cheaper state
            if len(cand_v):
                best = max(best, int(cand_v[keep].max()))
                slots = None if count is None else count - k
                bound = cand_v + rest(budget - cand_a, slots)
                keep &= bound >= best - 1e-3
            layer = layers[k]
            layer.amount, layer.value = cand_a[keep], cand_v[keep]
            layer.history.append((took[keep], parent[keep]))
            dense_fits = (budget + 1) * n <= DENSE_CELLS
            if count is None and len(layer.amount) > SPARSE_STATES and dense_fits:
                return _dense_knapsack(values, amounts, budget)
    # The best final state of each layer (the last, highest value), compared across layers.
    candidates = []
    for k, layer in enumerate(layers):
        if len(layer.value):
            chosen = _rebuild(layers, k, len(layer.value) - 1, count is None)
            mask = sum(1 << (n - 1 - i) for i in chosen)
            candidates.append((int(layer.value[-1]), -int(layer.amount[-1]), mask, chosen))
    return max(candidates)[3]


_UNREACHABLE = -(2**62)


def _dense_knapsack(values: np.ndarray, amounts: np.ndarray, budget: int) -> list:
    """The same programme as `_knapsack` (no count) on `best[w]`, the best value of a set of
    amount exactly w, with one bit per amount and item to rebuild the set: about n x budget
    operations, vectorised, and n x budget / 8 bytes.

    Ties as in `_knapsack`: at equal value and amount the set taking the current (better-ranked)
    item wins; at the end the highest value, then the smallest amount (the first maximum).
    """
    n = len(values)
    # Unreachable amounts hold a hugely negative value that stays negative whatever is added,
    # so the recurrence is two additions and a maximum, with no mask.
    best = np.full(budget + 1, _UNREACHABLE, dtype=np.int64)
    best[0] = 0
    reach = 0  # the largest amount reached so far: the arrays beyond it are still empty
    history = []
    for item in range(n - 1, -1, -1):
        value, amount = int(values[item]), int(amounts[item])
        top = min(budget, reach + amount)
        if amount > top:
            history.append(None)
            continue
        offer = best[: top - amount + 1] + value
        target = best[amount : top + 1]
        took = offer >= target  # only read back from reachable states, where it is exact
        np.maximum(target, offer, out=target)
        history.append((amount, np.packbits(took)))
        reach = top
    amount = int(np.argmax(best))
    chosen = []
    for step in range(n - 1, -1, -1):  # history[step] is item n - 1 - step
        entry = history[step]
        if entry is None:
            continue
        shift, bits = entry
        position = amount - shift
        if position >= 0 and (bits[position >> 3] >> (7 - (position & 7))) & 1:
            chosen.append(n - 1 - step)
            amount -= shift
    return sorted(chosen)


def _rebuild(layers: list[_Layer], k: int, index: int, single: bool) -> list[int]:
    n = len(layers[0].history)
    chosen = []
    for step in range(n):  # history[step] is item n - 1 - step; walk back from the last
        back = n - 1 - step
        took, parent = layers[k].history[back]
        item = n - 1 - back
        if took[index]:
            chosen.append(item)
            index = int(parent[index])
            if not single:
                k -= 1
        else:
            index = int(parent[index])
    return sorted(chosen)


def _greedy_bound(values, amounts, budget: int, count: int | None) -> int:
    """A feasible total: the better of greedy by value density and greedy by value."""
    best = 0
    for order in (
        np.argsort(-values / np.maximum(amounts, 1e-9), kind="stable"),
        np.argsort(-values, kind="stable"),
    ):
        total = spent = taken = 0
        for i in order:
            if count is not None and taken == count:
                break
            if spent + amounts[i] <= budget:
                total, spent, taken = total + int(values[i]), spent + int(amounts[i]), taken + 1
        best = max(best, total)
    return best


@dataclass(frozen=True)
class _Bound:
    """Upper bounds on what some items can add, sorted once for all the states of a step."""

    cum_amount: np.ndarray  # by value density, descending
    cum_value: np.ndarray
    next_density: np.ndarray  # density of the item after the first i
    best_values: np.ndarray  # sum of the i best values

    @classmethod
    def of(cls, values: np.ndarray, amounts: np.ndarray) -> _Bound:
        density = values / np.maximum(amounts, 1e-12)
        order = np.argsort(-density, kind="stable")
        return cls(
            cum_amount=np.concatenate(([0], np.cumsum(amounts[order]))),
            cum_value=np.concatenate(([0], np.cumsum(values[order]))).astype(np.float64),
            next_density=np.concatenate((density[order], [0.0])),
            best_values=np.concatenate(([0], np.cumsum(np.sort(values)[::-1]))).astype(float),
        )

    def __call__(self, room: np.ndarray, slots: int | None) -> np.ndarray:
        """For each room: the fractional knapsack, and with `slots` at most the slots best."""
        whole = np.searchsorted(self.cum_amount, room, side="right") - 1  # fit entirely
        bound = self.cum_value[whole] + (room - self.cum_amount[whole]) * self.next_density[whole]
        if slots is not None:
            bound = np.minimum(bound, self.best_values[min(slots, len(self.best_values) - 1)])
        return bound
