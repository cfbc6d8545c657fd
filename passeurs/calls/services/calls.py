"""Calls for projects: the call itself, its form (questions), its scoring grid (criteria)
and its life (draft → published → review → decided → archived)."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from passeurs.calls import filetypes, permissions, selectors, workflows
from passeurs.calls.models import Call, CallState, Criterion, Question, QuestionKind
from passeurs.calls.services.common import log
from passeurs.core.exceptions import TransitionError
from passeurs.core.permissions import require
from passeurs.core.versioning import save_versioned
from passeurs.directory.models import OrganisationKind

CALL_FIELDS = (
    "title",
    "kind",
    "summary",
    "description",
    "organiser",
    "opens_at",
    "closes_at",
    "eligible_kinds",
    "laureate_count",
    "budget",
    "reviews_per_application",
    "normalise_scores",
    "accompaniment_months",
)
# Who may apply: frozen once someone has submitted, so that every applicant had the same rules.
RULE_FIELDS = ("eligible_kinds", "eligible_regions", "eligible_departments", "challenges", "budget")
# What may still change once the applications are closed.
TEXT_FIELDS = ("title", "summary", "description")
MAX_REVIEWS = 20
MAX_MONTHS = 36
MAX_FILE_SIZE = 20 * 1024 * 1024
TEXT_LIMITS = {QuestionKind.TEXT: 1000, QuestionKind.LONG_TEXT: 20000}
NUMBER_LIMIT = Decimal("999999999999.99")


def when(moment) -> str:
    """A date and time as people read them, in the site's time zone."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _clean_kinds(kinds) -> list[str]:
    kinds = [str(kind).strip() for kind in (kinds or ()) if str(kind).strip()]
    unknown = [kind for kind in kinds if kind not in OrganisationKind.values]
    if unknown:
        raise ValidationError(
            {
                "eligible_kinds": _("Types de structure inconnus : %(kinds)s.")
                % {"kinds": ", ".join(unknown)}
            }
        )
    return list(dict.fromkeys(kinds))


def _validate_call(call: Call) -> None:
    # The date order is the one constraint, told below in words.
    call.full_clean(exclude=["organiser"], validate_constraints=False)
    call.eligible_kinds = _clean_kinds(call.eligible_kinds)
    errors = {}
    if call.opens_at >= call.closes_at:
        errors["closes_at"] = _("La clôture des candidatures suit leur ouverture.")
    if not 1 <= call.reviews_per_application <= MAX_REVIEWS:
        errors["reviews_per_application"] = _(
            "Chaque candidature est lue par 1 à %(max)d évaluateurs."
        ) % {"max": MAX_REVIEWS}
    if not 1 <= call.accompaniment_months <= MAX_MONTHS:
        errors["accompaniment_months"] = _("L’accompagnement dure de 1 à %(max)d mois.") % {
            "max": MAX_MONTHS
        }
    if call.laureate_count is not None and call.laureate_count < 1:
        errors["laureate_count"] = _("Désignez au moins un lauréat, ou laissez vide.")
    if call.budget is not None and call.budget < 1:
        errors["budget"] = _("L’enveloppe est d’au moins 1 euro, ou laissez vide.")
    if call.state != CallState.DRAFT and not (call.laureate_count or call.budget):
        errors["laureate_count"] = _("Indiquez un nombre de lauréats ou une enveloppe.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(
    *,
    actor,
    title: str,
    kind: str,
    opens_at,
    closes_at,
    summary: str = "",
    description: str = "",
    organiser=None,
    eligible_kinds: Iterable[str] = (),
    eligible_regions: Iterable = (),
    eligible_departments: Iterable = (),
    challenges: Iterable = (),
    laureate_count: int | None = None,
    budget: int | None = None,
    reviews_per_application: int = 3,
    normalise_scores: bool = False,
    accompaniment_months: int = 6,
    coordinators: Iterable = (),
) -> Call:
    """A new call, in preparation; the coordinator creating it is one of its coordinators."""
    require(permissions.can_create_call(actor))
    call = Call(
        title=title.strip(),
        kind=kind,
        summary=summary.strip(),
        description=description.strip(),
        organiser=organiser,
        opens_at=opens_at,
        closes_at=closes_at,
        eligible_kinds=list(eligible_kinds),
        laureate_count=laureate_count,
        budget=budget,
        reviews_per_application=reviews_per_application,
        normalise_scores=normalise_scores,
        accompaniment_months=accompaniment_months,
    )
    _validate_call(call)
    call.save()
    call.eligible_regions.set(eligible_regions)
    call.eligible_departments.set(eligible_departments)
    call.challenges.set(challenges)
    call.coordinators.set({actor, *coordinators})
    log(call=call, actor=actor, kind="call_create", target=call.state)
    return call


def _rules_now(call: Call) -> tuple:
    return (
        sorted(call.eligible_kinds or ()),
        sorted(call.eligible_regions.values_list("pk", flat=True)),
        sorted(call.eligible_departments.values_list("pk", flat=True)),
        sorted(call.challenges.values_list("pk", flat=True)),
        call.budget,
    )


