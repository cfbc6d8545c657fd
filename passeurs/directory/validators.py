"""French identifiers: SIREN, SIRET, RNA, postal code. Pure functions plus Django validators."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share the SIREN 356 000 000; their SIRETs do not pass Luhn but
# the sum of their digits is a multiple of 5 (INSEE's documented exception).
LA_POSTE_SIREN = "356000000"

_RNA = re.compile(r"^W[0-9A-Z]{9}$")
_POSTAL_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$")


def luhn_ok(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def compact(value: str) -> str:
    """Drop the spaces, dots and dashes people type inside identifiers."""
    return re.sub(r"[\s.\-]", "", value or "")


def is_siren(value: str) -> bool:
    value = compact(value)
    return len(value) == 9 and luhn_ok(value)


def is_siret(value: str) -> bool:
    value = compact(value)
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN):
        return luhn_ok(value) or sum(int(c) for c in value) % 5 == 0
    return luhn_ok(value)


def is_rna(value: str) -> bool:
    return bool(_RNA.match(compact(value).upper()))


def is_postal_code(value: str) -> bool:
    return bool(_POSTAL_CODE.match(compact(value)))


def validate_siren(value: str) -> None:
    if not is_siren(value):
        raise ValidationError(
            _("Le SIREN doit comporter 9 chiffres et être valide (clé de Luhn)."), code="siren"
        )


def validate_siret(value: str) -> None:
    if not is_siret(value):
        raise ValidationError(
            _("Le SIRET doit comporter 14 chiffres et être valide (clé de Luhn)."), code="siret"
        )


def validate_rna(value: str) -> None:
    if not is_rna(value):
        raise ValidationError(
            _("Le numéro RNA commence par W suivi de 9 chiffres ou lettres (ex. W751234567)."),
            code="rna",
        )


def validate_postal_code(value: str) -> None:
    if not is_postal_code(value):
        raise ValidationError(
            _("Le code postal doit comporter 5 chiffres (ex. 75007)."), code="postal_code"
        )
