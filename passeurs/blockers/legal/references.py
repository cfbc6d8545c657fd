"""What the parser finds: the kinds of text, the flags and `Reference`.

`parser` re-exports these names; see its docstring for the keys.
"""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    CODE_ARTICLE = "code_article"
    LAW = "law"
    FINANCE_LAW = "finance_law"
    ORDINANCE = "ordinance"
    DECREE = "decree"
    ARRETE = "arrete"
    CIRCULAR = "circular"
    UNKNOWN = "unknown"


AMBIGUOUS_CODE = "ambiguous_code"  # a short form shared by several codes: see `candidates`
UNKNOWN_CODE = "unknown_code"  # "code des licornes": kept as typed in `code_name`
MISSING_CODE = "missing_code"  # an article cited without its code
MISSING_NUMBER = "missing_number"  # "n°" written but the number left out
NO_NUMBER = "no_number"  # a text identified by its date (and title) only
INVALID_DATE = "invalid_date"  # "31 février": the date is dropped
RANGE = "range"  # one end of "articles X à Y": the articles between are cited too


@dataclass(frozen=True)
class Reference:
    """One citation found in a text; `raw == text[start:end]`.

    `code_name` is the table's name when `code_slug` is set, otherwise the code as
    typed. `date` is an ISO date. `candidates` lists the slugs of an ambiguous code.
    """

    kind: Kind
    raw: str
    start: int
    end: int
    key: str
    code_slug: str | None = None
    code_name: str | None = None
    article: str | None = None
    number: str | None = None
    date: str | None = None
    year: int | None = None
    title: str | None = None
    flags: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


def _flags(*flags: str) -> tuple[str, ...]:
    return tuple(sorted(set(flags)))
