import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from passeurs.directory import validators


def luhn_complete(prefix: str) -> str:
    """Append the digit that makes `prefix` pass the Luhn check."""
    for digit in "0123456789":
        if validators.luhn_ok(prefix + digit):
            return prefix + digit
    raise AssertionError("unreachable")


digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@given(digits)
def test_every_luhn_completed_siren_is_valid(prefix):
    assert validators.is_siren(luhn_complete(prefix))


@given(digits, st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_changing_one_digit_of_a_siren_breaks_it(prefix, position, delta):
    siren = luhn_complete(prefix)
    changed = siren[:position] + str((int(siren[position]) + delta) % 10) + siren[position + 1 :]
    assert not validators.is_siren(changed)


@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_every_luhn_completed_siret_is_valid(prefix):
    siret = luhn_complete(prefix)
    assert validators.is_siret(siret) or siret.startswith(validators.LA_POSTE_SIREN)


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_la_poste_sirets_follow_their_own_rule(suffix):
    siret = validators.LA_POSTE_SIREN + suffix
    expected = validators.luhn_ok(siret) or sum(map(int, siret)) % 5 == 0
    assert validators.is_siret(siret) is expected


def test_it_accepts_real_identifiers():
    assert validators.is_siren("552 100 554")  # Peugeot, spaced as people type it
    assert validators.is_siret("55210055400013")
    assert validators.is_siret("35600000000048")  # La Poste head office
    assert validators.is_siret("35600000049837")  # a La Poste office: fails Luhn, sum % 5 == 0
    assert validators.is_rna("W9T1002867")  # real Mayotte RNA number, letters after the W
    assert validators.is_rna("W751234567")
    assert validators.is_postal_code("2A004") is False
    assert validators.is_postal_code("97600")
    assert validators.is_postal_code("75007")


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validators.validate_siren, "552100553"),
        (validators.validate_siren, "55210055"),
        (validators.validate_siren, "abcdefghi"),
        (validators.validate_siret, "55210055400012"),
        (validators.validate_siret, "5521005540001"),
        (validators.validate_rna, "X751234567"),
        (validators.validate_rna, "W75123456"),
        (validators.validate_postal_code, "00100"),
        (validators.validate_postal_code, "7500"),
        (validators.validate_postal_code, "99000"),
    ],
)
def test_it_rejects_invalid_identifiers_with_a_message(validator, value):
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    assert excinfo.value.messages[0]
