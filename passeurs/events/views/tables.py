"""The organisers' seating page (tables or teams) and the outputs pages of an event.

Every seating action posts here, calls one service and comes back to the page; a refusal
shows the page again with its reason (403 for a refused permission, 409 for a stale
version). Moving a person and fixing a place also answer htmx with the board alone, so the
page keeps its scroll and the scores change in place.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from passeurs.core.pages import breadcrumbs, form_page, found, require, save_with, submit
from passeurs.core.text import inner_quotes
from passeurs.events import output_selectors, permissions, seating
from passeurs.events.forms.tables import (
    LockForm,
    MoveForm,
    OutputForm,
    SeatForm,
    SeatingRequestForm,
    TableForm,
    TablesSetupForm,
)
from passeurs.events.models import (
    Event,
    EventKind,
    Output,
    Registration,
    RegistrationState,
    SeatingRequest,
    WorkshopTable,
)
from passeurs.events.services import outputs as output_services
from passeurs.events.services import tables as services

BOARD_ID = "seating-board"


def get_event(request, pk) -> Event:
    return found(Event.objects.visible_to(request.user).filter(pk=pk).first())


def _event_for_organiser(request, pk) -> Event:
    event = get_event(request, pk)
    require(permissions.can_manage_event(request.user, event))
    return event


def _is_team(event) -> bool:
    return event.kind == EventKind.HACKATHON


def _event_crumbs(event) -> list[tuple[str, str]]:
    return [(_("Événements"), reverse("events:list")), (event.title, event.get_absolute_url())]


def _confirmed(event):
    return (
        Registration.objects.filter(event=event, state=RegistrationState.CONFIRMED)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "id")
    )


def _board_context(event, *, announce="", failed=None, failed_pk=None) -> dict:
    overview = seating.seating_overview(event)
    return {
        "event": event,
        "overview": overview,
        "team": _is_team(event),
        "announce": announce,
        "failed": failed,
        "failed_pk": failed_pk,
        "board_id": BOARD_ID,
    }


def tables_page(request, event, *, failed=None, failed_pk=None, forms=None, status=200):
    context = _board_context(event, failed=failed, failed_pk=failed_pk)
    overview = context["overview"]
    forms = forms or {}
    tables = overview.data.tables
    setup = forms.get("setup") or TablesSetupForm(
        team=_is_team(event),
        initial={"count": len(tables) or None, "size": tables[0].capacity if tables else 8},
    )
    request_form = forms.get("request") or SeatingRequestForm(registrations=_confirmed(event))
    title = (_("Équipes de « %(title)s »") if _is_team(event) else _("Tables de « %(title)s »")) % {
        "title": inner_quotes(event.title)
    }
    return render(
        request,
        "events/tables.html",
        {
            **context,
            "title": title,
            "setup_form": setup,
            "request_form": request_form,
            "requests": overview.data.requests,
            "live_request_ids": {q.pk for q in overview.data.live_requests()},
            "outputs_count": Output.objects.filter(event=event).count(),
            "breadcrumb_data": breadcrumbs(
                _("Équipes") if _is_team(event) else _("Tables"), *_event_crumbs(event)
            ),
        },
        status=status,
    )


def _back(request, event, message, level=messages.SUCCESS):
    messages.add_message(request, level, message)
    return redirect("events:tables", pk=event.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def tables(request, pk):
    return tables_page(request, _event_for_organiser(request, pk))


@login_required
@require_http_methods(["GET", "HEAD"])
def tables_print(request, pk):
    """The tables and their people on plain pages, to print or to read out."""
    event = _event_for_organiser(request, pk)
    tables_url = reverse("events:tables", args=[event.pk])
    return render(
        request,
        "events/tables_print.html",
        {
            **_board_context(event),
            "breadcrumb_data": breadcrumbs(
                _("Version imprimable"),
                *_event_crumbs(event),
                (_("Équipes") if _is_team(event) else _("Tables"), tables_url),
            ),
        },
    )


@login_required
@require_POST
def tables_setup(request, pk):
    event = _event_for_organiser(request, pk)
    form = TablesSetupForm(request.POST, team=_is_team(event))
    saved, status = submit(
        form,
        lambda: services.tables_setup(
            actor=request.user,
            event=event,
            count=form.cleaned_data["count"],
            size=form.cleaned_data["size"],
        ),
    )
    if saved is None:
        return tables_page(request, event, forms={"setup": form}, failed=form, status=status)
    count, size = len(saved), form.cleaned_data["size"]
    return _back(
        request,
        event,
        ngettext(
            "%(count)d table de %(size)d places est prête.",
            "%(count)d tables de %(size)d places sont prêtes.",
            count,
        )
        % {"count": count, "size": size},
    )


@login_required
@require_POST
def tables_seat(request, pk):
    event = _event_for_organiser(request, pk)
    form = SeatForm(request.POST)
    result, status = submit(
        form,
        lambda: services.tables_seat(
            actor=request.user, event=event, seed=form.cleaned_data["seed"] or 0
        ),
    )
    if result is None:
        return tables_page(request, event, failed=form, status=status)
    seated = sum(len(ids) for ids in result.tables)
    return _back(
        request,
        event,
        ngettext(
            "%(count)d participant est placé : équilibre global %(balance)d/100.",
            "%(count)d participants sont placés : équilibre global %(balance)d/100.",
            seated,
        )
        % {"count": seated, "balance": round(result.evaluation.balance)},
    )


@login_required
@require_POST
def seating_request_add(request, pk):
    event = _event_for_organiser(request, pk)
    form = SeatingRequestForm(request.POST, registrations=_confirmed(event))
    saved, status = submit(
        form,
        lambda: services.seating_request_add(
            actor=request.user,
            event=event,
            kind=form.cleaned_data["kind"],
            first=form.cleaned_data["first"],
            second=form.cleaned_data["second"],
        ),
    )
    if saved is None:
        return tables_page(request, event, forms={"request": form}, failed=form, status=status)
    return _back(
        request,
        event,
        _("Demande enregistrée : elle comptera au prochain placement des participants."),
    )


@login_required
@require_POST
def seating_request_remove(request, pk, request_pk):
    event = _event_for_organiser(request, pk)
    seating_request = found(
        SeatingRequest.objects.filter(event=event, pk=request_pk)
        .select_related("event", "first__user", "second__user")
        .first()
    )
    services.seating_request_remove(actor=request.user, request=seating_request)
    return _back(request, event, _("La demande a été retirée."))


def _registration(event, registration_pk) -> Registration:
    return found(
        Registration.objects.filter(event=event, pk=registration_pk)
        .select_related("event", "user", "table")
        .first()
    )


def _board_or_page(request, event, *, form, registration, status, announce):
    """After a move or a lock: the board alone for htmx, else the page or a redirect.

    htmx does not swap error answers, so it gets the board with the refusal and a 200.
    """
    if request.htmx:
        context = _board_context(
            event,
            announce=announce if not form.errors else "",
            failed=form if form.errors else None,
            failed_pk=registration.pk,
        )
        return render(request, "events/_tables_board.html", context)
    if form.errors:
        return tables_page(request, event, failed=form, failed_pk=registration.pk, status=status)
    return _back(request, event, announce)


@login_required
@require_POST
def table_move(request, pk, registration_pk):
    event = _event_for_organiser(request, pk)
    registration = _registration(event, registration_pk)
    form = MoveForm(
        request.POST,
        tables=WorkshopTable.objects.filter(event=event),
        version=registration.version,
    )
    saved, status = submit(
        form,
        lambda: services.table_move(
            actor=request.user,
            registration=registration,
            table=form.cleaned_data["table"],
            version=form.cleaned_data["version"],
        ),
    )
    announce = ""
    if saved is not None:
        announce = (
            _("%(name)s est placé·e à « %(table)s ».")
            if saved.table
            else _("%(name)s n’a plus de table.")
        ) % {"name": saved.user, "table": saved.table}
    return _board_or_page(
        request, event, form=form, registration=registration, status=status, announce=announce
    )


@login_required
@require_POST
def table_lock(request, pk, registration_pk):
    event = _event_for_organiser(request, pk)
    registration = _registration(event, registration_pk)
    form = LockForm(request.POST, version=registration.version)
    saved, status = submit(
        form,
        lambda: services.table_lock(
            actor=request.user,
            registration=registration,
            locked=form.cleaned_data["locked"],
            version=form.cleaned_data["version"],
        ),
    )
    announce = ""
    if saved is not None:
        announce = (
            _("La place de %(name)s est fixée : un nouveau placement la garde.")
            if saved.table_locked
            else _("La place de %(name)s n’est plus fixée.")
        ) % {"name": saved.user}
    return _board_or_page(
        request, event, form=form, registration=registration, status=status, announce=announce
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def table_update(request, pk, table_pk):
    event = _event_for_organiser(request, pk)
    table = found(WorkshopTable.objects.filter(event=event, pk=table_pk).first())
    form = TableForm(request.POST or None, instance=table)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = save_with(
            form,
            lambda: services.table_update(
                actor=request.user,
                table=table,
                name=form.cleaned_data["name"],
                topic=form.cleaned_data["topic"],
            ),
        )
        if saved is not None:
            return _back(request, event, _("%(table)s est enregistrée.") % {"table": saved})
    tables_url = reverse("events:tables", args=[event.pk])
    return form_page(
        request,
        form=form,
        title=_("Modifier %(table)s") % {"table": table},
        breadcrumb_data=breadcrumbs(
            str(table),
            *_event_crumbs(event),
            (_("Équipes") if _is_team(event) else _("Tables"), tables_url),
        ),
        submit_label=_("Enregistrer"),
        cancel_url=tables_url,
        status=status,
    )


# --- Outputs ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def outputs(request, pk):
    event = get_event(request, pk)
    require(output_services.can_see_outputs(request.user, event))
    is_organiser = permissions.is_organiser(request.user, event)
    own_table = None if is_organiser else output_services.seated_table_id(request.user, event)
    rows = [
        {
            "output": output,
            "editable": is_organiser or (own_table is not None and output.table_id == own_table),
        }
        for output in output_selectors.output_list(event=event, user=request.user)
    ]
    return render(
        request,
        "events/outputs.html",
        {
            "event": event,
            "title": _("Idées et solutions de « %(title)s »")
            % {"title": inner_quotes(event.title)},
            "rows": rows,
            "can_add": is_organiser or own_table is not None,
            "is_organiser": is_organiser,
            "public_now": output_selectors.outputs_are_public(event),
            "breadcrumb_data": breadcrumbs(_("Idées et solutions"), *_event_crumbs(event)),
        },
    )


def _output_form_page(request, event, form, *, title, submit_label, status=200):
    outputs_url = reverse("events:outputs", args=[event.pk])
    return form_page(
        request,
        form=form,
        title=title,
        breadcrumb_data=breadcrumbs(
            title, *_event_crumbs(event), (_("Idées et solutions"), outputs_url)
        ),
        submit_label=submit_label,
        cancel_url=outputs_url,
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def output_create(request, pk):
    event = get_event(request, pk)
    own_table = output_services.seated_table_id(request.user, event)
    if not permissions.is_organiser(request.user, event) and own_table is None:
        require(output_services.can_edit_table_outputs(request.user, event, None))
    initial = {"table": request.GET.get("table", own_table)}
    form = OutputForm(request.POST or None, event=event, user=request.user, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = save_with(
            form,
            lambda: output_services.output_create(
                actor=request.user, event=event, **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(
                request, _("« %(title)s » est enregistrée.") % {"title": inner_quotes(saved.title)}
            )
            return redirect("events:outputs", pk=event.pk)
    return _output_form_page(
        request,
        event,
        form,
        title=_("Ajouter une idée ou une solution"),
        submit_label=_("Enregistrer"),
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def output_update(request, pk, output_pk):
    event = get_event(request, pk)
    output = found(
        Output.objects.filter(event=event, pk=output_pk).select_related("event", "table").first()
    )
    require(output_services.can_edit_table_outputs(request.user, event, output.table))
    form = OutputForm(request.POST or None, event=event, user=request.user, instance=output)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, status = save_with(
            form,
            lambda: output_services.output_update(
                actor=request.user,
                output=output,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            ),
        )
        if saved is not None:
            messages.success(
                request, _("« %(title)s » est enregistrée.") % {"title": inner_quotes(saved.title)}
            )
            return redirect("events:outputs", pk=event.pk)
    return _output_form_page(
        request,
        event,
        form,
        title=_("Modifier « %(title)s »") % {"title": inner_quotes(output.title)},
        submit_label=_("Enregistrer les modifications"),
        status=status,
    )


urls = [
    path("<int:pk>/tables/", tables, name="tables"),
    path("<int:pk>/tables/imprimer/", tables_print, name="tables_print"),
    path("<int:pk>/tables/configurer/", tables_setup, name="tables_setup"),
    path("<int:pk>/tables/placer/", tables_seat, name="tables_seat"),
    path("<int:pk>/tables/demandes/", seating_request_add, name="seating_request_add"),
    path(
        "<int:pk>/tables/demandes/<int:request_pk>/retirer/",
        seating_request_remove,
        name="seating_request_remove",
    ),
    path("<int:pk>/tables/<int:table_pk>/modifier/", table_update, name="table_update"),
    path("<int:pk>/tables/deplacer/<int:registration_pk>/", table_move, name="table_move"),
    path("<int:pk>/tables/fixer/<int:registration_pk>/", table_lock, name="table_lock"),
    path("<int:pk>/solutions/", outputs, name="outputs"),
    path("<int:pk>/solutions/ajouter/", output_create, name="output_create"),
    path("<int:pk>/solutions/<int:output_pk>/modifier/", output_update, name="output_update"),
]
