"""The first seating: the greedy start, then a min-conflicts repair of its rule clashes.

Part of `passeurs.matching.tables` (see its docstring).
"""

from __future__ import annotations

import random
import time
from collections.abc import Hashable

from passeurs.matching.tables.state import _State


def _greedy(state: _State) -> None:
    """Locked blocks, then big blocks, then large organisations, then category by category."""
    md = state.model
    T = md.T
    org_size = [0] * md.O
    for o in md.org:
        if o >= 0:
            org_size[o] += 1
    rarity = sorted(range(md.C), key=lambda c: (md.N[c], c))
    rank = {c: r for r, c in enumerate(rarity)}

    def key(b):
        big_org = max((org_size[o] for o in md.borgs[b]), default=0)
        crowded = big_org if 2 * big_org > T else 0
        first_cat = md.cat[md.blocks[b][0]]
        return (-md.bsize[b], -crowded, -len(md.partners[b]), rank[first_cat], b)

    for b, table in enumerate(md.block_lock):
        if table >= 0:
            state.add(b, table)
    turn = 0
    for b in sorted(state.movable, key=key):
        best, best_key = -1, None
        for step in range(T):
            t = (turn + step) % T
            if state.m[t] + md.bsize[b] > md.caps[t]:
                continue
            clash = state.conflicts(b, t)
            candidate = (clash, state.delta(t, -1, b))
            if best_key is None or candidate < best_key:
                best, best_key = t, candidate
        if best < 0:  # no table with room for this block: take the emptiest one, repair later
            best = max(range(T), key=lambda t: (md.caps[t] - state.m[t], -t))
        state.add(b, best)
        turn = (best + 1) % T


def _total_conflicts(state: _State) -> int:
    """Rule clashes (pairs), plus tables over capacity (only possible after a failed greedy)."""
    md = state.model
    clashes = sum(state.conflicts(b, state.pos[b]) for b in range(len(md.blocks))) // 2
    over = sum(max(0, state.m[t] - md.caps[t]) for t in range(md.T))
    return clashes + over


def _conflicted_people(state: _State) -> tuple[Hashable, ...]:
    md = state.model
    people = [
        i
        for b, people in enumerate(md.blocks)
        if state.conflicts(b, state.pos[b]) or state.m[state.pos[b]] > md.caps[state.pos[b]]
        for i in people
    ]
    return tuple(md.ids[i] for i in sorted(people))


def _repair(state: _State, rng: random.Random, deadline: float | None) -> None:
    """Min-conflicts with a short tabu list: move or swap a clashing block to clash less.

    Violations are rule clashes plus seats over capacity: a block may move into a full table
    and be followed out by others, which lets groups move when every table is full.
    """
    md = state.model
    T, pos, caps, size, m = md.T, state.pos, md.caps, md.bsize, state.m
    movable = state.movable
    tabu: dict[tuple[int, int], int] = {}
    violations = _total_conflicts(state)

    def over(t: int, change: int) -> int:
        return max(0, m[t] + change - caps[t]) - max(0, m[t] - caps[t])

    for step in range(50 * len(md.blocks) + 5000):
        if not violations or (deadline is not None and time.perf_counter() > deadline):
            return
        bad = [b for b in movable if m[pos[b]] > caps[pos[b]] or state.conflicts(b, pos[b])]
        if not bad:
            return  # only locked blocks clash: the checks before the search say so
        b = bad[int(rng.random() * len(bad))]
        a = pos[b]
        here = state.conflicts(b, a)
        options = []
        for t in range(T):
            if t == a:
                continue
            change = state.conflicts(b, t) - here + over(t, size[b]) + over(a, -size[b])
            options.append((change, state.delta(a, b, -1) + state.delta(t, -1, b), t, -1))
            for q in state.members[t]:
                change = (
                    state.conflicts(b, t, q)
                    + state.conflicts(q, a, b)
                    - here
                    - state.conflicts(q, t)
                    + over(t, size[b] - size[q])
                    + over(a, size[q] - size[b])
                )
                options.append((change, state.delta(a, b, q) + state.delta(t, q, b), t, q))
        allowed = [o for o in options if tabu.get((b, o[2]), -1) < step or o[0] + violations == 0]
        if not allowed:
            continue
        if rng.random() < 0.1:
            change, _d, t, q = allowed[int(rng.random() * len(allowed))]
        else:
            change, _d, t, q = min(allowed)
        tabu[(b, a)] = step + 10
        state.remove(b)
        if q >= 0:
            tabu[(q, t)] = step + 10
            state.remove(q)
            state.add(q, a)
        state.add(b, t)
        violations += change
