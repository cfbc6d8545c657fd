"""What the blocker pages share: fetching a blocker, running a service, labels."""

from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passeurs.blockers import selectors, workflows
from passeurs.blockers.legal import parser
from passeurs.blockers.models import BlockerState

# The directory's page helpers are generic (breadcrumbs, filtered lists, service errors).
from passeurs.core.pages import found

# How a reference the parser could not pin down is flagged on the pages.
FLAG_LABELS = {
    parser.AMBIGUOUS_CODE: _("Référence ambiguë : plusieurs codes portent ce nom"),
    parser.UNKNOWN_CODE: _("Référence inconnue : code introuvable"),
    parser.MISSING_CODE: _("Code non précisé"),
    parser.MISSING_NUMBER: _("Numéro manquant"),
    parser.NO_NUMBER: _("Texte identifié par sa seule date"),
    parser.INVALID_DATE: _("Date invalide"),
}

# The button that makes each move of the workflow.
TRANSITION_LABELS = {
    BlockerState.SUBMITTED: _("Signaler le frein"),
    BlockerState.WITHDRAWN: _("Retirer le frein"),
    BlockerState.QUALIFIED: _("Qualifier le frein"),
    BlockerState.MERGED: _("Fusionner avec un autre frein"),
    BlockerState.IN_PROGRESS: _("Mettre en instruction"),
    BlockerState.RESOLUTION_PROPOSED: _("Proposer une piste de levée"),
    BlockerState.LIFTED: _("Marquer comme levé"),
    BlockerState.KEPT: _("Marquer comme maintenu"),
    BlockerState.WORKED_AROUND: _("Marquer comme contourné"),
}


def flag_labels(flags) -> list[str]:
    """Readable warnings for a reference's flags (a tuple, or the stored comma list)."""
    if isinstance(flags, str):
        flags = [flag for flag in flags.split(",") if flag]
    return [str(FLAG_LABELS[flag]) for flag in flags if flag in FLAG_LABELS]


def is_joinable(blocker) -> bool:
    """Whether other projects may still join the blocker (permissions.can_join_blocker)."""
    return blocker.state not in workflows.TERMINAL and blocker.state != BlockerState.DRAFT


def list_crumb() -> tuple[str, str]:
    return (_("Freins réglementaires"), reverse("blockers:list"))


def get_blocker(request, pk):
    """The blocker if the user may see it, else a 404 (its existence is not disclosed)."""
    return found(selectors.blocker_get(user=request.user, pk=pk))


class Suggestion(NamedTuple):
    blocker: object
    shared_words: list[str]
    shared_references: list[str]
    joinable: bool
