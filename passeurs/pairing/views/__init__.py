"""The pairing pages, by topic: public pages, applying, the coordinators' page, a pair."""

from passeurs.pairing.views.apply import candidacy_apply, candidacy_ranking, candidacy_withdraw
from passeurs.pairing.views.editions import edition_create, edition_update
from passeurs.pairing.views.manage import (
    candidacy_decide,
    edition_manage,
    edition_matching_run,
    edition_transition,
    pair_rule_set,
)
from passeurs.pairing.views.pages import (
    edition_detail,
    my_pairs,
    programme_detail,
    programme_figures,
    programme_list,
)
from passeurs.pairing.views.pair import (
    action_log,
    meeting_add,
    pair_close,
    pair_detail,
    pair_end_early,
    pair_evaluate,
    pair_objectives,
    pair_respond,
)

__all__ = [
    "action_log",
    "candidacy_apply",
    "candidacy_decide",
    "candidacy_ranking",
    "candidacy_withdraw",
    "edition_create",
    "edition_detail",
    "edition_manage",
    "edition_matching_run",
    "edition_transition",
    "edition_update",
    "meeting_add",
    "my_pairs",
    "pair_close",
    "pair_detail",
    "pair_end_early",
    "pair_evaluate",
    "pair_objectives",
    "pair_respond",
    "pair_rule_set",
    "programme_detail",
    "programme_figures",
    "programme_list",
]