@transaction.atomic
def call_update(
    *,
    actor,
    call: Call,
    version: int,
    eligible_regions: Iterable | None = None,
    eligible_departments: Iterable | None = None,
    challenges: Iterable | None = None,
    **fields,
) -> Call:
    """Change a call. Its rules freeze once an application is submitted; once applications
    are closed only its texts change."""
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown call fields: {sorted(unknown)}")
    require(permissions.can_manage_call(actor, call))
    before = _rules_now(call)
    for name, value in fields.items():
        setattr(call, name, value.strip() if isinstance(value, str) else value)
    _validate_call(call)
    relations = {
        "eligible_regions": eligible_regions,
        "eligible_departments": eligible_departments,
        "challenges": challenges,
    }
    changed = {name for name, value in relations.items() if value is not None}
    after = (
        sorted(call.eligible_kinds),
        sorted(r.pk for r in eligible_regions) if eligible_regions is not None else before[1],
        sorted(d.pk for d in eligible_departments)
        if eligible_departments is not None
        else before[2],
        sorted(c.pk for c in challenges) if challenges is not None else before[3],
        call.budget,
    )
    if call.state in workflows.CALL_AFTER_CLOSING:
        current = Call.objects.get(pk=call.pk)
        moved = [
            name
            for name in fields
            if name not in TEXT_FIELDS and getattr(current, name) != getattr(call, name)
        ]
        if moved or before != after:
            raise ValidationError(
                _(
                    "Les candidatures sont closes : seuls le titre, le résumé et la "
                    "présentation changent."
                )
            )
    elif before != after and selectors.has_submissions(call):
        raise ValidationError(
            _(
                "Les règles d’éligibilité et l’enveloppe ne changent plus : des candidatures "
                "ont déjà été déposées."
            )
        )
    save_versioned(call, version, **{name: getattr(call, name) for name in fields})
    for name in changed:
        getattr(call, name).set(relations[name])
    log(
        call=call,
        actor=actor,
        kind="call_update",
        comment=", ".join(sorted({*fields, *changed})),
    )
    return call


def publication_problems(call: Call) -> list[str]:
    """What a call lacks to be published (empty: it may be)."""
    problems = []
    if not call.questions.exists():
        problems.append(_("Ajoutez au moins une question au formulaire de candidature."))
    if not call.criteria.exists():
        problems.append(_("Ajoutez au moins un critère à la grille d’évaluation."))
    if not (call.laureate_count or call.budget):
        problems.append(_("Indiquez un nombre de lauréats ou une enveloppe."))
    if call.closes_at <= timezone.now():
        problems.append(_("La date de clôture est passée : reportez-la avant de publier."))
    return problems


@transaction.atomic
def call_transition(*, actor, call: Call, target: str, version: int) -> Call:
    """Publish the call, close it for the jury's review, record the decision, archive it."""
    allowed = workflows.call_targets_from(call.state)
    if target not in allowed:
        raise TransitionError(_("Cet appel ne peut pas passer à cet état."), allowed=allowed)
    require(permissions.can_manage_call(actor, call))
    if target == CallState.PUBLISHED:
        problems = publication_problems(call)
        if problems:
            raise ValidationError(problems)
    if target == CallState.REVIEW and timezone.now() < call.closes_at:
        raise ValidationError(
            _(
                "Les candidatures sont ouvertes jusqu’au %(date)s : avancez la date de clôture "
                "pour les clore plus tôt."
            )
            % {"date": when(call.closes_at)}
        )
    source = call.state
    save_versioned(call, version, state=target)
    log(call=call, actor=actor, kind="call_transition", source=source, target=target)
    return call


# The form: typed questions.


def form_is_frozen(call: Call) -> str:
    """Why the questions may not change any more ("" when they may)."""
    if call.state not in workflows.CALL_EDITABLE_FORM:
        return _("Les questions ne se modifient plus : les candidatures sont closes.")
    if selectors.has_submissions(call):
        return _("Les questions ne se modifient plus : une première candidature a été déposée.")
    return ""


