from passeurs.blockers.views.actions import (
    blocker_assign,
    blocker_join,
    blocker_notifications,
    blocker_route,
    blocker_take_on,
    blocker_transition,
)
from passeurs.blockers.views.declare import blocker_declare, blocker_suggestions, blocker_update
from passeurs.blockers.views.pages import blocker_board, blocker_detail, blocker_list, blocker_mine

__all__ = [
    "blocker_assign",
    "blocker_board",
    "blocker_declare",
    "blocker_detail",
    "blocker_join",
    "blocker_list",
    "blocker_mine",
    "blocker_notifications",
    "blocker_route",
    "blocker_suggestions",
    "blocker_take_on",
    "blocker_transition",
    "blocker_update",
]
