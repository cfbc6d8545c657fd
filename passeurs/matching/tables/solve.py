"""Seating: `seat` checks the problem, builds a first seating and improves it.

Part of `passeurs.matching.tables` (see its docstring).
"""

from __future__ import annotations

import random
import time
from collections.abc import Hashable

from passeurs.matching.tables.construction import (
    _conflicted_people,
    _greedy,
    _repair,
    _total_conflicts,
)
from passeurs.matching.tables.exact import _EXACT_BLOCKS, _exact
from passeurs.matching.tables.improvement import _optimise
from passeurs.matching.tables.model import _Model
from passeurs.matching.tables.problem import (
    Cause,
    Infeasibility,
    InfeasibleSeating,
    Seating,
    SeatingProblem,
)
from passeurs.matching.tables.scoring import score
from passeurs.matching.tables.state import _State


def seat(
    problem: SeatingProblem,
    *,
    seed: int = 0,
    time_limit: float | None = None,
    effort: float = 1.0,
) -> Seating:
    """The best seating found that honours every hard rule; raises InfeasibleSeating otherwise.

    `effort` scales the annealing (0: the greedy start, repaired, alone); `time_limit`
    (seconds) is a safety cap: reaching it returns the best seating so far, or raises
    InfeasibleSeating(NO_SEATING_FOUND) if none honouring the rules was found yet. Requests
    naming unknown people, or locks at tables that do not exist, raise ValueError.
    """
    model = _Model(problem)
    reasons = model.infeasibilities()
    if reasons:
        raise InfeasibleSeating(reasons)
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    rng = random.Random(seed)
    state = _State(model)
    _greedy(state)
    if _total_conflicts(state):
        _repair(state, rng, deadline)
    if _total_conflicts(state):
        small = len(model.blocks) <= _EXACT_BLOCKS
        found, gave_up = _exact(model) if small else (None, True)
        if found is None:
            people = _conflicted_people(state)
            proven = not gave_up
            cause = Cause.NO_SEATING_EXISTS if proven else Cause.NO_SEATING_FOUND
            raise InfeasibleSeating([Infeasibility(cause, people=people)])
        state.place_all(found)
    if effort > 0 and len(state.movable) and model.T > 1:
        _optimise(state, rng, effort, deadline)
    tables = _tables_of(model, state.pos)
    return Seating(tables, score(problem, tables))


def _tables_of(model: _Model, pos: list[int]) -> tuple[tuple[Hashable, ...], ...]:
    seated: list[list[Hashable]] = [[] for _ in range(model.T)]
    for i, pid in enumerate(model.ids):
        seated[pos[model.block_of[i]]].append(pid)
    return tuple(tuple(table) for table in seated)
