"""The legal citation parser: a table of real citation forms, then properties.

Pure Python: nothing here needs Django or a database.
"""

import datetime
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passeurs.blockers.legal import (
    format_reference,
    normalise_article,
    normalise_key,
    parse,
)
from passeurs.blockers.legal.codes import read_codes
from passeurs.blockers.legal.normalise import _slug

CSS = "code:code-de-la-securite-sociale"
CASF = "code:code-de-l-action-sociale-et-des-familles"
CSP = "code:code-de-la-sante-publique"
CT = "code:code-du-travail"
CIVIL = "code:code-civil"

# Input text -> [(kind, key, flags)] for every reference, in order.
CITATIONS = [
    # Articles of codes, as the issue quotes them.
    ("article L. 165-1 du code de la sécurité sociale", [("code_article", f"{CSS}:L165-1", ())]),
    ("art. R4127-1 CSP", [("code_article", f"{CSP}:R4127-1", ())]),
    ("L.5132-1 du Code du travail", [("code_article", f"{CT}:L5132-1", ())]),
    (
        "articles L. 312-1 et L. 313-1 du CASF",
        [("code_article", f"{CASF}:L312-1", ()), ("code_article", f"{CASF}:L313-1", ())],
    ),
    (
        "articles L. 165-1, L. 165-2 et R. 165-3 du code de la sécurité sociale",
        [
            ("code_article", f"{CSS}:L165-1", ()),
            ("code_article", f"{CSS}:L165-2", ()),
            ("code_article", f"{CSS}:R165-3", ()),
        ],
    ),
    ("article L. 312-1-1 du CASF", [("code_article", f"{CASF}:L312-1-1", ())]),
    ("article D. 5132-10-4 du code du travail", [("code_article", f"{CT}:D5132-10-4", ())]),
    (
        "article L. 2122-22 du CGCT",
        [("code_article", "code:code-general-des-collectivites-territoriales:L2122-22", ())],
    ),
    ("article 1240 du code civil", [("code_article", f"{CIVIL}:1240", ())]),
    ("article premier du code civil", [("code_article", f"{CIVIL}:1", ())]),
    ("article 1er du code civil", [("code_article", f"{CIVIL}:1", ())]),
    (
        "articles 1240 et 1241 du code civil",
        [("code_article", f"{CIVIL}:1240", ()), ("code_article", f"{CIVIL}:1241", ())],
    ),
    ("art. 1382 C. civ.", [("code_article", f"{CIVIL}:1382", ())]),
    ("article R. 4127-1 du C.S.P.", [("code_article", f"{CSP}:R4127-1", ())]),
    ("article L.165-1 du C. séc. soc.", [("code_article", f"{CSS}:L165-1", ())]),
    ("L. 165-1 CSS", [("code_article", f"{CSS}:L165-1", ())]),
    ("Art.L165-1 CSS", [("code_article", f"{CSS}:L165-1", ())]),
    ("article L. 165-1 (CSS)", [("code_article", f"{CSS}:L165-1", ())]),
    (
        "article R* 421-1 du code de l'urbanisme",
        [("code_article", "code:code-de-l-urbanisme:R421-1", ())],
    ),
    (
        "article R.*421-1 du code de l'urbanisme",
        [("code_article", "code:code-de-l-urbanisme:R421-1", ())],
    ),
    ("article LO. 176 du code électoral", [("code_article", "code:code-electoral:LO176", ())]),
    (
        "article 200 quater du CGI",
        [("code_article", "code:code-general-des-impots:200 quater", ())],
    ),
    (
        "article L. 80 du livre des procédures fiscales",
        [("code_article", "code:livre-des-procedures-fiscales:L80", ())],
    ),
    (
        "article 9 du code de procédure civile",
        [("code_article", "code:code-de-procedure-civile:9", ())],
    ),
    (
        "article L. 241-1 du code de la sécurité intérieure",
        [("code_article", "code:code-de-la-securite-interieure:L241-1", ())],
    ),
    (
        "article L. 311-3 du code rural",
        [("code_article", "code:code-rural-et-de-la-peche-maritime:L311-3", ())],
    ),
    (
        "article L. 2113-10 du code de la commande publique",
        [("code_article", "code:code-de-la-commande-publique:L2113-10", ())],
    ),
    ("article L. 5132-1 et suivants du code du travail", [("code_article", f"{CT}:L5132-1", ())]),
    ("article L. 165-1, alinéa 2, du CSS", [("code_article", f"{CSS}:L165-1", ())]),
    (
        "articles L. 312-1 à L. 312-5 du CASF",
        [
            ("code_article", f"{CASF}:L312-1", ("range",)),
            ("code_article", f"{CASF}:L312-5", ("range",)),
        ],
    ),
    # Code named before the article, as doctrine writes it.
    ("C. trav., art. L. 1237-19", [("code_article", f"{CT}:L1237-19", ())]),
    ("CASF, art. L. 313-1", [("code_article", f"{CASF}:L313-1", ())]),
    # Messy typing: case, spacing, typographic apostrophes, non-breaking hyphens.
    ("ARTICLE l.165-1   DU   CODE DE LA SECURITE SOCIALE", [("code_article", f"{CSS}:L165-1", ())]),
    (
        "article  L .  165-1 du code  de la sécurité   sociale",
        [("code_article", f"{CSS}:L165-1", ())],
    ),
    (
        "l’article L. 311-3 du code de l’action sociale et des familles",
        [("code_article", f"{CASF}:L311-3", ())],
    ),
    (
        "article L. 165\u20111 du code de la sécurité sociale",
        [("code_article", f"{CSS}:L165-1", ())],
    ),
    # In sentences, several per sentence.
    (
        "Le projet bute sur l'article L. 4161-1 du code de la santé publique (exercice illégal).",
        [("code_article", f"{CSP}:L4161-1", ())],
    ),
    (
        "conformément à l'article L. 5132-1 du code du travail et au décret n° 2019-1234",
        [("code_article", f"{CT}:L5132-1", ()), ("decree", "decree:2019-1234", ())],
    ),
    (
        "article L. 1111-1 du code de la santé publique et article L. 5212-1 du code du travail",
        [("code_article", f"{CSP}:L1111-1", ()), ("code_article", f"{CT}:L5212-1", ())],
    ),
    (
        "articles L. 312-1 du CASF et L. 1110-1 du CSP",
        [("code_article", f"{CASF}:L312-1", ()), ("code_article", f"{CSP}:L1110-1", ())],
    ),
    (
        "article L. 162-31-1 du CSS, créé par l'article 51 de la loi n° 2017-1836 du "
        "30 décembre 2017",
        [("code_article", f"{CSS}:L162-31-1", ()), ("law", "law:2017-1836#51", ())],
    ),
    (
        "article L. 1 du CASF et article L. 2 du même code",
        [("code_article", f"{CASF}:L1", ()), ("code_article", f"{CASF}:L2", ())],
    ),
    # Ambiguous, unknown or missing codes: kept as typed and flagged.
    ("article L. 1234-1 du CT", [("code_article", "unknown:ct:L1234-1", ("ambiguous_code",))]),
    ("article L. 1 CE", [("code_article", "unknown:ce:L1", ("ambiguous_code",))]),
    ("article L. 123-4 du CPCE", [("code_article", "unknown:cpce:L123-4", ("ambiguous_code",))]),
    (
        "article L. 12 du code des licornes",
        [("code_article", "unknown:code-des-licornes:L12", ("unknown_code",))],
    ),
    (
        "article L. 1110-1 du code de la santé",
        [("code_article", "unknown:code-de-la-sante:L1110-1", ("unknown_code",))],
    ),
    (
        "article L. 1 du code de la famille",
        [("code_article", "unknown:code-de-la-famille:L1", ("unknown_code",))],
    ),
    ("article L. 165-1", [("code_article", "unknown::L165-1", ("missing_code",))]),
    ("l'article L. 1 ce qui bloque", [("code_article", "unknown::L1", ("missing_code",))]),
    ("article 12 du code", [("code_article", "unknown::12", ("missing_code",))]),
    ("article L. 2 du même code", [("code_article", "unknown::L2", ("missing_code",))]),
    # Laws.
    ("loi n° 2018-771 du 5 septembre 2018", [("law", "law:2018-771", ())]),
    ("loi n°2018-771", [("law", "law:2018-771", ())]),
    ("loi no 2018-771", [("law", "law:2018-771", ())]),
    ("Loi n o 2018-771", [("law", "law:2018-771", ())]),
    ("loi numéro 2018-771", [("law", "law:2018-771", ())]),
    ("loi nº 2018-771 du 5 septembre 2018", [("law", "law:2018-771", ())]),
    ("L. n° 2018-771", [("law", "law:2018-771", ())]),
    ("LOI N°2018\u2011771 DU 5 SEPTEMBRE 2018", [("law", "law:2018-771", ())]),
    ("loi organique n° 2001-692 du 1er août 2001", [("law", "law:2001-692", ())]),
    (
        "loi du 1er juillet 1901 relative au contrat d'association",
        [("law", "law:1901-07-01", ("no_number",))],
    ),
    ("article 1er de la loi du 1er juillet 1901", [("law", "law:1901-07-01#1", ("no_number",))]),
    ("article 6 de la loi n° 2018-771 du 5 septembre 2018", [("law", "law:2018-771#6", ())]),
    (
        "articles 6 et 7 de la loi n° 2018-771",
        [("law", "law:2018-771#6", ()), ("law", "law:2018-771#7", ())],
    ),
    ("loi n° 2018-771 du 5 septembre 2018, art. 6", [("law", "law:2018-771#6", ())]),
    ("loi du 31 février 2020", [("unknown", "unknown:loi-du-31-fevrier-2020", ("invalid_date",))]),
    # Finance laws.
    ("LFSS pour 2019", [("finance_law", "lfss:2019", ())]),
    ("LFSS 2019", [("finance_law", "lfss:2019", ())]),
    ("loi de financement de la sécurité sociale pour 2019", [("finance_law", "lfss:2019", ())]),
    ("loi de finances pour 2021", [("finance_law", "lfi:2021", ())]),
    ("LFI 2021", [("finance_law", "lfi:2021", ())]),
    (
        "loi n° 2018-1203 du 22 décembre 2018 de financement de la sécurité sociale pour 2019",
        [("finance_law", "lfss:2019", ())],
    ),
    ("article 51 de la LFSS pour 2019", [("finance_law", "lfss:2019#51", ())]),
    ("l'article 51 LFSS 2018", [("finance_law", "lfss:2018#51", ())]),
    (
        "la LFSS 2019 et la LFI pour 2020",
        [("finance_law", "lfss:2019", ()), ("finance_law", "lfi:2020", ())],
    ),
    # Ordinances and decrees.
    ("ordonnance n° 2020-306 du 25 mars 2020", [("ordinance", "ordinance:2020-306", ())]),
    (
        "article 6 de l'ordonnance n° 2020-306 du 25 mars 2020",
        [("ordinance", "ordinance:2020-306#6", ())],
    ),
    ("décret n° 2019-1234", [("decree", "decree:2019-1234", ())]),
    ("décret 2019-1234 du 26 novembre 2019", [("decree", "decree:2019-1234", ())]),
    ("décret en Conseil d'État n° 2019-1234", [("decree", "decree:2019-1234", ())]),
    ("art. 3 du décret n° 2019-1234 du 20 novembre 2019", [("decree", "decree:2019-1234#3", ())]),
    ("décret du 29 décembre 2020", [("decree", "decree:2020-12-29", ("no_number",))]),
    ("décret n° XXXX du 12 mars 2020", [("decree", "decree:2020-03-12", ("missing_number",))]),
    ("le décret n° à venir", [("unknown", "unknown:decret-n", ("missing_number",))]),
    # Arrêtés and circulars.
    (
        "arrêté du 12 mars 2020 relatif à la formation des aides-soignants",
        [("arrete", "arrete:2020-03-12:formation-aides-soignants", ("no_number",))],
    ),
    (
        "l'arrêté du 12 mars 2020 relative à la formation des aides-soignants qui nous bloque",
        [("arrete", "arrete:2020-03-12:formation-aides-soignants", ("no_number",))],
    ),
    ("arrêté du 12 mars 2020", [("arrete", "arrete:2020-03-12", ("no_number",))]),
    (
        "arrêté ministériel du 5 mai 2021 fixant la liste des pièces",
        [("arrete", "arrete:2021-05-05:fixant-liste-pieces", ("no_number",))],
    ),
    (
        "L'arrêté du 10 juin 2021 portant cahier des charges des SIAE est trop strict.",
        [("arrete", "arrete:2021-06-10:portant-cahier-charges-siae", ("no_number",))],
    ),
    ("arrêté préfectoral n° 2021-123 du 5 mai 2021", [("arrete", "arrete:2021-123", ())]),
    (
        "article 2 de l'arrêté du 12 mars 2020 relatif à la formation des aides-soignants",
        [("arrete", "arrete:2020-03-12:formation-aides-soignants#2", ("no_number",))],
    ),
    (
        "circulaire n° DGCS/SD1/2019/123 du 5 mai 2021",
        [("circular", "circular:dgcs-sd1-2019-123", ())],
    ),
    ("circulaire DGCS/SD1/2019/123", [("circular", "circular:dgcs-sd1-2019-123", ())]),
    ("circulaire du 5 mai 2021", [("circular", "circular:2021-05-05", ("no_number",))]),
    # Look-alikes that are not citations.
    ("projet de loi de finances pour 2021", []),
    ("le PLFSS 2020 est en discussion", []),
    ("Pas de référence : de l'emploi, des loisirs, une ordonnance du médecin.", []),
    ("la loi prévoit qu'un décret fixe les modalités", []),
    ("des jeunes de 5 à 12-15 ans", []),
    ("le local est au bord de la route D 12-3, près de l'A 6-1", []),
    ("l'art de vivre et les arts plastiques", []),
]


