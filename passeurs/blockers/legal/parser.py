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
"""

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date as Date
from enum import StrEnum

from passeurs.blockers.legal.codes import codes_by_slug, read_codes


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


# Folding -----------------------------------------------------------------------------

_SPECIAL_CHARS = {
    **dict.fromkeys("’‘ʼ`´′", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\n": "\n",
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character in, exactly one out, so offsets survive folding."""
    if char in _SPECIAL_CHARS:
        return _SPECIAL_CHARS[char]
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if len(base) == 1:
        return base
    lower = char.lower()
    return lower if len(lower) == 1 else char


def _fold(text: str) -> str:
    return "".join(map(_fold_char, text))


def _slug(value: str) -> str:
    """ASCII words joined by "-": the form every free part of a key takes."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    return _NON_ALNUM.sub("-", plain).strip("-")


# Patterns (matched against the folded text) -----------------------------------------

_LATIN = [
    "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "novies",
    "decies", "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies",
    "septdecies", "octodecies", "novodecies", "vicies",
]  # fmt: skip
_LATIN_PATTERN = "|".join(sorted(_LATIN, key=len, reverse=True))
_ITEM = (
    r"(?P<item>(?:(?P<prefix>lo|[lrda])(?P<pmark>[.*\s]*+))?"
    r"(?:(?P<num>[0-9]++(?:-[0-9]++)*+)(?:\s?er(?![a-z0-9]))?"
    rf"(?:\s++(?P<latin>{_LATIN_PATTERN})(?![a-z0-9]))?|(?P<premier>premier))"
    r"(?![a-z0-9]))"
)
_ALINEA = r"(?:\s*+,?\s*+(?:alinea|al\.)\s*+[0-9]++(?:\s?er)?(?![a-z0-9]))?"
_ITEM_FULL = re.compile(r"\s*+" + _ITEM + r"\s*+", re.ASCII)
_FIRST_ITEM = re.compile(r"\s*+" + _ITEM + _ALINEA, re.ASCII)
_NEXT_ITEM = re.compile(
    r"\s*+(?P<joint>,\s*+(?:(?:et|ou)\s++)?|(?:et|ou|au|a)\s++)" + _ITEM + _ALINEA, re.ASCII
)
_FOLLOWING = re.compile(r"\s*+(?:et\s++)?(?:suivants|s\.|ss\.?)(?![a-z])", re.ASCII)

_MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip
_MONTH_PATTERN = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?:[0-9]{{1,2}}(?:\s?er)?\s++(?:{_MONTH_PATTERN})\.?\s++[12][0-9]{{3}}"
    r"|[0-9]{1,2}[/.][0-9]{1,2}[/.][12][0-9]{3})(?![0-9])"
)
_DATE_PARTS = re.compile(
    r"(?P<day>[0-9]++)(?:\s?er)?\s++(?P<month>[a-z]++)\.?\s++(?P<year>[0-9]++)"
    r"|(?P<nday>[0-9]++)[/.](?P<nmonth>[0-9]++)[/.](?P<nyear>[0-9]++)",
    re.ASCII,
)
_DATE_GLUE = r"\s*+,?\s*+(?:du|en\s++date\s++du)\s++"
_MARK = r"(?:n\s?[°o](?![a-z])\.?|numero(?![a-z])|n\.)"
_PLACEHOLDER = r"(?:x{2,}+|\.{2,}+|…++|_{2,}+)"
_LAW_NUMBER = r"[0-9]{2,4}\s?-\s?[0-9]{1,6}(?![0-9])"
_REF = r"(?=[a-z0-9/-]*[0-9])[a-z0-9]++(?:\s?[/-]\s?[a-z0-9]++)*+"
_REF_WITH_SEPARATOR = r"(?=[a-z0-9/-]*[0-9])[a-z0-9]++(?:[/-][a-z0-9]++)++"

_LAW_DECREE_ORDINANCE = re.compile(
    r"(?P<head>loi(?:\s++organique)?|l\.(?=\s*+(?:n\s?[°o]|numero))"
    r"|decret(?:\s++en\s++conseil\s++d'etat|\s++simple)?|ordonnance|ord\.(?=\s*+n))(?![a-z])"
    rf"(?:\s*+(?P<mark>{_MARK}))?"
    rf"(?:\s*+(?:(?P<number>{_LAW_NUMBER})|{_PLACEHOLDER}))?"
    rf"(?:{_DATE_GLUE}(?P<date>{_DATE}))?",
    re.ASCII,
)
_ARRETE_CIRCULAR = re.compile(
    r"(?P<head>arrete(?:\s++(?:ministeriel|interministeriel|prefectoral|municipal|conjoint))?"
    r"|circulaire(?:\s++(?:interministerielle|ministerielle))?)(?![a-z])"
    rf"(?:\s*+(?P<mark>{_MARK})(?:\s*+(?:(?P<number>{_REF})|{_PLACEHOLDER}))?"
    rf"|\s++(?P<bare_number>{_REF_WITH_SEPARATOR}))?"
    rf"(?:{_DATE_GLUE}(?P<date>{_DATE}))?",
    re.ASCII,
)
_LFSS = r"de\s++financement\s++de\s++la\s++securite\s++sociale"
_LFI = r"de\s++finances(?:\s++initiale)?"
_FINANCE = re.compile(
    rf"(?P<head>lfss|lfi|lf|loi\s++{_LFSS}|loi\s++{_LFI})(?![a-z])"
    r"\s*+(?:pour\s++(?:l'annee\s++)?|de\s++)?(?P<year>[12][0-9]{3})(?![0-9])",
    re.ASCII,
)
_FINANCE_TAIL = re.compile(
    rf"\s*+,?\s*+(?P<head>{_LFSS}|{_LFI})\s++pour\s++(?:l'annee\s++)?(?P<year>[12][0-9]{{3}})(?![0-9])",
    re.ASCII,
)
_BILL = re.compile(r"(?:projet|proposition)\s++de\s++\Z", re.ASCII)
_TITLE_START = re.compile(
    r"\s*+,?\s*+(?=(?:relati(?:f|ve)s?|portant|fixant|modifiant|prise?|approuvant|autorisant"
    r"|definissant|determinant|precisant|instituant|creant|organisant|abrogeant|concernant"
    r"|etablissant|pour)(?![a-z]))",
    re.ASCII,
)
_TITLE_STOP = re.compile(
    r"[.;:()\[\]\n,!?\"«»]|(?<![a-z])(?:loi|decret|arrete|ordonnance|circulaire|articles?|art"
    r"|qui|que|dont|lequel|laquelle|est|sont|ont|nous|ne|impose|prevoit|interdit|exige)(?![a-z])",
    re.ASCII,
)
_LAST_WORD = re.compile(r"[a-z0-9']++\Z", re.ASCII)
_DANGLING = {"l'", "d'", "de", "la", "le", "les", "du", "des", "a", "au", "aux", "et", "en", "l"}
_TITLE_STOPWORDS = {
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "un", "une",
    "relatif", "relative", "relatifs", "relatives",
}  # fmt: skip
_TITLE_KEY_WORDS = 4
_TITLE_MAX = 160

_SAME_CODE = re.compile(
    r"\s*+,?\s*+(?:du\s++meme\s++code|dudit\s++code|de\s++ce\s++code|du\s++code\s++precite)"
    r"(?![a-z])",
    re.ASCII,
)
_CODE_GLUE = re.compile(r"\s*+,?\s*+(?P<paren>\(\s*+)?(?:(?:du|au)\s++)?", re.ASCII)
_TEXT_GLUE = re.compile(r"\s*+,?\s*+(?:(?:de\s++la|de\s++l'|du|de)\s*+)?", re.ASCII)
_CLOSE = re.compile(r"\s*+\)", re.ASCII)
# A code missing from the table: "code", maybe an adjective, a connector and one word.
_UNKNOWN_CODE = re.compile(
    r"code(?:\s++(?!(?:de|des|du|d)(?![a-z]))[a-z]++)?"
    r"\s++(?:de\s++la|de\s++l'|des|du|de|d')\s*+[a-z][a-z-]*+",
    re.ASCII,
)
_GAP = re.compile(r"\s*+,?\s*+", re.ASCII)
_LOOKBACK = 80

_TRIGGER = re.compile(
    r"(?<![a-z0-9])(?:(?P<article>articles?|arts?\.?)(?![a-z])"
    r"|(?:loi|l\.|decret|ordonnance|ord\.|arrete|circulaire|lfss|lfi|lf)(?![a-z])"
    r"|(?:lo|[lrda])(?=[.*\s]*+[0-9]++-[0-9]))",
    re.ASCII,
)


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


# Articles and keys -------------------------------------------------------------------


def _article_parts(match: re.Match) -> tuple[str, bool, str, str | None]:
    prefix = (match["prefix"] or "").upper()
    star = "*" in (match["pmark"] or "")
    if match["premier"]:
        number = "1"
    else:
        number = "-".join(group.lstrip("0") or "0" for group in match["num"].split("-"))
    return prefix, star, number, match["latin"]


def _canonical(parts: tuple[str, bool, str, str | None], *, star: bool = True) -> str:
    prefix, has_star, number, latin = parts
    return prefix + ("*" if star and has_star else "") + number + (f" {latin}" if latin else "")


def _parse_article(value: str) -> tuple[str, bool, str, str | None] | None:
    match = _ITEM_FULL.fullmatch(_fold(" ".join(value.split())))
    return _article_parts(match) if match else None


def normalise_article(value: str) -> str:
    """ "L. 165-1" -> "L165-1", "r * 123-4" -> "R*123-4", "1er" -> "1"; else spaces tidied."""
    parts = _parse_article(value)
    return _canonical(parts) if parts else " ".join(value.split())


def _key_article(value: str) -> str:
    for candidate in (value, _slug(value)):
        parts = _parse_article(candidate)
        if parts:
            return _canonical(parts, star=False)
    return _slug(value)


def normalise_key(key: str) -> str:
    """The canonical spelling of a key; idempotent."""
    base, hashed, article = key.partition("#")
    prefix, colon, rest = base.partition(":")
    parts = [_slug(prefix)]
    if colon:
        pieces = rest.split(":")
        if parts[0] in ("code", "unknown") and len(pieces) >= 2:
            parts += [_slug("-".join(pieces[:-1])), _key_article(pieces[-1])]
        else:
            parts += [_slug(piece) for piece in pieces]
    normalised = ":".join(parts)
    return f"{normalised}#{_key_article(article)}" if hashed else normalised


def _parse_date(folded: str) -> str | None:
    match = _DATE_PARTS.fullmatch(folded)
    if not match:
        return None
    if match["day"]:
        day, month, year = int(match["day"]), _MONTHS.get(match["month"], 0), int(match["year"])
    else:
        day, month, year = int(match["nday"]), int(match["nmonth"]), int(match["nyear"])
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


def _french_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1er' if day == 1 else day} {_MONTH_NAMES[month - 1]} {year}"


def _flags(*flags: str) -> tuple[str, ...]:
    return tuple(sorted(set(flags)))


_HEADS = (
    ("loi", Kind.LAW),
    ("l.", Kind.LAW),
    ("decret", Kind.DECREE),
    ("ord", Kind.ORDINANCE),
    ("arrete", Kind.ARRETE),
    ("circulaire", Kind.CIRCULAR),
)
_KEY_PREFIXES = {
    Kind.LAW: "law",
    Kind.DECREE: "decree",
    Kind.ORDINANCE: "ordinance",
    Kind.ARRETE: "arrete",
    Kind.CIRCULAR: "circular",
}


# The scanner -------------------------------------------------------------------------


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.folded = _fold(text)
        self.refs: list[Reference] = []
        self.last_code: _Code | None = None  # for "du même code"

    def run(self) -> list[Reference]:
        position = 0
        while match := _TRIGGER.search(self.folded, position):
            start = match.start()
            if match["article"]:
                end = self._articles(start, match.end(), keyword=True)
            else:
                end = self._standalone_text(start) or self._articles(start, start, keyword=False)
            position = end or match.end()
        return self.refs

    # Laws, decrees, arrêtés...

    def _standalone_text(self, start: int) -> int | None:
        ref = self._read_text(start)
        if ref is None:
            return None
        self.refs.append(ref)
        return ref.end

    def _read_text(self, start: int) -> Reference | None:
        if _BILL.search(self.folded, max(0, start - 30), start):
            return None  # a bill is not a law yet
        if match := _FINANCE.match(self.folded, start):
            return self._finance(start, match.end(), match["head"], int(match["year"]))
        if match := _LAW_DECREE_ORDINANCE.match(self.folded, start):
            return self._numbered_text(match)
        if match := _ARRETE_CIRCULAR.match(self.folded, start):
            return self._numbered_text(match)
        return None

    def _finance(
        self,
        start: int,
        end: int,
        head: str,
        year: int,
        number: str | None = None,
        date: str | None = None,
        flags: list[str] | tuple[str, ...] = (),
    ) -> Reference:
        prefix = "lfss" if head == "lfss" or "financement" in head else "lfi"
        return Reference(
            kind=Kind.FINANCE_LAW,
            raw=self.text[start:end],
            start=start,
            end=end,
            key=f"{prefix}:{year}",
            number=number,
            date=date,
            year=year,
            flags=_flags(*flags),
        )

    def _numbered_text(self, match: re.Match) -> Reference | None:
        head = match["head"]
        kind = next(kind for stem, kind in _HEADS if head.startswith(stem))
        start, end = match.start(), match.end()
        number_group = "number" if match["number"] else "bare_number"
        number = None
        if match.groupdict().get(number_group):
            number = "".join(self.text[match.start(number_group) : match.end(number_group)].split())
        flags = []
        date = None
        if match["date"]:
            date = _parse_date(match["date"])
            if date is None:
                flags.append(INVALID_DATE)
        if match["mark"] and not number:
            flags.append(MISSING_NUMBER)
        title = None
        if kind == Kind.ARRETE:
            title, end = self._title(end)

        if not number and not date:
            if not flags:
                return None  # "la loi", "un décret": no citation at all
            raw = self.text[start:end]
            key = f"unknown:{_slug(raw)}"
            return Reference(Kind.UNKNOWN, raw, start, end, key, flags=_flags(*flags))
        if not number and MISSING_NUMBER not in flags:
            flags.append(NO_NUMBER)
        year = int(date[:4]) if date else None
        if year is None and number and re.match(r"[12][0-9]{3}-", number):
            year = int(number[:4])
        if kind == Kind.LAW and (tail := _FINANCE_TAIL.match(self.folded, end)):
            return self._finance(
                start, tail.end(), tail["head"], int(tail["year"]), number, date, flags
            )
        identifier = _slug(number) if number else date
        key = f"{_KEY_PREFIXES[kind]}:{identifier}"
        if kind == Kind.ARRETE and not number and title:
            words = [w for w in _slug(title).split("-") if w not in _TITLE_STOPWORDS]
            if words:
                key += ":" + "-".join(words[:_TITLE_KEY_WORDS])
        return Reference(
            kind=kind,
            raw=self.text[start:end],
            start=start,
            end=end,
            key=key,
            number=number,
            date=date,
            year=year,
            title=title,
            flags=_flags(*flags),
        )

    def _title(self, position: int) -> tuple[str | None, int]:
        """The title after an arrêté's date, up to punctuation or the next citation."""
        match = _TITLE_START.match(self.folded, position)
        if not match:
            return None, position
        start = match.end()
        limit = min(len(self.folded), start + _TITLE_MAX)
        stop = _TITLE_STOP.search(self.folded, start, limit)
        end = stop.start() if stop else limit
        if not stop and limit < len(self.folded):
            end = max(self.folded.rfind(" ", start, limit), start)
        while True:
            end = start + len(self.folded[start:end].rstrip(" -'"))
            last = _LAST_WORD.search(self.folded, start, end)
            if last and last.start() > start and last.group() in _DANGLING:
                end = last.start()
                continue
            break
        if end <= start:
            return None, position
        return self.text[start:end], end

    # Articles

    def _articles(self, start: int, position: int, *, keyword: bool) -> int | None:
        first = _FIRST_ITEM.match(self.folded, position)
        if not first or not self._item_allowed(first, keyword):
            return None
        items, joints = [first], [""]
        end = first.end()
        while (item := _NEXT_ITEM.match(self.folded, end)) and self._item_allowed(item, keyword):
            items.append(item)
            joints.append(item["joint"].strip(" ,"))
            end = item.end()
        if following := _FOLLOWING.match(self.folded, end):
            end = following.end()

        code, text = None, None
        if target := self._target(end):
            end, code, text = target
        elif keyword and (previous := self._adjacent_text(start)) is not None:
            text = self.refs.pop()
            start = previous
        elif keyword and (before := self._code_before(start)):
            start, code = before
        else:
            code = _NO_CODE
        if code is not None and code is not _NO_CODE:
            self.last_code = code

        ranges = {i for i, joint in enumerate(joints) if joint in ("a", "au")}
        ranges |= {i - 1 for i in ranges}
        for index, item in enumerate(items):
            item_start = start if index == 0 else item.start("item")
            item_end = end if index == len(items) - 1 else item.end("item")
            parts = _article_parts(item)
            article = _canonical(parts)
            extra = (RANGE,) if index in ranges else ()
            raw = self.text[item_start:item_end]
            if text is not None:
                ref = dataclasses.replace(
                    text,
                    raw=raw,
                    start=item_start,
                    end=item_end,
                    article=article,
                    key=f"{text.key}#{_key_article(article)}",
                    flags=_flags(*text.flags, *extra),
                )
            else:
                ref = Reference(
                    kind=Kind.CODE_ARTICLE,
                    raw=raw,
                    start=item_start,
                    end=item_end,
                    key=code.key(article),
                    code_slug=code.slug,
                    code_name=code.name,
                    article=article,
                    flags=_flags(*code.flags, *extra),
                    candidates=code.candidates,
                )
            self.refs.append(ref)
        return end

    def _item_allowed(self, item: re.Match, keyword: bool) -> bool:
        """Without "article" before it, only "L. 165-1" typed with a capital counts.

        D and A also need their dot: "route D 12-3" and "A 6" are roads.
        """
        if keyword:
            return True
        prefix = item["prefix"]
        return bool(
            prefix
            and item["num"]
            and "-" in item["num"]
            and self.text[item.start("item")].isupper()
            and (prefix in ("l", "r", "lo") or "." in item["pmark"])
        )

    def _target(self, position: int) -> tuple[int, _Code | None, Reference | None] | None:
        """What the articles belong to: a code, "du même code", or a law, decree..."""
        if same := _SAME_CODE.match(self.folded, position):
            return same.end(), self.last_code or _NO_CODE, None
        glue = _CODE_GLUE.match(self.folded, position)
        if (match := _code_table().match.match(self.folded, glue.end())) and (
            code := self._known_code(match.start(), match.end())
        ):
            end = match.end()
            if glue["paren"] and (close := _CLOSE.match(self.folded, end)):
                end = close.end()
            return end, code, None
        text_glue = _TEXT_GLUE.match(self.folded, position)
        if text_glue and (text := self._read_text(text_glue.end())) and text.kind != Kind.UNKNOWN:
            return text.end, None, text
        if unknown := _UNKNOWN_CODE.match(self.folded, glue.end()):
            typed = self.text[unknown.start() : unknown.end()]
            return unknown.end(), _Code(slug=None, name=typed, flags=(UNKNOWN_CODE,)), None
        return None

    def _known_code(self, start: int, end: int) -> _Code | None:
        typed = self.text[start:end]
        compact = _compact(typed)
        slugs = _code_table().forms.get(compact, ())
        if len(compact) <= 2 and not all(c.isupper() for c in typed if c.isalnum()):
            return None  # "ce", "cp" are words; "CE", "CP" are codes
        if len(slugs) == 1:
            return _Code(slug=slugs[0], name=codes_by_slug()[slugs[0]].name)
        if slugs:
            return _Code(slug=None, name=typed, candidates=slugs, flags=(AMBIGUOUS_CODE,))
        return None

    def _floor(self) -> int:
        return self.refs[-1].end if self.refs else 0

    def _adjacent_text(self, start: int) -> int | None:
        """ "loi n° 2018-771, art. 6": the start of the text the articles belong to."""
        if not self.refs:
            return None
        previous = self.refs[-1]
        if previous.kind in (Kind.CODE_ARTICLE, Kind.UNKNOWN) or previous.article:
            return None
        if _GAP.fullmatch(self.folded, previous.end, start):
            return previous.start
        return None

    def _code_before(self, start: int) -> tuple[int, _Code] | None:
        """ "C. trav., art. L. 1237-19": a code named just before the articles."""
        table = _code_table()
        low = max(self._floor(), start - _LOOKBACK)
        for position in range(low, start):
            if self.folded[position] not in table.first_letters or (
                position > 0 and self.folded[position - 1].isalnum()
            ):
                continue
            match = table.before.match(self.folded, position, start)
            if match and (code := self._known_code(match.start("code"), match.end("code"))):
                return position, code
        return None


