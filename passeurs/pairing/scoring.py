"""From candidacies to the solver's input: admissible pairs, their scores and why.

Pure on purpose (no Django): the services adapt candidacies into `Servant` and `Project`
profiles, `score_all` returns the admissible pairs with the points of each term, and the
solver (passeurs.matching) picks the best set. Points are integers, so that the terms of
an explanation add up exactly to the score: each term is a value in [0, 1] times its
weight times `SCALE`, rounded.

Hard rules (a pair is never admissible):
  same_organisation   the civil servant's structures (their administration, and every
                      structure they belong to) include the project's structure;
  funder_supervisor   the civil servant's administration, or one of its parents, funds or
                      supervises the project's structure;
  conflict            either side declared a conflict of interest with the other's
                      structure (a declaration against a ministry covers its services).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from passeurs.blockers.similarity import analyse

SCALE = 100
TERMS = ("expertise", "challenges", "territory", "wishes")
# A stable-mode pair's explanation also says where each side ranked the other (1 = first).
RANK_TERMS = ("project_rank", "servant_rank")

# Why a candidacy got no pair (MatchingRun.unmatched): the solver's reasons and ours.
NO_ADMISSIBLE_PAIR = "no_admissible_pair"
OUTSCORED = "outscored"
EDITION_FULL = "edition_full"
NO_MUTUAL_RANKING = "no_mutual_ranking"
NOT_PREFERRED = "not_preferred"
REASONS = {
    NO_ADMISSIBLE_PAIR: "Aucun binôme possible : toutes les paires enfreignent une règle.",
    "forbidden_only": "Tous ses binômes possibles ont été interdits ou déclinés.",
    "fixed_elsewhere": "Ses binômes possibles sont pris par des binômes imposés.",
    "no_improving_pair": "Aucun binôme possible n’a de point commun avec cette candidature.",
    "capacity_exhausted": "Les agents qui lui convenaient accompagnent déjà d’autres projets.",
    "no_capacity": "Cet agent n’a plus de place pour un binôme.",
    "not_chosen": "D’autres binômes obtenaient un meilleur score d’ensemble.",
    OUTSCORED: "D’autres binômes obtenaient un meilleur score d’ensemble.",
    EDITION_FULL: "La promotion a atteint son nombre maximal de binômes.",
    NO_MUTUAL_RANKING: "Aucun classement mutuel ne forme un binôme possible : personne ne l’a "
    "classée en retour, ou le binôme enfreint une règle ou a été interdit.",
    NOT_PREFERRED: "Les projets qui l’ont classé ont obtenu un agent qu’ils avaient mieux classé.",
}
HARD_RULES = ("same_organisation", "funder_supervisor", "conflict")


@dataclass(frozen=True)
class Servant:
    key: Hashable
    # The administration first, then its parents (ministry last).
    administration_chain: tuple[Hashable, ...]
    organisations: frozenset = frozenset()
    expertise: str = ""
    legal_codes: frozenset = frozenset()
    challenges: frozenset = frozenset()
    regions: frozenset = frozenset()
    departments: frozenset = frozenset()
    wishes: frozenset = frozenset()
    conflicts: frozenset = frozenset()
    capacity: int = 1


@dataclass(frozen=True)
class Project:
    key: Hashable
    organisation: Hashable
    needs: str = ""
    # The codes cited by the project's open blockers.
    blocker_codes: frozenset = frozenset()
    challenges: frozenset = frozenset()
    regions: frozenset = frozenset()
    departments: frozenset = frozenset()
    wishes: frozenset = frozenset()
    conflicts: frozenset = frozenset()
    # Administrations that fund or supervise the project's structure.
    funders: frozenset = frozenset()


@dataclass(frozen=True)
class Settings:
    weights: dict[str, int] = field(
        default_factory=lambda: {"expertise": 4, "challenges": 2, "territory": 2, "wishes": 2}
    )
    territory_mode: str = "proximity"


@dataclass(frozen=True)
class Scored:
    project: Hashable
    servant: Hashable
    score: int
    explanation: dict[str, int]


def broken_rule(project: Project, servant: Servant) -> str | None:
    """The first hard rule the pair breaks, or None when it is admissible."""
    chain = set(servant.administration_chain)
    if project.organisation in servant.organisations | chain:
        return "same_organisation"
    if chain & project.funders:
        return "funder_supervisor"
    if project.organisation in servant.conflicts or chain & project.conflicts:
        return "conflict"
    return None


def _overlap(wanted: Iterable, offered: Iterable) -> float:
    """The share of what is wanted that is offered (0 when nothing is wanted)."""
    wanted = set(wanted)
    return len(wanted & set(offered)) / len(wanted) if wanted else 0.0


def expertise_value(project: Project, servant: Servant) -> float:
    """Words of the needs found in the expertise; and codes of the blockers the agent knows."""
    text = _overlap(analyse(project.needs), analyse(servant.expertise))
    if not project.blocker_codes:
        return text
    return (text + _overlap(project.blocker_codes, servant.legal_codes)) / 2


def territory_value(project: Project, servant: Servant, mode: str) -> float:
    if project.departments & servant.departments:
        closeness = 1.0
    elif project.regions & servant.regions:
        closeness = 0.5
    else:
        closeness = 0.0
    return 1.0 - closeness if mode == "distance" else closeness


def wishes_value(project: Project, servant: Servant) -> float:
    return (servant.key in project.wishes) / 2 + (project.key in servant.wishes) / 2


def explain(project: Project, servant: Servant, settings: Settings) -> dict[str, int]:
    values = {
        "expertise": expertise_value(project, servant),
        "challenges": _overlap(project.challenges, servant.challenges),
        "territory": territory_value(project, servant, settings.territory_mode),
        "wishes": wishes_value(project, servant),
    }
    return {term: round(values[term] * settings.weights.get(term, 0) * SCALE) for term in TERMS}


def score_all(
    projects: Iterable[Project], servants: Iterable[Servant], settings: Settings
) -> tuple[dict[tuple, Scored], dict[Hashable, str]]:
    """Every admissible pair scored; and, for each candidacy with none, the reason."""
    projects, servants = list(projects), list(servants)
    scored: dict[tuple, Scored] = {}
    for project in projects:
        for servant in servants:
            if broken_rule(project, servant) is not None:
                continue
            explanation = explain(project, servant, settings)
            scored[project.key, servant.key] = Scored(
                project.key, servant.key, sum(explanation.values()), explanation
            )
    paired = {key for pair in scored for key in pair}
    excluded = {c.key: NO_ADMISSIBLE_PAIR for c in [*projects, *servants] if c.key not in paired}
    return scored, excluded