@pytest.mark.parametrize(("text", "expected"), CITATIONS, ids=[text for text, _ in CITATIONS])
def test_it_reads_real_citation_forms(text, expected):
    refs = parse(text)

    assert [(ref.kind, ref.key, ref.flags) for ref in refs] == expected
    for ref in refs:
        assert ref.raw == text[ref.start : ref.end]


def test_the_table_holds_at_least_sixty_citation_forms():
    assert len(CITATIONS) >= 60


def test_a_known_code_gets_its_canonical_name_and_a_normalised_article():
    (ref,) = parse("voir l'art. L.  165-1 du CSS.")

    assert ref.code_slug == "code-de-la-securite-sociale"
    assert ref.code_name == "Code de la sécurité sociale"
    assert ref.article == "L165-1"
    assert ref.raw == "art. L.  165-1 du CSS"


def test_an_ambiguous_abbreviation_keeps_its_candidates_and_picks_none():
    (ref,) = parse("article L. 1234-1 du CT")

    assert ref.code_slug is None
    assert ref.code_name == "CT"
    assert ref.candidates == ("code-des-transports", "code-du-travail")


def test_an_unknown_code_is_kept_as_typed():
    (ref,) = parse("selon l'article L. 12 du Code des Licornes,")

    assert ref.code_slug is None
    assert ref.code_name == "Code des Licornes"
    assert ref.flags == ("unknown_code",)


