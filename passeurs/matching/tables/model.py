"""The problem in integers: people, categories, organisations and territories as indices,
the together blocks, a table's cost and balance, and the contradictions that can be seen
without searching.

Part of `passeurs.matching.tables` (see its docstring).
"""

from __future__ import annotations

import math
from collections.abc import Hashable

from passeurs.matching.tables.problem import Cause, Infeasibility, SeatingProblem


def _codes(values: list) -> tuple[list[Hashable], list[int]]:
    """Distinct values (first-seen order) and each value's index among them; None is -1."""
    index: dict[Hashable, int] = {}
    for value in values:
        if value is not None and value not in index:
            index[value] = len(index)
    return list(index), [-1 if value is None else index[value] for value in values]


class _Model:
    """People, categories, organisations and territories as indices; the together blocks."""

    def __init__(self, problem: SeatingProblem):
        people = problem.people
        self.ids = [person.id for person in people]
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        if len(self.index) != len(self.ids):
            raise ValueError("person ids must be unique")
        caps = list(problem.capacities)
        if any(c < 0 for c in caps):
            raise ValueError("capacities must be non-negative")
        self.caps = caps
        self.n = n = len(people)
        self.T = len(caps)
        self.K = sum(caps)
        cat_names = sorted({p.category for p in people})
        cat_index = {c: i for i, c in enumerate(cat_names)}
        self.C = len(cat_names)
        self.cat = [cat_index[p.category] for p in people]
        self.N = [0] * self.C
        for c in self.cat:
            self.N[c] += 1
        self.org_ids, self.org = _codes([p.organisation for p in people])
        self.O = len(self.org_ids)
        self.terr_ids, self.terr = _codes([p.territory for p in people])
        self.R = len(self.terr_ids)

        weights = problem.weights
        self.n2 = n * n
        self.N2 = sum(k * k for k in self.N)
        self.n_min = min(self.N, default=0)
        self.w_category = weights.category
        self.wc = weights.category / self.n2 if n else 0.0
        self.wr = weights.territory
        self.wz = weights.size / (self.K * self.K) if self.K else 0.0

        self.together = [self._known(group) for group in problem.together]
        self.apart = [tuple(self._known(pair)) for pair in problem.apart]
        for a, b in self.apart:
            if a == b:
                raise ValueError(f"{self.ids[a]!r} cannot be kept apart from itself")
        self.locked = {}
        for pid, table in problem.locked.items():
            (i,) = self._known([pid])
            if not 0 <= table < self.T:
                raise ValueError(f"{pid!r} is locked at table {table}, which does not exist")
            self.locked[i] = table
        self._blocks()

    def _known(self, ids) -> list[int]:
        missing = [pid for pid in ids if pid not in self.index]
        if missing:
            raise ValueError(f"unknown people in a request: {missing!r}")
        return [self.index[pid] for pid in ids]

    def _blocks(self) -> None:
        parent = list(range(self.n))

        def root(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for group in self.together:
            for i in group[1:]:
                a, b = root(group[0]), root(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        members: dict[int, list[int]] = {}
        for i in range(self.n):
            members.setdefault(root(i), []).append(i)
        self.blocks = list(members.values())  # in the order of their first member
        self.block_of = [0] * self.n
        for b, people in enumerate(self.blocks):
            for i in people:
                self.block_of[i] = b
        self.bsize, self.bcats, self.bcatd, self.bterrs, self.bterrd = [], [], [], [], []
        self.borgs, self.borgset = [], []
        for people in self.blocks:
            cats: dict[int, int] = {}
            terrs: dict[int, int] = {}
            orgs: dict[int, int] = {}
            for i in people:
                cats[self.cat[i]] = cats.get(self.cat[i], 0) + 1
                if self.terr[i] >= 0:
                    terrs[self.terr[i]] = terrs.get(self.terr[i], 0) + 1
                if self.org[i] >= 0:
                    orgs[self.org[i]] = orgs.get(self.org[i], 0) + 1
            self.bsize.append(len(people))
            self.bcats.append(tuple(cats.items()))
            self.bcatd.append(cats)
            self.bterrs.append(tuple(terrs.items()))
            self.bterrd.append(terrs)
            self.borgs.append(tuple(orgs))
            self.borgset.append(frozenset(orgs))
        partners: list[set[int]] = [set() for _ in self.blocks]
        for a, b in self.apart:
            ba, bb = self.block_of[a], self.block_of[b]
            if ba != bb:
                partners[ba].add(bb)
                partners[bb].add(ba)
        self.partners = [tuple(sorted(p)) for p in partners]
        # Single people's category, territory and organisation: the annealing's fast path.
        self.lone = [
            len(people) == 1 and not self.partners[b] for b, people in enumerate(self.blocks)
        ]
        self.lone_cat = [self.cat[people[0]] for people in self.blocks]
        self.lone_terr = [self.terr[people[0]] for people in self.blocks]
        self.lone_org = [self.org[people[0]] for people in self.blocks]
        self.block_lock = [-1] * len(self.blocks)
        for i, table in sorted(self.locked.items()):
            b = self.block_of[i]
            if self.block_lock[b] < 0:
                self.block_lock[b] = table

    def table_cost(self, t: int, m: int, q: int, lin: int, p: int) -> float:
        """cost_t from m, Q = sum_c x_c^2, lin = sum_c N_c x_c and P (see the docstring)."""
        n = self.n
        z = self.K * m - n * self.caps[t]
        return (
            self.wc * (self.n2 * q - 2 * n * m * lin + m * m * self.N2)
            + self.wr * p
            + (self.wz * z * z)
        )

    def balance(self, m: int, q: int, lin: int) -> float:
        worst = m * m * (self.n2 - 2 * self.n * self.n_min + self.N2)
        if not worst:
            return 100.0
        dev = self.n2 * q - 2 * self.n * m * lin + m * m * self.N2
        return 100.0 * (1.0 - math.sqrt(max(0.0, min(1.0, dev / worst))))

    def infeasibilities(self) -> list[Infeasibility]:
        """The contradictions that can be seen without searching."""
        ids = self.ids
        reasons = []
        if self.n > self.K:
            reasons.append(Infeasibility(Cause.CAPACITY_TOO_SMALL, count=self.n, limit=self.K))
        usable = sum(1 for c in self.caps if c > 0)
        by_org: dict[int, list[int]] = {}
        for i, o in enumerate(self.org):
            if o >= 0:
                by_org.setdefault(o, []).append(i)
        for o, people in by_org.items():
            if len(people) > usable:
                reasons.append(
                    Infeasibility(
                        Cause.ORGANISATION_TOO_LARGE,
                        people=tuple(ids[i] for i in people),
                        organisation=self.org_ids[o],
                        count=len(people),
                        limit=usable,
                    )
                )
        largest = max(self.caps, default=0)
        for people in self.blocks:
            if len(people) < 2:
                continue
            orgs: dict[int, list[int]] = {}
            for i in people:
                if self.org[i] >= 0:
                    orgs.setdefault(self.org[i], []).append(i)
            for o, same in orgs.items():
                if len(same) > 1:
                    reasons.append(
                        Infeasibility(
                            Cause.TOGETHER_SAME_ORGANISATION,
                            people=tuple(ids[i] for i in same),
                            organisation=self.org_ids[o],
                            count=len(same),
                        )
                    )
            if len(people) > largest:
                reasons.append(
                    Infeasibility(
                        Cause.GROUP_TOO_LARGE,
                        people=tuple(ids[i] for i in people),
                        count=len(people),
                        limit=largest,
                    )
                )
            locks = sorted({self.locked[i] for i in people if i in self.locked})
            if len(locks) > 1:
                reasons.append(
                    Infeasibility(
                        Cause.LOCKED_SPLIT,
                        people=tuple(ids[i] for i in people if i in self.locked),
                        tables=tuple(locks),
                    )
                )
        for a, b in self.apart:
            if self.block_of[a] == self.block_of[b]:
                reasons.append(Infeasibility(Cause.TOGETHER_AND_APART, people=(ids[a], ids[b])))
            elif self._lock(a) >= 0 and self._lock(a) == self._lock(b):
                reasons.append(
                    Infeasibility(
                        Cause.LOCKED_APART, people=(ids[a], ids[b]), tables=(self._lock(a),)
                    )
                )
        at_table: dict[int, list[int]] = {}
        for b, table in enumerate(self.block_lock):
            if table >= 0:
                at_table.setdefault(table, []).extend(self.blocks[b])
        for table, people in sorted(at_table.items()):
            if len(people) > self.caps[table]:
                reasons.append(
                    Infeasibility(
                        Cause.LOCKED_OVER_CAPACITY,
                        people=tuple(ids[i] for i in sorted(people)),
                        count=len(people),
                        limit=self.caps[table],
                        tables=(table,),
                    )
                )
            orgs = {}
            for i in sorted(people):
                if self.org[i] >= 0:
                    orgs.setdefault(self.org[i], []).append(i)
            for o, same in orgs.items():
                blocks = {self.block_of[i] for i in same}
                if len(same) > 1 and len(blocks) > 1:  # inside one group: reported above
                    reasons.append(
                        Infeasibility(
                            Cause.LOCKED_SAME_ORGANISATION,
                            people=tuple(ids[i] for i in same),
                            organisation=self.org_ids[o],
                            count=len(same),
                            tables=(table,),
                        )
                    )
        return reasons

    def _lock(self, i: int) -> int:
        return self.block_lock[self.block_of[i]]
