"""Seating participants at tables (or hackathon teams) so that every table mirrors the room.

Pure: no Django. The app adapts its registrations into `Person` rows and words the structured
violations and infeasibility reasons itself (no message text here).

Hard rules, never broken by `seat` (and reported, not refused, by `score`):

- two people of the same organisation never share a table (`organisation=None`: no rule);
- each `together` group sits at one table (overlapping groups merge into one block);
- each `apart` pair sits at two different tables;
- a `locked` person sits at their table (a block with one locked member goes with it);
- a table never holds more people than its capacity; everybody is seated exactly once.

The objective, lower is better, is a sum over tables t of

    cost_t = w_category * D_t + w_territory * P_t + w_size * Z_t

with n people, N_c of category c (share s_c = N_c / n), K the total capacity, k_t the
capacity of table t, m_t its number of people, x_tc of them of category c, y_tr of territory r:

- D_t = sum_c (x_tc - s_c * m_t)^2: distance of the table's make-up from the room's;
- P_t = sum_r y_tr * (y_tr - 1) / 2: pairs of people of the same territory at the table
  (people with `territory=None` count for none);
- Z_t = (m_t - n * k_t / K)^2: tables filled in proportion to their capacity rather than some
  full and some empty (zero when the capacities add up to the number of people).

D_t and Z_t are computed exactly on integers (n^2 * D_t and K^2 * Z_t are integers), so equal
make-ups always score the same. Default weights: category 1, territory 0.25 (secondary: one
extra pair of the same territory is worth less than one person of a category too many), size 1.

Display score per table: balance_t = 100 * (1 - sqrt(D_t / Dmax(m_t))) in [0, 100], where
Dmax(m) = m^2 * (1 - 2 * s_min + sum_c s_c^2) is D for a table made of m people of the rarest
category (the worst make-up, D being convex); 100 means the table has exactly the room's
proportions, and an empty table is 100. The global balance is the mean of the tables' balances
weighted by their number of people. Territories are reported apart, as P_t.

Search: blocks (together groups, or single people) are placed greedily (locked ones first, then
the biggest, then people of large organisations, then category by category, rarest first, each
at the table where it costs least); rule clashes left by the greedy start are repaired by a
min-conflicts search (exhaustive search on small problems). Then simulated annealing over moves
of a block to a table with room, swaps of two blocks, and exchanges of a group with as many
single people of a full table, each evaluated in O(block size) from per-table counts. The
organisation and apart rules cut the seatings into islands that such changes cannot cross, so
the annealing may break them at a price that grows as it cools, and keeps the best seating that
breaks none. Small problems restart from the best seating so far (reheated fully or to a tenth
in turn), and problems of up to `_POLISH_BLOCKS` blocks end with a descent to a local optimum
for moves and swaps. The same problem and seed give the same seating unless `time_limit` cuts
the search short.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Cause",
    "Evaluation",
    "Infeasibility",
    "InfeasibleSeating",
    "Person",
    "Rule",
    "Seating",
    "SeatingProblem",
    "TableScore",
    "Violation",
    "Weights",
    "score",
    "seat",
]

_POLISH_EACH_RUN = 100  # full move-and-swap descent after each annealing run, up to this
_POLISH_BLOCKS = 400  # and after the last run, up to this many movable blocks
_EXACT_BLOCKS = 40  # exhaustive search for a first seating when the repair fails, up to this
_EXACT_NODES = 200_000


@dataclass(frozen=True)
class Weights:
    """Weights of the objective's three terms (see the module docstring)."""

    category: float = 1.0
    territory: float = 0.25
    size: float = 1.0


@dataclass(frozen=True)
class Person:
    id: Hashable
    category: str
    organisation: Hashable | None = None
    territory: Hashable | None = None