def test_two_typings_of_the_same_unknown_code_are_linked():
    first = parse("article L. 12 du code des licornes")[0]
    second = parse("art. L12 Code des Licornes")[0]

    assert first.key == second.key


def test_a_list_gives_each_article_its_own_span():
    text = "articles L. 312-1 et L. 313-1 du CASF"
    first, second = parse(text)

    assert first.raw == "articles L. 312-1"
    assert second.raw == "L. 313-1 du CASF"
    assert first.end < second.start


def test_a_law_gets_its_number_iso_date_and_year():
    (ref,) = parse("la loi n° 2018-771 du 5 septembre 2018 pour la liberté de choisir")

    assert (ref.number, ref.date, ref.year) == ("2018-771", "2018-09-05", 2018)


def test_an_arrete_keeps_its_title_as_typed():
    (ref,) = parse("arrêté du 12 mars 2020 relatif à la formation des aides-soignants ; voir aussi")

    assert ref.title == "relatif à la formation des aides-soignants"
    assert ref.date == "2020-03-12"


def test_an_arrete_title_stops_where_the_sentence_goes_on():
    (ref,) = parse("L'arrêté du 10 juin 2021 portant cahier des charges des SIAE est trop strict.")

    assert ref.title == "portant cahier des charges des SIAE"


