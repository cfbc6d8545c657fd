"""The pages that show blockers: the public list, a blocker, the board, "my blockers"."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from passeurs.accounts.models import Role
from passeurs.blockers import permissions, selectors, workflows
from passeurs.blockers.forms import (
    AssignForm,
    BlockerFilterPageForm,
    JoinForm,
    RouteForm,
    TakeOnForm,
    TransitionForm,
)
from passeurs.blockers.models import Blocker, BlockerEvent, BlockerState
from passeurs.blockers.views.common import (
    TRANSITION_LABELS,
    flag_labels,
    get_blocker,
    is_joinable,
    list_crumb,
)
from passeurs.core.pages import breadcrumbs, filtered_list
from passeurs.core.text import inner_quotes
from passeurs.directory import selectors as directory_selectors


@require_http_methods(["GET", "HEAD"])
def blocker_list(request):
    user = request.user
    return filtered_list(
        request,
        form=BlockerFilterPageForm(request.GET),
        select=lambda filters: selectors.blocker_list(user=user, filters=filters),
        template_name="blockers/blocker_list.html",
        results_template="blockers/_blocker_results.html",
        count_label=lambda count: (
            ngettext("%(count)s frein réglementaire", "%(count)s freins réglementaires", count)
            % {"count": count}
        ),
        empty_message=_("Aucun frein réglementaire ne correspond à ces critères."),
        context={
            "title": _("Freins réglementaires"),
            "breadcrumb_data": breadcrumbs(_("Freins réglementaires")),
            "can_declare": user.is_authenticated,
            "is_coordinator": user.is_authenticated and user.is_coordinator,
        },
    )


# The blocker page and its action forms


@dataclass
class Failed:
    """An action form sent back with errors, shown in place of the blank one."""

    action: str  # "transition", "take_on", "assign", "route" or "join"
    form: object


@dataclass
class TransitionAction:
    target: str
    label: str
    form: TransitionForm
    expanded: bool = False


@dataclass
class Actions:
    transitions: list[TransitionAction] = field(default_factory=list)
    take_on: TakeOnForm | None = None
    assign: AssignForm | None = None
    route: RouteForm | None = None
    join: JoinForm | None = None
    join_sign_in: bool = False
    can_edit: bool = False
    error_form: object = None  # a refused move with no form of its own (an unknown state)

    @property
    def any(self) -> bool:
        return bool(self.transitions or self.take_on or self.assign or self.route)


def merge_candidates(user, blocker: Blocker):
    """The open blockers a duplicate may be merged into."""
    return (
        selectors.blocker_list(user=user)
        .exclude(pk=blocker.pk)
        .exclude(state__in=[*workflows.TERMINAL, BlockerState.DRAFT])
        .order_by("title", "id")
    )


def joinable_initiatives(user, blocker: Blocker):
    """The user's organisations' initiatives not yet among those hit by the blocker."""
    return (
        directory_selectors.initiative_list(user=user)
        .filter(organisation__in=directory_selectors.organisations_of(user))
        .exclude(pk__in=blocker.supports.values("initiative"))
        .order_by("title", "id")
    )


def _actions(request, blocker: Blocker, roles: set[str], failed: Failed | None) -> Actions:
    user = request.user
    actions = Actions(can_edit=bool(permissions.can_edit_blocker(user, blocker, roles)))
    if (
        failed
        and failed.action == "transition"
        and failed.form.target not in workflows.targets_from(blocker.state)
    ):
        actions.error_form = failed.form

    def kept(action: str, blank):
        return failed.form if failed and failed.action == action else blank

    for target in workflows.targets_from(blocker.state):
        if not permissions.can_transition(user, blocker, target):
            continue
        retry = failed and failed.action == "transition" and failed.form.target == target
        form = (
            failed.form
            if retry
            else TransitionForm(
                blocker=blocker,
                target=target,
                merge_candidates=(
                    merge_candidates(user, blocker) if target == BlockerState.MERGED else None
                ),
            )
        )
        actions.transitions.append(
            TransitionAction(target, str(TRANSITION_LABELS[target]), form, expanded=bool(retry))
        )
    if permissions.can_take_on(user, blocker):
        if user.role == Role.CIVIL_SERVANT and blocker.assignee_id != user.pk:
            actions.take_on = kept("take_on", TakeOnForm(blocker=blocker, prefix="take-on"))
        if user.is_coordinator:
            actions.assign = kept("assign", AssignForm(blocker=blocker))
    if permissions.can_route(user, blocker) and blocker.state not in workflows.TERMINAL:
        actions.route = kept("route", RouteForm(blocker=blocker))
    if failed and failed.action == "join":
        actions.join = failed.form
    elif is_joinable(blocker) and not user.is_authenticated:
        actions.join_sign_in = True
    elif is_joinable(blocker):
        initiatives = joinable_initiatives(user, blocker)
        first = initiatives.first()
        if first is not None and permissions.can_join_blocker(user, blocker, first):
            wanted = request.GET.get("initiative", "")
            actions.join = JoinForm(
                initiatives=initiatives,
                initial={"initiative": int(wanted) if wanted.isdigit() else None},
            )
    return actions


def _timeline(blocker: Blocker, supports) -> list[BlockerEvent]:
    """The events, with the comments everyone may read.

    A join's comment is the joining initiative's title: shown only if that initiative is
    one the reader may see, so that a private project is never named.
    """
    visible_titles = {support.initiative.title[:200] for support in supports}
    events = selectors.blocker_timeline(blocker=blocker)
    for event in events:
        hidden = event.kind == BlockerEvent.Kind.JOIN and event.comment not in visible_titles
        event.shown_comment = "" if hidden else event.comment
    return events


def detail_page(request, blocker: Blocker, *, failed: Failed | None = None, status: int = 200):
    """The blocker page; after a refused action, with that action's form and its errors."""
    user = request.user
    roles = permissions.roles_of(user, blocker)
    supports = selectors.blocker_supports(blocker=blocker, user=user)
    supports_total = blocker.supports.count()
    citations = selectors.blocker_citations(blocker=blocker)
    for citation in citations:
        citation.warnings = flag_labels(citation.reference.flags)
    similar = selectors.similar_blockers(
        user=user,
        text=f"{blocker.title} {blocker.prevents} {blocker.consequence}",
        reference_keys={citation.reference.key for citation in citations},
        exclude=[blocker.pk],
        limit=5,
    )
    is_supporter = any(support.supporter_id == user.pk for support in supports)
    notified = bool(roles & {workflows.COORDINATOR, workflows.ASSIGNEE}) or is_supporter
    return render(
        request,
        "blockers/blocker_detail.html",
        {
            "blocker": blocker,
            "breadcrumb_data": breadcrumbs(blocker.title, list_crumb()),
            "declaring_initiative": directory_selectors.initiative_get(
                user=user, pk=blocker.initiative_id
            ),
            "challenges": blocker.challenges.all(),
            "regions": blocker.regions.all(),
            "departments": blocker.departments.all(),
            "administrations": blocker.administrations.all(),
            "supports": supports,
            "supports_total": supports_total,
            "supports_hidden": supports_total - len(supports),
            "citations": citations,
            "timeline": _timeline(blocker, supports),
            "similar": [b for b, _match in similar],
            "actions": _actions(request, blocker, roles, failed),
            "has_errors": failed is not None,
            "notifications": (
                notifications_context(user=user, blocker=blocker) if notified else None
            ),
        },
        status=status,
    )


