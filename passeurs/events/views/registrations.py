"""The event pages: list, detail, creating and editing, registering and cancelling, the
invitation, and the organisers' participant list (attendance, export).

Every action posts here, calls one service and comes back; a refusal shows the page again
with its reason (403 for a refused permission, 409 for a stale version, 422 for a move the
workflow does not have).
"""

import csv
import io
import zoneinfo
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from passeurs.core.pages import (
    breadcrumbs,
    filtered_list,
    form_page,
    found,
    require,
    save_with,
    submit,
)
from passeurs.core.text import inner_quotes
from passeurs.directory import selectors as directory_selectors
from passeurs.events import permissions, selectors, workflows
from passeurs.events.forms.registrations import (
    AttendanceForm,
    CancelForm,
    EventFilterPageForm,
    EventForm,
    RegistrationForm,
    TransitionForm,
)
from passeurs.events.models import Event, EventState, RegistrationState
from passeurs.events.services import events as event_services
from passeurs.events.services import registrations as registration_services

READ = require_http_methods(["GET", "HEAD"])
FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])

TRANSITION_LABELS = {
    EventState.PUBLISHED: gettext_lazy("Publier l’événement"),
    EventState.CANCELLED: gettext_lazy("Annuler l’événement"),
}
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def list_crumb() -> tuple[str, str]:
    return (_("Événements"), reverse("events:list"))


def get_event(request, pk) -> Event:
    return found(selectors.event_get(user=request.user, pk=pk))


def _event_for_organiser(request, pk) -> Event:
    event = get_event(request, pk)
    require(permissions.can_manage_event(request.user, event))
    return event


def is_open(event: Event) -> bool:
    return event.state in workflows.OPEN_STATES and timezone.now() < event.closes_at


# The list and the event page


@READ
def event_list(request):
    user = request.user
    return filtered_list(
        request,
        form=EventFilterPageForm(request.GET),
        select=lambda filters: selectors.event_list(user=user, filters=filters),
        template_name="events/event_list.html",
        results_template="events/_event_results.html",
        count_label=lambda count: (
            ngettext("%(count)s événement", "%(count)s événements", count) % {"count": count}
        ),
        empty_message=_("Aucun événement ne correspond à ces critères."),
        context={
            "title": _("Événements"),
            "breadcrumb_data": breadcrumbs(_("Événements")),
            "can_create": bool(permissions.can_create_event(user)),
            "mine": selectors.registrations_of(user=user)
            .filter(event__ends_at__gte=timezone.now())
            .select_related("event"),
        },
    )


def detail_page(request, event: Event, *, failed=None, status=HTTPStatus.OK):
    user = request.user
    registration = selectors.registration_of(user=user, event=event)
    can_manage = bool(permissions.can_manage_event(user, event))
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "queue_position": selectors.queue_position(registration) if registration else None,
            "seats_left": selectors.seats_left(event),
            "quotas": list(event.quotas.all()),
            "is_open": is_open(event),
            "has_started": timezone.now() >= event.starts_at,
            "is_past": timezone.now() >= event.ends_at,
            "can_manage": can_manage,
            "show_online_link": selectors.can_see_online_link(
                user=user, event=event, registration=registration
            ),
            "transitions": [
                (target, TRANSITION_LABELS[target])
                for target in event_services.event_targets(event)
            ]
            if can_manage
            else [],
            "failed": failed,
            "breadcrumb_data": breadcrumbs(event.title, list_crumb()),
        },
        status=status,
    )


@READ
def event_detail(request, pk):
    return detail_page(request, get_event(request, pk))


@READ
def event_invitation(request, pk):
    """The event's .ics, for anyone who may see the event (the link only for participants)."""
    event = get_event(request, pk)
    registration = selectors.registration_of(user=request.user, event=event)
    text = selectors.invitation_text(
        event,
        with_online_link=selectors.can_see_online_link(
            user=request.user, event=event, registration=registration
        ),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="invitation-{event.pk}.ics"'
    return response


# Creating, editing, publishing


@login_required
@FORM_METHODS
def event_create(request):
    require(permissions.can_create_event(request.user))
    form = EventForm(
        request.POST if request.method == "POST" else None, instance=Event(), actor=request.user
    )
    status = HTTPStatus.OK
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: event_services.event_create(actor=request.user, **form.create_kwargs()),
        )
        if saved is not None:
            messages.success(
                request,
                _("L’événement « %(title)s » est créé, en préparation : publiez-le le moment venu.")
                % {"title": inner_quotes(saved.title)},
            )
            return redirect("events:detail", pk=saved.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouvel événement"),
        breadcrumb_data=breadcrumbs(_("Nouvel événement"), list_crumb()),
        submit_label=_("Créer l’événement"),
        cancel_url=reverse("events:list"),
        status=status,
    )


