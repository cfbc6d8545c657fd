"""Deterministic, valid French identifiers for invented demo organisations."""

from passeurs.directory.validators import luhn_ok


def luhn_key(digits: str) -> str:
    """The check digit that makes `digits + key` pass the Luhn check."""
    if not digits.isdigit():
        raise ValueError(f"digits expected, got {digits!r}")
    return next(key for key in "0123456789" if luhn_ok(digits + key))


def siren(first_eight: str) -> str:
    """A SIREN: eight chosen digits and their Luhn key."""
    if len(first_eight) != 8:
        raise ValueError("a SIREN is built from 8 digits")
    return first_eight + luhn_key(first_eight)


def siret(siren_number: str, nic: str) -> str:
    """A SIRET: the SIREN, a 4-digit establishment number and the Luhn key of all 14 digits."""
    if len(siren_number) != 9 or len(nic) != 4:
        raise ValueError("a SIRET is built from a 9-digit SIREN and a 4-digit NIC")
    return siren_number + nic + luhn_key(siren_number + nic)
