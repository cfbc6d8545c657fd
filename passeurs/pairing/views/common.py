"""What the pairing pages share: fetching rows, labels, breadcrumbs."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passeurs.core.pages import found
from passeurs.pairing import scoring, selectors
from passeurs.pairing.models import EditionState, PairState, Programme

TERM_LABELS = {
    "expertise": _("Expertise"),
    "challenges": _("Défis partagés"),
    "territory": _("Territoire"),
    "wishes": _("Souhaits"),
    "project_rank": _("Rang donné par le projet"),
    "servant_rank": _("Rang donné par l’agent"),
}

# The button that makes each move of an edition.
EDITION_TRANSITION_LABELS = {
    EditionState.CANDIDACY: _("Ouvrir les candidatures"),
    EditionState.MATCHING: _("Clore les candidatures et constituer les binômes"),
    EditionState.RUNNING: _("Publier les binômes"),
    EditionState.CLOSED: _("Clore la promotion"),
}

PAIR_STATE_BADGES = {
    PairState.PROPOSED: "fr-badge--info",
    PairState.ACCEPTED_BY_PROJECT: "fr-badge--new",
    PairState.ACCEPTED_BY_SERVANT: "fr-badge--new",
    PairState.ACTIVE: "fr-badge--success",
    PairState.CLOSED: "",
    PairState.DECLINED: "fr-badge--warning",
    PairState.ENDED_EARLY: "fr-badge--warning",
}


EVENT_LABELS = {
    "meeting_add": _("Rencontre ajoutée"),
    "action_log": _("Action de facilitation ajoutée"),
    "pair_objectives": _("Objectifs mis à jour"),
    "pair_evaluate": _("Évaluation de clôture enregistrée"),
}


def event_rows(events) -> list[tuple[object, str]]:
    """(date, readable label) for each event of a pair's history."""
    rows = []
    for event in events:
        if event.to_state in PairState.values:
            label = _("État : %(state)s") % {"state": PairState(event.to_state).label}
        else:
            label = EVENT_LABELS.get(event.kind, event.kind)
        rows.append((event.created_at, str(label)))
    return rows


def explanation_rows(explanation: dict) -> list[tuple[str, int]]:
    """(label, points) for each term of a pair's score, in the scoring's order; then, for a
    stable-mode pair, the rank each side gave the other."""
    rows = [(str(TERM_LABELS.get(term, term)), explanation.get(term, 0)) for term in scoring.TERMS]
    rows += [
        (str(TERM_LABELS[term]), explanation[term])
        for term in scoring.RANK_TERMS
        if term in explanation
    ]
    return rows


def list_crumb() -> tuple[str, str]:
    return (_("Programmes"), reverse("pairing:list"))


def get_programme(pk) -> Programme:
    """Programmes are public: candidates must find them."""
    return found(selectors.programme_list().filter(pk=pk).first())


def get_edition(pk):
    return found(selectors.edition_get(pk=pk))


def get_pair(request, pk):
    """The pair if the user is one of its members or coordinates its programme, else a 404."""
    return found(selectors.pair_get(user=request.user, pk=pk))
