"""Declaring and editing a blocker, with the similar blockers shown as the user types."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from passeurs.blockers import permissions, selectors, services
from passeurs.blockers.forms import BlockerDeclareForm, BlockerEditForm
from passeurs.blockers.legal import parser
from passeurs.blockers.similarity import analyse
from passeurs.blockers.views.common import (
    Suggestion,
    flag_labels,
    get_blocker,
    is_joinable,
    list_crumb,
)
from passeurs.core.pages import breadcrumbs, save_with
from passeurs.core.text import inner_quotes
from passeurs.directory import selectors as directory_selectors

SUGGESTIONS_LIMIT = 5
# Enough of each field to compare; the panel is not where long texts get validated.
SUGGESTION_INPUT_MAX = 5000
_WORD = re.compile(r"[^\W_]+")


def _typed_words(text: str) -> dict[str, str]:
    """Each analysed term of `text` -> the first word typed that gives it ("rembours" ->
    "remboursement"), so that the panel speaks the user's words, not stems."""
    words: dict[str, str] = {}
    for word in _WORD.findall(text):
        for term in analyse(word):
            words.setdefault(term, word.lower())
    return words


def suggestions_for(user, data, *, exclude=()) -> dict:
    """The blockers most similar to the typed title, text and legal references, with why."""
    title, prevents, legal_text = (
        (data.get(name) or "")[:SUGGESTION_INPUT_MAX]
        for name in ("title", "prevents", "legal_text")
    )
    initiative = str(data.get("initiative") or "")
    text = f"{title} {prevents}"
    references = parser.parse(legal_text) if legal_text.strip() else []
    searched = bool(analyse(text) or references)
    suggestions = []
    if searched:
        labels = {reference.key: parser.format_reference(reference) for reference in references}
        words = _typed_words(text)
        matches = selectors.similar_blockers(
            user=user,
            text=text,
            reference_keys={reference.key for reference in references},
            exclude=exclude,
            limit=SUGGESTIONS_LIMIT,
        )
        suggestions = [
            Suggestion(
                blocker=blocker,
                shared_words=[words.get(term, term) for term in match.shared_terms][:8],
                shared_references=[labels.get(key, key) for key in match.shared_references],
                joinable=is_joinable(blocker),
            )
            for blocker, match in matches
        ]
    return {
        "searched": searched,
        "suggestions": suggestions,
        "recognised": [
            {"label": parser.format_reference(reference), "warnings": flag_labels(reference.flags)}
            for reference in references
        ],
        "initiative_id": initiative if initiative.isdigit() else "",
    }


@require_http_methods(["GET", "HEAD"])
def blocker_suggestions(request):
    """The similar-blockers panel alone, fetched by htmx while the user types."""
    exclude = [int(pk) for pk in request.GET.getlist("exclude") if pk.isdigit()]
    return render(
        request,
        "blockers/_suggestions.html",
        {**suggestions_for(request.user, request.GET, exclude=exclude), "announce": True},
    )


def _declarable_initiatives(user):
    """The initiatives the user may declare a blocker for: their organisations' (any, for a
    coordinator)."""
    initiatives = directory_selectors.initiative_list(user=user)
    if not user.is_coordinator:
        initiatives = initiatives.filter(
            organisation__in=directory_selectors.organisations_of(user)
        )
    return initiatives.order_by("title", "id")


def _preselected(request, initiatives):
    wanted = request.GET.get("initiative", "")
    if wanted.isdigit():
        return int(wanted)
    first_two = list(initiatives[:2])
    return first_two[0].pk if len(first_two) == 1 else None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blocker_declare(request):
    user = request.user
    title = _("Déclarer un frein réglementaire")
    breadcrumb_data = breadcrumbs(title, list_crumb())
    initiatives = _declarable_initiatives(user)
    if not initiatives.exists():
        return render(
            request,
            "blockers/blocker_needs_initiative.html",
            {"title": title, "breadcrumb_data": breadcrumb_data},
        )
    form = BlockerDeclareForm(
        request.POST if request.method == "POST" else None,
        initial={"initiative": _preselected(request, initiatives)},
        initiatives=initiatives,
        suggestions_url=reverse("blockers:suggestions"),
    )
    form.fields["initiative"].label_from_instance = lambda i: f"{i.title} ({i.organisation.name})"
    status = 200
    if form.is_bound and form.is_valid():
        as_draft = request.POST.get("action") == "draft"
        blocker, status = save_with(
            form,
            lambda: services.blocker_declare(
                actor=user, submit=not as_draft, **form.service_kwargs()
            ),
        )
        if blocker is not None:
            messages.success(
                request,
                _("Le frein « %(title)s » est enregistré comme brouillon.")
                % {"title": inner_quotes(blocker.title)}
                if as_draft
                else _("Le frein « %(title)s » est signalé. Merci !")
                % {"title": inner_quotes(blocker.title)},
            )
            return redirect(blocker)
    return render(
        request,
        "blockers/blocker_declare.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb_data,
            "form": form,
            **suggestions_for(user, form.data),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blocker_update(request, pk):
    blocker = get_blocker(request, pk)
    if not permissions.can_edit_blocker(request.user, blocker):
        raise PermissionDenied(_("Seuls le porteur et les coordinateurs modifient ce frein."))
    form = BlockerEditForm(request.POST if request.method == "POST" else None, instance=blocker)
    status = 200
    if form.is_bound and form.is_valid():
        saved, status = save_with(
            form,
            lambda: services.blocker_update(
                actor=request.user,
                blocker=blocker,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Les modifications ont été enregistrées."))
            return redirect(saved)
        # The service may have changed the instance in memory before refusing.
        blocker = get_blocker(request, pk)
    title = _("Modifier le frein « %(title)s »") % {"title": inner_quotes(blocker.title)}
    return render(
        request,
        "pages/form_page.html",
        {
            "form": form,
            "title": title,
            "breadcrumb_data": breadcrumbs(
                _("Modifier"), list_crumb(), (blocker.title, blocker.get_absolute_url())
            ),
            "submit_label": _("Enregistrer les modifications"),
            "cancel_url": blocker.get_absolute_url(),
        },
        status=status,
    )
