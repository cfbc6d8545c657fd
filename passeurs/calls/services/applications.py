"""Applications: started for an initiative, saved as drafts as the applicant goes, submitted
before the deadline (then read-only), withdrawn before the decision.

Every write checks the version the applicant read, so that two tabs cannot overwrite each
other silently (ConflictError, HTTP 409). Bad input stores nothing.
"""

import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passeurs.calls import filetypes, permissions, selectors, workflows
from passeurs.calls.models import (
    Answer,
    Application,
    ApplicationState,
    Call,
    CallState,
    Question,
    QuestionKind,
)
from passeurs.calls.services.calls import NUMBER_LIMIT, TEXT_LIMITS, when
from passeurs.calls.services.common import log
from passeurs.calls.tasks import queue_notification
from passeurs.core.exceptions import TransitionError
from passeurs.core.permissions import require
from passeurs.core.versioning import save_versioned

UNSET = object()
TEXT_KINDS = (QuestionKind.TEXT, QuestionKind.LONG_TEXT)


def field_name(question: Question) -> str:
    """The form field of a question, which the services' errors are keyed by."""
    return f"q_{question.pk}"


def megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " Mo"


def _check_open(call: Call, *, to_submit: bool) -> None:
    now = timezone.now()
    if call.state != CallState.PUBLISHED:
        if call.state in workflows.CALL_AFTER_CLOSING:
            raise ValidationError(
                _("L’appel est clos depuis le %(date)s.") % {"date": when(call.closes_at)}
            )
        raise ValidationError(_("Cet appel n’est pas ouvert aux candidatures."))
    if now >= call.closes_at:
        raise ValidationError(
            _("L’appel est clos depuis le %(date)s.") % {"date": when(call.closes_at)}
        )
    if to_submit and now < call.opens_at:
        raise ValidationError(
            _(
                "L’appel ouvre le %(date)s : vous pourrez déposer votre candidature "
                "à partir de ce moment."
            )
            % {"date": when(call.opens_at)}
        )


@transaction.atomic
def application_start(*, actor, call: Call, initiative) -> Application:
    """Start an initiative's application to a call, or return the one it already has (a
    withdrawn one is reopened as a draft while the call is open)."""
    require(permissions.can_apply_with(actor, initiative))
    existing = (
        Application.objects.select_for_update().filter(call=call, initiative=initiative).first()
    )
    if existing is not None:
        if existing.state == ApplicationState.WITHDRAWN:
            _check_open(call, to_submit=False)
            source = existing.state
            save_versioned(
                existing, existing.version, state=ApplicationState.DRAFT, submitted_at=None
            )
            log(
                call=call,
                actor=actor,
                kind="application_reopen",
                application=existing,
                source=source,
                target=existing.state,
            )
        return existing
    _check_open(call, to_submit=False)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                initiative=initiative,
                organisation=initiative.organisation,
                applicant=actor,
            )
    except IntegrityError:
        # Another tab started it at the same moment: that one is the draft.
        return Application.objects.get(call=call, initiative=initiative)
    log(
        call=call,
        actor=actor,
        kind="application_start",
        application=application,
        target=application.state,
    )
    return application


def parse_number(raw: str) -> Decimal | None:
    """A number as people type it in French: "1 200", "12,5"; None when empty."""
    text = str(raw).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Saisissez un nombre, par exemple 1200 ou 12,5.")) from None
    if not value.is_finite():
        raise ValidationError(_("Saisissez un nombre, par exemple 1200 ou 12,5."))
    if abs(value) > NUMBER_LIMIT:
        raise ValidationError(_("Ce nombre est trop grand."))
    return value.quantize(Decimal("0.01"))


