"""Applying and the application itself: the choice of the initiative, the draft and its
autosave, submitting and withdrawing, the private files, "my applications", and the
coordinators' list of a call's applications.

Every write posts to one view, calls one service through core.pages.save_with and comes
back; a refusal shows the page again with its reason (403 for a refused permission, 409 for
a stale version).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passeurs.calls import permissions, selectors, workflows
from passeurs.calls.forms.applications import (
    ApplicationFilterForm,
    ApplicationForm,
    ApplyForm,
    WithdrawForm,
)
from passeurs.calls.models import ApplicationState, CallState, QuestionKind
from passeurs.calls.services import applications as application_services
from passeurs.calls.services import calls as call_services
from passeurs.calls.views.common import (
    FORM_METHODS,
    PHASE_LABELS,
    READ,
    STATE_BADGES,
    call_crumb,
    form_data,
    get_call,
    list_crumb,
    managed_call,
)
from passeurs.core.pages import breadcrumbs, found, paginate, save_with, submit
from passeurs.core.text import inner_quotes


@login_required
@READ
def call_applications(request, pk):
    """The coordinators' list of a call's applications, with their eligibility."""
    call = managed_call(request, pk)
    form = ApplicationFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.application_list(call=call, filters=filters))
    rules = selectors.rules_of(call)
    rows = [
        (application, selectors.eligibility_reasons(call, application.initiative, rules))
        for application in page
    ]
    counts = selectors.application_counts(call)
    return render(
        request,
        "calls/call_applications.html",
        {
            "title": _("Candidatures — %(title)s") % {"title": call.title},
            "call": call,
            "form": form,
            "page_obj": page,
            "rows": rows,
            "counts": [
                (ApplicationState(state).label, n)
                for state, n in counts.items()
                if state != ApplicationState.DRAFT
            ],
            "drafts": counts[ApplicationState.DRAFT],
            "is_filtered": bool(filters.get("state")),
            "state_badges": STATE_BADGES,
            "breadcrumb_data": breadcrumbs(
                _("Candidatures"),
                list_crumb(),
                call_crumb(call),
                (_("Pilotage"), reverse("calls:manage", args=[call.pk])),
            ),
        },
    )


# Applying.


@login_required
@FORM_METHODS
def application_apply(request, pk):
    """Choose the initiative that applies: starts its draft, or opens the one it has."""
    call = get_call(request, pk)
    initiatives = selectors.initiatives_for(user=request.user)
    form = ApplyForm(form_data(request), initiatives=initiatives)
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: application_services.application_start(
                actor=request.user, call=call, initiative=form.cleaned_data["initiative"]
            ),
        )
        if saved is not None:
            return redirect("calls:application", pk=saved.pk)
    return render(
        request,
        "calls/apply.html",
        {
            "title": _("Candidater — %(title)s") % {"title": call.title},
            "call": call,
            "form": form,
            "has_initiatives": initiatives.exists(),
            "breadcrumb_data": breadcrumbs(_("Candidater"), list_crumb(), call_crumb(call)),
        },
        status=status,
    )


def _application_form(application, data=None, files=None):
    answers = {answer.question_id: answer for answer in application.answers.all()}
    return ApplicationForm(
        data,
        files,
        application=application,
        questions=selectors.questions_of(application.call),
        answers=answers,
    )


def application_page(request, application, *, form=None, failed=None, status=200):
    call = application.call
    user = request.user
    is_member = permissions.is_member_of(user, application.organisation_id)
    phase = selectors.call_phase(call)
    is_draft = application.state == ApplicationState.DRAFT
    # Once the call is closed a draft can no longer be saved nor submitted: show it read-only.
    editable = is_draft and is_member and phase != selectors.CLOSED
    if editable and form is None:
        form = _application_form(application)
    title = _("Candidature de « %(initiative)s »") % {
        "initiative": inner_quotes(application.initiative.title)
    }
    crumbs = [list_crumb()]
    if permissions.is_call_coordinator(user, call):
        crumbs += [
            call_crumb(call),
            (_("Pilotage"), reverse("calls:manage", args=[call.pk])),
            (_("Candidatures"), reverse("calls:applications", args=[call.pk])),
        ]
    elif is_member:
        crumbs.append((_("Mes candidatures"), reverse("calls:mine")))
    else:
        crumbs.append(call_crumb(call))
    return render(
        request,
        "calls/application.html",
        {
            "title": title,
            "application": application,
            "call": call,
            "editable": editable,
            "form": form,
            "file_fields": [
                f"q_{q.pk}" for q in selectors.questions_of(call) if q.kind == QuestionKind.FILE
            ],
            "answers": selectors.answers_of(application),
            "can_withdraw": is_member
            and application.state in workflows.APPLICATION_WITHDRAWABLE
            and call.state not in (CallState.DECIDED, CallState.ARCHIVED),
            "withdraw_form": WithdrawForm(version=application.version),
            "failed": failed,
            "state_badge": STATE_BADGES.get(application.state, ""),
            "reasons": selectors.eligibility_reasons(call, application.initiative)
            if editable
            else [],
            "closes_at": call_services.when(call.closes_at),
            "opens_at": call_services.when(call.opens_at),
            "is_open": phase == selectors.OPEN,
            "closed_draft": is_draft and is_member and phase == selectors.CLOSED,
            "breadcrumb_data": breadcrumbs(title, *crumbs),
        },
        status=status,
    )


def _get_application(request, pk):
    return found(selectors.application_get(user=request.user, pk=pk))


@login_required
@FORM_METHODS
def application_detail(request, pk):
    """A draft to fill (POST saves it; `action=submit` saves then submits), or the
    read-only application. An htmx POST is the autosave: it answers with its status."""
    application = _get_application(request, pk)
    if request.method != "POST":
        return application_page(request, application)
    form = _application_form(application, request.POST, request.FILES)
    saved, status = None, 200
    if form.is_valid():
        kwargs = form.service_kwargs()
        if request.htmx:
            kwargs["files"] = {}
        saved, status = save_with(
            form,
            lambda: application_services.application_save_draft(
                actor=request.user, application=application, **kwargs
            ),
        )
    if request.htmx:
        return render(
            request,
            "calls/_autosave_status.html",
            {"saved": saved, "form": form, "at": timezone.localtime()},
        )
    if saved is None:
        application = _get_application(request, pk)
        return application_page(request, application, form=form, status=status)
    if request.POST.get("action") != "submit":
        messages.success(
            request,
            _("Brouillon enregistré à %(time)s.")
            % {"time": timezone.localtime().strftime("%H:%M")},
        )
        return redirect("calls:application", pk=saved.pk)
    submit_form = _application_form(saved, request.POST, request.FILES)
    submit_form.is_valid()
    submitted, status = save_with(
        submit_form,
        lambda: application_services.application_submit(
            actor=request.user, application=saved, version=saved.version
        ),
    )
    if submitted is None:
        return application_page(
            request, _get_application(request, pk), form=submit_form, status=status
        )
    messages.success(
        request,
        _("Votre candidature a été déposée : un courriel de confirmation vous a été envoyé."),
    )
    return redirect("calls:application", pk=submitted.pk)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _get_application(request, pk)
    form = WithdrawForm(request.POST, version=application.version)
    saved, status = submit(
        form,
        lambda: application_services.application_withdraw(
            actor=request.user, application=application, version=form.cleaned_data["version"]
        ),
    )
    if saved is None:
        return application_page(request, _get_application(request, pk), failed=form, status=status)
    messages.success(request, _("La candidature a été retirée."))
    return redirect("calls:application", pk=saved.pk)


@login_required
@READ
def answer_file(request, pk):
    """A private file, sent to who may read the application; a 404 for anybody else."""
    answer = selectors.answer_file_get(user=request.user, pk=pk)
    if answer is None:
        raise Http404
    try:
        handle = answer.file.storage.open(answer.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=answer.file_name or answer.file.name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@READ
def my_applications(request):
    user = request.user
    return render(
        request,
        "calls/my_applications.html",
        {
            "title": _("Mes candidatures aux appels à projets"),
            "page_obj": paginate(request, selectors.applications_of(user=user)),
            "coordinated": selectors.calls_coordinated_by(user=user),
            "phase_labels": PHASE_LABELS,
            "state_badges": STATE_BADGES,
            "breadcrumb_data": breadcrumbs(_("Mes candidatures"), list_crumb()),
        },
    )


urls = [
    path("mes-candidatures/", my_applications, name="mine"),
    path("<int:pk>/candidater/", application_apply, name="apply"),
    path("<int:pk>/candidatures/", call_applications, name="applications"),
    path("candidatures/<int:pk>/", application_detail, name="application"),
    path("candidatures/<int:pk>/retrait/", application_withdraw, name="withdraw"),
    path("reponses/<int:pk>/fichier/", answer_file, name="answer_file"),
]