def parse(text: str) -> list[Reference]:
    """Every citation in `text`, in order, without overlaps."""
    return _Scanner(text).run() if text else []


# Formatting --------------------------------------------------------------------------

_TEXT_NOUNS = {
    Kind.LAW: ("de la ", "loi"),
    Kind.FINANCE_LAW: ("de la ", "loi"),
    Kind.DECREE: ("du ", "décret"),
    Kind.ORDINANCE: ("de l'", "ordonnance"),
    Kind.ARRETE: ("de l'", "arrêté"),
    Kind.CIRCULAR: ("de la ", "circulaire"),
}


def _text_phrase(ref: Reference) -> str:
    words = [_TEXT_NOUNS[ref.kind][1]]
    if ref.number:
        words.append(f"n° {ref.number}")
    if ref.date:
        words.append(f"du {_french_date(ref.date)}")
    if ref.kind == Kind.FINANCE_LAW:
        is_lfss = ref.key.startswith("lfss:")
        words.append(
            "de financement de la sécurité sociale pour" if is_lfss else "de finances pour"
        )
        words.append(str(ref.year))
    elif ref.title:
        words.append(ref.title)
    return " ".join(words)


def format_reference(ref: Reference) -> str:
    """The canonical French form; parsing it gives back the same key."""
    if ref.kind == Kind.UNKNOWN:
        return ref.raw
    if ref.kind == Kind.CODE_ARTICLE:
        if not ref.code_name:
            return f"Article {ref.article}"
        name = ref.code_name
        if ref.code_slug:
            name = name[0].lower() + name[1:]
        return f"Article {ref.article} du {name}"
    phrase = _text_phrase(ref)
    if ref.article:
        return f"Article {ref.article} {_TEXT_NOUNS[ref.kind][0]}{phrase}"
    return phrase[0].upper() + phrase[1:]
