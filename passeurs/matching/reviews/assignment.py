"""Assignment: who reads which application, `assign_reviews()`.

Part of `passeurs.matching.reviews` (see its docstring). Every application read by
`per_application` distinct reviewers, never by a reviewer who declared a conflict with its
organisation, the reading load as even as the conflicts allow, then the affinity as high as
possible; when no assignment exists, `Infeasible` says why, in `Shortage`s.

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
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from passeurs.matching.solver import canonical


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