def test_numeric_dates_are_read_too():
    (ref,) = parse("circulaire du 05/05/2021")

    assert ref.key == "circular:2021-05-05"


def test_spellings_of_the_same_article_share_a_key():
    spellings = [
        "article L. 165-1 du code de la sécurité sociale",
        "Article L165-1 du Code de la Sécurité Sociale",
        "art. L.165-1 CSS",
        "L. 165-1 du C. séc. soc.",
        "article l 165-1 du code de la securite sociale",
        "CSS, art. L. 165-1",
    ]

    assert {parse(text)[0].key for text in spellings} == {f"{CSS}:L165-1"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("L. 165-1", "L165-1"),
        ("l.165-1", "L165-1"),
        ("L 165-1", "L165-1"),
        ("R*123-4", "R*123-4"),
        ("R. * 123-4", "R*123-4"),
        ("L. 312-1-1", "L312-1-1"),
        ("D. 5132-10-4", "D5132-10-4"),
        ("L. 2122-22", "L2122-22"),
        ("A. 123-4", "A123-4"),
        ("LO. 176", "LO176"),
        ("1240", "1240"),
        ("1er", "1"),
        ("200 quater", "200 quater"),
        ("  not an   article ", "not an article"),
    ],
)
def test_it_normalises_articles(typed, expected):
    assert normalise_article(typed) == expected


