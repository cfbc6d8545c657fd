"""Events: the public list and page of each published (or cancelled) event.

Read-only and public: drafts are unknown (404), and no participant's name, e-mail or
attendance ever leaves the site; registering happens on the event's page.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from passeurs.api.errors import InvalidInput, form_errors
from passeurs.api.event_schemas import EventFilters, EventOut
from passeurs.api.pagination import PagePagination
from passeurs.api.schemas import ErrorOut
from passeurs.events import selectors
from passeurs.events.forms.registrations import EventFilterForm

router = Router(tags=["Événements"])


@router.get(
    "/events",
    response={200: list[EventOut], 422: ErrorOut},
    summary="Lister les événements",
    description=(
        "Les événements publiés ou annulés (jamais un brouillon) : par défaut ceux qui ne "
        "sont pas terminés, du plus proche au plus lointain ; `period=past` les passés, du "
        "plus récent au plus ancien ; `period=all` tous. Filtrés comme sur le site, paginés."
    ),
)
@paginate(PagePagination)
def event_list(request, filters: Query[EventFilters]):
    # The very form the pages use, so both accept and refuse the same filters.
    data = filters.model_dump(exclude_none=True)
    form = EventFilterForm(data=data)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    cleaned = {name: value for name, value in form.cleaned_data.items() if name in data}
    return selectors.public_event_list(filters=cleaned)


@router.get(
    "/events/{event_id}",
    response={200: EventOut, 404: ErrorOut, 422: ErrorOut},
    summary="Consulter un événement",
    description="Un événement publié ou annulé, avec ses places restantes et ses quotas.",
)
def event_detail(request, event_id: int):
    event = selectors.public_event_list(filters={"period": "all"}).filter(pk=event_id).first()
    if event is None:
        raise Http404(_("Événement introuvable."))
    return event
