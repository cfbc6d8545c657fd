"""`in` on an integer column: values no column can hold match nothing instead of failing."""

import pytest
from django import forms

from passeurs.core.models import Challenge
from passeurs.directory.models import Organisation

pytestmark = pytest.mark.django_db

TOO_LARGE = 10**20  # beyond 64 bits: SQLite raised OverflowError
TOO_SMALL = -(10**20)


def test_values_beyond_the_column_match_nothing(organisation):
    assert list(Organisation.objects.filter(pk__in=[TOO_LARGE])) == []
    assert list(Organisation.objects.filter(pk__in=[TOO_SMALL, TOO_LARGE])) == []
    assert list(Organisation.objects.filter(pk__in=[organisation.pk, TOO_LARGE])) == [organisation]
    assert Organisation.objects.exclude(pk__in=[TOO_LARGE]).count() == 1


def test_the_values_a_column_holds_are_kept(organisation):
    largest = 2**63 - 1
    assert list(Organisation.objects.filter(pk__in=[largest, organisation.pk])) == [organisation]
    assert list(Organisation.objects.filter(pk__in=[str(organisation.pk)])) == [organisation]
    # A subquery is left to the database.
    ids = Organisation.objects.values("pk")
    assert list(Organisation.objects.filter(pk__in=ids)) == [organisation]


def test_a_multiple_choice_with_an_impossible_id_is_refused_in_words():
    challenge = Challenge.objects.first()
    field = forms.ModelMultipleChoiceField(queryset=Challenge.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(challenge.pk), str(TOO_LARGE)])
    assert str(TOO_LARGE) in str(refused.value)
    assert field.clean([str(challenge.pk)]).get() == challenge
