"""Scoring any seating, even one that breaks the rules.

Part of `passeurs.matching.tables` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from passeurs.matching.tables.model import _Model
from passeurs.matching.tables.problem import (
    Evaluation,
    Rule,
    SeatingProblem,
    TableScore,
    Violation,
)


def score(problem: SeatingProblem, tables: Sequence[Sequence[Hashable]]) -> Evaluation:
    """The cost and balance of a seating (the ids at each table, in table order), and the hard
    rules it breaks: for showing what moving someone by hand does.

    Unknown ids are reported and left out of the cost; someone seated twice counts at both
    tables. Raises ValueError if the number of tables is not the number of capacities.
    """
    model = _Model(problem)
    if len(tables) != model.T:
        raise ValueError(f"{model.T} tables expected, got {len(tables)}")
    ids, index = model.ids, model.index
    violations: list[Violation] = []
    seats: dict[int, list[int]] = {}
    table_scores = []
    weighted = 0.0
    for t, table in enumerate(tables):
        counts = [0] * model.C
        terrs: dict[int, int] = {}
        orgs: dict[int, list[int]] = {}
        known = []
        for pid in table:
            i = index.get(pid)
            if i is None:
                violations.append(Violation(Rule.UNKNOWN_PERSON, (pid,), (t,)))
                continue
            known.append(i)
            seats.setdefault(i, []).append(t)
            counts[model.cat[i]] += 1
            if model.terr[i] >= 0:
                terrs[model.terr[i]] = terrs.get(model.terr[i], 0) + 1
            if model.org[i] >= 0:
                orgs.setdefault(model.org[i], []).append(i)
        m = len(known)
        q = sum(x * x for x in counts)
        lin = sum(model.N[c] * x for c, x in enumerate(counts))
        pairs = sum(y * (y - 1) // 2 for y in terrs.values())
        cost = model.table_cost(t, m, q, lin, pairs)
        balance = model.balance(m, q, lin)
        table_scores.append(TableScore(m, cost, balance, pairs))
        weighted += m * balance
        if len(table) > model.caps[t]:
            violations.append(Violation(Rule.OVER_CAPACITY, tuple(table), (t,)))
        for o, same in orgs.items():
            if len(same) > 1:
                people = tuple(ids[i] for i in sorted(same))
                violations.append(Violation(Rule.SAME_ORGANISATION, people, (t,), model.org_ids[o]))
    for i, pid in enumerate(ids):
        where = seats.get(i, [])
        if not where:
            violations.append(Violation(Rule.NOT_SEATED, (pid,)))
        elif len(where) > 1:
            violations.append(Violation(Rule.SEATED_TWICE, (pid,), tuple(where)))
        if i in model.locked and where != [model.locked[i]]:
            violations.append(Violation(Rule.LOCK_BROKEN, (pid,), (model.locked[i], *where)))
    for group in model.together:
        spread = sorted({t for i in group for t in seats.get(i, ())})
        if len(spread) > 1 or any(i not in seats for i in group):
            people = tuple(ids[i] for i in sorted(set(group)))
            violations.append(Violation(Rule.TOGETHER_SPLIT, people, tuple(spread)))
    for a, b in model.apart:
        shared = sorted(set(seats.get(a, ())) & set(seats.get(b, ())))
        if shared:
            violations.append(
                Violation(Rule.APART_SEATED_TOGETHER, (ids[a], ids[b]), tuple(shared))
            )
    seated = sum(s.size for s in table_scores)
    return Evaluation(
        table_scores=tuple(table_scores),
        cost=sum(s.cost for s in table_scores),
        balance=weighted / seated if seated else 100.0,
        violations=tuple(violations),
    )