def clean_answer(question: Question, raw) -> dict:
    """The answer's columns for a raw value typed by the applicant; ValidationError if it
    does not fit the question (empty is fine: drafts are partial)."""
    if question.kind in TEXT_KINDS:
        text = str(raw or "").replace("\r\n", "\n").strip()
        limit = question.max_length or TEXT_LIMITS[question.kind]
        if len(text) > limit:
            raise ValidationError(
                _("Votre réponse fait %(length)d caractères ; %(limit)d au plus.")
                % {"length": len(text), "limit": limit}
            )
        return {"text": text, "number": None}
    if question.kind == QuestionKind.NUMBER:
        value = parse_number(raw or "")
        if value is not None:
            if question.minimum is not None and value < question.minimum:
                raise ValidationError(
                    _("Le nombre est au moins %(min)s.") % {"min": plain_number(question.minimum)}
                )
            if question.maximum is not None and value > question.maximum:
                raise ValidationError(
                    _("Le nombre est au plus %(max)s.") % {"max": plain_number(question.maximum)}
                )
        return {"text": "", "number": value}
    if question.kind == QuestionKind.CHOICE:
        text = str(raw or "").strip()
        if text and text not in question.choices:
            raise ValidationError(_("Choisissez une des réponses proposées."))
        return {"text": text, "number": None}
    raise ValidationError(_("Cette question attend un fichier."))


