"""Selection: the laureates, top N or the best set under a budget, `select_laureates()`.

Part of `passeurs.matching.reviews` (see its docstring).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from passeurs.matching.reviews.ranking import ApplicationScore, Ranking

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
