"""Pages of the organisations (structures): list, detail, create, edit."""

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
from passeurs.directory.forms import OrganisationFilterPageForm, OrganisationForm
from passeurs.directory.models import OrganisationFamily


def _list_crumb():
    return (_("Structures"), reverse("directory:organisation_list"))


@require_http_methods(["GET", "HEAD"])
def organisation_list(request):
    return filtered_list(
        request,
        form=OrganisationFilterPageForm(request.GET),
        select=lambda filters: selectors.organisation_search(filters=filters),
        template_name="directory/organisation_list.html",
        results_template="directory/_organisation_results.html",
        count_label=lambda count: (
            ngettext("%(count)s structure", "%(count)s structures", count) % {"count": count}
        ),
        empty_message=_("Aucune structure ne correspond à ces critères."),
        context={
            "title": _("Annuaire des structures"),
            "breadcrumb_data": breadcrumbs(_("Structures")),
            "can_create": permissions.can_create_organisation(request.user).allowed,
        },
    )


@require_http_methods(["GET", "HEAD"])
def organisation_detail(request, pk):
    organisation = found(selectors.organisation_get(pk=pk))
    is_administration = organisation.family == OrganisationFamily.ADMINISTRATION
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "breadcrumb_data": breadcrumbs(organisation.name, _list_crumb()),
            "challenges": organisation.challenges.all(),
            "is_administration": is_administration,
            "children": (
                selectors.organisation_children(organisation=organisation)
                if is_administration
                else []
            ),
            "initiatives": selectors.initiative_list(
                user=request.user, filters={"organisation": organisation}
            ),
            # Only the people who chose a public profile are named.
            "public_members": selectors.organisation_public_members(organisation=organisation),
            "can_edit": permissions.can_edit_organisation(request.user, organisation).allowed,
            "can_add_initiative": permissions.can_create_initiative(
                request.user, organisation
            ).allowed,
            "add_initiative_url": (
                f"{reverse('directory:initiative_create')}?organisation={organisation.pk}"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_create(request):
    require(permissions.can_create_organisation(request.user))
    form = OrganisationForm(request.POST if request.method == "POST" else None, user=request.user)
    status = 200
    if form.is_bound and form.is_valid():
        organisation, status = save_with(
            form,
            lambda: services.organisation_create(actor=request.user, **form.service_kwargs()),
        )
        if organisation is not None:
            messages.success(
                request,
                _("La structure « %(name)s » a été créée.")
                % {"name": inner_quotes(organisation.name)},
            )
            return redirect(organisation)
    title = _("Référencer une structure")
    return form_page(
        request,
        form=form,
        title=title,
        breadcrumb_data=breadcrumbs(title, _list_crumb()),
        submit_label=_("Créer la structure"),
        cancel_url=reverse("directory:organisation_list"),
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_update(request, pk):
    organisation = found(selectors.organisation_get(pk=pk))
    require(permissions.can_edit_organisation(request.user, organisation))
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        instance=organisation,
        user=request.user,
    )
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: services.organisation_update(
                actor=request.user,
                organisation=organisation,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Les modifications ont été enregistrées."))
            return redirect(saved)
        # The service may have changed the instance in memory before refusing.
        organisation = found(selectors.organisation_get(pk=pk))
    title = _("Modifier la structure « %(name)s »") % {"name": inner_quotes(organisation.name)}
    return form_page(
        request,
        form=form,
        title=title,
        breadcrumb_data=breadcrumbs(
            _("Modifier"), _list_crumb(), (organisation.name, organisation.get_absolute_url())
        ),
        submit_label=_("Enregistrer les modifications"),
        cancel_url=organisation.get_absolute_url(),
        status=status,
    )
