"""Stable assignment when both sides rank each other: project-proposing deferred acceptance.

Pure: no Django. A pair is acceptable only if each side ranks the other (and it is not
forbidden). Each servant holds at most `capacity` projects (default 1). The result is the
project-optimal stable assignment, which is unique, so it does not depend on the order in
which proposals are processed; no blocking pair exists (`blocking_pairs` checks it).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence

from passeurs.matching.solver import Assignment, Reason, canonical

__all__ = ["blocking_pairs", "stable_match"]


def stable_match(
    project_prefs: Mapping[Hashable, Sequence[Hashable]],
    servant_prefs: Mapping[Hashable, Sequence[Hashable]],
    *,
    capacities: Mapping[Hashable, int] | None = None,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
) -> Assignment:
    """Deferred acceptance, projects proposing; `total` is the number of pairs made."""
    capacities = capacities or {}
    forbidden = set(forbidden)
    rank = _ranks(servant_prefs)
    lists = {
        project: _acceptable(project, prefs, rank, forbidden)
        for project, prefs in project_prefs.items()
    }
    held: dict[Hashable, list[Hashable]] = {servant: [] for servant in servant_prefs}
    next_choice = dict.fromkeys(lists, 0)
    free = deque(canonical(lists))
    while free:
        project = free.popleft()
        choices = lists[project]
        if next_choice[project] >= len(choices):
            continue  # rejected everywhere it could go
        servant = choices[next_choice[project]]
        next_choice[project] += 1
        holding = held[servant]
        holding.append(project)
        if len(holding) > capacities.get(servant, 1):
            holding.sort(key=rank[servant].__getitem__)
            free.append(holding.pop())
    pairs = [(project, servant) for servant, projects in held.items() for project in projects]
    p_order = {project: i for i, project in enumerate(canonical(lists))}
    s_order = {servant: j for j, servant in enumerate(canonical(servant_prefs))}
    pairs.sort(key=lambda pair: (p_order[pair[0]], s_order[pair[1]]))
    matched_p = {project for project, _servant in pairs}
    matched_s = {servant for _project, servant in pairs}
    unmatched_projects = {
        project: Reason.CAPACITY_EXHAUSTED if lists[project] else Reason.NO_ADMISSIBLE_PAIR
        for project in canonical(lists)
        if project not in matched_p
    }
    acceptable_to = {servant for choices in lists.values() for servant in choices}
    unmatched_servants = {
        servant: _servant_reason(servant, acceptable_to, capacities)
        for servant in canonical(servant_prefs)
        if servant not in matched_s
    }
    return Assignment(pairs, len(pairs), unmatched_projects, unmatched_servants)


def blocking_pairs(
    pairs: Iterable[tuple[Hashable, Hashable]],
    project_prefs: Mapping[Hashable, Sequence[Hashable]],
    servant_prefs: Mapping[Hashable, Sequence[Hashable]],
    *,
    capacities: Mapping[Hashable, int] | None = None,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
) -> list[tuple[Hashable, Hashable]]:
    """The acceptable pairs (p, s) not made where p prefers s to its lot and s would take p.

    s would take p if it has a free place, or holds a project it ranks below p.
    """
    capacities = capacities or {}
    forbidden = set(forbidden)
    rank = _ranks(servant_prefs)
    servant_of = dict(pairs)
    held: dict[Hashable, list[Hashable]] = {}
    for project, servant in servant_of.items():
        held.setdefault(servant, []).append(project)
    blocking = []
    for project, prefs in project_prefs.items():
        current = servant_of.get(project)
        for servant in _acceptable(project, prefs, rank, forbidden):
            if servant == current:
                break  # the rest are worse than what the project has
            holding = held.get(servant, [])
            if len(holding) < capacities.get(servant, 1) or any(
                rank[servant][other] > rank[servant][project] for other in holding
            ):
                blocking.append((project, servant))
    return blocking


def _ranks(servant_prefs) -> dict[Hashable, dict[Hashable, int]]:
    ranks = {}
    for servant, prefs in servant_prefs.items():
        order: dict[Hashable, int] = {}
        for position, project in enumerate(prefs):
            order.setdefault(project, position)
        ranks[servant] = order
    return ranks


def _acceptable(project, prefs, rank, forbidden) -> list[Hashable]:
    """The servants the project ranks, that rank it back, in its order, without repeats."""
    seen: set = set()
    result = []
    for servant in prefs:
        if servant in seen or (project, servant) in forbidden:
            continue
        if project in rank.get(servant, ()):
            seen.add(servant)
            result.append(servant)
    return result


def _servant_reason(servant, acceptable_to, capacities) -> Reason:
    if servant not in acceptable_to:
        return Reason.NO_ADMISSIBLE_PAIR
    if capacities.get(servant, 1) <= 0:
        return Reason.NO_CAPACITY
    return Reason.NOT_CHOSEN