@login_required
@FORM_METHODS
def event_update(request, pk):
    event = _event_for_organiser(request, pk)
    form = EventForm(
        request.POST if request.method == "POST" else None, instance=event, actor=request.user
    )
    status = HTTPStatus.OK
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: event_services.event_update(
                actor=request.user, event=event, **form.update_kwargs(request.user)
            ),
        )
        if saved is not None:
            messages.success(request, _("Les modifications de l’événement ont été enregistrées."))
            return redirect("events:detail", pk=saved.pk)
        event = get_event(request, pk)  # the service changed it in memory before refusing
    detail_url = reverse("events:detail", args=[event.pk])
    return form_page(
        request,
        form=form,
        title=_("Modifier « %(title)s »") % {"title": inner_quotes(event.title)},
        breadcrumb_data=breadcrumbs(_("Modifier"), list_crumb(), (event.title, detail_url)),
        submit_label=_("Enregistrer les modifications"),
        cancel_url=detail_url,
        status=status,
    )


@login_required
@require_POST
def event_transition(request, pk):
    event = _event_for_organiser(request, pk)
    form = TransitionForm(request.POST, version=event.version)
    saved, status = submit(
        form,
        lambda: event_services.event_transition(
            actor=request.user,
            event=event,
            target=form.cleaned_data["target"],
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return detail_page(request, get_event(request, pk), failed=form, status=status)
    if saved.state == EventState.CANCELLED:
        message = _("L’événement est annulé : les inscrits en sont informés par courriel.")
    else:
        message = _("L’événement est publié : les inscriptions sont ouvertes.")
    messages.success(request, message)
    return redirect("events:detail", pk=saved.pk)


# Registering and cancelling


@login_required
@FORM_METHODS
def event_register(request, pk):
    event = get_event(request, pk)
    existing = selectors.registration_of(user=request.user, event=event)
    if existing is not None:
        if existing.state == RegistrationState.WAITING:
            messages.info(request, _("Vous êtes déjà sur la liste d’attente de cet événement."))
        else:
            messages.info(request, _("Vous êtes déjà inscrit·e à cet événement."))
        return redirect("events:detail", pk=event.pk)
    organisations = directory_selectors.organisations_of(request.user)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"organisation": organisations.first()},
    )
    status = HTTPStatus.OK
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: registration_services.registration_create(
                actor=request.user, event=event, **form.service_kwargs()
            ),
        )
        if saved is not None:
            if saved.state == RegistrationState.CONFIRMED:
                message = _(
                    "Votre inscription est confirmée : l’invitation vous a été envoyée par "
                    "courriel, et vous pouvez l’ajouter à votre agenda depuis cette page."
                )
            else:
                message = _(
                    "L’événement est complet pour votre catégorie : vous êtes sur la liste "
                    "d’attente. Nous vous écrirons dès qu’une place se libère."
                )
            messages.success(request, message)
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/register.html",
        {
            "title": _("S’inscrire à « %(title)s »") % {"title": inner_quotes(event.title)},
            "event": event,
            "form": form,
            "closed_reason": registration_services.closed_reason(event),
            "seats_left": selectors.seats_left(event),
            "breadcrumb_data": breadcrumbs(
                _("Inscription"),
                list_crumb(),
                (event.title, reverse("events:detail", args=[event.pk])),
            ),
        },
        status=status,
    )


