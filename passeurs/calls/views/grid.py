"""The coordinators' editing of a call's rows: the questions of its form and the criteria of
its grid. Both kinds of row are added, changed and deleted the same way, so one set of views
serves them, given the kind (its model, form, services and words) by the route."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from passeurs.calls import permissions
from passeurs.calls.forms.applications import WithdrawForm
from passeurs.calls.forms.calls import CriterionForm, QuestionForm
from passeurs.calls.models import Call, Criterion, Question, QuestionKind
from passeurs.calls.services import calls as call_services
from passeurs.calls.views.calls import manage_page
from passeurs.calls.views.common import (
    FORM_METHODS,
    call_crumbs,
    form_data,
    get_call,
    manage_crumb,
    managed_call,
)
from passeurs.core.pages import form_page, found, require, save_with


@dataclass(frozen=True)
class RowKind:
    """One kind of row of a call; `name` is the keyword its services take it by."""

    name: str
    model: type[models.Model]
    form: type
    blank: Callable[[Call], models.Model]
    save: Callable
    delete: Callable
    create_title: str
    create_label: str
    created: str
    update_title: str
    update_label: str
    updated: str
    deleted: str


QUESTION = RowKind(
    name="question",
    model=Question,
    form=QuestionForm,
    blank=lambda call: Question(call=call, kind=QuestionKind.LONG_TEXT),
    save=call_services.question_save,
    delete=call_services.question_delete,
    create_title=gettext_lazy("Nouvelle question"),
    create_label=gettext_lazy("Ajouter la question"),
    created=gettext_lazy("La question a été ajoutée au formulaire."),
    update_title=gettext_lazy("Modifier la question"),
    update_label=gettext_lazy("Enregistrer la question"),
    updated=gettext_lazy("La question a été modifiée."),
    deleted=gettext_lazy("La question a été supprimée."),
)
CRITERION = RowKind(
    name="criterion",
    model=Criterion,
    form=CriterionForm,
    blank=lambda call: Criterion(call=call),
    save=call_services.criterion_save,
    delete=call_services.criterion_delete,
    create_title=gettext_lazy("Nouveau critère"),
    create_label=gettext_lazy("Ajouter le critère"),
    created=gettext_lazy("Le critère a été ajouté à la grille."),
    update_title=gettext_lazy("Modifier le critère"),
    update_label=gettext_lazy("Enregistrer le critère"),
    updated=gettext_lazy("Le critère a été modifié."),
    deleted=gettext_lazy("Le critère a été supprimé."),
)


def _row_page(request, *, call, form, title, submit_label, write, success):
    """A question's or a criterion's form page."""
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(form, lambda: write(form.service_kwargs()))
        if saved is not None:
            messages.success(request, str(success))
            return redirect("calls:manage", pk=call.pk)
    title = str(title)
    return form_page(
        request,
        form=form,
        title=title,
        breadcrumb_data=call_crumbs(title, call, manage_crumb(call)),
        submit_label=str(submit_label),
        cancel_url=reverse("calls:manage", args=[call.pk]),
        status=status,
    )


def _row(request, kind: RowKind, pk):
    """The row if the user manages its call."""
    row = found(kind.model.objects.select_related("call").filter(pk=pk).first())
    require(permissions.can_manage_call(request.user, row.call))
    return row


@login_required
@FORM_METHODS
def row_create(request, pk, *, kind: RowKind):
    call = managed_call(request, pk)
    return _row_page(
        request,
        call=call,
        form=kind.form(form_data(request), instance=kind.blank(call)),
        title=kind.create_title,
        submit_label=kind.create_label,
        write=lambda kwargs: kind.save(actor=request.user, call=call, **kwargs),
        success=kind.created,
    )


@login_required
@FORM_METHODS
def row_update(request, pk, *, kind: RowKind):
    row = _row(request, kind, pk)
    call = get_call(request, row.call_id)
    return _row_page(
        request,
        call=call,
        form=kind.form(form_data(request), instance=row),
        title=kind.update_title,
        submit_label=kind.update_label,
        write=lambda kwargs: kind.save(actor=request.user, call=call, **{kind.name: row}, **kwargs),
        success=kind.updated,
    )


@login_required
@require_POST
def row_delete(request, pk, *, kind: RowKind):
    row = _row(request, kind, pk)
    call = get_call(request, row.call_id)
    form = WithdrawForm(request.POST, version=call.version)
    form.is_valid()
    _deleted, status = save_with(form, lambda: kind.delete(actor=request.user, **{kind.name: row}))
    if form.errors:
        return manage_page(request, call, failed=form, status=status)
    messages.success(request, str(kind.deleted))
    return redirect("calls:manage", pk=call.pk)


urls = [
    path("<int:pk>/questions/nouvelle/", row_create, {"kind": QUESTION}, name="question_create"),
    path("questions/<int:pk>/modifier/", row_update, {"kind": QUESTION}, name="question_update"),
    path("questions/<int:pk>/suppression/", row_delete, {"kind": QUESTION}, name="question_delete"),
    path("<int:pk>/criteres/nouveau/", row_create, {"kind": CRITERION}, name="criterion_create"),
    path("criteres/<int:pk>/modifier/", row_update, {"kind": CRITERION}, name="criterion_update"),
    path(
        "criteres/<int:pk>/suppression/", row_delete, {"kind": CRITERION}, name="criterion_delete"
    ),
]