@dataclass(frozen=True)
class SeatingProblem:
    """People, table capacities (table i is index i) and the coordinator's requests."""

    people: tuple[Person, ...]
    capacities: tuple[int, ...]
    together: tuple[frozenset, ...] = ()
    apart: tuple[tuple[Hashable, Hashable], ...] = ()
    locked: Mapping[Hashable, int] = field(default_factory=dict)
    weights: Weights = Weights()

    def __post_init__(self):
        # Lists are welcome; stored as tuples so that a problem is not changed behind our back.
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "capacities", tuple(self.capacities))
        object.__setattr__(self, "together", tuple(frozenset(g) for g in self.together))
        object.__setattr__(self, "apart", tuple(tuple(pair) for pair in self.apart))
        object.__setattr__(self, "locked", dict(self.locked))


class Rule(StrEnum):
    """A hard rule that a seating breaks (reported by `score`)."""

    SAME_ORGANISATION = "same_organisation"  # people, the table, the organisation
    TOGETHER_SPLIT = "together_split"  # the group, the tables it is spread over
    APART_SEATED_TOGETHER = "apart_seated_together"  # the pair, their table
    LOCK_BROKEN = "lock_broken"  # the person, (locked table, tables where seated...)
    OVER_CAPACITY = "over_capacity"  # the people at the table, the table
    NOT_SEATED = "not_seated"  # the person
    SEATED_TWICE = "seated_twice"  # the person, the tables
    UNKNOWN_PERSON = "unknown_person"  # an id not in the problem, its table


@dataclass(frozen=True)
class Violation:
    rule: Rule
    people: tuple[Hashable, ...]
    tables: tuple[int, ...] = ()
    organisation: Hashable | None = None


class Cause(StrEnum):
    """Why no seating honours all the hard rules."""

    CAPACITY_TOO_SMALL = "capacity_too_small"  # count people, limit seats
    ORGANISATION_TOO_LARGE = "organisation_too_large"  # count people, limit usable tables
    TOGETHER_SAME_ORGANISATION = "together_same_organisation"  # a group holds two of an org
    TOGETHER_AND_APART = "together_and_apart"  # an apart pair inside a together group
    GROUP_TOO_LARGE = "group_too_large"  # count people, limit largest capacity
    LOCKED_SPLIT = "locked_split"  # one group locked at several tables
    LOCKED_OVER_CAPACITY = "locked_over_capacity"  # count locked, limit the capacity
    LOCKED_SAME_ORGANISATION = "locked_same_organisation"
    LOCKED_APART = "locked_apart"  # an apart pair locked at the same table
    NO_SEATING_EXISTS = "no_seating_exists"  # exhaustive search: the rules contradict
    NO_SEATING_FOUND = "no_seating_found"  # the search gave up (time or effort)


@dataclass(frozen=True)
class Infeasibility:
    cause: Cause
    people: tuple[Hashable, ...] = ()
    organisation: Hashable | None = None
    count: int = 0
    limit: int = 0
    tables: tuple[int, ...] = ()


class InfeasibleSeating(Exception):
    """No seating honours the hard rules; `reasons` say why, for the app to word."""

    def __init__(self, reasons: Sequence[Infeasibility]):
        self.reasons = tuple(reasons)
        super().__init__(", ".join(str(reason.cause) for reason in self.reasons))


@dataclass(frozen=True)
class TableScore:
    size: int
    cost: float  # the table's share of the objective
    balance: float  # 0..100, 100 = the room's proportions of categories
    same_territory_pairs: int