def _clean_question(question: Question) -> None:
    kind = question.kind
    errors = {}
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Type de question inconnu.")})
    if kind == QuestionKind.CHOICE:
        choices = [str(choice).strip() for choice in question.choices or () if str(choice).strip()]
        question.choices = list(dict.fromkeys(choices))
        if len(question.choices) < 2:
            errors["choices"] = _("Proposez au moins deux choix, un par ligne.")
        elif any(len(choice) > 200 for choice in question.choices):
            errors["choices"] = _("Chaque choix fait au plus 200 caractères.")
    else:
        question.choices = []
    if kind in TEXT_LIMITS:
        limit = TEXT_LIMITS[kind]
        if question.max_length is not None and not 1 <= question.max_length <= limit:
            errors["max_length"] = _("La longueur maximale va de 1 à %(limit)d caractères.") % {
                "limit": limit
            }
    else:
        question.max_length = None
    if kind == QuestionKind.NUMBER:
        low, high = question.minimum, question.maximum
        for name, value in (("minimum", low), ("maximum", high)):
            if value is not None and abs(value) > NUMBER_LIMIT:
                errors[name] = _("Ce nombre est trop grand.")
        if low is not None and high is not None and low > high:
            errors["maximum"] = _("Le maximum est au moins égal au minimum.")
    else:
        question.minimum = question.maximum = None
    if kind == QuestionKind.FILE:
        types = [str(t).strip().lower().lstrip(".") for t in question.file_types or ()]
        types = list(dict.fromkeys(t for t in types if t))
        unknown = [t for t in types if t not in filetypes.KNOWN_EXTENSIONS]
        if unknown:
            errors["file_types"] = _(
                "Types de fichier non pris en charge : %(unknown)s. Choisissez parmi : %(known)s."
            ) % {"unknown": ", ".join(unknown), "known": ", ".join(filetypes.KNOWN_EXTENSIONS)}
        question.file_types = types or list(filetypes.DEFAULT_EXTENSIONS)
        if not 1 <= question.max_file_size <= MAX_FILE_SIZE:
            errors["max_file_size"] = _("La taille maximale va de 1 octet à 20 Mo.")
    else:
        question.file_types = []
        question.max_file_size = Question._meta.get_field("max_file_size").default
    if errors:
        raise ValidationError(errors)
    question.full_clean(exclude=["call", "position"], validate_constraints=False)


QUESTION_FIELDS = (
    "label",
    "help_text",
    "kind",
    "required",
    "choices",
    "max_length",
    "minimum",
    "maximum",
    "file_types",
    "max_file_size",
)


@transaction.atomic
def question_save(*, actor, call: Call, question: Question | None = None, **fields) -> Question:
    """Add a question at the end of the form, or change one, while no one has submitted."""
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown question fields: {sorted(unknown)}")
    require(permissions.can_manage_call(actor, call))
    Call.objects.select_for_update().filter(pk=call.pk).first()
    frozen = form_is_frozen(call)
    if frozen:
        raise ValidationError(frozen)
    creating = question is None
    if creating:
        last = call.questions.aggregate(last=Max("position"))["last"] or 0
        question = Question(call=call, position=last + 1)
    elif question.call_id != call.pk:
        raise ValidationError(_("Cette question appartient à un autre appel."))
    old_kind = question.kind
    for name, value in fields.items():
        setattr(question, name, value.strip() if isinstance(value, str) else value)
    _clean_question(question)
    question.save()
    if not creating and old_kind != question.kind:
        # Drafts' answers of another type would not fit any more.
        question.answers.all().delete()
    log(
        call=call,
        actor=actor,
        kind="question_add" if creating else "question_update",
        comment=question.label,
    )
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    call = question.call
    require(permissions.can_manage_call(actor, call))
    frozen = form_is_frozen(call)
    if frozen:
        raise ValidationError(frozen)
    label = question.label
    question.delete()
    log(call=call, actor=actor, kind="question_delete", comment=label)


# The scoring grid.


def grid_is_frozen(call: Call) -> str:
    if call.state not in workflows.CALL_EDITABLE_FORM:
        return _("La grille ne se modifie plus : l’instruction des candidatures a commencé.")
    return ""


CRITERION_FIELDS = ("name", "description", "weight", "max_score")


@transaction.atomic
def criterion_save(*, actor, call: Call, criterion: Criterion | None = None, **fields) -> Criterion:
    """Add a criterion to the grid, or change one, until the jury starts reading."""
    unknown = set(fields) - set(CRITERION_FIELDS)
    if unknown:
        raise TypeError(f"unknown criterion fields: {sorted(unknown)}")
    require(permissions.can_manage_call(actor, call))
    Call.objects.select_for_update().filter(pk=call.pk).first()
    frozen = grid_is_frozen(call)
    if frozen:
        raise ValidationError(frozen)
    creating = criterion is None
    if creating:
        last = call.criteria.aggregate(last=Max("position"))["last"] or 0
        criterion = Criterion(call=call, position=last + 1)
    elif criterion.call_id != call.pk:
        raise ValidationError(_("Ce critère appartient à un autre appel."))
    for name, value in fields.items():
        setattr(criterion, name, value.strip() if isinstance(value, str) else value)
    errors = {}
    if not 1 <= (criterion.weight or 0) <= 100:
        errors["weight"] = _("Le poids va de 1 à 100.")
    if not 1 <= (criterion.max_score or 0) <= 100:
        errors["max_score"] = _("La note maximale va de 1 à 100.")
    if errors:
        raise ValidationError(errors)
    criterion.full_clean(exclude=["call", "position"], validate_constraints=False)
    criterion.save()
    log(
        call=call,
        actor=actor,
        kind="criterion_add" if creating else "criterion_update",
        comment=criterion.name,
    )
    return criterion


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    call = criterion.call
    require(permissions.can_manage_call(actor, call))
    frozen = grid_is_frozen(call)
    if frozen:
        raise ValidationError(frozen)
    name = criterion.name
    criterion.delete()
    log(call=call, actor=actor, kind="criterion_delete", comment=name)
