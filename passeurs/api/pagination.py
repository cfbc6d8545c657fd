"""Page-number pagination shared by every list of the API.

`?page=` starts at 1 and `?page_size=` defaults to settings.PAGE_SIZE. A page past the end
is an empty page (200), while a page_size above settings.API_PAGE_SIZE_MAX, or a page or
page_size below 1, is refused with a 422, like any other invalid parameter.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from passeurs.api.errors import InvalidInput


def _check(value: int, *checks) -> list[str]:
    try:
        for check in checks:
            check(value)
    except ValidationError as exc:
        return exc.messages
    return []


class PagePagination(PaginationBase):
    items_attribute = "results"

    class Input(Schema):
        page: int = Field(1, description="Numéro de la page, à partir de 1.")
        page_size: int | None = Field(
            None,
            description="Nombre de résultats par page : 20 par défaut, 100 au plus.",
        )

    class Output(Schema):
        count: int = Field(description="Nombre total de résultats, toutes pages confondues.")
        count_is_estimate: bool = Field(
            False,
            description="Vrai quand `count` est une estimation (recherches de plus de "
            "1 000 résultats) : suivez `next` jusqu’à ce qu’il soit null.",
        )
        page: int
        page_size: int
        next: str | None = Field(description="Adresse de la page suivante, ou null.")
        previous: str | None = Field(description="Adresse de la page précédente, ou null.")
        results: list[Any]

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        page = pagination.page
        page_size = settings.PAGE_SIZE if pagination.page_size is None else pagination.page_size
        errors = {
            "page": _check(page, MinValueValidator(1)),
            "page_size": _check(
                page_size, MinValueValidator(1), MaxValueValidator(settings.API_PAGE_SIZE_MAX)
            ),
        }
        errors = {field: messages for field, messages in errors.items() if messages}
        if errors:
            raise InvalidInput(errors)
        count = queryset.count()
        offset = (page - 1) * page_size
        # Past the end, skip the query: a huge offset would overflow some databases.
        results = list(queryset[offset : offset + page_size]) if offset < count else []
        last_page = max(1, -(-count // page_size))
        estimated = getattr(queryset, "estimated", False)
        has_next = page < last_page and (not estimated or len(results) == page_size)
        return {
            "count": queryset.displayed_count if estimated else count,
            "count_is_estimate": estimated,
            "page": page,
            "page_size": page_size,
            "next": _page_url(request, page + 1) if has_next else None,
            "previous": _page_url(request, min(page - 1, last_page)) if page > 1 else None,
            "results": results,
        }


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
