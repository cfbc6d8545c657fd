"""The problem and result types: people, tables and requests; the seating, its
evaluation and the rules it breaks; why no seating honours the rules.

Part of `passeurs.matching.tables` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


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
