"""Improving a seating that honours the rules: annealing runs, then a move-and-swap descent.

Part of `passeurs.matching.tables` (see its docstring).
"""

from __future__ import annotations

import math
import random
import time

from passeurs.matching.tables.state import _State

_POLISH_EACH_RUN = 100  # full move-and-swap descent after each annealing run, up to this
_POLISH_BLOCKS = 400  # and after the last run, up to this many movable blocks


def _optimise(state: _State, rng: random.Random, effort: float, deadline) -> None:
    """Annealing from the feasible start, then (small problems) from the best seating so far,
    reheated fully or to a tenth in turn; a full move-and-swap descent closes each run."""
    n_blocks = len(state.movable)
    iterations = max(1, int(effort * (1500 + 250 * n_blocks)))
    runs = max(1, min(8, 2000 // max(n_blocks, 1)))
    best_pos, best_cost = list(state.pos), state.total()
    for run in range(runs):
        if run:
            state.place_all(best_pos)
        _anneal(state, rng, iterations, deadline, heat=0.1 if run % 2 else 1.0)
        if n_blocks <= _POLISH_EACH_RUN or (run == runs - 1 and n_blocks <= _POLISH_BLOCKS):
            _descend(state, deadline)
        cost = state.total()
        if cost < best_cost - 1e-9:
            best_cost, best_pos = cost, list(state.pos)
        if deadline is not None and time.perf_counter() > deadline:
            break
    state.place_all(best_pos)


def _anneal(state: _State, rng: random.Random, iterations: int, deadline, heat: float) -> None:
    """Simulated annealing that may break the organisation and apart rules on the way.

    The rules cut the seatings into islands that moves and swaps cannot cross, so the search
    pays `penalty` per clash instead of refusing it, and keeps the best seating without clash.
    Geometric cooling from `heat` times the temperature that accepts an average worsening one
    time in five, down to a twentieth of the smallest worsening seen; the penalty starts at an
    average worsening and grows as the square root of the cooling (30 times at the end), so
    the search ends among seatings without clash. Capacities, groups and locks always hold.
    """
    md = state.model
    T, caps, bsize = md.T, md.caps, md.bsize
    pos, m, members, movable = state.pos, state.m, state.members, state.movable
    delta, conflicts = state.delta, state.conflicts
    delta_many, can_exchange = state.delta_many, state.can_exchange
    rand, exp, sample = rng.random, math.exp, rng.sample
    n_movable = len(movable)
    lone, lone_cat, lone_terr, lone_org = md.lone, md.lone_cat, md.lone_terr, md.lone_org
    X, Y, orgs, N = state.X, state.Y, state.orgs, md.N
    C, R, n = md.C, md.R, md.n
    w_cat, w_terr = md.w_category, md.wr
    clashes = 0  # the search starts from a seating without clash

    def propose():
        """A random change (b, t, blocks that go from t to b's table, cost change, clash
        change): a move (no block back), a swap (one block back) or, for a group facing a full
        table, an exchange with as many single people of it; None if impossible."""
        b = movable[int(rand() * n_movable)]
        a = pos[b]
        t = int(rand() * T)
        if t == a:
            return None
        others = members[t]
        if m[t] + bsize[b] <= caps[t] and (not others or rand() < 0.5):
            clash = conflicts(b, t) - conflicts(b, a)
            return b, t, (), delta(a, b, -1) + delta(t, -1, b), clash
        if not others:
            return None
        if bsize[b] > 1 and rand() < 0.5:
            k = bsize[b]
            if clashes or len(others) < k:
                return None
            singles = sample(others, k)
            if not all(lone[q] for q in singles) or not can_exchange(b, singles):
                return None
            return b, t, singles, delta_many(a, (b,), singles) + delta_many(t, singles, (b,)), 0
        q = others[int(rand() * len(others))]
        if not (lone[b] and lone[q]):
            if bsize[b] != bsize[q] and (
                m[t] - bsize[q] + bsize[b] > caps[t] or m[a] - bsize[b] + bsize[q] > caps[a]
            ):
                return None
            clash = conflicts(b, t, q) + conflicts(q, a, b) - conflicts(b, a) - conflicts(q, t)
            return b, t, (q,), delta(a, b, q) + delta(t, q, b), clash
        # Two single people without apart requests trade places: sizes stay, so the change is
        # 2 (X_a,cq - X_a,cb + X_t,cb - X_t,cq + 2) - 2 (m_a - m_t) (N_cq - N_cb) / n on D,
        # (Y_t,rb - Y_a,rb + 1) + (Y_a,rq - Y_t,rq + 1) on P, and likewise on the clashes.
        clash = 0
        ob, oq = lone_org[b], lone_org[q]
        if ob != oq:
            if ob >= 0:
                clash += orgs[ob * T + t] - orgs[ob * T + a] + 1
            if oq >= 0:
                clash += orgs[oq * T + a] - orgs[oq * T + t] + 1
        d = 0.0
        cb, cq = lone_cat[b], lone_cat[q]
        if cb != cq:
            ia, it = a * C, t * C
            d = w_cat * (
                2 * (X[ia + cq] - X[ia + cb] + X[it + cb] - X[it + cq] + 2)
                - 2 * (m[a] - m[t]) * (N[cq] - N[cb]) / n
            )
        rb, rq = lone_terr[b], lone_terr[q]
        if rb != rq:
            pairs = 0
            if rb >= 0:
                pairs += Y[t * R + rb] - Y[a * R + rb] + 1
            if rq >= 0:
                pairs += Y[a * R + rq] - Y[t * R + rq] + 1
            d += w_terr * pairs
        return b, t, (q,), d, clash

    # Scales from the cost changes of a sample of changes (when every change near the start
    # clashes, improving ones count too: the scale is what matters).
    samples = [p[3] for p in (propose() for _ in range(200)) if p is not None]
    ups = [d for d in samples if d > 1e-12] or [-d for d in samples if d < -1e-12]
    if not ups:
        return  # nothing changes the cost
    hot = heat * sum(ups) / len(ups) / math.log(5)
    cold = min(ups) / 20
    first_penalty = sum(ups) / len(ups)
    cost = best = state.total()
    snapshot: list[int] | None = None  # taken when leaving the best seating without clash
    at_best = True
    temp, penalty = hot, first_penalty
    for it in range(iterations):
        if not it & 1023:
            if deadline is not None and time.perf_counter() > deadline:
                break
            temp = hot * (cold / hot) ** (it / iterations)
            penalty = first_penalty * (hot / temp) ** 0.5
        proposal = propose()
        if proposal is None:
            continue
        b, t, back, d, clash = proposal
        worse = d + penalty * clash
        if worse > 1e-12 and rand() >= exp(-worse / temp):
            continue
        if at_best and (d > 1e-12 or clash):
            snapshot, at_best = list(pos), False
        a = pos[b]
        state.remove(b)
        for q in back:
            state.remove(q)
            state.add(q, a)
        state.add(b, t)
        cost += d
        clashes += clash
        if not clashes and cost < best - 1e-9:
            best, at_best = cost, True
    if not at_best and snapshot is not None:
        state.place_all(snapshot)


def _descend(state: _State, deadline) -> None:
    """Best move or swap of each block in turn, until none improves."""
    md = state.model
    T, pos, members = md.T, state.pos, state.members
    improved = True
    while improved:
        improved = False
        for b in state.movable:
            if deadline is not None and time.perf_counter() > deadline:
                return
            a = pos[b]
            best, choice = -1e-9, None
            for t in range(T):
                if t == a:
                    continue
                if state.can_move(b, t):
                    d = state.delta(a, b, -1) + state.delta(t, -1, b)
                    if d < best:
                        best, choice = d, (t, -1)
                for q in members[t]:
                    if state.can_swap(b, q):
                        d = state.delta(a, b, q) + state.delta(t, q, b)
                        if d < best:
                            best, choice = d, (t, q)
            if choice is not None:
                t, q = choice
                state.remove(b)
                if q >= 0:
                    state.remove(q)
                    state.add(q, a)
                state.add(b, t)
                improved = True
