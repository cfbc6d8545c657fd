"""The canonical French form of a reference; parsing it gives back the same key."""

from passeurs.blockers.legal.normalise import _french_date
from passeurs.blockers.legal.references import Kind, Reference

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
