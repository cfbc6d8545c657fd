"""Pages of the initiatives (projets): list, detail, create, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from passeurs.core.pages import (
    breadcrumbs,
    filtered_list,
    form_page,
    found,
    require,
    save_with,
)
from passeurs.core.text import inner_quotes
from passeurs.directory import permissions, selectors, services
from passeurs.directory.forms import InitiativeFilterPageForm, InitiativeForm


def _list_crumb():
    return (_("Projets"), reverse("directory:initiative_list"))


@require_http_methods(["GET", "HEAD"])
def initiative_list(request):
    return filtered_list(
        request,
        form=InitiativeFilterPageForm(request.GET),
        select=lambda filters: selectors.initiative_list(user=request.user, filters=filters),
        template_name="directory/initiative_list.html",
        results_template="directory/_initiative_results.html",
        count_label=lambda count: (
            ngettext("%(count)s projet", "%(count)s projets", count) % {"count": count}
        ),
        empty_message=_("Aucun projet ne correspond à ces critères."),
        context={
            "title": _("Projets"),
            "breadcrumb_data": breadcrumbs(_("Projets")),
            "can_create": request.user.is_authenticated,
        },
    )


@require_http_methods(["GET", "HEAD"])
def initiative_detail(request, pk):
    # A private initiative the user may not see is a 404: its existence is not disclosed.
    initiative = found(selectors.initiative_get(user=request.user, pk=pk))
    return render(
        request,
        "directory/initiative_detail.html",
        {
            "initiative": initiative,
            "breadcrumb_data": breadcrumbs(initiative.title, _list_crumb()),
            "challenges": initiative.challenges.all(),
            "regions": initiative.regions.all(),
            "departments": initiative.departments.all(),
            "can_edit": permissions.can_edit_initiative(request.user, initiative).allowed,
        },
    )


def _organisations_for(user):
    """The organisations the user may add an initiative to."""
    if user.is_coordinator:
        return selectors.organisation_list()
    return selectors.organisations_of(user)


def _preselected(request, organisations):
    wanted = request.GET.get("organisation", "")
    if wanted.isdigit():
        return int(wanted)
    first_two = list(organisations[:2])
    return first_two[0].pk if len(first_two) == 1 else None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_create(request):
    organisations = _organisations_for(request.user)
    title = _("Présenter un projet")
    breadcrumb_data = breadcrumbs(title, _list_crumb())
    if not organisations.exists():
        return render(
            request,
            "directory/initiative_needs_organisation.html",
            {"title": title, "breadcrumb_data": breadcrumb_data},
        )
    form = InitiativeForm(
        request.POST if request.method == "POST" else None,
        initial={"organisation": _preselected(request, organisations)},
        user=request.user,
        organisations=organisations,
    )
    status = 200
    if form.is_bound and form.is_valid():
        initiative, status = save_with(
            form,
            lambda: services.initiative_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                **form.service_kwargs(),
            ),
        )
        if initiative is not None:
            messages.success(
                request,
                _("Le projet « %(title)s » a été créé.")
                % {"title": inner_quotes(initiative.title)},
            )
            return redirect(initiative)
    return form_page(
        request,
        form=form,
        title=title,
        breadcrumb_data=breadcrumb_data,
        submit_label=_("Créer le projet"),
        cancel_url=reverse("directory:initiative_list"),
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_update(request, pk):
    initiative = found(selectors.initiative_get(user=request.user, pk=pk))
    require(permissions.can_edit_initiative(request.user, initiative))
    form = InitiativeForm(
        request.POST if request.method == "POST" else None,
        instance=initiative,
        user=request.user,
    )
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: services.initiative_update(
                actor=request.user,
                initiative=initiative,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Les modifications ont été enregistrées."))
            return redirect(saved)
        # The service may have changed the instance in memory before refusing.
        initiative = found(selectors.initiative_get(user=request.user, pk=pk))
    title = _("Modifier le projet « %(title)s »") % {"title": inner_quotes(initiative.title)}
    return form_page(
        request,
        form=form,
        title=title,
        breadcrumb_data=breadcrumbs(
            _("Modifier"), _list_crumb(), (initiative.title, initiative.get_absolute_url())
        ),
        submit_label=_("Enregistrer les modifications"),
        cancel_url=initiative.get_absolute_url(),
        status=status,
    )
