"""Every API error has one JSON shape: {"detail": ..., "errors": {field: [messages]}}.

Messages follow the request language (French by default). Type errors found by pydantic
are given Django's own translated messages, so the API speaks like the forms do.
"""

from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.forms import ChoiceField, Field, IntegerField, MultipleChoiceField
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from passeurs.core.exceptions import ConflictError


class InvalidInput(NinjaValidationError):
    """Input refused, with its messages already grouped by field."""

    def __init__(self, errors: dict[str, list[str]]):
        self.field_errors = {
            field: [str(m) for m in messages] for field, messages in errors.items()
        }
        super().__init__([self.field_errors])


def form_errors(form) -> dict[str, list[str]]:
    return {field: list(messages) for field, messages in form.errors.items()}


def _field_name(loc: tuple) -> str:
    """("body", "payload", "challenges", 0) -> "challenges"; ("query", "page") -> "page"."""
    source, *rest = loc
    if source == "body" and rest:
        rest = rest[1:]  # the name of the view's payload argument
    names = [str(part) for part in rest if not isinstance(part, int)]
    return ".".join(names) or NON_FIELD_ERRORS


def _message(error: dict) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return str(Field.default_error_messages["required"])
    if value is None:
        return str(models.Field.default_error_messages["null"])
    if kind == "string_too_long":
        limits = {"limit_value": error["ctx"]["max_length"], "show_value": len(value)}
        return validators.MaxLengthValidator.message % limits
    if kind.startswith("int_"):
        return str(IntegerField.default_error_messages["invalid"])
    if kind.startswith("bool_"):
        return str(models.BooleanField.default_error_messages["invalid"]) % {"value": value}
    if kind == "list_type":
        return str(MultipleChoiceField.default_error_messages["invalid_list"])
    if kind in ("literal_error", "enum"):
        return str(ChoiceField.default_error_messages["invalid_choice"]) % {"value": value}
    return str(validators.RegexValidator.message)


def invalid_input_from_pydantic(errors: list[dict]) -> InvalidInput:
    grouped: dict[str, list[str]] = {}
    for error in errors:
        messages = grouped.setdefault(_field_name(tuple(error["loc"])), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return InvalidInput(grouped)


def _respond(api, request, status: int, detail, errors=None, headers=None):
    body = {"detail": str(detail)}
    if errors is not None:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def register(api) -> None:
    """Install the French (and translated) error responses on `api`."""

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        if isinstance(exc, InvalidInput):
            errors = exc.field_errors
        else:
            errors = {NON_FIELD_ERRORS: [str(validators.RegexValidator.message)]}
        return _respond(api, request, 422, _("Les données envoyées ne sont pas valides."), errors)

    @api.exception_handler(ValidationError)
    def refused_by_a_service(request, exc):
        if hasattr(exc, "error_dict"):
            errors = exc.message_dict
        else:
            errors = {NON_FIELD_ERRORS: exc.messages}
        return _respond(api, request, 422, _("Les données envoyées ne sont pas valides."), errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        detail = _(
            "Authentification requise : envoyez un jeton d’accès personnel valide "
            "dans l’en-tête « Authorization: Bearer <jeton> »."
        )
        return _respond(api, request, 401, detail, headers={"WWW-Authenticate": "Bearer"})

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        detail = str(exc) or _("Vous n’avez pas le droit d’effectuer cette action.")
        return _respond(api, request, 403, detail)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _respond(api, request, 404, str(exc) or _("Ressource introuvable."))

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        return _respond(api, request, 409, str(exc))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        # Ninja raises 400 only when the body is not valid JSON; its message is English.
        detail = (
            _("Le corps de la requête n’est pas un JSON valide.")
            if exc.status_code == 400
            else exc.message
        )
        return _respond(api, request, exc.status_code, detail)
