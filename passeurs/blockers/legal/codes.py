"""The table of French codes shipped in `data/codes.csv`.

Each row gives a stable slug, the name Légifrance uses and the short forms people
type for the code (acronyms, doctrinal abbreviations such as "C. trav.", short names
such as "code rural"), separated by "|". A short form listed under several codes
(CE, CT, CR, CPCE) is ambiguous on purpose: the parser flags it and keeps the
candidates rather than choosing one. Three repealed codes that texts still cite
(code de la famille et de l'aide sociale, code des marchés publics, code des
communes) have rows of their own, so that they are never mapped onto their successors.
"""

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "codes.csv"


@dataclass(frozen=True)
class Code:
    slug: str
    name: str
    abbreviations: tuple[str, ...]


@functools.cache
def read_codes() -> tuple[Code, ...]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Code(
                slug=row["slug"],
                name=row["name"],
                abbreviations=tuple(
                    form.strip() for form in row["abbreviations"].split("|") if form.strip()
                ),
            )
            for row in csv.DictReader(handle)
        )


@functools.cache
def codes_by_slug() -> dict[str, Code]:
    return {code.slug: code for code in read_codes()}