def test_format_reference_gives_the_canonical_french_form():
    law = parse("loi n°2018-771 du 5 septembre 2018")[0]
    article = parse("art. L. 165-1 CSS")[0]
    of_law = parse("article 1er de la loi du 1er juillet 1901")[0]

    assert format_reference(law) == "Loi n° 2018-771 du 5 septembre 2018"
    assert format_reference(article) == "Article L165-1 du code de la sécurité sociale"
    assert format_reference(of_law) == "Article 1 de la loi du 1er juillet 1901"


def test_every_row_of_the_code_table_is_well_formed():
    codes = read_codes()
    slugs = [code.slug for code in codes]

    assert len(codes) >= 65
    assert len(set(slugs)) == len(slugs)
    assert all(code.slug == _slug(code.name) for code in codes)


def test_only_the_known_ambiguous_abbreviations_name_several_codes():
    owners: dict[str, set[str]] = {}
    for code in read_codes():
        for form in code.abbreviations:
            owners.setdefault(form, set()).add(code.slug)

    assert {form for form, slugs in owners.items() if len(slugs) > 1} == {"CE", "CR", "CT", "CPCE"}


# Properties ----------------------------------------------------------------------------

prefixes = st.sampled_from(["", "L", "R", "D", "A", "LO", "R*"])
numbers = st.lists(st.integers(min_value=1, max_value=9999), min_size=1, max_size=4).map(
    lambda groups: "-".join(map(str, groups))
)
latin = st.sampled_from(["", " bis", " ter", " quater", " decies"])


@st.composite
def typed_articles(draw):
    """An article as people type it: any case, with or without dots and spaces."""
    prefix = draw(prefixes)
    number = draw(numbers)
    dot = draw(st.sampled_from(["", ".", ". ", " ", " . "]))
    typed = f"{prefix}{dot if prefix else ''}{number}{draw(latin)}"
    return draw(st.sampled_from([typed, typed.lower(), f"  {typed} "]))


@given(typed_articles())
def test_normalising_a_typed_article_is_idempotent_and_compact(typed):
    once = normalise_article(typed)

    assert normalise_article(once) == once
    assert re.fullmatch(r"(?:LO|[LRDA])?\*?[0-9]+(?:-[0-9]+)*(?: [a-z]+)?", once)


@given(st.text())
def test_normalising_any_article_text_is_idempotent(text):
    assert normalise_article(normalise_article(text)) == normalise_article(text)


@given(st.text())
def test_normalising_any_key_is_idempotent(key):
    assert normalise_key(normalise_key(key)) == normalise_key(key)


@given(
    st.lists(
        st.sampled_from(
            ["code", "unknown", "law", "arrete", ":", "#", "L. 1-2", " É*", "r*1", "x"]
        ),
        max_size=8,
    ).map("".join)
)
def test_normalising_key_like_text_is_idempotent(key):
    assert normalise_key(normalise_key(key)) == normalise_key(key)