def plain_number(value: Decimal) -> str:
    """1200 rather than 1.2E+3 or 1200.00; a decimal comma."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def allowed_extensions(question: Question) -> list[str]:
    return list(question.file_types or filetypes.DEFAULT_EXTENSIONS)


def check_file(question: Question, upload) -> str:
    """The checked file's extension; ValidationError when its type, content or size is
    not what the question accepts."""
    if question.kind != QuestionKind.FILE:
        raise ValidationError(_("Cette question n’attend pas de fichier."))
    allowed = allowed_extensions(question)
    extension = filetypes.extension_of(upload.name or "")
    if extension not in allowed:
        raise ValidationError(
            _("Ce type de fichier n’est pas accepté : déposez un fichier %(types)s.")
            % {"types": ", ".join(t.upper() for t in allowed)}
        )
    if upload.size > question.max_file_size:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(size)s.")
            % {"size": megabytes(question.max_file_size)}
        )
    if not upload.size:
        raise ValidationError(_("Le fichier est vide."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not filetypes.content_matches(extension, data):
        raise ValidationError(
            _(
                "Le contenu du fichier ne correspond pas à son extension .%(extension)s : "
                "déposez un vrai fichier %(label)s."
            )
            % {"extension": extension, "label": filetypes.BY_EXTENSION[extension].label}
        )
    return extension


def _check_editable(actor, application: Application) -> None:
    require(permissions.can_edit_application(actor, application))
    if application.state != ApplicationState.DRAFT:
        raise TransitionError(
            _("Cette candidature est « %(state)s » : elle ne se modifie plus.")
            % {"state": application.get_state_display()},
            allowed=[],
        )


@transaction.atomic
def application_save_draft(
    *,
    actor,
    application: Application,
    version: int,
    answers: dict | None = None,
    files: dict | None = None,
    requested_amount=UNSET,
) -> Application:
    """Save whatever the applicant has given so far: `answers` maps question ids to typed
    text, `files` question ids to uploaded files. Each value is checked against its
    question; one bad value and nothing is stored."""
    _check_editable(actor, application)
    call = application.call
    _check_open(call, to_submit=False)
    questions = {question.pk: question for question in call.questions.all()}
    errors: dict[str, list] = {}
    cleaned: dict[int, dict] = {}
    checked: dict[int, tuple[object, str]] = {}

    def question_of(key):
        try:
            return questions.get(int(key))
        except (TypeError, ValueError):
            return None

    for key, raw in (answers or {}).items():
        question = question_of(key)
        if question is None:
            raise ValidationError(_("Cette question n’est pas celle de cet appel."))
        if question.kind == QuestionKind.FILE:
            continue
        try:
            cleaned[question.pk] = clean_answer(question, raw)
        except ValidationError as error:
            errors[field_name(question)] = error.messages
    for key, upload in (files or {}).items():
        question = question_of(key)
        if question is None:
            raise ValidationError(_("Cette question n’est pas celle de cet appel."))
        try:
            checked[question.pk] = (upload, check_file(question, upload))
        except ValidationError as error:
            errors[field_name(question)] = error.messages
    amount = application.requested_amount
    if requested_amount is not UNSET:
        amount = requested_amount if call.budget else None
        if amount is not None and (amount < 0 or amount > call.budget):
            errors["requested_amount"] = [
                _("Le montant demandé va de 0 à l’enveloppe de l’appel, %(budget)s euros.")
                % {"budget": f"{call.budget:,}".replace(",", "\u202f")}
            ]
    if errors:
        raise ValidationError(errors)
    save_versioned(application, version, requested_amount=amount)
    for question_id, values in cleaned.items():
        Answer.objects.update_or_create(
            application=application, question_id=question_id, defaults=values
        )
    for question_id, (upload, extension) in checked.items():
        answer, _created = Answer.objects.get_or_create(
            application=application, question_id=question_id
        )
        previous = answer.file.name if answer.file else ""
        # Stored under a random name; the original name is only shown and sent back.
        answer.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        answer.file_name = (upload.name or "")[-255:]
        answer.save()
        if previous:
            storage = answer.file.storage
            transaction.on_commit(lambda name=previous, s=storage: s.delete(name))
    return application


def answered(question: Question, answer: Answer | None) -> bool:
    if answer is None:
        return False
    if question.kind == QuestionKind.FILE:
        return bool(answer.file)
    if question.kind == QuestionKind.NUMBER:
        return answer.number is not None
    return bool(answer.text.strip())


@transaction.atomic
def application_submit(*, actor, application: Application, version: int) -> Application:
    """Submit a draft: before the deadline, every required question answered, the project
    eligible. It is read-only afterwards; the applicant gets a confirmation e-mail."""
    _check_editable(actor, application)
    call = application.call
    _check_open(call, to_submit=True)
    answers = {answer.question_id: answer for answer in application.answers.all()}
    errors: dict[str, list] = {}
    for question in call.questions.all():
        if question.required and not answered(question, answers.get(question.pk)):
            errors[field_name(question)] = [_("Répondez à cette question pour déposer.")]
    if call.budget:
        if application.requested_amount is None:
            errors["requested_amount"] = [_("Indiquez le montant demandé.")]
        elif application.requested_amount > call.budget:
            errors["requested_amount"] = [_("Le montant demandé dépasse l’enveloppe de l’appel.")]
    reasons = selectors.eligibility_reasons(call, application.initiative)
    if reasons:
        errors["__all__"] = [
            _("Ce projet n’est pas éligible à cet appel :"),
            *reasons,
        ]
    if errors:
        raise ValidationError(errors)
    source = application.state
    save_versioned(
        application, version, state=ApplicationState.SUBMITTED, submitted_at=timezone.now()
    )
    log(
        call=call,
        actor=actor,
        kind="application_submit",
        application=application,
        source=source,
        target=application.state,
    )
    queue_notification(application, "submitted")
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application, version: int) -> Application:
    """Its applicant withdraws a draft or a submitted application, before the decision."""
    require(permissions.can_edit_application(actor, application))
    if application.state not in workflows.APPLICATION_WITHDRAWABLE:
        raise TransitionError(
            _("Cette candidature ne peut plus être retirée."),
            allowed=workflows.application_targets_from(application.state),
        )
    if application.call.state in (CallState.DECIDED, CallState.ARCHIVED):
        raise TransitionError(
            _("Les lauréats sont désignés : la candidature ne se retire plus."), allowed=[]
        )
    source = application.state
    save_versioned(application, version, state=ApplicationState.WITHDRAWN)
    log(
        call=application.call,
        actor=actor,
        kind="application_withdraw",
        application=application,
        source=source,
        target=application.state,
    )
    if source == ApplicationState.SUBMITTED:
        queue_notification(application, "withdrawn")
    return application
