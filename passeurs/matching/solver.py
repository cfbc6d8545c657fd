"""Optimal assignment of projects to civil servants, with capacities, forbidden and fixed pairs.

Pure: no Django. The pairing app adapts its rows into plain ids and scores and back.

Two ways in, one meaning:

- `solve(scores)` with `scores` a mapping `{(project, servant): score}`: only the pairs listed
  are admissible. Sparse problems (a few dozen admissible servants per project) go to SciPy's
  LAPJVsp (`min_weight_full_bipartite_matching`) on the capacity slots of the servants.
- `solve(matrix)` with a 2-D array: rows are projects, columns servants, every cell a pair;
  `nan` or infinite cells are not admissible. Goes to SciPy's `linear_sum_assignment`.

`maximise=True` (scores): a pair is made only if it raises the total, so pairs with a score of
zero or less are never made and either side may stay unmatched. `maximise=False` (costs): as
many projects as the admissible pairs and capacities allow are matched, and among those
assignments the total cost is minimal (on a full cost matrix: the classical assignment).

Exactness: both SciPy routines are exact shortest-augmenting-path algorithms; the offsets that
make the weights positive and add the "stay unmatched" options are exact on integer scores (up
to about 2**53 in total), and within floating-point rounding on real ones.

Tie-breaking rule: projects and servants are put in canonical order (sorted by id) and the
edges sorted in that order before solving, so the same problem always gives the same pairs,
whatever the order in which the pairs, capacities or ids were given. Among equally good
assignments, the one returned is the one the deterministic SciPy algorithm reaches on that
canonical problem.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

__all__ = ["Assignment", "Reason", "solve"]


class Reason(StrEnum):
    """Why a project or a civil servant stays unmatched."""

    NO_ADMISSIBLE_PAIR = "no_admissible_pair"  # no pair listed for it at all
    FORBIDDEN_ONLY = "forbidden_only"  # every pair listed for it is forbidden
    FIXED_ELSEWHERE = "fixed_elsewhere"  # its servants are taken by fixed pairs
    NO_IMPROVING_PAIR = "no_improving_pair"  # maximise: its open pairs all score <= 0
    CAPACITY_EXHAUSTED = "capacity_exhausted"  # outcompeted: its servants are full
    NO_CAPACITY = "no_capacity"  # servant with a capacity of zero
    NOT_CHOSEN = "not_chosen"  # servant with open pairs the optimum does not use


@dataclass(frozen=True)
class Assignment:
    """An assignment: pairs sorted by (project, servant), its total and who stays unmatched."""

    pairs: list[tuple[Hashable, Hashable]]
    total: int | float
    unmatched_projects: dict[Hashable, Reason] = field(default_factory=dict)
    unmatched_servants: dict[Hashable, Reason] = field(default_factory=dict)

    def servant_of(self) -> dict[Hashable, Hashable]:
        """Project id -> servant id."""
        return dict(self.pairs)

    def projects_of(self) -> dict[Hashable, list[Hashable]]:
        """Servant id -> its projects, in project order."""
        result: dict[Hashable, list[Hashable]] = {}
        for project, servant in self.pairs:
            result.setdefault(servant, []).append(project)
        return result


def canonical(ids: Iterable[Hashable]) -> list[Hashable]:
    """The ids sorted; by (type name, repr) when they do not compare with one another."""
    unique = set(ids)
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=lambda value: (type(value).__name__, repr(value)))


def solve(
    scores,
    *,
    capacities=None,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    fixed: Iterable[tuple[Hashable, Hashable]] = (),
    maximise: bool = True,
    projects: Iterable[Hashable] = (),
    servants: Iterable[Hashable] = (),
) -> Assignment:
    """The optimal assignment of projects (one servant each) to servants (`capacities`, default 1).

    `scores`: `{(project, servant): score}` or a 2-D array (projects x servants, ids are the
    row and column indices; `capacities` may then be a sequence indexed by column).
    `forbidden` pairs are never made; `fixed` pairs are always made (and use up capacity).
    `projects`/`servants` name ids with no pair, so they are reported as unmatched.
    Raises ValueError on an inconsistent problem (a fixed pair forbidden, two fixed pairs for
    one project, more fixed pairs than a servant's capacity, a negative capacity).
    """
    if isinstance(scores, Mapping):
        return _solve_mapping(
            scores,
            capacities={} if capacities is None else capacities,
            forbidden=set(forbidden),
            fixed=set(fixed),
            maximise=maximise,
            projects=projects,
            servants=servants,
        )
    matrix = np.asarray(scores)
    if matrix.ndim != 2:
        raise ValueError("scores must be a mapping or a 2-D array")
    return _solve_matrix(
        matrix,
        capacities=capacities,
        forbidden=set(forbidden),
        fixed=set(fixed),
        maximise=maximise,
    )


# --- The dense path: linear_sum_assignment on the matrix ------------------------------------


def _solve_matrix(matrix, *, capacities, forbidden, fixed, maximise) -> Assignment:
    n_rows, n_cols = matrix.shape
    caps = (
        np.ones(n_cols, dtype=np.int64)
        if capacities is None
        else _matrix_capacities(capacities, n_cols)
    )
    plain = (
        capacities is None
        and not forbidden
        and not fixed
        and not maximise
        and (matrix.dtype.kind in "iub" or bool(np.isfinite(matrix).all()))
    )
    if plain:
        # The classical assignment problem: SciPy as is, nothing copied.
        rows, cols = linear_sum_assignment(matrix)
        pairs = list(zip(rows.tolist(), cols.tolist(), strict=True))
        total = matrix[rows, cols].sum().item()
        return _matrix_result(matrix, pairs, [], total, caps, forbidden, maximise)

    for row, col in forbidden | fixed:
        if not (0 <= row < n_rows and 0 <= col < n_cols):
            raise ValueError(f"pair ({row}, {col}) is outside the {n_rows}x{n_cols} matrix")
    fixed_pairs = _apply_fixed(fixed, forbidden, caps_of=lambda col: int(caps[col]))
    left = caps.copy()
    for _row, col in fixed_pairs:
        left[col] -= 1

    values = matrix.astype(np.float64)
    admissible = np.isfinite(values)
    for row, col in forbidden:
        admissible[row, col] = False
    fixed_rows = {row for row, _col in fixed_pairs}
    free_rows = np.array([r for r in range(n_rows) if r not in fixed_rows], dtype=np.int64)
    slot_col = np.repeat(np.arange(n_cols), left)
    sub = values[np.ix_(free_rows, slot_col)]
    ok = admissible[np.ix_(free_rows, slot_col)]
    if maximise:
        ok &= sub > 0
    pairs = []
    if ok.any():
        if maximise:
            rows, slots = linear_sum_assignment(np.where(ok, sub, 0.0), maximize=True)
        else:
            low, high = sub[ok].min(), sub[ok].max()
            span = high - low + 1.0
            # An inadmissible cell costs more than any set of admissible ones: the number of
            # admissible pairs is maximised first, then their cost minimised.
            rows, slots = linear_sum_assignment(
                np.where(ok, sub - low + 1.0, span * (min(sub.shape) + 1) + 1.0)
            )
        keep = ok[rows, slots]
        pairs = list(
            zip(free_rows[rows[keep]].tolist(), slot_col[slots[keep]].tolist(), strict=True)
        )
    # A fixed pair on a cell with no score counts for zero, as with a mapping.
    total = _sum(
        matrix[row, col] if np.isfinite(matrix[row, col]) else 0 for row, col in fixed_pairs
    ) + _sum(matrix[row, col] for row, col in pairs)
    return _matrix_result(matrix, pairs, fixed_pairs, total, caps, forbidden, maximise)


def _matrix_capacities(capacities, n_cols: int) -> np.ndarray:
    if isinstance(capacities, Mapping):
        caps = np.ones(n_cols, dtype=np.int64)
        for col, value in capacities.items():
            caps[col] = value
    else:
        caps = np.asarray(capacities, dtype=np.int64)
        if caps.shape != (n_cols,):
            raise ValueError(f"{n_cols} capacities expected, got {caps.size}")
    if (caps < 0).any():
        raise ValueError("capacities must be non-negative")
    return caps


def _matrix_result(matrix, pairs, fixed_pairs, total, caps, forbidden, maximise) -> Assignment:
    n_rows, n_cols = matrix.shape
    all_pairs = sorted(fixed_pairs + pairs)
    if len(all_pairs) == n_rows and len(all_pairs) == n_cols:
        return Assignment(pairs=all_pairs, total=total)
    # Unmatched reasons, counted on the matrix the same way as for a mapping.
    admissible = np.isfinite(matrix) if matrix.dtype.kind == "f" else np.ones(matrix.shape, bool)
    allowed = admissible.copy()
    for row, col in forbidden:
        allowed[row, col] = False
    used = np.bincount([col for _row, col in fixed_pairs], minlength=n_cols)
    open_cols = (caps - used) > 0
    opened = allowed & open_cols[None, :]
    improving = opened & (np.where(admissible, matrix, 0) > 0) if maximise else opened
    edges = _EdgeCounts(
        all=admissible.sum(axis=1),
        allowed=allowed.sum(axis=1),
        opened=opened.sum(axis=1),
        improving=improving.sum(axis=1),
        to_fixed=(allowed & ((caps > 0) & ~open_cols)[None, :]).sum(axis=1),
    )
    matched_rows = {row for row, _col in all_pairs}
    matched_cols = {col for _row, col in all_pairs}
    unmatched_projects = {
        row: _project_reason(edges, row) for row in range(n_rows) if row not in matched_rows
    }
    col_all, col_allowed = admissible.sum(axis=0), allowed.sum(axis=0)
    unmatched_servants = {
        col: _servant_reason(int(col_all[col]), int(col_allowed[col]), int(caps[col]))
        for col in range(n_cols)
        if col not in matched_cols
    }
    return Assignment(all_pairs, total, unmatched_projects, unmatched_servants)


# --- The sparse path: LAPJVsp on the capacity slots ------------------------------------------


def _solve_mapping(
    scores: Mapping, *, capacities, forbidden, fixed, maximise, projects, servants
) -> Assignment:
    project_ids = canonical(
        [p for p, _s in scores] + [p for p, _s in fixed] + [p for p, _s in forbidden] + [*projects]
    )
    servant_ids = canonical(
        [s for _p, s in scores]
        + [s for _p, s in fixed]
        + [s for _p, s in forbidden]
        + [*servants]
        + [*capacities]
    )
    p_index = {p: i for i, p in enumerate(project_ids)}
    s_index = {s: j for j, s in enumerate(servant_ids)}
    caps = np.array([capacities.get(s, 1) for s in servant_ids], dtype=np.int64)
    if (caps < 0).any():
        raise ValueError("capacities must be non-negative")

    fixed_pairs = _apply_fixed(fixed, forbidden, caps_of=lambda s: int(caps[s_index[s]]))
    left = caps.copy()
    for _p, s in fixed_pairs:
        left[s_index[s]] -= 1
    fixed_projects = {p for p, _s in fixed_pairs}

    keys = list(scores)
    rows = np.fromiter((p_index[p] for p, _s in keys), dtype=np.int64, count=len(keys))
    cols = np.fromiter((s_index[s] for _p, s in keys), dtype=np.int64, count=len(keys))
    weights = np.fromiter(scores.values(), dtype=np.float64, count=len(keys))
    n_s = len(servant_ids)
    banned = [p_index[p] * n_s + s_index[s] for p, s in forbidden]
    is_forbidden = np.isin(rows * n_s + cols, banned) if banned else np.zeros(len(keys), bool)
    is_fixed_row = np.zeros(len(project_ids), dtype=bool)
    is_fixed_row[[p_index[p] for p in fixed_projects]] = True

    usable = ~is_forbidden & ~is_fixed_row[rows] & (left[cols] > 0) & np.isfinite(weights)
    if maximise:
        usable &= weights > 0
    matched_rows, matched_cols = _sparse_core(
        rows[usable], cols[usable], weights[usable], left, len(project_ids), maximise
    )
    pairs = [
        (project_ids[r], servant_ids[c])
        for r, c in zip(matched_rows.tolist(), matched_cols.tolist(), strict=True)
    ]
    total = _sum(scores.get(pair, 0) for pair in fixed_pairs + pairs)
    all_pairs = sorted(fixed_pairs + pairs, key=lambda pair: (p_index[pair[0]], s_index[pair[1]]))

    n_p = len(project_ids)
    allowed = ~is_forbidden
    opened = allowed & (left[cols] > 0)
    improving = opened & (weights > 0) if maximise else opened
    fixed_full = (caps > 0) & (left == 0)
    edges = _EdgeCounts(
        all=np.bincount(rows, minlength=n_p),
        allowed=np.bincount(rows[allowed], minlength=n_p),
        opened=np.bincount(rows[opened], minlength=n_p),
        improving=np.bincount(rows[improving], minlength=n_p),
        to_fixed=np.bincount(rows[allowed & fixed_full[cols]], minlength=n_p),
    )
    matched_p = {p for p, _s in all_pairs}
    matched_s = {s for _p, s in all_pairs}
    unmatched_projects = {
        p: _project_reason(edges, p_index[p]) for p in project_ids if p not in matched_p
    }
    col_all = np.bincount(cols, minlength=n_s)
    col_allowed = np.bincount(cols[allowed], minlength=n_s)
    unmatched_servants = {
        s: _servant_reason(int(col_all[j]), int(col_allowed[j]), int(caps[j]))
        for j, s in enumerate(servant_ids)
        if s not in matched_s
    }
    return Assignment(all_pairs, total, unmatched_projects, unmatched_servants)


def _sparse_core(rows, cols, weights, caps, n_rows: int, maximise: bool):
    """Optimal pairs (row, col) among the given edges, each column at most caps[col] times.

    Columns are expanded into capacity slots and each row gets its own "stay unmatched" slot,
    so that a full matching of the rows always exists; weights are shifted to be positive.
    """
    if not len(rows):
        return rows, cols
    if maximise:
        base = weights.max() + 1.0
        costs = base - weights  # >= 1
        unmatched_cost = base
    else:
        low = weights.min()
        costs = weights - low + 1.0  # >= 1
        # More than any set of real pairs costs: the number of pairs comes first.
        unmatched_cost = costs.max() * (min(n_rows, int(caps.sum())) + 1) + 1.0

    # Only rows with an edge take part, renumbered 0..R-1 in canonical order.
    present, row_local = np.unique(rows, return_inverse=True)
    n_local = len(present)
    # Capacity slots: column c owns slots start[c] .. start[c] + caps[c] - 1.
    start = np.concatenate(([0], np.cumsum(caps)[:-1]))
    n_slots = int(caps.sum())
    per_edge = caps[cols]
    edge_of = np.repeat(np.arange(len(rows)), per_edge)
    offset = np.arange(len(edge_of)) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    slot_rows = np.concatenate((row_local[edge_of], np.arange(n_local)))
    slot_cols = np.concatenate((start[cols][edge_of] + offset, n_slots + np.arange(n_local)))
    slot_costs = np.concatenate((costs[edge_of], np.full(n_local, unmatched_cost)))
    order = np.lexsort((slot_cols, slot_rows))
    indptr = np.zeros(n_local + 1, dtype=np.int64)
    np.cumsum(np.bincount(slot_rows, minlength=n_local), out=indptr[1:])
    graph = csr_array(
        (slot_costs[order], slot_cols[order], indptr), shape=(n_local, n_slots + n_local)
    )
    matched_local, matched_slot = min_weight_full_bipartite_matching(graph)
    real = matched_slot < n_slots
    slot_owner = np.repeat(np.arange(len(caps)), caps)
    return present[matched_local[real]], slot_owner[matched_slot[real]]


# --- Shared --------------------------------------------------------------------------------


def _apply_fixed(fixed: set, forbidden: set, *, caps_of) -> list:
    """Checks the fixed pairs against the forbidden ones and the capacities; returns them."""
    clash = fixed & forbidden
    if clash:
        raise ValueError(f"pairs both fixed and forbidden: {sorted(clash, key=repr)}")
    fixed_pairs = sorted(fixed, key=repr)
    seen: dict = {}
    load: dict = {}
    for project, servant in fixed_pairs:
        if project in seen:
            raise ValueError(f"project {project!r} is fixed to more than one servant")
        seen[project] = servant
        load[servant] = load.get(servant, 0) + 1
    for servant, count in load.items():
        if count > caps_of(servant):
            raise ValueError(f"servant {servant!r} has more fixed pairs than capacity")
    return fixed_pairs


@dataclass(frozen=True)
class _EdgeCounts:
    all: np.ndarray
    allowed: np.ndarray
    opened: np.ndarray
    improving: np.ndarray
    to_fixed: np.ndarray


def _project_reason(edges: _EdgeCounts, row: int) -> Reason:
    if not edges.all[row]:
        return Reason.NO_ADMISSIBLE_PAIR
    if not edges.allowed[row]:
        return Reason.FORBIDDEN_ONLY
    if not edges.opened[row]:
        return Reason.FIXED_ELSEWHERE if edges.to_fixed[row] else Reason.CAPACITY_EXHAUSTED
    if not edges.improving[row]:
        return Reason.NO_IMPROVING_PAIR
    return Reason.CAPACITY_EXHAUSTED


def _servant_reason(n_all: int, n_allowed: int, capacity: int) -> Reason:
    if not n_all:
        return Reason.NO_ADMISSIBLE_PAIR
    if not n_allowed:
        return Reason.FORBIDDEN_ONLY
    if not capacity:
        return Reason.NO_CAPACITY
    return Reason.NOT_CHOSEN


def _sum(values) -> int | float:
    """A plain Python sum: ints stay exact, numpy scalars become Python numbers."""
    total = 0
    for value in values:
        total += value.item() if isinstance(value, np.generic) else value
    return total
