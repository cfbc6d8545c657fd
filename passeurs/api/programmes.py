"""Pairing programmes: the public list of programmes and editions, and their figures.

Everything here is public and read-only: candidacies, pairs and their logs never leave the
site, and the figures are counts, the same as the dashboard's.
"""

from dataclasses import asdict

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from passeurs.api.pagination import PagePagination
from passeurs.api.programme_schemas import FiguresOut, FiguresQuery, ProgrammeOut
from passeurs.api.schemas import ErrorOut
from passeurs.pairing import figures, selectors

router = Router(tags=["Programmes d’accompagnement"])


def _programme(programme_id: int):
    programme = (
        selectors.programme_list().filter(pk=programme_id).prefetch_related("editions").first()
    )
    if programme is None:
        raise Http404(_("Programme introuvable."))
    return programme


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], 422: ErrorOut},
    summary="Lister les programmes d’accompagnement",
    description="Les programmes et leurs promotions, par ordre alphabétique, paginés.",
)
@paginate(PagePagination)
def programme_list(request):
    return selectors.programme_list().prefetch_related("editions")


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, 404: ErrorOut, 422: ErrorOut},
    summary="Consulter un programme d’accompagnement",
)
def programme_detail(request, programme_id: int):
    return _programme(programme_id)


@router.get(
    "/programmes/{programme_id}/figures",
    response={200: FiguresOut, 404: ErrorOut, 422: ErrorOut},
    summary="Les chiffres d’un programme",
    description=(
        "Les chiffres du tableau de bord du programme, ou d’une de ses promotions avec "
        "`edition` : agents mobilisés, binômes formés et actifs, actions de facilitation "
        "par nature, freins travaillés et levés, par région, par défi et par mois. "
        "Des comptes seulement, jamais de nom."
    ),
)
def programme_figures(request, programme_id: int, query: Query[FiguresQuery]):
    programme = _programme(programme_id)
    edition = None
    if query.edition is not None:
        edition = next((e for e in programme.editions.all() if e.pk == query.edition), None)
        if edition is None:
            raise Http404(_("Promotion introuvable dans ce programme."))
    result = figures.figures(edition=edition) if edition else figures.figures(programme=programme)
    return {
        "programme_id": programme.pk,
        "edition_id": edition.pk if edition else None,
        **asdict(result),
    }
