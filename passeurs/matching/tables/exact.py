"""Exhaustive search for a first seating, on small problems the repair could not seat.

Part of `passeurs.matching.tables` (see its docstring).
"""

from __future__ import annotations

from passeurs.matching.tables.model import _Model
from passeurs.matching.tables.state import _State

_EXACT_BLOCKS = 40  # exhaustive search for a first seating when the repair fails, up to this
_EXACT_NODES = 200_000


def _exact(md: _Model) -> tuple[list[int] | None, bool]:
    """Depth-first search for a seating with no clash; (seating or None, gave up)."""
    T = md.T
    fresh = _State(md)
    for b, table in enumerate(md.block_lock):
        if table >= 0:
            fresh.add(b, table)
    order = sorted(
        fresh.movable, key=lambda b: (-md.bsize[b], -len(md.partners[b]), -len(md.borgs[b]), b)
    )
    nodes = 0

    def place(k: int) -> bool:
        nonlocal nodes
        if k == len(order):
            return True
        nodes += 1
        if nodes > _EXACT_NODES:
            return False
        b = order[k]
        empty_seen = set()
        for t in range(T):
            if not fresh.can_move(b, t):
                continue
            if fresh.m[t] == 0:  # empty tables of one capacity are interchangeable
                if md.caps[t] in empty_seen:
                    continue
                empty_seen.add(md.caps[t])
            fresh.add(b, t)
            if place(k + 1):
                return True
            fresh.remove(b)
            if nodes > _EXACT_NODES:
                return False
        return False

    found = place(0)
    return (list(fresh.pos) if found else None), nodes > _EXACT_NODES