@dataclass(frozen=True)
class Evaluation:
    table_scores: tuple[TableScore, ...]
    cost: float  # the objective: lower is better
    balance: float  # the tables' balances, weighted by their sizes
    violations: tuple[Violation, ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class Seating:
    """Table i's people (in the problem's order) and the seating's evaluation."""

    tables: tuple[tuple[Hashable, ...], ...]
    evaluation: Evaluation


# --- The problem in integers -----------------------------------------------------------------


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


# --- The search state: blocks at tables, per-table counts ------------------------------------


class _State:
    """Where each block sits and the per-table counts that make a move cost O(block size)."""

    def __init__(self, model: _Model):
        self.model = model
        T = model.T
        self.pos = [-1] * len(model.blocks)
        self.m = [0] * T
        self.Q = [0] * T
        self.L = [0] * T
        self.P = [0] * T
        self.X = [0] * (T * model.C)
        self.Y = [0] * (T * model.R)
        self.orgs = [0] * (T * model.O)  # organisation o at table t: orgs[o * T + t]
        self.cost = [model.table_cost(t, 0, 0, 0, 0) for t in range(T)]
        self.members: list[list[int]] = [[] for _ in range(T)]  # movable blocks per table
        self.slot = [0] * len(model.blocks)
        self.movable = [b for b in range(len(model.blocks)) if model.block_lock[b] < 0]
        self.is_movable = [lock < 0 for lock in model.block_lock]

    def total(self) -> float:
        return sum(self.cost)

    def add(self, b: int, t: int) -> None:
        md = self.model
        C, R, T = md.C, md.R, md.T
        X, Y, N = self.X, self.Y, md.N
        q, lin, p = self.Q[t], self.L[t], self.P[t]
        for c, k in md.bcats[b]:
            x = X[t * C + c]
            q += 2 * k * x + k * k
            lin += N[c] * k
            X[t * C + c] = x + k
        for r, k in md.bterrs[b]:
            y = Y[t * R + r]
            p += k * y + k * (k - 1) // 2
            Y[t * R + r] = y + k
        for o in md.borgs[b]:
            self.orgs[o * T + t] += 1
        self.m[t] += md.bsize[b]
        self.Q[t], self.L[t], self.P[t] = q, lin, p
        self.cost[t] = md.table_cost(t, self.m[t], q, lin, p)
        self.pos[b] = t
        if self.is_movable[b]:
            self.slot[b] = len(self.members[t])
            self.members[t].append(b)

    def remove(self, b: int) -> None:
        md = self.model
        t = self.pos[b]
        C, R, T = md.C, md.R, md.T
        X, Y, N = self.X, self.Y, md.N
        q, lin, p = self.Q[t], self.L[t], self.P[t]
        for c, k in md.bcats[b]:
            x = X[t * C + c]
            q += k * k - 2 * k * x
            lin -= N[c] * k
            X[t * C + c] = x - k
        for r, k in md.bterrs[b]:
            y = Y[t * R + r]
            p -= k * y - k * (k + 1) // 2
            Y[t * R + r] = y - k
        for o in md.borgs[b]:
            self.orgs[o * T + t] -= 1
        self.m[t] -= md.bsize[b]
        self.Q[t], self.L[t], self.P[t] = q, lin, p
        self.cost[t] = md.table_cost(t, self.m[t], q, lin, p)
        self.pos[b] = -1
        if self.is_movable[b]:
            table = self.members[t]
            last = table.pop()
            if last != b:
                table[self.slot[b]] = last
                self.slot[last] = self.slot[b]

    def delta(self, t: int, out: int, inn: int) -> float:
        """The change of cost_t when block `out` leaves table t and `inn` joins it (-1: none)."""
        md = self.model
        C, R, N = md.C, md.R, md.N
        X, Y = self.X, self.Y
        m, q, lin, p = self.m[t], self.Q[t], self.L[t], self.P[t]
        base_c, base_r = t * C, t * R
        if out >= 0:
            for c, k in md.bcats[out]:
                q += k * k - 2 * k * X[base_c + c]
                lin -= N[c] * k
            for r, k in md.bterrs[out]:
                p -= k * Y[base_r + r] - k * (k + 1) // 2
            m -= md.bsize[out]
            if inn >= 0:
                cat_out, terr_out = md.bcatd[out], md.bterrd[out]
                for c, k in md.bcats[inn]:
                    q += k * k + 2 * k * (X[base_c + c] - cat_out.get(c, 0))
                    lin += N[c] * k
                for r, k in md.bterrs[inn]:
                    p += k * (Y[base_r + r] - terr_out.get(r, 0)) + k * (k - 1) // 2
                m += md.bsize[inn]
        elif inn >= 0:
            for c, k in md.bcats[inn]:
                q += k * k + 2 * k * X[base_c + c]
                lin += N[c] * k
            for r, k in md.bterrs[inn]:
                p += k * Y[base_r + r] + k * (k - 1) // 2
            m += md.bsize[inn]
        return md.table_cost(t, m, q, lin, p) - self.cost[t]

    def delta_many(self, t: int, outs: Sequence[int], ins: Sequence[int]) -> float:
        """The change of cost_t when blocks `outs` leave table t and blocks `ins` join it."""
        md = self.model
        C, R = md.C, md.R
        cats: dict[int, int] = {}
        terrs: dict[int, int] = {}
        m = self.m[t]
        for blocks, sign in ((outs, -1), (ins, 1)):
            for b in blocks:
                for c, k in md.bcats[b]:
                    cats[c] = cats.get(c, 0) + sign * k
                for r, k in md.bterrs[b]:
                    terrs[r] = terrs.get(r, 0) + sign * k
                m += sign * md.bsize[b]
        q, lin, p = self.Q[t], self.L[t], self.P[t]
        for c, d in cats.items():
            q += 2 * d * self.X[t * C + c] + d * d
            lin += md.N[c] * d
        for r, d in terrs.items():
            y = self.Y[t * R + r]
            p += ((y + d) * (y + d - 1) - y * (y - 1)) // 2
        return md.table_cost(t, m, q, lin, p) - self.cost[t]

    def can_exchange(self, b: int, singles: Sequence[int]) -> bool:
        """Block b and single people without apart requests, all at one other table, may trade
        places (the singles, seated together already, have distinct organisations)."""
        md = self.model
        a, t = self.pos[b], self.pos[singles[0]]
        k = len(singles)
        if self.m[t] - k + md.bsize[b] > md.caps[t] or self.m[a] - md.bsize[b] + k > md.caps[a]:
            return False
        T, orgs, pos = md.T, self.orgs, self.pos
        leaving = {md.lone_org[q] for q in singles}
        for o in md.borgs[b]:
            if orgs[o * T + t] and o not in leaving:
                return False
        borgs = md.borgset[b]
        for q in singles:
            o = md.lone_org[q]
            if o >= 0 and orgs[o * T + a] and o not in borgs:
                return False
        return all(pos[z] != t or z in singles for z in md.partners[b])

    def can_move(self, b: int, t: int) -> bool:
        """Block b may join table t: room, no organisation there, no apart partner there."""
        md = self.model
        if self.m[t] + md.bsize[b] > md.caps[t]:
            return False
        T, orgs, pos = md.T, self.orgs, self.pos
        for o in md.borgs[b]:
            if orgs[o * T + t]:
                return False
        return all(pos[q] != t for q in md.partners[b])

    def can_swap(self, b: int, q: int) -> bool:
        md = self.model
        a, t = self.pos[b], self.pos[q]
        sb, sq = md.bsize[b], md.bsize[q]
        if sb != sq and (self.m[t] - sq + sb > md.caps[t] or self.m[a] - sb + sq > md.caps[a]):
            return False
        T, orgs, pos = md.T, self.orgs, self.pos
        qorgs, borgs = md.borgset[q], md.borgset[b]
        for o in md.borgs[b]:
            if orgs[o * T + t] and o not in qorgs:
                return False
        for o in md.borgs[q]:
            if orgs[o * T + a] and o not in borgs:
                return False
        for z in md.partners[b]:
            if pos[z] == t and z != q:
                return False
        return all(pos[z] != a or z == b for z in md.partners[q])

    def conflicts(self, b: int, t: int, ignore: int = -1) -> int:
        """Rule clashes block b would have at table t (not counting block `ignore`)."""
        md = self.model
        T, pos = md.T, self.pos
        here = pos[b] == t
        gone = ignore >= 0 and pos[ignore] == t
        count = 0
        for o in md.borgs[b]:
            k = self.orgs[o * T + t] - here
            if gone and o in md.borgset[ignore]:
                k -= 1
            count += k
        for z in md.partners[b]:
            if z != ignore and pos[z] == t:
                count += 1
        return count

    def place_all(self, pos: list[int]) -> None:
        for b in range(len(pos)):
            if self.pos[b] >= 0:
                self.remove(b)
        for b, t in enumerate(pos):
            self.add(b, t)


# --- Seating -----------------------------------------------------------------------------------


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


# --- Scoring any seating, even one that breaks the rules --------------------------------------


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
