"""Typography for text people typed, shown inside the pages' own sentences."""

from django import template

from passeurs.core import text

register = template.Library()


@register.filter
def inner_quotes(value) -> str:
    """`core.text.inner_quotes`; the result is still escaped."""
    return text.inner_quotes(value)
