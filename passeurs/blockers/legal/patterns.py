"""The vocabulary of citations: regular expressions matched against the folded text.

Article items and their Latin suffixes, months and dates, numbers, the heads of laws,
decrees, ordinances, arrêtés and circulars, finance laws, arrêtés' titles, what glues
articles to their code or text, the triggers the scanner looks for, and which head gives
which kind and key prefix. The folded text (see `normalise._fold`) is lower case ASCII,
so the patterns are too.
"""

import re

from passeurs.blockers.legal.references import Kind

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
