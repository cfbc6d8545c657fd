from passeurs.directory.views.initiatives import (
    initiative_create,
    initiative_detail,
    initiative_list,
    initiative_update,
)
from passeurs.directory.views.organisations import (
    organisation_create,
    organisation_detail,
    organisation_list,
    organisation_update,
)

__all__ = [
    "initiative_create",
    "initiative_detail",
    "initiative_list",
    "initiative_update",
    "organisation_create",
    "organisation_detail",
    "organisation_list",
    "organisation_update",
]