codes = st.sampled_from(read_codes())
dates = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2099, 12, 31))
months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"


def french(day):
    return f"{'1er' if day.day == 1 else day.day} {months.split()[day.month - 1]} {day.year}"


@st.composite
def citations(draw):
    """A citation of any kind, in one of the ways people write it."""
    kind = draw(
        st.sampled_from(["code", "law", "decree", "ordinance", "arrete", "circular", "lfss"])
    )
    number = f"{draw(st.integers(1958, 2030))}-{draw(st.integers(1, 2000))}"
    on = f" du {french(draw(dates))}" if draw(st.booleans()) else ""
    if kind == "code":
        code = draw(codes)
        forms = [f"du {code.name}", *code.abbreviations]
        article = draw(typed_articles())
        return f"article {article} {draw(st.sampled_from(forms))}"
    if kind in ("law", "decree", "ordinance"):
        noun = {"law": "loi", "decree": "décret", "ordinance": "ordonnance"}[kind]
        return f"{noun} {draw(st.sampled_from(['n° ', 'n°', 'no ', '']))}{number}{on}"
    if kind == "arrete":
        title = draw(
            st.sampled_from(["", " relatif à la formation des aides-soignants", " fixant la liste"])
        )
        return f"arrêté du {french(draw(dates))}{title}"
    if kind == "circular":
        return draw(
            st.sampled_from(
                [f"circulaire n° DGCS/SD1/{number}{on}", f"circulaire du {french(draw(dates))}"]
            )
        )
    return draw(
        st.sampled_from(["LFSS pour ", "loi de financement de la sécurité sociale pour ", "LFI "])
    ) + str(draw(st.integers(1996, 2030)))


@given(
    citations(),
    st.sampled_from(["", "Le blocage vient de l'", "Voir : "]),
    st.sampled_from(["", ".", " qui bloque."]),
)
def test_formatting_then_parsing_keeps_the_key(citation, before, after):
    refs = parse(before + citation + after)
    assert len(refs) == 1
    (ref,) = refs

    again = parse(format_reference(ref))

    assert [r.key for r in again] == [ref.key]
    assert normalise_key(ref.key) == ref.key


@given(st.text())
def test_parse_never_raises_and_offsets_hold(text):
    refs = parse(text)

    previous_end = 0
    for ref in refs:
        assert 0 <= previous_end <= ref.start < ref.end <= len(text)
        assert ref.raw == text[ref.start : ref.end]
        assert normalise_key(ref.key) == ref.key
        previous_end = ref.end


legal_alphabet = st.sampled_from(
    [
        *"LRDA.*-0123456789 ,'’°nN",
        "article ",
        "art. ",
        " du ",
        " CSS",
        " CT",
        " code de la ",
        "loi ",
        "décret ",
        " et ",
        " à ",
        "arrêté du 1er mars 2020 ",
        "circulaire ",
        "n° ",
        "LFSS ",
    ]
)


@settings(max_examples=300)
@given(st.lists(legal_alphabet, max_size=40).map("".join))
def test_parse_holds_on_citation_shaped_noise(text):
    for ref in parse(text):
        assert ref.raw == text[ref.start : ref.end]
        assert normalise_key(ref.key) == ref.key
        parse(format_reference(ref))


def test_a_long_text_is_parsed_in_one_pass():
    sentences = [c[0] for c in CITATIONS]
    rng = random.Random(7)
    text = ""
    while len(text) < 100_000:
        text += rng.choice(sentences) + rng.choice([" ", ". ", " ; et ", "\n"])

    refs = parse(text)

    assert len(refs) > 1000
    assert all(ref.raw == text[ref.start : ref.end] for ref in refs)


@pytest.mark.parametrize(
    "text",
    [
        "article " + " " * 100_000,
        "L" + "." * 100_000,
        "articles " + ", ".join(str(n) for n in range(20_000)),
        "code " * 20_000,
        "art. " * 20_000,
        "1-" * 50_000,
        "arrêté du 1er mars 2020 relatif " + "à la " * 20_000,
    ],
    ids=["spaces", "dots", "long-list", "codes", "keywords", "dashes", "long-title"],
)
def test_pathological_texts_do_not_blow_up(text):
    assert isinstance(parse(text), list)
