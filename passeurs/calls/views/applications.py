"""The calls pages: public list and detail, the coordinators' editing of a call (form and
grid), applying and the application itself, its private files, "my applications".

Every write posts to one view, calls one service through core.pages.save_with and comes
back; a refusal shows the page again with its reason (403 for a refused permission, 409 for
a stale version, 422 for a move the workflow does not have).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from passeurs.calls import eligibility, permissions, selectors, workflows
from passeurs.calls.forms.applications import (
    ApplicationFilterForm,
    ApplicationForm,
    ApplyForm,
    WithdrawForm,
)
from passeurs.calls.forms.calls import (
    CallFilterForm,
    CallForm,
    CriterionForm,
    QuestionForm,
    TransitionForm,
)
from passeurs.calls.models import (
    ApplicationState,
    Call,
    CallLog,
    CallState,
    Criterion,
    Question,
    QuestionKind,
)
from passeurs.calls.services import applications as application_services
from passeurs.calls.services import calls as call_services
from passeurs.core.pages import (
    breadcrumbs,
    filtered_list,
    form_page,
    found,
    paginate,
    require,
    save_with,
)

READ = require_http_methods(["GET", "HEAD"])
FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])

# The button that makes each move of a call.
TRANSITION_LABELS = {
    CallState.PUBLISHED: _("Publier l’appel"),
    CallState.REVIEW: _("Clore les candidatures et passer à l’instruction"),
    CallState.DECIDED: _("Enregistrer la décision"),
    CallState.ARCHIVED: _("Archiver l’appel"),
}
PHASE_LABELS = {
    selectors.DRAFT: _("En préparation"),
    selectors.UPCOMING: _("À venir"),
    selectors.OPEN: _("Ouvert"),
    selectors.CLOSED: _("Clos"),
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
LOG_LABELS = {
    "call_create": _("Appel créé"),
    "call_update": _("Appel modifié"),
    "call_transition": _("Changement d’état"),
    "question_add": _("Question ajoutée"),
    "question_update": _("Question modifiée"),
    "question_delete": _("Question supprimée"),
    "criterion_add": _("Critère ajouté"),
    "criterion_update": _("Critère modifié"),
    "criterion_delete": _("Critère supprimé"),
    "application_start": _("Candidature commencée"),
    "application_reopen": _("Candidature rouverte"),
    "application_submit": _("Candidature déposée"),
    "application_withdraw": _("Candidature retirée"),
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


# Public pages.


@READ
def call_list(request):
    user = request.user
    return filtered_list(
        request,
        form=CallFilterForm(request.GET),
        select=lambda filters: selectors.call_list(user=user, filters=filters),
        template_name="calls/call_list.html",
        results_template="calls/_call_results.html",
        count_label=lambda count: (
            ngettext("%(count)s appel", "%(count)s appels", count) % {"count": count}
        ),
        empty_message=_("Aucun appel ne correspond à ces critères."),
        context={
            "title": _("Appels à projets"),
            "breadcrumb_data": breadcrumbs(_("Appels à projets")),
            "can_create": bool(permissions.can_create_call(user)),
            "phase_labels": PHASE_LABELS,
            "phase_badges": PHASE_BADGES,
        },
    )


def apply_status(user, call: Call) -> dict:
    """Whether the user may apply, and if not why (shown on the call's page)."""
    phase = call.phase
    if phase not in (selectors.OPEN, selectors.UPCOMING):
        if phase == selectors.CLOSED:
            reason = _("L’appel est clos depuis le %(date)s.") % {
                "date": call_services.when(call.closes_at)
            }
        else:
            reason = _("L’appel n’est pas encore publié.")
        return {"can_apply": False, "reason": reason}
    if not user.is_authenticated:
        return {"can_apply": False, "sign_in": True, "reason": _("Connectez-vous pour candidater.")}
    if not selectors.initiatives_for(user=user).exists():
        return {
            "can_apply": False,
            "needs_initiative": True,
            "reason": _(
                "Pour candidater, présentez d’abord le projet de votre structure sur Passeurs."
            ),
        }
    return {"can_apply": True, "reason": ""}


@READ
def call_detail(request, pk):
    call = get_call(request, pk)
    user = request.user
    rules = selectors.rules_of(call)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "phase_label": PHASE_LABELS[call.phase],
            "phase_badge": PHASE_BADGES[call.phase],
            "rules": eligibility.describe(rules),
            "questions": selectors.questions_of(call),
            "criteria": list(call.criteria.all()),
            "is_coordinator": permissions.is_call_coordinator(user, call),
            "my_applications": selectors.applications_of_user_for(user=user, call=call),
            "state_badges": STATE_BADGES,
            "is_upcoming": call.phase == selectors.UPCOMING,
            "breadcrumb_data": breadcrumbs(call.title, list_crumb()),
            **apply_status(user, call),
        },
    )


# The coordinators' pages of a call.


