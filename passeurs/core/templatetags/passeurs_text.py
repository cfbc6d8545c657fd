"""Typography for text people typed, shown inside the pages' own sentences."""

import re

from django import template

register = template.Library()

_OPENING = re.compile(r"«[\s\u00a0\u202f]*")
_CLOSING = re.compile(r"[\s\u00a0\u202f]*»")


@register.filter
def inner_quotes(value) -> str:
    """A title quoted inside « »: its own « » become “ ” (« Hackathon “La fonction publique
    s’engage” du CHESP »), as French typography nests quotation marks. Still escaped after."""
    return _CLOSING.sub("”", _OPENING.sub("“", str(value)))
