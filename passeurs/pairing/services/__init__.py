"""Every write of the pairing app, one function each (see the modules by topic)."""

from passeurs.pairing.services.common import TransitionError, notifications_paused
from passeurs.pairing.services.editions import (
    EDITION_FIELDS,
    candidacy_decide,
    candidacy_set_wishes,
    candidacy_submit,
    candidacy_withdraw,
    edition_create,
    edition_transition,
    edition_update,
    organisation_link_set,
    programme_create,
    ranking_set,
)
from passeurs.pairing.services.matching import (
    matching_publish,
    matching_run,
    pair_propose,
    pair_rule_set,
)
from passeurs.pairing.services.pairs import (
    action_log,
    meeting_add,
    pair_close,
    pair_end_early,
    pair_evaluate,
    pair_respond,
    pair_set_objectives,
    pair_transition,
)

__all__ = [
    "EDITION_FIELDS",
    "TransitionError",
    "action_log",
    "candidacy_decide",
    "candidacy_set_wishes",
    "candidacy_submit",
    "candidacy_withdraw",
    "edition_create",
    "edition_transition",
    "edition_update",
    "matching_publish",
    "matching_run",
    "meeting_add",
    "notifications_paused",
    "organisation_link_set",
    "pair_close",
    "pair_end_early",
    "pair_evaluate",
    "pair_propose",
    "pair_respond",
    "pair_rule_set",
    "pair_set_objectives",
    "pair_transition",
    "programme_create",
    "ranking_set",
]
