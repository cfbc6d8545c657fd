"""Find French legal citations in free text and turn them into stable references.

Pure Python on purpose (no Django): the blockers app adapts its rows to and from
these plain values. The scanner reads a folded copy of the text (lower case, no
accents, typographic apostrophes, dashes and spaces mapped to ASCII) that has
exactly the length of the original, so every offset found there is an offset into
the original text.

Keys, the same for every way of typing a reference:

    code:<code slug>:<article>            an article of a code of the table
    unknown:<slug of the code as typed>:<article>
                                          the code is unknown or ambiguous (empty when missing)
    law:<number>, decree:<number>, ordinance:<number>   or :<ISO date> when cited by date
    arrete:<number>, arrete:<ISO date>[:<first words of the title>]
    circular:<number or ISO date>
    lfss:<year>, lfi:<year>               lois de financement de la sécurité sociale, de finances
    unknown:<slug of the raw text>        a citation recognised but not identifiable
    <key of a text>#<article>             an article of a law, decree, arrêté...

Articles in keys drop the star of "R*" articles: R*123-4 and R123-4 are one article.
Nothing is guessed: what cannot be resolved keeps its typing and gets a flag.

This module is the one callers import: it keeps `parse` and re-exports the public names.
The parser lives beside it in this package, by topic: `references` (`Kind`, the flags,
`Reference`), `patterns` (the vocabulary and the regular expressions matched against
the folded text), `normalise` (folding, slugs, articles, keys, dates), `code_names`
(how the codes of the table in `codes` are recognised), `scanner` (the scan itself)
and `formatting` (`format_reference`). Helpers and constants are not re-exported:
import them from the module that defines them.
"""

from passeurs.blockers.legal.formatting import format_reference
from passeurs.blockers.legal.normalise import normalise_article, normalise_key
from passeurs.blockers.legal.references import (
    AMBIGUOUS_CODE,
    INVALID_DATE,
    MISSING_CODE,
    MISSING_NUMBER,
    NO_NUMBER,
    RANGE,
    UNKNOWN_CODE,
    Kind,
    Reference,
)
from passeurs.blockers.legal.scanner import _Scanner

__all__ = [
    "AMBIGUOUS_CODE",
    "INVALID_DATE",
    "MISSING_CODE",
    "MISSING_NUMBER",
    "NO_NUMBER",
    "RANGE",
    "UNKNOWN_CODE",
    "Kind",
    "Reference",
    "format_reference",
    "normalise_article",
    "normalise_key",
    "parse",
]


def parse(text: str) -> list[Reference]:
    """Every citation in `text`, in order, without overlaps."""
    return _Scanner(text).run() if text else []
