"""Reference lists: territories (INSEE codes) and social challenges. Small, not paginated."""

from typing import Literal

from ninja import Router

from passeurs.api.schemas import ChallengeOut, ErrorOut, TerritoryOut
from passeurs.core.models import Challenge, Department, Region

router = Router()


@router.get(
    "/territories",
    response={200: list[TerritoryOut], 422: ErrorOut},
    tags=["Référentiels"],
    summary="Lister les régions et départements",
    description=(
        "Toutes les régions puis tous les départements, avec leur code INSEE (liste complète, "
        "non paginée). Un département porte le code de sa région dans `region`. "
        "`kind=region` ou `kind=department` n’en garde qu’une sorte."
    ),
)
def territory_list(request, kind: Literal["region", "department"] | None = None):
    territories = []
    if kind in (None, "region"):
        territories += [
            {"kind": "region", "code": r.code, "name": r.name, "slug": r.slug, "region": None}
            for r in Region.objects.order_by("code")
        ]
    if kind in (None, "department"):
        territories += [
            {
                "kind": "department",
                "code": d.code,
                "name": d.name,
                "slug": d.slug,
                "region": d.region.code,
            }
            for d in Department.objects.select_related("region").order_by("code")
        ]
    return territories


@router.get(
    "/challenges",
    response=list[ChallengeOut],
    tags=["Référentiels"],
    summary="Lister les défis sociétaux",
    description="Les défis actifs, dans l’ordre du site (liste complète, non paginée).",
)
def challenge_list(request):
    return Challenge.objects.filter(is_active=True).order_by("position", "name")