@login_required
@FORM_METHODS
def call_create(request):
    require(permissions.can_create_call(request.user))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    form = CallForm(
        request.POST if request.method == "POST" else None,
        instance=Call(
            opens_at=now + datetime.timedelta(days=7), closes_at=now + datetime.timedelta(days=49)
        ),
        user=request.user,
    )
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: call_services.call_create(actor=request.user, **form.service_kwargs()),
        )
        if saved is not None:
            messages.success(
                request,
                _(
                    "L’appel « %(title)s » a été créé : ajoutez ses questions et sa "
                    "grille, puis publiez-le."
                )
                % {"title": saved.title},
            )
            return redirect("calls:manage", pk=saved.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouvel appel à projets"),
        breadcrumb_data=breadcrumbs(_("Nouvel appel"), list_crumb()),
        submit_label=_("Créer l’appel"),
        cancel_url=reverse("calls:list"),
        status=status,
    )


@login_required
@FORM_METHODS
def call_update(request, pk):
    call = managed_call(request, pk)
    form = CallForm(
        request.POST if request.method == "POST" else None, instance=call, user=request.user
    )
    status = 200
    if form.is_bound and form.is_valid():
        kwargs = form.service_kwargs()
        saved, status = save_with(
            form,
            lambda: call_services.call_update(
                actor=request.user, call=call, version=form.cleaned_data["version"], **kwargs
            ),
        )
        if saved is not None:
            messages.success(request, _("Les modifications de l’appel ont été enregistrées."))
            return redirect("calls:manage", pk=saved.pk)
        call = managed_call(request, pk)
    manage_url = reverse("calls:manage", args=[call.pk])
    return form_page(
        request,
        form=form,
        title=_("Modifier l’appel « %(title)s »") % {"title": call.title},
        breadcrumb_data=breadcrumbs(
            _("Modifier"), list_crumb(), call_crumb(call), (_("Pilotage"), manage_url)
        ),
        submit_label=_("Enregistrer les modifications"),
        cancel_url=manage_url,
        status=status,
    )


def _state_label(line) -> str:
    """The state a log line moved to, in words ("" when it moved nothing)."""
    states = ApplicationState if line.application_id else CallState
    return str(states(line.to_state).label) if line.to_state in states.values else ""


def manage_page(request, call, *, failed=None, status=200):
    counts = selectors.application_counts(call)
    return render(
        request,
        "calls/call_manage.html",
        {
            "title": _("Pilotage de l’appel « %(title)s »") % {"title": call.title},
            "call": call,
            "phase_label": PHASE_LABELS[call.phase],
            "questions": selectors.questions_of(call),
            "criteria": list(call.criteria.all()),
            "form_frozen": call_services.form_is_frozen(call),
            "grid_frozen": call_services.grid_is_frozen(call),
            "problems": call_services.publication_problems(call)
            if call.state == CallState.DRAFT
            else [],
            "transitions": [
                (target, TRANSITION_LABELS.get(target, target))
                for target in workflows.call_targets_from(call.state)
            ],
            "counts": [(ApplicationState(state).label, n) for state, n in counts.items()],
            "received": sum(counts[s] for s in workflows.APPLICATION_RECEIVED)
            + counts[ApplicationState.WITHDRAWN],
            "log": [
                (line, LOG_LABELS.get(line.kind, line.kind), _state_label(line))
                for line in CallLog.objects.filter(call=call)
                .select_related("actor", "application__initiative")
                .order_by("-created_at", "-id")[:20]
            ],
            "failed": failed,
            "breadcrumb_data": breadcrumbs(_("Pilotage"), list_crumb(), call_crumb(call)),
        },
        status=status,
    )


@login_required
@READ
def call_manage(request, pk):
    return manage_page(request, managed_call(request, pk))


@login_required
@require_POST
def call_transition(request, pk):
    call = managed_call(request, pk)
    form = TransitionForm(request.POST, version=call.version)
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(
            form,
            lambda: call_services.call_transition(
                actor=request.user,
                call=call,
                target=form.cleaned_data["target"],
                version=form.cleaned_data["version"],
            ),
        )
    if saved is None:
        return manage_page(request, managed_call(request, pk), failed=form, status=status)
    messages.success(
        request, _("L’appel est maintenant « %(state)s ».") % {"state": saved.get_state_display()}
    )
    return redirect("calls:manage", pk=saved.pk)


def _row_page(request, *, call, form, title, submit_label, write, success):
    """A question's or a criterion's form page."""
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(form, lambda: write(form.service_kwargs()))
        if saved is not None:
            messages.success(request, success)
            return redirect("calls:manage", pk=call.pk)
    manage_url = reverse("calls:manage", args=[call.pk])
    return form_page(
        request,
        form=form,
        title=title,
        breadcrumb_data=breadcrumbs(
            title, list_crumb(), call_crumb(call), (_("Pilotage"), manage_url)
        ),
        submit_label=submit_label,
        cancel_url=manage_url,
        status=status,
    )


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
@FORM_METHODS
def question_create(request, pk):
    call = managed_call(request, pk)
    return _row_page(
        request,
        call=call,
        form=QuestionForm(
            _data(request), instance=Question(call=call, kind=QuestionKind.LONG_TEXT)
        ),
        title=_("Nouvelle question"),
        submit_label=_("Ajouter la question"),
        write=lambda kwargs: call_services.question_save(actor=request.user, call=call, **kwargs),
        success=_("La question a été ajoutée au formulaire."),
    )


