"""Calls for projects: the public list and each call's public fields.

Applying happens on the site; no applicant data is ever served here.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from passeurs.api.call_schemas import CallOut, CallQuery
from passeurs.api.pagination import PagePagination
from passeurs.api.schemas import ErrorOut
from passeurs.calls import selectors

router = Router(tags=["Appels à projets"])


def _filters(query: CallQuery) -> dict:
    filters = {"kind": query.kind}
    if query.open is True:
        filters["phase"] = selectors.OPEN
    return filters


@router.get(
    "/calls",
    response={200: list[CallOut], 422: ErrorOut},
    summary="Lister les appels à projets",
    description=(
        "Les appels publiés (jamais ceux en préparation), ouverts d’abord, puis à venir, puis "
        "clos ; paginés. Filtres : `kind` (nature) et `open` (ouverts en ce moment)."
    ),
)
@paginate(PagePagination)
def call_list(request, query: Query[CallQuery]):
    queryset = selectors.call_public_list(filters=_filters(query))
    if query.open is False:
        queryset = queryset.exclude(phase=selectors.OPEN)
    return queryset


@router.get(
    "/calls/{call_id}",
    response={200: CallOut, 404: ErrorOut, 422: ErrorOut},
    summary="Consulter un appel à projets",
)
def call_detail(request, call_id: int):
    call = selectors.call_public_list().filter(pk=call_id).first()
    if call is None:
        raise Http404(_("Appel à projets introuvable."))
    return call
