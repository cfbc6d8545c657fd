"""What every page shares: filtered lists, breadcrumbs, calls to the services, form pages."""

from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from passeurs.core.exceptions import ConflictError, TransitionError
from passeurs.core.permissions import require  # noqa: F401  (views import it from here)

# The id of the element htmx refreshes when the filters change.
RESULTS_TARGET = "results"


def found(obj):
    if obj is None:
        raise Http404
    return obj


def breadcrumbs(current, *links: tuple[str, str]) -> dict:
    """The data django-dsfr's breadcrumb tag expects; `links` are (title, url) pairs."""
    return {
        "links": [{"title": title, "url": url} for title, url in links],
        "current": current,
        "root_dir": reverse("core:home"),
    }


def paginate(request, queryset) -> Page:
    """A page of `queryset`; a missing, malformed or out-of-range number gives a valid page."""
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # The pagination component shows these numbers, with "…" for the gaps.
    page.pages_list = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page


def results_count_label(paginator, count_label: Callable[[int], str]) -> str:
    """ "12 structures", or "environ 120 000 structures" when the list only estimates."""
    results = paginator.object_list
    if not getattr(results, "estimated", False):
        return count_label(paginator.count)
    label = count_label(results.total)
    if results.is_lower_bound:
        return _("Plus de %(label)s") % {"label": label}
    return _("Environ %(label)s") % {"label": label}


def filtered_list(
    request,
    *,
    form,
    select: Callable[[dict], object],
    template_name: str,
    results_template: str,
    count_label: Callable[[int], str],
    empty_message: str,
    context: dict,
):
    """A list page: the filter form and a page of results, or the results alone for htmx.

    Invalid filters show their errors and no results; they are never a server error.
    """
    if form.is_valid():
        queryset = select(form.cleaned_data)
        is_filtered = any(form.cleaned_data.values())
    else:
        queryset = select({}).none()
        is_filtered = True
    page = paginate(request, queryset)
    context = {
        **context,
        "form": form,
        "page_obj": page,
        "results_count_label": results_count_label(page.paginator, count_label),
        "results_notices": getattr(queryset, "notices", ()),
        "empty_message": empty_message,
        "is_filtered": is_filtered,
        "results_template": results_template,
        "results_target": RESULTS_TARGET,
    }
    htmx = request.htmx
    if htmx and htmx.target == RESULTS_TARGET and not htmx.history_restore_request:
        response = render(request, results_template, {**context, "announce": True})
    else:
        response = render(request, template_name, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors next to the fields they are about."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def save_with(form, write: Callable[[], object]) -> tuple[object | None, int]:
    """Run a service write; its refusals become form errors. Returns (result, HTTP status).

    A stale version is a 409, a move a workflow does not have a 422; PermissionDenied is
    left to Django, which answers 403.
    """
    try:
        return write(), HTTPStatus.OK
    except TransitionError as error:
        form.add_error(None, error.messages)
        return None, HTTPStatus.UNPROCESSABLE_ENTITY
    except ValidationError as error:
        add_service_errors(form, error)
        return None, HTTPStatus.OK
    except ConflictError as error:
        form.add_error(None, str(error))
        return None, HTTPStatus.CONFLICT


def submit(form, write: Callable[[], object]) -> tuple[object | None, int]:
    """`save_with` for a bound form: nothing written, and a 200, when the form is invalid."""
    if not form.is_valid():
        return None, HTTPStatus.OK
    return save_with(form, write)


def form_page(request, *, form, title, breadcrumb_data, submit_label, cancel_url, status=200):
    return render(
        request,
        "pages/form_page.html",
        {
            "form": form,
            "title": title,
            "breadcrumb_data": breadcrumb_data,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
        },
        status=status,
    )
