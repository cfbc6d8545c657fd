"""What the calls' pages share: labels and badges, breadcrumbs, fetching the call a
coordinator manages, the errors of a refused form."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from passeurs.calls import permissions, selectors
from passeurs.calls.models import Application, ApplicationState, Call
from passeurs.calls.ranking import IN_REVIEW
from passeurs.core.pages import breadcrumbs, found, require
from passeurs.directory.models import Organisation

READ = require_http_methods(["GET", "HEAD"])
FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])

PHASE_LABELS = {
    selectors.DRAFT: gettext_lazy("En préparation"),
    selectors.UPCOMING: gettext_lazy("À venir"),
    selectors.OPEN: gettext_lazy("Ouvert"),
    selectors.CLOSED: gettext_lazy("Clos"),
}
PHASE_BADGES = {
    selectors.DRAFT: "",
    selectors.UPCOMING: "fr-badge--info",
    selectors.OPEN: "fr-badge--success",
    selectors.CLOSED: "fr-badge--warning",
}
STATE_BADGES = {
    ApplicationState.DRAFT: "fr-badge--info",
    ApplicationState.SUBMITTED: "fr-badge--new",
    ApplicationState.LAUREATE: "fr-badge--success",
    ApplicationState.NOT_SELECTED: "",
    ApplicationState.WITHDRAWN: "fr-badge--warning",
}


def list_crumb() -> tuple[str, str]:
    return (_("Appels à projets"), reverse("calls:list"))


def call_crumb(call: Call) -> tuple[str, str]:
    return (call.title, reverse("calls:detail", args=[call.pk]))


def get_call(request, pk) -> Call:
    return found(selectors.call_get(user=request.user, pk=pk))


def managed_call(request, pk) -> Call:
    call = get_call(request, pk)
    require(permissions.can_manage_call(request.user, call))
    return call


def manage_crumb(call: Call) -> tuple[str, str]:
    return (_("Pilotage"), reverse("calls:manage", args=[call.pk]))


def call_crumbs(current, call: Call | None = None, *more) -> dict:
    """The breadcrumbs of a page under the calls' list, and under its call when it has one."""
    links = [list_crumb()]
    if call is not None:
        links.append(call_crumb(call))
    return breadcrumbs(current, *links, *more)


def form_data(request):
    return request.POST if request.method == "POST" else None


def organisations_of(call: Call):
    """The structures that applied to the call: those a jury member may be in conflict with."""
    return Organisation.objects.filter(
        pk__in=Application.objects.filter(call=call, state__in=IN_REVIEW).values("organisation")
    ).order_by("name", "pk")


def failure(form) -> list[str]:
    """Every error of a refused form, for the alert on top of the page."""
    if form is None:
        return []
    errors = list(form.non_field_errors())
    for field in form:
        errors += [f"{field.label} : {error}" for error in field.errors]
    return errors