def _question(request, pk) -> Question:
    question = found(Question.objects.select_related("call").filter(pk=pk).first())
    require(permissions.can_manage_call(request.user, question.call))
    return question


@login_required
@FORM_METHODS
def question_update(request, pk):
    question = _question(request, pk)
    call = get_call(request, question.call_id)
    return _row_page(
        request,
        call=call,
        form=QuestionForm(_data(request), instance=question),
        title=_("Modifier la question"),
        submit_label=_("Enregistrer la question"),
        write=lambda kwargs: call_services.question_save(
            actor=request.user, call=call, question=question, **kwargs
        ),
        success=_("La question a été modifiée."),
    )


@login_required
@require_POST
def question_delete(request, pk):
    question = _question(request, pk)
    call = get_call(request, question.call_id)
    form = WithdrawForm(request.POST, version=call.version)
    form.is_valid()
    _deleted, status = save_with(
        form, lambda: call_services.question_delete(actor=request.user, question=question)
    )
    if form.errors:
        return manage_page(request, call, failed=form, status=status)
    messages.success(request, _("La question a été supprimée."))
    return redirect("calls:manage", pk=call.pk)


def _criterion(request, pk) -> Criterion:
    criterion = found(Criterion.objects.select_related("call").filter(pk=pk).first())
    require(permissions.can_manage_call(request.user, criterion.call))
    return criterion


@login_required
@FORM_METHODS
def criterion_create(request, pk):
    call = managed_call(request, pk)
    return _row_page(
        request,
        call=call,
        form=CriterionForm(_data(request), instance=Criterion(call=call)),
        title=_("Nouveau critère"),
        submit_label=_("Ajouter le critère"),
        write=lambda kwargs: call_services.criterion_save(actor=request.user, call=call, **kwargs),
        success=_("Le critère a été ajouté à la grille."),
    )


@login_required
@FORM_METHODS
def criterion_update(request, pk):
    criterion = _criterion(request, pk)
    call = get_call(request, criterion.call_id)
    return _row_page(
        request,
        call=call,
        form=CriterionForm(_data(request), instance=criterion),
        title=_("Modifier le critère"),
        submit_label=_("Enregistrer le critère"),
        write=lambda kwargs: call_services.criterion_save(
            actor=request.user, call=call, criterion=criterion, **kwargs
        ),
        success=_("Le critère a été modifié."),
    )


@login_required
@require_POST
def criterion_delete(request, pk):
    criterion = _criterion(request, pk)
    call = get_call(request, criterion.call_id)
    form = WithdrawForm(request.POST, version=call.version)
    form.is_valid()
    _deleted, status = save_with(
        form, lambda: call_services.criterion_delete(actor=request.user, criterion=criterion)
    )
    if form.errors:
        return manage_page(request, call, failed=form, status=status)
    messages.success(request, _("Le critère a été supprimé."))
    return redirect("calls:manage", pk=call.pk)


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
    form = ApplyForm(_data(request), initiatives=initiatives)
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
    editable = application.state == ApplicationState.DRAFT and permissions.is_member_of(
        user, application.organisation_id
    )
    is_member = permissions.is_member_of(user, application.organisation_id)
    if editable and form is None:
        form = _application_form(application)
    title = _("Candidature de « %(initiative)s »") % {"initiative": application.initiative.title}
    crumbs = [list_crumb(), call_crumb(call)]
    if permissions.is_call_coordinator(user, call):
        crumbs.append((_("Candidatures"), reverse("calls:applications", args=[call.pk])))
    elif is_member:
        crumbs.append((_("Mes candidatures"), reverse("calls:mine")))
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
            "is_open": selectors.call_phase(call) == selectors.OPEN,
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
    saved, status = None, 200
    if form.is_valid():
        saved, status = save_with(
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
    path("", call_list, name="list"),
    path("nouveau/", call_create, name="create"),
    path("mes-candidatures/", my_applications, name="mine"),
    path("<int:pk>/", call_detail, name="detail"),
    path("<int:pk>/modifier/", call_update, name="update"),
    path("<int:pk>/pilotage/", call_manage, name="manage"),
    path("<int:pk>/etat/", call_transition, name="transition"),
    path("<int:pk>/questions/nouvelle/", question_create, name="question_create"),
    path("questions/<int:pk>/modifier/", question_update, name="question_update"),
    path("questions/<int:pk>/suppression/", question_delete, name="question_delete"),
    path("<int:pk>/criteres/nouveau/", criterion_create, name="criterion_create"),
    path("criteres/<int:pk>/modifier/", criterion_update, name="criterion_update"),
    path("criteres/<int:pk>/suppression/", criterion_delete, name="criterion_delete"),
    path("<int:pk>/candidater/", application_apply, name="apply"),
    path("<int:pk>/candidatures/", call_applications, name="applications"),
    path("candidatures/<int:pk>/", application_detail, name="application"),
    path("candidatures/<int:pk>/retrait/", application_withdraw, name="withdraw"),
    path("reponses/<int:pk>/fichier/", answer_file, name="answer_file"),
]