def notifications_context(*, user, blocker: Blocker | None, announce: str = "") -> dict:
    return {
        "blocker": blocker,
        "enabled": selectors.notifications_enabled(user=user, blocker=blocker),
        "muted_all": blocker is not None
        and not selectors.notifications_enabled(user=user, blocker=None),
        "announce": announce,
    }


@require_http_methods(["GET", "HEAD"])
def blocker_detail(request, pk):
    blocker = get_blocker(request, pk)
    if blocker.state == BlockerState.MERGED and blocker.merged_into_id:
        # A merged duplicate leaves a redirect to the blocker that was kept.
        messages.info(
            request,
            _("Ce frein a été fusionné avec « %(title)s » : vous êtes redirigé vers celui-ci.")
            % {"title": inner_quotes(blocker.merged_into.title)},
        )
        return redirect(blocker.merged_into)
    return detail_page(request, blocker)


# Coordinators' board and "my blockers"


@login_required
@require_http_methods(["GET", "HEAD"])
def blocker_board(request):
    if not request.user.is_coordinator:
        raise PermissionDenied(_("Le tableau de suivi est réservé aux coordinateurs."))
    board = selectors.blocker_board(user=request.user)
    title = _("Tableau de suivi des freins")
    return render(
        request,
        "blockers/blocker_board.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumbs(title, list_crumb()),
            "columns": [
                (state, BlockerState(state).label, blockers) for state, blockers in board.items()
            ],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def blocker_mine(request):
    user = request.user
    is_servant = user.role == Role.CIVIL_SERVANT
    assigned = (
        selectors.blockers_of_civil_servant(user=user).prefetch_related(
            "challenges", "administrations"
        )
        if is_servant or user.is_coordinator
        else []
    )
    declared = selectors.blockers_of_leader(user=user).prefetch_related(
        "challenges", "administrations"
    )
    title = _("Mes freins")
    return render(
        request,
        "blockers/blocker_mine.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumbs(title, list_crumb()),
            "is_servant": is_servant,
            "assigned": list(assigned),
            "declared": list(declared),
            "notifications": notifications_context(user=user, blocker=None),
        },
    )