@login_required
@require_POST
def registration_cancel(request, pk):
    """Without `registration`, the user's own; with it, an organiser cancels someone."""
    event = get_event(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return detail_page(request, event, failed=form)
    wanted = form.cleaned_data.get("registration")
    if wanted:
        require(permissions.can_manage_event(request.user, event))
        registration = found(selectors.participant_list(event=event).filter(pk=wanted).first())
    else:
        registration = found(selectors.registration_of(user=request.user, event=event))
    saved, status = save_with(
        form,
        lambda: registration_services.registration_cancel(
            actor=request.user, registration=registration
        ),
    )
    if saved is None:
        if wanted:
            return participants_page(request, event, failed=form, status=status)
        return detail_page(request, event, failed=form, status=status)
    if wanted:
        messages.success(
            request,
            _("L’inscription de %(name)s est annulée.") % {"name": saved.user.get_full_name()},
        )
        return redirect("events:participants", pk=event.pk)
    messages.success(request, _("Votre inscription est annulée."))
    return redirect("events:detail", pk=event.pk)


# The organisers' participant list


def participants_page(request, event: Event, *, failed=None, status=HTTPStatus.OK):
    confirmed = list(selectors.participant_list(event=event, state=RegistrationState.CONFIRMED))
    waiting = list(selectors.participant_list(event=event, state=RegistrationState.WAITING))
    detail_url = reverse("events:detail", args=[event.pk])
    return render(
        request,
        "events/participants.html",
        {
            "title": _("Participants de « %(title)s »") % {"title": inner_quotes(event.title)},
            "event": event,
            "confirmed": confirmed,
            "waiting": waiting,
            "counts": selectors.category_counts(event=event),
            "seats_left": max(event.capacity - len(confirmed), 0),
            "present": sum(1 for r in confirmed if r.attendance == "present"),
            "failed": failed,
            "breadcrumb_data": breadcrumbs(
                _("Participants"), list_crumb(), (event.title, detail_url)
            ),
        },
        status=status,
    )


@login_required
@READ
def participants(request, pk):
    return participants_page(request, _event_for_organiser(request, pk))


@login_required
@require_POST
def attendance(request, pk, registration_pk):
    """Mark one person present or absent; htmx swaps their attendance cell alone."""
    event = _event_for_organiser(request, pk)
    registration = found(
        selectors.participant_list(event=event, state=RegistrationState.CONFIRMED)
        .filter(pk=registration_pk)
        .first()
    )
    form = AttendanceForm(request.POST, version=registration.version)
    saved, status = submit(
        form,
        lambda: registration_services.registration_set_attendance(
            actor=request.user,
            registration=registration,
            attendance=form.cleaned_data["attendance"],
            version=form.cleaned_data["version"],
        ),
    )
    if request.htmx:
        # htmx swaps only 2xx answers: a refusal comes back as the fresh cell and its reason.
        registration.refresh_from_db()
        return render(
            request,
            "events/_attendance.html",
            {"event": event, "registration": registration, "error_form": None if saved else form},
        )
    if saved is None:
        return participants_page(request, event, failed=form, status=status)
    messages.success(
        request,
        _("Présence de %(name)s : %(state)s.")
        % {"name": saved.user.get_full_name(), "state": saved.get_attendance_display()},
    )
    return redirect("events:participants", pk=event.pk)


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a quote first."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


EXPORT_HEADER = (
    gettext_lazy("Nom"),
    gettext_lazy("Adresse électronique"),
    gettext_lazy("Structure"),
    gettext_lazy("Catégorie"),
    gettext_lazy("Territoire"),
    gettext_lazy("État"),
    gettext_lazy("Inscrit·e le"),
    gettext_lazy("Présence"),
)


@login_required
@READ
def export(request, pk):
    """The participants as CSV for French spreadsheets: UTF-8 with BOM, `;` between cells."""
    event = _event_for_organiser(request, pk)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(label) for label in EXPORT_HEADER])
    zone = zoneinfo.ZoneInfo(event.time_zone)
    for registration in selectors.export_rows(event=event):
        user = registration.user
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    user.get_full_name(),
                    user.email,
                    registration.organisation.name if registration.organisation else "",
                    registration.get_category_display(),
                    registration.department.name if registration.department else "",
                    registration.get_state_display(),
                    timezone.localtime(registration.created_at, zone).strftime("%Y-%m-%d %H:%M"),
                    registration.get_attendance_display() if registration.attendance else "",
                )
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{event.pk}.csv"'
    return response


urls = [
    path("", event_list, name="list"),
    path("nouveau/", event_create, name="create"),
    path("<int:pk>/", event_detail, name="detail"),
    path("<int:pk>/modifier/", event_update, name="update"),
    path("<int:pk>/etat/", event_transition, name="transition"),
    path("<int:pk>/inscription/", event_register, name="register"),
    path("<int:pk>/desinscription/", registration_cancel, name="cancel_registration"),
    path("<int:pk>/invitation.ics", event_invitation, name="invitation"),
    path("<int:pk>/participants/", participants, name="participants"),
    path("<int:pk>/participants.csv", export, name="export"),
    path("<int:pk>/participants/<int:registration_pk>/presence/", attendance, name="attendance"),
]
