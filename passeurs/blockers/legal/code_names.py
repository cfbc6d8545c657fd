"""How the codes of the table (`codes.py`) are recognised in the folded text.

Every name and short form of a code becomes a pattern; a form shared by several codes
names them all (the scanner flags it as ambiguous). `_Code` is what a citation of
articles belongs to: a code of the table, one typed but unknown, or none.
"""

import functools
import re
from dataclasses import dataclass

from passeurs.blockers.legal.codes import read_codes
from passeurs.blockers.legal.normalise import _key_article, _slug
from passeurs.blockers.legal.references import MISSING_CODE

# Codes of the table ------------------------------------------------------------------


def _compact(form: str) -> str:
    return _slug(form).replace("-", "")


def _form_pattern(form: str) -> str:
    if re.fullmatch(r"[A-Z0-9]{2,}", form):  # an acronym, maybe typed "C.S.P."
        return r"\.?".join(re.escape(char.lower()) for char in form)
    pattern = r"[\s.,'-]*+".join(_slug(form).split("-"))
    return pattern + (r"\.?" if form.endswith(".") else "")


@dataclass(frozen=True)
class _CodeTable:
    forms: dict[str, tuple[str, ...]]  # compact form -> slugs of the codes it names
    match: re.Pattern
    before: re.Pattern  # a code that ends right before an "art."
    first_letters: frozenset[str]


@functools.cache
def _code_table() -> _CodeTable:
    forms: dict[str, set[str]] = {}
    patterns: dict[str, str] = {}
    for code in read_codes():
        for form in (code.name, *code.abbreviations):
            forms.setdefault(_compact(form), set()).add(code.slug)
            patterns.setdefault(_form_pattern(form), _compact(form))
    # Longest first: re takes the first alternative that matches, not the longest.
    ordered = sorted(patterns, key=lambda pattern: (-len(patterns[pattern]), pattern))
    alternation = "|".join(f"(?:{pattern})" for pattern in ordered)
    return _CodeTable(
        forms={form: tuple(sorted(slugs)) for form, slugs in forms.items()},
        match=re.compile(rf"(?:{alternation})(?![a-z0-9])", re.ASCII),
        before=re.compile(rf"(?P<code>(?:{alternation}))(?![a-z0-9])\s*+,?\s*+\Z", re.ASCII),
        first_letters=frozenset(form[0] for form in forms),
    )


@dataclass(frozen=True)
class _Code:
    slug: str | None
    name: str | None
    candidates: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    def key(self, article: str) -> str:
        if self.slug:
            return f"code:{self.slug}:{_key_article(article)}"
        return f"unknown:{_slug(self.name or '')}:{_key_article(article)}"


_NO_CODE = _Code(slug=None, name=None, flags=(MISSING_CODE,))
