"""Pairing programmes: programmes and editions, candidacies, pairs and their logs."""

from passeurs.pairing.models.candidacies import (
    Candidacy,
    CandidacySide,
    CandidacyState,
    Ranking,
)
from passeurs.pairing.models.pairs import (
    ActionKind,
    FacilitationAction,
    MatchingRun,
    Meeting,
    Pair,
    PairEvent,
    PairRule,
    PairState,
)
from passeurs.pairing.models.programmes import (
    Edition,
    EditionState,
    LinkKind,
    MatchingMode,
    OrganisationLink,
    Programme,
    TerritoryMode,
)

__all__ = [
    "ActionKind",
    "Candidacy",
    "CandidacySide",
    "CandidacyState",
    "Edition",
    "EditionState",
    "FacilitationAction",
    "LinkKind",
    "MatchingMode",
    "MatchingRun",
    "Meeting",
    "OrganisationLink",
    "Pair",
    "PairEvent",
    "PairRule",
    "PairState",
    "Programme",
    "Ranking",
    "TerritoryMode",
]
