"""Creating and editing a promotion: its calendar, capacity and matching settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from passeurs.core.pages import breadcrumbs, form_page, require, save_with
from passeurs.core.text import inner_quotes
from passeurs.pairing import permissions, services
from passeurs.pairing.forms import EditionForm
from passeurs.pairing.models import Edition
from passeurs.pairing.views.common import get_edition, get_programme, list_crumb

FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])


@login_required
@FORM_METHODS
def edition_create(request, pk):
    programme = get_programme(pk)
    require(permissions.can_manage_programme(request.user, programme))
    form = EditionForm(
        request.POST if request.method == "POST" else None,
        instance=Edition(programme=programme),
    )
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: services.edition_create(
                actor=request.user, programme=programme, **form.create_kwargs()
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("La promotion « %(name)s » a été créée : ouvrez ses candidatures le moment venu.")
                % {"name": inner_quotes(saved.name)},
            )
            return redirect("pairing:manage", pk=saved.pk)
    programme_url = reverse("pairing:programme", args=[programme.pk])
    return form_page(
        request,
        form=form,
        title=_("Nouvelle promotion du programme %(name)s") % {"name": programme.name},
        breadcrumb_data=breadcrumbs(
            _("Nouvelle promotion"), list_crumb(), (programme.name, programme_url)
        ),
        submit_label=_("Créer la promotion"),
        cancel_url=programme_url,
        status=status,
    )


@login_required
@FORM_METHODS
def edition_update(request, pk):
    edition = get_edition(pk)
    require(permissions.can_manage_edition(request.user, edition))
    form = EditionForm(request.POST if request.method == "POST" else None, instance=edition)
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: services.edition_update(
                actor=request.user,
                edition=edition,
                version=form.cleaned_data["version"],
                **form.update_kwargs(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Les modifications de la promotion ont été enregistrées."))
            return redirect("pairing:manage", pk=saved.pk)
        # The service changed the edition in memory before refusing.
        edition = get_edition(pk)
    programme = edition.programme
    manage_url = reverse("pairing:manage", args=[edition.pk])
    return form_page(
        request,
        form=form,
        title=_("Modifier la promotion « %(name)s »") % {"name": inner_quotes(edition.name)},
        breadcrumb_data=breadcrumbs(
            _("Modifier"),
            list_crumb(),
            (programme.name, reverse("pairing:programme", args=[programme.pk])),
            (edition.name, reverse("pairing:edition", args=[edition.pk])),
        ),
        submit_label=_("Enregistrer les modifications"),
        cancel_url=manage_url,
        status=status,
    )
