"""Synthetic RNA (waldec) and SIRENE (StockUniteLegale) files for tests and benchmarks.

Pure Python, no Django: `passeurs generate` drives it, tests call it directly. Everything is
deterministic for a seed (one `random.Random` per file, seeded with a string: string seeds go
through SHA-512, so the bytes do not depend on PYTHONHASHSEED) and streamed: the generators
yield one row (a list of strings) at a time and the writers write them as they come.

The rows imitate the real files, quirks included (see /work/shared/data/README.md): RNA ids
whose prefix is the prefecture's code (`W751…`, `W2A1…`, `W9T1…`), `date_disso` at
`0001-01-01`, `titre_court` cut with `...`, `objet` cut mid-word, Latin-1 and UTF-8 files,
`[ND]` in the private fields of SIRENE units that are not fully public. A share of rows is
deliberately invalid, one defect each (`RNA_INVALID_KINDS`, `SIRENE_INVALID_KINDS`), so that
an importer's error report can be checked; `labelled_rna_rows` / `labelled_sirene_rows` say
which rows and which defect.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import random
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from passeurs.directory.opendata.formats import RNA_COLUMNS

__all__ = [
    "DEPARTMENTS",
    "ENCODINGS",
    "EXTRACT_DATE",
    "RNA_HEADER",
    "RNA_ID_RE",
    "RNA_INVALID_KINDS",
    "SIRENE_HEADER",
    "SIRENE_INVALID_KINDS",
    "file_encodings",
    "labelled_rna_rows",
    "labelled_sirene_rows",
    "luhn_check_digit",
    "luhn_valid",
    "normalize_department",
    "read_rna_ids",
    "rna_filename",
    "rna_id",
    "rna_rows",
    "rna_zip_filename",
    "sample_ids",
    "sirene_ids_needed",
    "sirene_rows",
    "split_rows",
    "write_rna",
    "write_sirene",
]

# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------

RNA_HEADER = list(RNA_COLUMNS)

SIRENE_HEADER = [
    "siren",
    "statutDiffusionUniteLegale",
    "unitePurgeeUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "sexeUniteLegale",
    "prenom1UniteLegale",
    "prenom2UniteLegale",
    "prenom3UniteLegale",
    "prenom4UniteLegale",
    "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale",
    "identifiantAssociationUniteLegale",
    "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale",
    "dateDernierTraitementUniteLegale",
    "nombrePeriodesUniteLegale",
    "categorieEntreprise",
    "anneeCategorieEntreprise",
    "dateDebut",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "denominationUniteLegale",
    "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale",
    "denominationUsuelle3UniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "societeMissionUniteLegale",
    "caractereEmployeurUniteLegale",
]

# One defect per invalid row; an importer should report each of them.
RNA_INVALID_KINDS = (
    "column_count",  # a field missing or one extra `;`
    "malformed_id",  # `X123`, empty, `W12`, too short or too long
    "empty_title",  # `titre` (and `titre_court`) empty
    "unknown_position",  # `position` neither A, D nor S
    "malformed_date",  # `date_creat` such as `2023-13-45` or `31/12/2020`
)
SIRENE_INVALID_KINDS = (
    "malformed_siren",  # 8 digits, letters, or a bad Luhn key
    "empty_denomination",  # a legal person (not a sole trader) without denomination
    "column_count",  # a field missing or one extra
)

RNA_ID_RE = re.compile(r"^W[0-9A-Z]{9}$")
EXTRACT_DATE = date(2026, 11, 1)
ENCODINGS = ("utf-8", "latin-1", "mixed")

# The 101 departments, as in passeurs/core/data/departments.csv.
DEPARTMENTS = (
    *(f"{number:02d}" for number in range(1, 20)),
    "2A",
    "2B",
    *(f"{number:02d}" for number in range(21, 96)),
    "971",
    "972",
    "973",
    "974",
    "976",
)
_DEPARTMENT_SET = frozenset(DEPARTMENTS)

# The prefecture's code in RNA ids: the department for mainland France and Corsica, letters
# for the overseas departments (real Mayotte ids start `W9T1`, La Réunion's `W9R1`).
_ID_PREFIX = {code: code for code in DEPARTMENTS} | {
    "971": "9G",
    "972": "9M",
    "973": "9Y",
    "974": "9R",
    "976": "9T",
}
_SERIALS_PER_OFFICE = 1_000_000
# RNA ids invented for SIRENE rows use the ninth office digit: the RNA generator stops at 8.
_SIRENE_FRESH_SERIAL = 8 * _SERIALS_PER_OFFICE


def normalize_department(code: str) -> str | None:
    """`'75'`, `'2a'`, `'1'` → the canonical code (`'75'`, `'2A'`, `'01'`); None when unknown."""
    code = code.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = f"0{code}"
    return code if code in _DEPARTMENT_SET else None


def rna_id(department: str, serial: int) -> str:
    """The RNA id of the `serial`-th association of a department: `W` + office code + 6 digits.

    The office code is the prefecture's (`751`, `2A1`, `9T1`); past a million associations the
    last digit moves on as if a sub-prefecture took over (`752…`).
    """
    office, number = divmod(serial, _SERIALS_PER_OFFICE)
    if not 0 <= office <= 8:
        raise ValueError(f"RNA serial out of range: {serial}")
    return f"W{_ID_PREFIX[department]}{office + 1}{number:06d}"


def rna_filename(department: str, extract_date: date = EXTRACT_DATE) -> str:
    return f"rna_waldec_{extract_date:%Y%m%d}_dpt_{department}.csv"


def rna_zip_filename(extract_date: date = EXTRACT_DATE) -> str:
    return f"rna_waldec_{extract_date:%Y%m%d}.zip"


def split_rows(total: int, parts: int) -> list[int]:
    """`total` rows split as evenly as possible over `parts` files, the first ones one more."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def file_encodings(count: int, encoding: str) -> list[str]:
    """The encoding of each department file: `mixed` alternates UTF-8 and Latin-1."""
    if encoding == "mixed":
        return ["utf-8" if index % 2 == 0 else "latin-1" for index in range(count)]
    if encoding not in ("utf-8", "latin-1"):
        raise ValueError(f"Unknown encoding: {encoding}")
    return [encoding] * count


def luhn_check_digit(payload: str) -> str:
    """The digit that, appended to `payload`, makes the number pass the Luhn check."""
    total = 0
    double = True
    for char in reversed(payload):
        value = ord(char) - 48
        if double:
            value = _LUHN_DOUBLE[value]
        total += value
        double = not double
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    if not number.isdigit():
        return False
    return luhn_check_digit(number[:-1]) == number[-1]


_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)

# --------------------------------------------------------------------------------------------
# Word lists (natural case; titles are upper-cased afterwards). No `;`, `"` or newline here.
# --------------------------------------------------------------------------------------------

_FIRST_NAMES_M = (
    "Jean", "Pierre", "Michel", "André", "Philippe", "Jacques", "Bernard", "Alain", "Louis",
    "Hugo", "Lucas", "Mohamed", "Karim", "Ahmed", "Thierry", "Éric", "Stéphane", "Sébastien",
    "Julien", "Nicolas", "Antoine", "Théo", "Gérard", "René", "Loïc", "Jérôme", "Rémi",
    "Dominique", "Pascal", "Patrick", "Laurent", "Olivier", "Christophe", "Frédéric", "Moussa",
    "Hamza", "Kévin", "François", "Joseph", "Paul", "Marcel", "Henri", "Yves", "Noël", "Félix",
    "Mathis", "Nathan", "Raphaël", "Youssef", "Ange", "Dominique", "Jean-Luc", "Jean-Marc",
)  # fmt: skip
_FIRST_NAMES_F = (
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Christine", "Hélène",
    "Camille", "Léa", "Chloé", "Emma", "Inès", "Fatima", "Yasmina", "Aïcha", "Valérie",
    "Sandrine", "Céline", "Manon", "Zoé", "Maëlle", "Joëlle", "Anaïs", "Gaëlle", "Thérèse",
    "Geneviève", "Martine", "Monique", "Paulette", "Odette", "Mariama", "Élise", "Léonie",
    "Jeanne", "Louise", "Alice", "Agnès", "Brigitte", "Colette", "Danielle", "Nadia", "Sophie",
    "Anne-Marie", "Marie-Claude", "Josiane", "Zaïnaba", "Chantal", "Muriel", "Bérénice",
)  # fmt: skip
_FIRST_NAMES = _FIRST_NAMES_M + _FIRST_NAMES_F
_LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Masson", "Marchand", "Duval", "Denis",
    "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud",
    "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard",
    "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard",
    "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier",
    "Bourgeois", "Benoît", "Rey", "Leclerc", "Payet", "Hoarau", "Grondin", "Santoni",
    "Casanova", "Leca", "Madi", "Ahamada", "Saïd", "Nguyen", "Benali", "Haddad", "Diallo",
    "Traoré", "Da Silva", "Ferreira", "Le Gall", "Le Goff", "Kerbrat", "Pietri", "Hoareau",
    "Courtois", "Delmas", "Carrère", "Etcheverry", "Schneider", "Weber", "Ménard", "Besson",
)  # fmt: skip
_SAINTS = (
    "Martin", "Jean", "Pierre", "Michel", "Joseph", "Nicolas", "Laurent", "Étienne", "Georges",
    "Germain", "Denis", "Vincent", "Hilaire", "Rémy", "Éloi", "Sébastien", "Aubin", "Julien",
    "Médard", "Maurice", "Roch", "Blaise", "Cyr", "Gervais", "Louis", "Paul", "Jacques",
)  # fmt: skip
_POETIC = (
    "Arc-en-ciel", "Horizons", "Les Papillons", "La Clé des chants", "Le Petit Prince",
    "Les Étoiles", "L'Envol", "La Ruche", "Le Fil d'Ariane", "Les Colibris", "Terre d'avenir",
    "Racines", "Passerelles", "Entre-Nous", "Main dans la main", "Les Lucioles", "Tremplin",
    "Élan", "La Source", "Les Hirondelles", "Le Grenier", "Bulle d'air", "Les Mille Pattes",
    "Soleil levant", "Vent du large", "L'Étincelle", "Les Petits Loups", "Le Moulin à paroles",
    "Cœur de village", "La Boîte à malice", "Les Chemins de traverse", "Au fil de l'eau",
    "Nouvel Élan", "Esprit d'équipe", "La Marelle", "Le Lien", "Les Tournesols", "Kaléidoscope",
    "Les Alizés", "La Case", "Ylang", "Ti Kaz", "Lumière", "L'Oasis", "Pas à pas", "Le Phare",
    "La Passerelle", "Les Cigales", "L'Arbre à palabres", "Graines de soleil", "Cap Avenir",
    "Ensemble", "Rencontres", "Le Trait d'union", "La Fourmilière", "Équinoxe", "Odyssée",
)  # fmt: skip
_PUBLICS = (
    "jeunes", "enfants", "adultes", "seniors", "habitants", "personnes en situation de handicap",
    "familles", "femmes", "lycéens", "personnes âgées", "demandeurs d'emploi", "adolescents",
    "étudiants", "personnes isolées", "nouveaux arrivants",
)  # fmt: skip
_SCHOOLS = (
    "Jules Ferry", "Jean Moulin", "Victor Hugo", "Jacques Prévert", "Louis Pasteur", "Paul Bert",
    "du Centre", "des Tilleuls", "Marie Curie", "Jean Jaurès", "Condorcet", "Paul Langevin",
    "Anne Frank", "Simone Veil", "Les Marronniers", "Saint-Joseph", "Sainte-Marie", "La Fontaine",
    "Pierre et Marie Curie", "Albert Camus", "Georges Brassens", "Jean de La Fontaine",
)  # fmt: skip
_MEMBERS = (
    "sapeurs-pompiers", "anciens combattants", "retraités", "locataires", "commerçants",
    "artisans", "agriculteurs", "anciens élèves", "donneurs de sang bénévoles", "propriétaires",
    "usagers des transports", "parents d'élèves", "anciens de l'usine", "résidents",
    "travailleurs frontaliers", "motards", "pêcheurs", "viticulteurs", "infirmiers",
)  # fmt: skip
_CAUSES = (
    "la recherche contre le cancer", "la protection de l'enfance", "les enfants malades",
    "l'autisme", "l'accès à l'eau potable", "la lutte contre l'illettrisme", "le droit au logement",
    "l'égalité entre les femmes et les hommes", "l'inclusion numérique", "les aidants familiaux",
    "la prévention du décrochage scolaire", "l'accueil des réfugiés", "la biodiversité",
)  # fmt: skip
_ORIGINS = (
    "portugaise", "marocaine", "algérienne", "tunisienne", "comorienne", "malgache", "italienne",
    "espagnole", "polonaise", "turque", "vietnamienne", "sénégalaise", "malienne", "arménienne",
    "cap-verdienne", "ivoirienne", "haïtienne", "cambodgienne",
)  # fmt: skip
# (name, "de …", "à / au / en …")
_COUNTRIES = (
    ("Sénégal", "du Sénégal", "au Sénégal"), ("Madagascar", "de Madagascar", "à Madagascar"),
    ("Comores", "des Comores", "aux Comores"), ("Haïti", "d'Haïti", "en Haïti"),
    ("Mali", "du Mali", "au Mali"), ("Burkina Faso", "du Burkina Faso", "au Burkina Faso"),
    ("Maroc", "du Maroc", "au Maroc"), ("Vietnam", "du Vietnam", "au Vietnam"),
    ("Cameroun", "du Cameroun", "au Cameroun"), ("Bénin", "du Bénin", "au Bénin"),
    ("Togo", "du Togo", "au Togo"), ("Arménie", "d'Arménie", "en Arménie"),
    ("Portugal", "du Portugal", "au Portugal"), ("Népal", "du Népal", "au Népal"),
    ("Liban", "du Liban", "au Liban"), ("Ukraine", "d'Ukraine", "en Ukraine"),
    ("Guinée", "de Guinée", "en Guinée"), ("Cambodge", "du Cambodge", "au Cambodge"),
)  # fmt: skip
# (name, "de …")
_RIVERS = (
    ("Loire", "de la Loire"), ("Seine", "de la Seine"), ("Marne", "de la Marne"),
    ("Oise", "de l'Oise"), ("Meuse", "de la Meuse"), ("Vienne", "de la Vienne"),
    ("Cher", "du Cher"), ("Yonne", "de l'Yonne"), ("Saône", "de la Saône"),
    ("Garonne", "de la Garonne"), ("Dordogne", "de la Dordogne"), ("Lot", "du Lot"),
    ("Tarn", "du Tarn"), ("Isère", "de l'Isère"), ("Drôme", "de la Drôme"),
    ("Sarthe", "de la Sarthe"), ("Orne", "de l'Orne"), ("Aube", "de l'Aube"),
    ("Charente", "de la Charente"), ("Allier", "de l'Allier"), ("Doubs", "du Doubs"),
    ("Rhône", "du Rhône"), ("Moselle", "de la Moselle"), ("Somme", "de la Somme"),
)  # fmt: skip
_PAYS = (
    "Brie", "Bray", "Vexin", "Auge", "Champagne", "Forez", "Velay", "Bresse", "Argonne",
    "Vivarais", "Quercy", "Médoc", "Provence", "Caux", "Othe", "Santerre", "Barrois", "Morvan",
)  # fmt: skip
# (name, "de …" as in "club de …", "du …" as in "la pratique du …", "le …", capitalised)
_SPORTS = tuple(
    (name, de, du, le, name[0].upper() + name[1:])
    for name, de, du, le in (
        ("football", "de football", "du football", "le football"),
        ("basket-ball", "de basket-ball", "du basket-ball", "le basket-ball"),
        ("handball", "de handball", "du handball", "le handball"),
        ("volley-ball", "de volley-ball", "du volley-ball", "le volley-ball"),
        ("rugby", "de rugby", "du rugby", "le rugby"),
        ("tennis", "de tennis", "du tennis", "le tennis"),
        ("tennis de table", "de tennis de table", "du tennis de table", "le tennis de table"),
        ("badminton", "de badminton", "du badminton", "le badminton"),
        ("judo", "de judo", "du judo", "le judo"),
        ("karaté", "de karaté", "du karaté", "le karaté"),
        ("boxe", "de boxe", "de la boxe", "la boxe"),
        ("escrime", "d'escrime", "de l'escrime", "l'escrime"),
        ("natation", "de natation", "de la natation", "la natation"),
        ("athlétisme", "d'athlétisme", "de l'athlétisme", "l'athlétisme"),
        ("cyclisme", "de cyclisme", "du cyclisme", "le cyclisme"),
        ("randonnée", "de randonnée", "de la randonnée", "la randonnée"),
        ("gymnastique", "de gymnastique", "de la gymnastique", "la gymnastique"),
        ("pétanque", "de pétanque", "de la pétanque", "la pétanque"),
        ("tir à l'arc", "de tir à l'arc", "du tir à l'arc", "le tir à l'arc"),
        ("équitation", "d'équitation", "de l'équitation", "l'équitation"),
        ("voile", "de voile", "de la voile", "la voile"),
        ("canoë-kayak", "de canoë-kayak", "du canoë-kayak", "le canoë-kayak"),
        ("escalade", "d'escalade", "de l'escalade", "l'escalade"),
        ("course à pied", "de course à pied", "de la course à pied", "la course à pied"),
        ("danse", "de danse", "de la danse", "la danse"),
        ("yoga", "de yoga", "du yoga", "le yoga"),
        ("plongée", "de plongée", "de la plongée", "la plongée"),
        ("hockey", "de hockey", "du hockey", "le hockey"),
        ("billard", "de billard", "du billard", "le billard"),
        ("échecs", "d'échecs", "des échecs", "les échecs"),
        ("surf", "de surf", "du surf", "le surf"),
        ("pelote basque", "de pelote basque", "de la pelote basque", "la pelote basque"),
        ("marche nordique", "de marche nordique", "de la marche nordique", "la marche nordique"),
    )
)
# (name, "de …", "le …")
_ARTS = (
    ("musique", "de musique", "la musique"), ("théâtre", "de théâtre", "le théâtre"),
    ("danse", "de danse", "la danse"), ("peinture", "de peinture", "la peinture"),
    ("photographie", "de photographie", "la photographie"), ("chant", "de chant", "le chant"),
    ("poterie", "de poterie", "la poterie"), ("cinéma", "de cinéma", "le cinéma"),
    ("arts plastiques", "d'arts plastiques", "les arts plastiques"),
    ("sculpture", "de sculpture", "la sculpture"), ("jazz", "de jazz", "le jazz"),
    ("cirque", "de cirque", "le cirque"), ("lecture", "de lecture", "la lecture"),
    ("bande dessinée", "de bande dessinée", "la bande dessinée"),
    ("céramique", "de céramique", "la céramique"), ("couture", "de couture", "la couture"),
    ("musiques actuelles", "de musiques actuelles", "les musiques actuelles"),
    ("art lyrique", "d'art lyrique", "l'art lyrique"), ("maloya", "de maloya", "le maloya"),
    ("polyphonie corse", "de polyphonie corse", "la polyphonie corse"),
)  # fmt: skip
_STREETS = (
    "de la République", "Victor Hugo", "Jean Jaurès", "du Général de Gaulle", "de la Gare",
    "de l'Église", "des Écoles", "du Moulin", "Pasteur", "de la Mairie", "du Stade", "des Lilas",
    "de la Paix", "Gambetta", "de la Liberté", "du 8 Mai 1945", "du 11 Novembre", "Jules Ferry",
    "des Acacias", "des Tilleuls", "des Peupliers", "des Roses", "du Château", "du Port",
    "de la Fontaine", "du Lavoir", "des Vignes", "du Bourg", "de Verdun", "Carnot", "Émile Zola",
    "Anatole France", "Marcel Pagnol", "Charles de Gaulle", "de la Poste", "des Jardins",
    "du Commerce", "des Marronniers", "de Bretagne", "Paul Doumer", "Foch", "Aristide Briand",
    "de la Source", "des Champs", "du Marché", "Saint-Michel", "Notre-Dame", "du Calvaire",
    "de l'Industrie", "des Mimosas", "Pierre Brossolette", "Jean Moulin", "de Lattre de Tassigny",
)  # fmt: skip
# (RNA code, label used in free-text addresses), RUE the most frequent.
_STREET_TYPES = (
    *(("RUE", "rue"),) * 10,
    *(("AV", "avenue"),) * 3,
    *(("BD", "boulevard"),) * 2,
    *(("PL", "place"),) * 2,
    *(("CHE", "chemin"),) * 2,
    ("IMP", "impasse"), ("ALL", "allée"), ("RTE", "route"), ("QUAI", "quai"), ("SQ", "square"),
    ("CRS", "cours"), ("PAS", "passage"), ("RES", "résidence"), ("LD", "lieu-dit"),
    ("HAM", "hameau"), ("", ""), ("", ""),
)  # fmt: skip
_COMPLEMENTS = (
    "Maison des associations", "Mairie", "Bâtiment B", "Chez M. {last}", "Chez Mme {last}",
    "Salle polyvalente", "Centre social", "Résidence {poetic}", "Espace {poetic}", "Appartement 12",
    "Maison de quartier", "Local associatif", "Foyer rural", "Escalier A",
)  # fmt: skip
_OBSERVATIONS = (
    "Reprise  =>  date ag=0000-00-00", "Dossier transféré de la sous-préfecture",
    "Changement d'adresse du siège social", "Modification du titre", "Modification de l'objet",
    "Dissolution prononcée par l'assemblée générale", "Reprise des données", "RUP",
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# Themes: titles and objects that go together, with their object codes and NAF codes.
# --------------------------------------------------------------------------------------------

_EXTRA_CLAUSES = (
    "organiser des rencontres, des tournois et des manifestations",
    "favoriser le lien social entre les habitants",
    "organiser des manifestations festives et culturelles",
    "collecter des fonds pour financer ses activités",
    "représenter ses membres auprès des pouvoirs publics et des collectivités",
    "participer à l'animation de la vie locale {de_commune}",
    "acquérir et entretenir le matériel nécessaire à ses activités",
    "organiser des sorties, des voyages et des séjours",
    "créer des liens d'amitié et de solidarité entre ses membres",
    "mettre en œuvre tous les moyens nécessaires à la réalisation de son objet",
    "soutenir les actions de toute structure poursuivant le même but",
    "éditer un bulletin d'information et tenir un site internet",
    "former des bénévoles et des animateurs",
    "accueillir les {public} et les accompagner dans leurs projets",
    "travailler en partenariat avec les écoles, la mairie et les autres associations",
    "organiser des stages, des conférences et des expositions",
    "promouvoir l'entraide, la tolérance et le respect entre les générations",
    "gérer les locaux et les équipements mis à sa disposition",
)


class _Theme:
    __slots__ = ("codes", "naf", "objets", "titles")

    def __init__(self, *, codes, naf, titles, objets):
        self.codes = codes
        self.naf = naf
        self.titles = titles
        self.objets = objets


_THEMES_WEIGHTED = (
    (
        22,
        _Theme(
            codes=("011000", "011005", "011025", "011040", "011075", "011085"),
            naf=("93.12Z", "93.12Z", "93.12Z", "94.99Z", "93.19Z"),
            titles=(
                "Association sportive {de_commune}",
                "Club {de_sport} {de_commune}",
                "{Sport} club {de_commune}",
                "{Sport} club {commune}",
                "Union sportive {de_commune}",
                "Union sportive {de_commune} {year}",
                "Entente sportive {commune}",
                "Olympique {de_commune}",
                "{Sport} club {commune} {year}",
                "Stade {de_commune}",
                "{Sport} loisirs {commune}",
                "Les amis {du_sport}",
                "Association {de_sport} {de_commune}",
                "Cercle {de_sport} {de_commune}",
                "Association sportive du collège {school}",
                "{Sport} pour tous {commune}",
                "Sports, loisirs et culture {de_commune}",
            ),
            objets=(
                "promouvoir la pratique {du_sport} auprès des {public} {de_commune}",
                "développer et encourager la pratique {du_sport} en loisir et en compétition",
                "permettre à tous, et notamment aux {public}, de pratiquer {le_sport}",
                "organiser des entraînements, des stages et des compétitions {de_sport}",
                "enseigner {le_sport} et participer aux compétitions officielles de la fédération",
                "favoriser l'accès des {public} à la pratique {du_sport} dans un esprit convivial",
            ),
        ),
    ),
    (
        16,
        _Theme(
            codes=("006005", "006010", "006025", "006040", "006060", "006070"),
            naf=("90.01Z", "90.01Z", "94.99Z", "85.52Z", "90.04Z"),
            titles=(
                "École de musique {de_commune}",
                "École de musique {first} {last}",
                "Harmonie municipale {de_commune}",
                "Chorale {poetic}",
                "Compagnie {poetic}",
                "Compagnie théâtrale {poetic}",
                "Théâtre {poetic}",
                "Association culturelle {de_commune}",
                "Les amis de l'orgue {de_commune}",
                "Les amis de la bibliothèque {de_commune}",
                "Les amis de {first} {last}",
                "Festival {poetic}",
                "Atelier {de_art} {de_commune}",
                "Ciné-club {de_commune}",
                "Association culturelle franco-{origin} {de_commune}",
                "Musique, danse et théâtre {de_commune}",
            ),
            objets=(
                "promouvoir et diffuser {le_art} sous toutes ses formes",
                "enseigner la musique et favoriser la pratique instrumentale des enfants et des "
                "adultes",
                "créer, produire et diffuser des spectacles vivants",
                "organiser des concerts, des expositions et des ateliers {de_art}",
                "favoriser l'accès à la culture pour tous et notamment pour les {public}",
                "faire connaître l'œuvre de {first} {last}",
                "promouvoir la culture {origin} et favoriser les échanges entre les cultures",
            ),
        ),
    ),
    (
        13,
        _Theme(
            codes=("007003", "007010", "007025", "007030"),
            naf=("94.99Z", "94.99Z", "93.29Z"),
            titles=(
                "Comité des fêtes {de_commune}",
                "Foyer rural {de_commune}",
                "Club des aînés {de_commune}",
                "Amicale laïque {de_commune}",
                "Club d'échecs {de_commune}",
                "Club de bridge {de_commune}",
                "Les joyeux randonneurs {de_commune}",
                "Loisirs et culture {de_commune}",
                "Maison des jeunes et de la culture {de_commune}",
                "Les {poetic}",
                "Association {poetic}",
                "Comité d'animation {de_commune}",
            ),
            objets=(
                "organiser des fêtes, des animations et des manifestations pour les habitants "
                "{de_commune}",
                "animer la vie du village et favoriser les rencontres entre générations",
                "proposer des activités de loisirs aux {public}",
                "rompre l'isolement des personnes âgées par des rencontres et des sorties",
                "organiser le marché de Noël, la fête de la musique et le repas des anciens",
            ),
        ),
    ),
    (
        10,
        _Theme(
            codes=("015005", "015010", "015040", "015060"),
            naf=("94.99Z", "85.59B", "88.91B"),
            titles=(
                "Association des parents d'élèves de l'école {school}",
                "Association des parents d'élèves {de_commune}",
                "Amicale des anciens élèves du lycée {school}",
                "Coopérative scolaire de l'école {school}",
                "Soutien scolaire {de_commune}",
                "Crèche parentale {poetic}",
                "Association autonome des parents d'élèves {de_commune}",
            ),
            objets=(
                "représenter les parents d'élèves auprès de l'administration et des pouvoirs "
                "publics",
                "organiser des actions de soutien scolaire et d'accompagnement à la scolarité",
                "financer les sorties et les projets pédagogiques des élèves",
                "favoriser la réussite éducative des {public}",
                "accueillir les jeunes enfants dont les parents participent à la vie de la crèche",
            ),
        ),
    ),
    (
        12,
        _Theme(
            codes=("017010", "017035", "018005", "018015", "018040"),
            naf=("88.99B", "88.99B", "88.99A", "94.99Z", "88.10A"),
            titles=(
                "Les Restaurants du cœur - relais {de_commune}",
                "Restos du cœur {de_commune}",
                "Banque alimentaire {de_commune}",
                "Association d'aide à domicile {de_commune}",
                "Épicerie solidaire {de_commune}",
                "Solidarité {country}",
                "Solidarité {country} {commune}",
                "Les amis {de_country}",
                "Entraide {de_commune}",
                "Accueil des réfugiés {de_commune}",
                "Aide et partage {commune}",
                "Secours {poetic}",
            ),
            objets=(
                "venir en aide aux personnes en difficulté par la distribution de repas et de "
                "colis alimentaires",
                "lutter contre l'exclusion et favoriser l'insertion sociale et professionnelle "
                "des {public}",
                "accompagner les familles dans leurs démarches administratives",
                "soutenir des projets de développement {au_country}, notamment dans les domaines "
                "de l'éducation et de la santé",
                "apporter une aide matérielle et morale aux personnes isolées",
                "aider les personnes âgées et les familles à domicile",
            ),
        ),
    ),
    (
        8,
        _Theme(
            codes=("024026", "024020", "024005", "024040", "012005", "012010"),
            naf=("94.99Z", "94.99Z", "91.04Z", "01.70Z"),
            titles=(
                "Association de protection de l'environnement {de_commune}",
                "Jardins partagés {de_commune}",
                "Les amis {de_river}",
                "Sauvegarde {de_river}",
                "Refuge {poetic}",
                "Association de protection animale {de_commune}",
                "Collectif vélo {commune}",
                "Association communale de chasse agréée {de_commune}",
                "Société de pêche {de_commune}",
                "La gaule {commune}",
            ),
            objets=(
                "protéger la faune et la flore {de_commune} et sensibiliser le public à la "
                "préservation de l'environnement",
                "créer et entretenir des jardins partagés, promouvoir le compostage et le "
                "jardinage écologique",
                "recueillir, soigner et placer les animaux abandonnés",
                "organiser la pratique de la chasse sur le territoire {de_commune} et gérer le "
                "gibier",
                "protéger les milieux aquatiques {de_river} et organiser la pêche de loisir",
                "promouvoir les déplacements à vélo et la sécurité des cyclistes",
            ),
        ),
    ),
    (
        6,
        _Theme(
            codes=("009005", "009010", "009020"),
            naf=("94.99Z", "91.03Z", "91.02Z"),
            titles=(
                "Association pour la sauvegarde du patrimoine {de_commune}",
                "Les amis de l'église Saint-{saint} {de_commune}",
                "Les amis du vieux {commune}",
                "Société d'histoire {de_commune}",
                "Association pour la restauration de la chapelle Saint-{saint}",
                "Cercle généalogique {de_commune}",
            ),
            objets=(
                "sauvegarder, restaurer et mettre en valeur le patrimoine bâti {de_commune}",
                "collecter et diffuser la mémoire et l'histoire locale",
                "contribuer à la restauration de l'église Saint-{saint} et de son mobilier",
                "aider ses membres dans leurs recherches généalogiques",
            ),
        ),
    ),
    (
        9,
        _Theme(
            codes=("013005", "013010", "013030", "020005", "021010"),
            naf=("94.99Z", "94.11Z", "94.12Z", "94.99Z"),
            titles=(
                "Amicale des sapeurs-pompiers {de_commune}",
                "Amicale du personnel de la mairie {de_commune}",
                "Association des anciens combattants {de_commune}",
                "Association des commerçants {de_commune}",
                "Association des locataires de la résidence {poetic}",
                "Association des riverains de la rue {street}",
                "Association des {members} {de_commune}",
                "Association {first} {last}",
                "{poetic}",
                "Collectif {poetic}",
            ),
            objets=(
                "créer et maintenir des liens d'amitié entre ses membres",
                "défendre les intérêts des {members} {de_commune}",
                "perpétuer le souvenir des anciens et participer aux cérémonies commémoratives",
                "promouvoir le commerce de proximité et organiser des animations commerciales",
                "améliorer le cadre de vie des habitants du quartier",
            ),
        ),
    ),
    (
        4,
        _Theme(
            codes=("016005", "016030", "016040"),
            naf=("94.99Z", "88.99B", "86.90F"),
            titles=(
                "Amicale des donneurs de sang bénévoles {de_commune}",
                "Association d'aide aux malades {de_commune}",
                "Association pour {cause}",
                "Les amis de la maison de santé {de_commune}",
                "Ensemble pour {cause}",
            ),
            objets=(
                "promouvoir le don du sang bénévole et organiser des collectes",
                "soutenir les malades et leurs familles",
                "favoriser l'accès aux soins des {public}",
                "soutenir {cause} et informer le public",
            ),
        ),
    ),
)
_THEME_WHEEL = tuple(theme for weight, theme in _THEMES_WEIGHTED for _ in range(weight))

# Slot groups: the keys a template may use, drawn together (one sport per row, and so on).
_SLOT_POOLS: dict[str, tuple[dict[str, str], ...]] = {}


def _slot_group(items: Iterable[dict[str, str]]) -> None:
    pool = tuple(items)
    for key in pool[0]:
        _SLOT_POOLS[key] = pool


_slot_group({"first": name} for name in _FIRST_NAMES)
_slot_group({"last": name} for name in _LAST_NAMES)
_slot_group({"saint": name} for name in _SAINTS)
_slot_group({"poetic": name} for name in _POETIC)
_slot_group({"public": name} for name in _PUBLICS)
_slot_group({"school": name} for name in _SCHOOLS)
_slot_group({"members": name} for name in _MEMBERS)
_slot_group({"origin": name} for name in _ORIGINS)
_slot_group({"street": name} for name in _STREETS)
_slot_group({"cause": cause} for cause in _CAUSES)
_slot_group({"year": str(year)} for year in range(1890, 2021))

_slot_group({"country": c, "de_country": de, "au_country": au} for c, de, au in _COUNTRIES)
_slot_group({"river": river, "de_river": de} for river, de in _RIVERS)
_slot_group(
    {"sport": s, "de_sport": de, "du_sport": du, "le_sport": le, "Sport": cap}
    for s, de, du, le, cap in _SPORTS
)
_slot_group({"art": art, "de_art": de, "le_art": le} for art, de, le in _ARTS)


class _Slots(dict):
    """Template values, each group drawn on first use; the commune is set up front."""

    __slots__ = ("rnd",)

    def __missing__(self, key):
        pool = _SLOT_POOLS[key]
        item = pool[int(self.rnd() * len(pool))]
        self.update(item)
        return item[key]


_VOWELS = frozenset("AEIOUYÉÈÊÂÎÔaeiouyéèêâîô")


def _de(name: str) -> str:
    """`de Marseille`, `d'Ajaccio`, `du Port`, `des Avirons`."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if name[0] in _VOWELS:
        return f"d'{name}"
    return f"de {name}"


# --------------------------------------------------------------------------------------------
# Communes: real ones for the departments used most, plausible inventions for the others.
# --------------------------------------------------------------------------------------------

# "INSEE code|name|postal codes|weight"
_REAL_COMMUNES = {
    "75": (
        "75056|Paris|75001 75005 75010 75011 75012 75013 75015 75017 75018 75019 75020|6",
        *(
            f"751{n:02d}|Paris|750{n:02d}{' 75116' if n == 16 else ''}|1"
            for n in range(1, 21)
        ),
    ),
    "13": (
        "13055|Marseille|13001 13002 13003 13004 13005 13006 13008 13010 13013 13015|10",
        "13001|Aix-en-Provence|13090 13100|4", "13004|Arles|13200|2", "13056|Martigues|13500|2",
        "13005|Aubagne|13400|2", "13047|Istres|13800|1", "13103|Salon-de-Provence|13300|1",
        "13028|La Ciotat|13600|1", "13117|Vitrolles|13127|1", "13054|Marignane|13700|1",
        "13041|Gardanne|13120|1", "13063|Miramas|13140|1", "13108|Tarascon|13150|1",
        "13022|Cassis|13260|1",
    ),
    "69": (
        "69123|Lyon|69001 69002 69003 69004 69005 69006 69007 69008 69009|10",
        "69266|Villeurbanne|69100|3", "69259|Vénissieux|69200|2", "69256|Vaulx-en-Velin|69120|1",
        "69034|Caluire-et-Cuire|69300|1", "69029|Bron|69500|1",
        "69264|Villefranche-sur-Saône|69400|1", "69290|Saint-Priest|69800|1",
        "69286|Rillieux-la-Pape|69140|1", "69149|Oullins|69600|1", "69243|Tarare|69170|1",
        "69091|Givors|69700|1",
    ),
    "33": (
        "33063|Bordeaux|33000 33100 33200 33300 33800|10", "33281|Mérignac|33700|2",
        "33318|Pessac|33600|2", "33522|Talence|33400|1", "33550|Villenave-d'Ornon|33140|1",
        "33449|Saint-Médard-en-Jalles|33160|1", "33039|Bègles|33130|1",
        "33529|La Teste-de-Buch|33260|1", "33243|Libourne|33500|1", "33009|Arcachon|33120|1",
        "33249|Lormont|33310|1", "33192|Gradignan|33170|1",
    ),
    "59": (
        "59350|Lille|59000 59160 59260 59800|8", "59512|Roubaix|59100|3",
        "59599|Tourcoing|59200|3", "59183|Dunkerque|59140 59240 59640|2",
        "59009|Villeneuve-d'Ascq|59491 59650|2", "59606|Valenciennes|59300|2",
        "59178|Douai|59500|1", "59650|Wattrelos|59150|1", "59378|Marcq-en-Barœul|59700|1",
        "59122|Cambrai|59400|1", "59392|Maubeuge|59600|1", "59017|Armentières|59280|1",
    ),
    "2A": (
        "2A004|Ajaccio|20000 20090|8", "2A247|Porto-Vecchio|20137|3", "2A249|Propriano|20110|1",
        "2A272|Sartène|20100|1", "2A041|Bonifacio|20169|1", "2A006|Alata|20167|1",
        "2A130|Grosseto-Prugna|20128 20166|1", "2A269|Sari-Solenzara|20145|1",
        "2A348|Vico|20160|1", "2A032|Bastelicaccia|20129|1",
    ),
    "2B": (
        "2B033|Bastia|20200 20600|8", "2B096|Corte|20250|2", "2B050|Calvi|20260|2",
        "2B134|L'Île-Rousse|20220|1", "2B037|Biguglia|20620|1", "2B042|Borgo|20290|1",
        "2B148|Lucciana|20290|1", "2B120|Furiani|20600|1", "2B123|Ghisonaccia|20240|1",
        "2B298|Saint-Florent|20217|1",
    ),
    "974": (
        "97411|Saint-Denis|97400 97490|6", "97415|Saint-Paul|97460|3",
        "97416|Saint-Pierre|97410|3", "97422|Le Tampon|97430|3", "97409|Saint-André|97440|2",
        "97414|Saint-Louis|97450|2", "97407|Le Port|97420|2", "97410|Saint-Benoît|97470|1",
        "97412|Saint-Joseph|97480|1", "97418|Sainte-Marie|97438|1", "97413|Saint-Leu|97436|1",
        "97408|La Possession|97419|1", "97401|Les Avirons|97425|1",
    ),
    "976": (
        "97611|Mamoudzou|97600|6", "97610|Koungou|97690|2", "97608|Dzaoudzi|97615|2",
        "97607|Dembeni|97660|1", "97616|Sada|97640|1", "97603|Bandraboua|97650|1",
        "97617|Tsingoni|97680|1", "97605|Chirongui|97620|1", "97614|Ouangani|97670|1",
        "97612|M'Tsamboro|97630|1", "97615|Pamandzi|97615|1", "97604|Bouéni|97620|1",
        "97606|Chiconi|97670|1", "97601|Acoua|97630|1", "97602|Bandrélé|97660|1",
    ),
}  # fmt: skip

_COMMUNE_BASES = (
    "Beaumont", "Montfort", "Villers", "Fontaine", "Boissy", "Champagne", "Roche", "Montigny",
    "Marcilly", "Châteauneuf", "Bellevue", "Neuville", "Chaumont", "Plessis", "Mesnil", "Vaux",
    "Pont", "Mont", "Bourg", "Val", "Saulx", "Aubigny", "Savigny", "Bussy", "Juvigny",
    "Clermont", "Belmont", "Fresnes", "Mareuil", "Lussac", "Puy", "Ormoy", "Villeneuve",
    "Villefranche", "Essert", "Arcy", "Andilly", "Ivry", "Orval", "Esquay", "Cressy",
)  # fmt: skip
_COMMUNE_SUFFIXES = (
    "", "", "", "-le-Château", "-les-Bains", "-la-Forêt", "-le-Vieux", "-sous-Bois",
    "-la-Rivière", "-le-Grand", "-sur-{river}", "-sur-{river}", "-en-{pays}", "-en-{pays}",
)  # fmt: skip
_OVERSEAS_NAMES = (
    "Saint-{saint}", "Sainte-Rose", "Le Lamentin", "Les Abymes", "Le Moule", "Baie-{saint}",
    "Morne-{saint}", "Anse-{saint}", "Petit-Bourg", "Grand-Bourg", "Rivière-Salée",
    "Trois-Rivières", "Le Vauclin", "Le Robert", "Capesterre", "Pointe-Noire", "Macouria",
    "Matoury", "Kourou", "Rémire", "Saint-Laurent", "Sinnamary", "Le Diamant", "Bouillante",
)  # fmt: skip


class _Commune:
    __slots__ = ("de_name", "insee", "name", "postcodes", "upper")

    def __init__(self, insee: str, name: str, postcodes: tuple[str, ...]):
        self.insee = insee
        self.name = name
        self.postcodes = postcodes
        self.de_name = _de(name)
        self.upper = name.upper()


@cache
def _communes(department: str) -> tuple[_Commune, ...]:
    """The commune wheel of a department: each commune repeated by its weight."""
    wheel: list[_Commune] = []
    real = _REAL_COMMUNES.get(department)
    if real:
        for spec in real:
            insee, name, postcodes, weight = spec.split("|")
            wheel += [_Commune(insee, name, tuple(postcodes.split()))] * int(weight)
        return tuple(wheel)
    # Invented but stable: the same department always gets the same communes, whatever the seed.
    rng = random.Random(f"communes:{department}")
    overseas = len(department) == 3
    seen: set[str] = set()
    numbers = rng.sample(range(1, 35 if overseas else 700), 30)
    if overseas:
        postals = [f"{department}{n:02d}" for n in rng.sample(range(0, 100, 10), 6)]
    else:
        postals = [
            f"{department}000",
            *(f"{department}{n:03d}" for n in rng.sample(range(100, 1000, 10), 11)),
        ]
    for index, number in enumerate(numbers):
        while True:
            if overseas:
                name = rng.choice(_OVERSEAS_NAMES).format(saint=rng.choice(_SAINTS))
            else:
                base = (
                    f"Saint-{rng.choice(_SAINTS)}"
                    if rng.random() < 0.25
                    else rng.choice(_COMMUNE_BASES)
                )
                suffix = rng.choice(_COMMUNE_SUFFIXES).format(
                    river=rng.choice(_RIVERS)[0], pays=rng.choice(_PAYS)
                )
                name = base + suffix
            if name not in seen:
                break
        seen.add(name)
        insee = f"{department}{number:02d}" if overseas else f"{department}{number:03d}"
        # The first commune plays the prefecture: more associations, its own postal code.
        postcode = postals[0] if index == 0 else postals[1 + index % (len(postals) - 1)]
        wheel += [_Commune(insee, name, (postcode,))] * (8 if index == 0 else 1)
    return tuple(wheel)


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_FIRST_DAY = date(1901, 7, 1)  # the law of 1 July 1901 on associations


@cache
def _days(extract_date: date = EXTRACT_DATE) -> tuple[str, ...]:
    """ISO strings of every day from 1 July 1901 to the extraction date, by index."""
    span = (extract_date - _FIRST_DAY).days
    return tuple((_FIRST_DAY + timedelta(days=n)).isoformat() for n in range(span + 1))


def _day_index(day: date) -> int:
    return (day - _FIRST_DAY).days


@cache
def _clocks() -> tuple[str, ...]:
    """`HH:MM:SS` for every second of a day."""
    return tuple(
        f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
    )


def _clock(rnd) -> str:
    return _clocks()[int(rnd() * 86_400)]


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

# Accents off, through Latin-1 bytes (much faster than `str.translate` on non-ASCII text).
_ACCENTED = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
_PLAIN = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyy"
_UNACCENT_BYTES = bytes.maketrans(_ACCENTED.encode("latin-1"), _PLAIN.encode("latin-1"))


def _unaccent(text: str) -> str:
    """`CRÈCHE PARENTALE` → `CRECHE PARENTALE`; `Œ` → `OE` (what Latin-1 lacks becomes `?`)."""
    if text.isascii():
        return text
    text = text.replace("Œ", "OE").replace("œ", "oe")
    return text.encode("latin-1", "replace").translate(_UNACCENT_BYTES).decode("latin-1")


# What Latin-1 lacks, spelt the way French files do without it.
_LATIN1_FALLBACK = {
    "œ": "oe", "Œ": "OE", "’": "'", "‘": "'", "“": "'", "”": "'", "…": "...", "–": "-",
    "—": "-", "Ÿ": "Y", "€": "EUR", "\u202f": " ",
}  # fmt: skip
_LATIN1_ERRORS = "passeurs-latin1-fallback"


def _latin1_fallback(error: UnicodeEncodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return "".join(_LATIN1_FALLBACK.get(char, "?") for char in bad), error.end


codecs.register_error(_LATIN1_ERRORS, _latin1_fallback)

# RNA fields are never quoted, so no `;`, `"` or line break may appear in a value: the word
# lists contain none (a test checks every list).
_ACRONYM_SKIP = frozenset(
    ("DE", "DU", "DES", "LA", "LE", "LES", "ET", "D", "L", "A", "AU", "AUX", "EN", "POUR", "SUR",
     "SOUS", "PAR", "DANS", "UN", "UNE")
)  # fmt: skip
_WORD_SPLIT = re.compile(r"[\s'\-,]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _acronym(title_upper: str) -> str:
    letters = [
        word[0]
        for word in _WORD_SPLIT.split(_unaccent(title_upper))
        if word and word not in _ACRONYM_SKIP and word[0].isalnum()
    ]
    return "".join(letters)


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("", _unaccent(text.lower()))[:24] or "asso"


_EXTRA_PREPARED = tuple((clause, "{" in clause) for clause in _EXTRA_CLAUSES)
# Coprime with the number of clauses: walking by this step never draws a clause twice.
_EXTRA_STEP = next(step for step in range(7, 100) if math.gcd(step, len(_EXTRA_CLAUSES)) == 1)


def _association_object(rnd, theme: _Theme, slots: _Slots) -> str:
    objets = theme.objets
    parts = [objets[int(rnd() * len(objets))].format_map(slots)]
    # Up to four more clauses, distinct; the real file separates them with ", " or ",  ".
    extras = int(rnd() * rnd() * 5)
    if extras:
        n_clauses = len(_EXTRA_PREPARED)
        start = int(rnd() * n_clauses)
        for step in range(extras):
            clause, templated = _EXTRA_PREPARED[(start + step * _EXTRA_STEP) % n_clauses]
            parts.append(clause.format_map(slots) if templated else clause)
    text = (",  " if rnd() < 0.3 else ", ").join(parts)
    if rnd() < 0.15:  # a second sentence
        text = f"{text}. {objets[int(rnd() * len(objets))].format_map(slots)}"
    if len(text) > 250 and rnd() < 0.6:
        text = text[:250]  # cut mid-word, as the real file does
    return text


# Neighbourhoods, for names such as "Comité des fêtes du quartier Saint-Michel de Bordeaux".
_QUARTERS = (
    *((f"Saint-{saint}", f"du quartier Saint-{saint}") for saint in _SAINTS),
    ("Centre", "du centre-ville"), ("La Gare", "du quartier de la Gare"),
    ("Les Tilleuls", "des Tilleuls"), ("Le Port", "du Port"), ("Les Hauts", "des Hauts"),
    ("La Croix", "de la Croix"), ("Bellevue", "de Bellevue"), ("Le Bourg", "du Bourg"),
    ("Les Vignes", "des Vignes"), ("La Plaine", "de la Plaine"), ("Le Moulin", "du Moulin"),
    ("La Source", "de la Source"), ("Les Pins", "des Pins"), ("Le Château", "du Château"),
    ("Les Prés", "des Prés"), ("La Cité", "de la Cité"), ("Le Val", "du Val"),
    ("Les Quatre-Chemins", "des Quatre-Chemins"), ("La Fontaine", "de la Fontaine"),
    ("Les Rives", "des Rives"), ("Nord", "du quartier Nord"), ("Sud", "du quartier Sud"),
    ("Les Cèdres", "des Cèdres"), ("La Roseraie", "de la Roseraie"), ("Le Lac", "du Lac"),
    *((street, f"du quartier {street}") for street in _STREETS if street[0].isupper()),
    *((f"Les {name}", f"des {name}") for name in ("Acacias", "Mimosas", "Lilas", "Peupliers",
      "Marronniers", "Châtaigniers", "Oliviers", "Platanes", "Glycines", "Bleuets")),
)  # fmt: skip


def _place_slots(rnd, commune: _Commune) -> _Slots:
    """Template slots for a commune; half of the time a neighbourhood of it, for variety."""
    if rnd() < 0.5:
        quarter, de_quarter = _QUARTERS[int(rnd() * len(_QUARTERS))]
        slots = _Slots(
            commune=f"{commune.name} {quarter}", de_commune=f"{de_quarter} {commune.de_name}"
        )
    else:
        slots = _Slots(commune=commune.name, de_commune=commune.de_name)
    slots.rnd = rnd
    return slots


# --------------------------------------------------------------------------------------------
# RNA rows
# --------------------------------------------------------------------------------------------

_BAD_DATE_SHAPES = (
    # Never `YYYYMMDD`: `date.fromisoformat` accepts it, an importer would not see the defect.
    "{y}-13-45", "{y}-13-{d}", "{d}/{m}/{y}", "{y}-02-30", "0000-00-00", "{y}-{m}",
)  # fmt: skip
_BAD_IDS = ("", "X{n3}", "W{n2}", "W{n8}", "W{n10}", "X{n9}")


_ADDRESS_POOL = 8192
_DATE_POOL = 16384


def _rna_dates(
    department: str, seed: int, size: int
) -> tuple[tuple[str, str, str, str, str, str, bool], ...]:
    """(date_creat, date_decla, date_publi, date_disso, position, maj_time, created before
    waldec) combinations for a department, drawn once: a pool saves a dozen draws per row."""
    rng = random.Random(f"dates:{seed}:{department}")
    rnd = rng.random
    days = _days()
    last_day = len(days) - 1
    day_1980 = _day_index(date(1980, 1, 1))
    day_2009 = _day_index(date(2009, 1, 1))
    pool = []
    for _ in range(size):
        # Many more recent associations than old ones.
        if rnd() < 0.08:
            creat = int(rnd() * day_1980)
        else:
            creat = day_1980 + int((last_day - 60 - day_1980) * math.sqrt(rnd()))
        decla = creat if rnd() < 0.6 else creat + int(rnd() * (last_day - creat))
        publi = creat + 5 + int(rnd() * 40)
        latest = max(decla, publi)
        draw = rnd()
        if draw < 0.85:
            position, disso = "A", "0001-01-01"
        elif draw < 0.98:
            position = "D"
            latest += int(rnd() * (last_day - latest + 1))
            disso = days[latest]
        else:
            position, disso = "S", "0001-01-01"
        maj = min(latest + int(rnd() * 12), last_day)
        maj_time = f"{days[maj]} {_clock(rnd)}"
        pool.append(
            (days[creat], days[decla], days[publi], disso, position, maj_time, creat < day_2009)
        )
    return tuple(pool)


_CIVILITIES = (*("PM",) * 10, *("PF",) * 8, "TS", "")
_GROUPINGS = (*("S",) * 97, "U", "U", "F")
_OBSERVATION_WHEEL = (*_OBSERVATIONS, *("",) * (len(_OBSERVATIONS) * 32))  # about 3%
_WEB_SUFFIXES = ("fr", "org", "com", "fr")


def _addresses(
    department: str, seed: int, size: int
) -> tuple[tuple[_Commune, tuple[str, ...]], ...]:
    """Seat addresses of a department: (commune, fields `adrs_complement` … `adrg_pays`).

    Associations share addresses in the real file too (town halls, maisons des associations);
    drawing a whole address from a pool saves a dozen random draws per row.
    """
    rng = random.Random(f"addresses:{seed}:{department}")
    rnd = rng.random
    communes = _communes(department)
    pool = []
    for _ in range(size):
        commune = _pick(rnd, communes)
        slots = _Slots(commune=commune.name, de_commune=commune.de_name)
        slots.rnd = rnd
        numvoie = str(1 + int(rnd() * rnd() * 150)) if rnd() < 0.8 else ""
        repetition = _pick(rnd, ("B", "T", "bis")) if numvoie and rnd() < 0.04 else ""
        typevoie, typelabel = _pick(rnd, _STREET_TYPES)
        libvoie = _pick(rnd, _STREETS)
        if rnd() < 0.25:
            libvoie = libvoie.upper()
        complement = _pick(rnd, _COMPLEMENTS).format_map(slots) if rnd() < 0.12 else ""
        draw = rnd()
        if draw < 0.35:
            distrib = "_"
        elif draw < 0.37:
            distrib = f"BP {10 + int(rnd() * 900)}_"
        else:
            distrib = ""
        postcode = _pick(rnd, commune.postcodes)
        libcommune = commune.name if rnd() < 0.7 else commune.upper
        # The manager's (declarant's) address: often the same place, spelt otherwise.
        if rnd() < 0.6:
            street = f"{typelabel} {libvoie.lower()}" if typelabel else libvoie.lower()
            manager = (
                "",
                complement if rnd() < 0.5 else "",
                "",
                f"{numvoie} {street}" if numvoie else street,
                "",
                postcode,
                commune.upper,
                "FRANCE",
            )
        else:
            manager = ("",) * 8
        fields = (
            complement,
            numvoie,
            repetition,
            typevoie,
            libvoie,
            distrib,
            commune.insee,
            postcode,
            libcommune,
            *manager,
        )
        pool.append((commune, fields))
    return tuple(pool)


def labelled_rna_rows(
    department: str, count: int, seed: int = 2026, invalid_share: float = 0.01
) -> Iterator[tuple[str | None, list[str]]]:
    """(defect or None, row) for each row of a department's waldec file, header excluded."""
    department = normalize_department(department) or department
    if department not in _DEPARTMENT_SET:
        raise ValueError(f"Unknown department: {department}")
    if count >= _SIRENE_FRESH_SERIAL:
        raise ValueError(f"At most {_SIRENE_FRESH_SERIAL - 1} associations per department.")
    rng = random.Random(f"rna:{seed}:{department}")
    rnd = rng.random
    # Pools in proportion to the file, so that small files stay quick to make.
    addresses = _addresses(department, seed, min(_ADDRESS_POOL, 64 + count // 8))
    dates = _rna_dates(department, seed, min(_DATE_POOL, 64 + count // 4))
    n_dates = len(dates)
    n_addresses = len(addresses)
    n_wheel = len(_THEME_WHEEL)
    n_kinds = len(RNA_INVALID_KINDS)
    n_civilities = len(_CIVILITIES)
    n_groupings = len(_GROUPINGS)
    n_observations = len(_OBSERVATION_WHEEL)
    head = f"W{_ID_PREFIX[department]}"
    gestion = f"{_ID_PREFIX[department]}1P"
    # Former numbers: 3 digits for the prefecture (`751`, `201`, `971`), 7 for the serial.
    old_head = {"2A": "201", "2B": "202"}.get(department, f"{department}1"[:3])

    for serial in range(1, count + 1):
        commune, address = addresses[int(rnd() * n_addresses)]
        slots = _place_slots(rnd, commune)
        theme = _THEME_WHEEL[int(rnd() * n_wheel)]

        # Title: upper case, accents kept about half of the time, as in the real file.
        titles = theme.titles
        titre = titles[int(rnd() * len(titles))].format_map(slots).upper()
        if rnd() < 0.45:
            titre = _unaccent(titre)
        acronym = _acronym(titre) if rnd() < 0.5 else ""
        if len(acronym) < 2:
            # Short titles are kept whole, long ones cut as in the real file.
            titre_court = titre if len(titre) <= 38 else titre[:34] + "..."
        elif len(titre) <= 38 and rnd() < 0.7:
            titre_court = titre
        else:
            titre_court = acronym
        objet = _association_object(rnd, theme, slots)
        codes = theme.codes
        objet_social1 = codes[int(rnd() * len(codes))]
        objet_social2 = "000000" if rnd() < 0.6 else codes[int(rnd() * len(codes))]

        creat, decla, publi, disso, position, maj_time, old = dates[int(rnd() * n_dates)]
        # Associations older than the waldec system kept their former number in `id_ex`.
        id_ex = f"{old_head}{serial:07d}" if old and serial % 5 else ""
        siret = ""
        if rnd() < 0.08:
            payload = str(10_000_000 + int(rnd() * 89_999_999))
            siren = payload + luhn_check_digit(payload)
            nic = f"{1 + int(rnd() * 40):04d}"
            siret = siren + nic + luhn_check_digit(siren + nic)
        siteweb = ""
        if rnd() < 0.07:
            siteweb = f"www.{_slug(titre_court)}.{_WEB_SUFFIXES[int(rnd() * 4)]}"

        office, number = divmod(serial, _SERIALS_PER_OFFICE)
        row = [
            f"{head}{office + 1}{number:06d}",
            id_ex,
            siret,
            "",
            gestion,
            creat,
            decla,
            publi,
            disso,
            "D",
            _GROUPINGS[int(rnd() * n_groupings)],
            titre,
            titre_court,
            objet,
            objet_social1,
            objet_social2,
            *address,
            _CIVILITIES[int(rnd() * n_civilities)],
            siteweb,
            "1" if rnd() < 0.15 else "0",
            _OBSERVATION_WHEEL[int(rnd() * n_observations)],
            position,
            maj_time,
        ]
        kind = None
        if invalid_share and rnd() < invalid_share:
            kind = RNA_INVALID_KINDS[int(rnd() * n_kinds)]
            _spoil_rna(kind, row, rng)
        yield kind, row


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choices("0123456789", k=count))


def _spoil_rna(kind: str, row: list[str], rng: random.Random) -> None:
    if kind == "column_count":
        if rng.random() < 0.5:
            del row[rng.randrange(1, len(row))]
        else:
            row.insert(rng.randrange(1, len(row) + 1), "")
    elif kind == "malformed_id":
        shape = rng.choice(_BAD_IDS)
        row[0] = shape.format(
            n2=_digits(rng, 2),
            n3=_digits(rng, 3),
            n8=_digits(rng, 8),
            n9=_digits(rng, 9),
            n10=_digits(rng, 10),
        )
    elif kind == "empty_title":
        row[11] = row[12] = ""
    elif kind == "unknown_position":
        row[37] = rng.choice("ZXR")
    elif kind == "malformed_date":
        year, month, day = row[5].split("-")
        row[5] = rng.choice(_BAD_DATE_SHAPES).format(y=year, m=month, d=day)
    else:  # pragma: no cover - RNA_INVALID_KINDS is closed
        raise ValueError(kind)


def rna_rows(
    department: str, count: int, seed: int = 2026, invalid_share: float = 0.01
) -> Iterator[list[str]]:
    """The rows of a department's waldec file (header excluded), streamed."""
    for _kind, row in labelled_rna_rows(department, count, seed, invalid_share):
        yield row


# --------------------------------------------------------------------------------------------
# SIRENE rows
# --------------------------------------------------------------------------------------------

_SIREN_LOW = 10_000_000
_SIREN_SPAN = 90_000_000
# Coprime with the span (not divisible by 2, 3 or 5): index → 8-digit payload is a bijection.
_SIREN_STRIDE = 7_654_321

_TRADES = (
    "Boulangerie", "Pâtisserie", "Garage", "Transports", "Menuiserie", "Plomberie",
    "Électricité", "Maçonnerie", "Boucherie", "Pharmacie", "Restaurant", "Café", "Coiffure",
    "Taxi", "Conseil", "Immobilier", "Informatique", "Bâtiment", "Carrosserie", "Fleurs",
    "Ambulances", "Paysages", "Architecture", "Peinture", "Couverture", "Auto-école",
    "Imprimerie", "Librairie", "Traiteur", "Nettoyage", "Charpente", "Opticien", "Épicerie",
)  # fmt: skip
_COMPANY_NAMES = (
    "{trade} {last}", "{last} {trade}", "{last} et fils", "{last}, {last2} et associés",
    "{trade} {de_commune}", "{trade} du centre", "{trade} {poetic}", "Holding {last}",
    "{poetic}", "Établissements {last}", "{last} frères", "Groupe {last}", "{trade} {first}",
    "{trade}, {trade2} et services",
)  # fmt: skip
_SCI_NAMES = ("SCI {poetic}", "SCI {last}", "SCI {last} {first}", "SCI {street}")
_COOP_NAMES = (
    "SCOP {poetic}", "Coopérative agricole {de_commune}", "SCIC {poetic}", "{poetic} SCOP",
    "Coopérative d'activités et d'emploi {poetic}", "Coopérative {de_art} {poetic}",
    "Cave coopérative {de_commune}", "SCIC {poetic}, énergies citoyennes",
)  # fmt: skip
_MUTUAL_NAMES = (
    "Mutuelle générale {de_commune}", "Mutuelle des {members}", "Mutuelle {poetic}",
    "Mutuelle santé {de_commune}",
)  # fmt: skip
_FOUNDATION_NAMES = (
    "Fondation {first} {last}", "Fondation {poetic}", "Fondation pour {cause}",
    "Fondation d'entreprise {last}",
)  # fmt: skip
_PERSON_NAF = (
    "43.32A", "43.21A", "62.01Z", "86.90F", "96.02A", "49.32Z", "74.10Z", "85.59B", "90.03A",
    "69.20Z", "86.23Z", "47.91B", "81.21Z", "01.11Z", "68.20A", "43.34Z", "96.09Z", "73.11Z",
)  # fmt: skip
_COMPANY_NAF = (
    "56.10A", "56.30Z", "47.11B", "62.01Z", "70.22Z", "41.20A", "43.99C", "45.20A", "10.71C",
    "46.90Z", "71.12B", "73.11Z", "49.41A", "47.73Z", "68.31Z", "64.20Z",
)  # fmt: skip
_COOP_NAF = ("01.61Z", "11.02B", "35.11Z", "70.22Z", "62.01Z", "43.99C", "78.30Z")
_MUTUAL_NAF = ("65.12Z", "65.11Z", "66.22Z")
_FOUNDATION_NAF = ("94.99Z", "88.99B", "72.19Z")
_STAFF_BANDS_ASSOCIATION = (
    *("NN",) * 10, *("00",) * 3, "01", "01", "02", "03", "11", "12", "21", "22", "31", "", "",
)  # fmt: skip
_STAFF_BANDS_PERSON = (*("NN",) * 12, "00", "00", "01", "02", "", "", "", "")
_STAFF_BANDS_COMPANY = (
    "NN", "NN", "NN", "00", "00", "01", "01", "02", "03", "11", "12", "21", "22", "31", "32",
    "41", "42", "51", "52", "53", "",
)  # fmt: skip
_COOP_CATEGORIES = ("5458", "5460", "5560", "5499")
_COMPANY_CATEGORIES = (
    *("1000",) * 9,
    *("5710",) * 3,
    *("5720",) * 2,
    *("5499",) * 4,
    "6540",
    "6540",
)
_BAD_SIREN_SHAPES = ("short", "letters", "luhn")

_slot_group({"last2": name} for name in _LAST_NAMES)
_slot_group({"trade": name} for name in _TRADES)
_slot_group({"trade2": name.lower()} for name in _TRADES)


def sirene_ids_needed(count: int, ess_share: float) -> int:
    """How many existing RNA ids a SIRENE file of `count` rows can reuse, with some margin."""
    associations = count * ess_share * 0.75  # share of associations among ESS rows
    return math.ceil(associations * 0.5 * 1.2) + 16


def labelled_sirene_rows(
    count: int,
    seed: int = 2026,
    ess_share: float = 0.1,
    invalid_share: float = 0.01,
    association_ids: Iterable[str] = (),
) -> Iterator[tuple[str | None, list[str]]]:
    """(defect or None, row) for each StockUniteLegale row, header excluded.

    About half of the ESS association rows take their RNA id from `association_ids`, in order,
    until there is none left; the others get fresh ids that no generated RNA file uses.
    """
    rng = random.Random(f"sirene:{seed}")
    rnd = rng.random
    days = _days()
    last_day = len(days) - 1
    day_1950 = _day_index(date(1950, 1, 1))
    day_recent = _day_index(date(2021, 1, 1))
    offset = rng.randrange(_SIREN_SPAN)
    reused = iter(association_ids)
    reuse_open = True
    n_wheel = len(_THEME_WHEEL)
    n_kinds = len(SIRENE_INVALID_KINDS)
    n_departments = len(DEPARTMENTS)

    for index in range(count):
        payload = str(_SIREN_LOW + (index * _SIREN_STRIDE + offset) % _SIREN_SPAN)
        siren = payload + luhn_check_digit(payload)
        public = rnd() >= 0.03
        active = rnd() >= 0.10
        department = DEPARTMENTS[int(rnd() * n_departments)]
        communes = _communes(department)
        commune = communes[int(rnd() * len(communes))]
        slots = _place_slots(rnd, commune)

        sigle = sexe = prenom1 = prenom2 = prenom3 = prenom4 = pseudonyme = ""
        nom = nom_usage = denomination = usuelle1 = association_id = ""
        if rnd() < ess_share:
            ess = "O"
            draw = rnd()
            if draw < 0.75:
                category = "9220"
                theme = _THEME_WHEEL[int(rnd() * n_wheel)]
                denomination = _pick(rnd, theme.titles).format_map(slots)
                naf = theme.naf[int(rnd() * len(theme.naf))]
                bands = _STAFF_BANDS_ASSOCIATION
                if reuse_open and rnd() < 0.5:
                    association_id = next(reused, "")
                    reuse_open = bool(association_id)
                if not association_id:
                    # Fresh and unique: the 9th office of a department no RNA file reaches.
                    fresh_department, fresh_serial = (
                        DEPARTMENTS[index % n_departments],
                        1 + index // n_departments,
                    )
                    association_id = rna_id(fresh_department, _SIRENE_FRESH_SERIAL + fresh_serial)
            elif draw < 0.80:
                category = "9300"
                denomination = _pick(rnd, _FOUNDATION_NAMES).format_map(slots)
                naf = _pick(rnd, _FOUNDATION_NAF)
                bands = _STAFF_BANDS_COMPANY
            elif draw < 0.85:
                category = "8210"
                denomination = _pick(rnd, _MUTUAL_NAMES).format_map(slots)
                naf = _pick(rnd, _MUTUAL_NAF)
                bands = _STAFF_BANDS_COMPANY
            else:
                category = _pick(rnd, _COOP_CATEGORIES)
                denomination = _pick(rnd, _COOP_NAMES).format_map(slots)
                naf = _pick(rnd, _COOP_NAF)
                bands = _STAFF_BANDS_COMPANY
            # Upper case, as INSEE writes it, but associations in mixed case half of the time.
            if category != "9220" or rnd() < 0.5:
                denomination = denomination.upper()
            if rnd() < (0.3 if category == "9220" else 0.1):
                sigle = _acronym(denomination.upper())
        else:
            ess = "N" if rnd() < 0.6 else ""
            category = _pick(rnd, _COMPANY_CATEGORIES)
            if category == "1000":
                female = rnd() < 0.45
                names = _FIRST_NAMES_F if female else _FIRST_NAMES_M
                sexe = "F" if female else "M"
                prenom1 = _pick(rnd, names)
                if rnd() < 0.6:
                    prenom2 = _pick(rnd, names)
                    if rnd() < 0.4:
                        prenom3 = _pick(rnd, names)
                        if rnd() < 0.3:
                            prenom4 = _pick(rnd, names)
                nom = _pick(rnd, _LAST_NAMES).upper()
                if female and rnd() < 0.25:
                    nom_usage = _pick(rnd, _LAST_NAMES).upper()
                if rnd() < 0.01:
                    pseudonyme = _pick(rnd, _POETIC).upper()
                if rnd() < 0.2:
                    usuelle1 = f"{_pick(rnd, _TRADES)} {nom.title()}".upper()
                naf = _pick(rnd, _PERSON_NAF)
                bands = _STAFF_BANDS_PERSON
            else:
                templates = _SCI_NAMES if category == "6540" else _COMPANY_NAMES
                denomination = _pick(rnd, templates).format_map(slots)
                if rnd() < 0.004:
                    denomination = f'{slots["trade"]} "{slots["poetic"]}"'
                if rnd() < 0.8:
                    denomination = denomination.upper()
                if rnd() < 0.08:
                    sigle = _acronym(denomination.upper())
                naf = "68.20B" if category == "6540" else _pick(rnd, _COMPANY_NAF)
                bands = _STAFF_BANDS_COMPANY

        if not public:
            prenom1 = prenom2 = prenom3 = prenom4 = nom = nom_usage = "[ND]"
            pseudonyme = sigle = "[ND]"
        prenom_usuel = prenom1

        creation = day_1950 + int((last_day - day_1950) * math.sqrt(rnd()))
        debut = creation if rnd() < 0.4 else creation + int(rnd() * (last_day - creation))
        treated = max(debut, day_recent) + int(rnd() * (last_day - max(debut, day_recent)))
        band = bands[int(rnd() * len(bands))] if active else ("NN" if rnd() < 0.7 else "")
        staff_year = "" if band in ("", "NN") else ("2022", "2023", "2024")[int(rnd() * 3)]
        employer = "N" if band in ("", "NN", "00") else "O"
        if active:
            size_draw = rnd()
            company_category = (
                "PME"
                if size_draw < 0.95
                else ("ETI" if size_draw < 0.985 else ("GE" if size_draw < 0.99 else ""))
            )
            company_year = "2022" if company_category else ""
        else:
            company_category = company_year = ""
        nic4 = f"{1 + int(rnd() * rnd() * 40):04d}"
        mission_draw = rnd()
        mission = "" if mission_draw < 0.9 else ("N" if mission_draw < 0.98 else "O")

        row = [
            siren,
            "O" if public else "P",
            "true" if not active and rnd() < 0.05 else "",
            days[creation] if rnd() >= 0.01 else "",
            sigle,
            sexe,
            prenom1,
            prenom2,
            prenom3,
            prenom4,
            prenom_usuel,
            pseudonyme,
            association_id,
            band,
            staff_year,
            f"{days[treated]}T{_clock(rnd)}",
            str(1 + int(rnd() * rnd() * 9)),
            company_category,
            company_year,
            days[debut],
            "A" if active else "C",
            nom,
            nom_usage,
            denomination,
            usuelle1,
            "",
            "",
            category,
            naf,
            "NAFRev2",
            nic4 + luhn_check_digit(siren + nic4),
            ess,
            mission,
            employer,
        ]
        kind = None
        if invalid_share and rnd() < invalid_share:
            kind = SIRENE_INVALID_KINDS[int(rnd() * n_kinds)]
            _spoil_sirene(kind, row, rng)
        yield kind, row


def _pick(rnd, sequence):
    return sequence[int(rnd() * len(sequence))]


def _spoil_sirene(kind: str, row: list[str], rng: random.Random) -> None:
    if kind == "malformed_siren":
        siren = row[0]
        shape = rng.choice(_BAD_SIREN_SHAPES)
        if shape == "short":
            row[0] = siren[:8]
        elif shape == "letters":
            position = rng.randrange(9)
            row[0] = siren[:position] + rng.choice("ABCXYZ") + siren[position + 1 :]
        else:
            wrong = (int(siren[8]) + rng.randrange(1, 10)) % 10
            row[0] = siren[:8] + str(wrong)
    elif kind == "empty_denomination":
        if row[27] == "1000":  # a sole trader has no denomination anyway: make it a company
            row[27] = "5710"
            for index in (5, 6, 7, 8, 9, 10, 11, 21, 22, 24):
                row[index] = ""
        row[23] = ""
    elif kind == "column_count":
        if rng.random() < 0.5:
            del row[rng.randrange(1, len(row))]
        else:
            row.insert(rng.randrange(1, len(row) + 1), "")
    else:  # pragma: no cover - SIRENE_INVALID_KINDS is closed
        raise ValueError(kind)


def sirene_rows(
    count: int,
    seed: int = 2026,
    ess_share: float = 0.1,
    invalid_share: float = 0.01,
    association_ids: Iterable[str] = (),
) -> Iterator[list[str]]:
    """The rows of a StockUniteLegale file (header excluded), streamed."""
    for _kind, row in labelled_sirene_rows(count, seed, ess_share, invalid_share, association_ids):
        yield row


# --------------------------------------------------------------------------------------------
# Reading RNA ids back (for --associations-from)
# --------------------------------------------------------------------------------------------


def read_rna_ids(source: str | Path) -> Iterator[str]:
    """The well-formed ids of the waldec files in a folder or a zip, in file-name order.

    Ids are ASCII, so the files' encoding (UTF-8 or Latin-1) does not matter.
    """
    source = Path(source)
    if source.is_dir():
        for path in sorted(source.glob("*.csv")):
            with open(path, "rb") as handle:
                yield from _ids_of(handle)
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for name in sorted(archive.namelist()):
                if name.lower().endswith(".csv"):
                    with archive.open(name) as handle:
                        yield from _ids_of(handle)
    else:
        raise ValueError(f"Neither a folder nor a zip file: {source}")


def _ids_of(handle) -> Iterator[str]:
    lines = iter(handle)
    next(lines, None)  # header
    for line in lines:
        candidate = line.split(b";", 1)[0].decode("latin-1")
        if RNA_ID_RE.match(candidate):
            yield candidate


def sample_ids(ids: Iterable[str], limit: int, seed: int = 2026) -> list[str]:
    """Up to `limit` distinct ids drawn uniformly from `ids` (reservoir), in a shuffled order."""
    rng = random.Random(f"sample:{seed}")
    reservoir: list[str] = []
    seen: set[str] = set()
    distinct = 0
    for candidate in ids:
        if candidate in seen:
            continue
        distinct += 1
        if len(reservoir) < limit:
            reservoir.append(candidate)
            seen.add(candidate)
        else:
            slot = rng.randrange(distinct)
            if slot < limit:
                seen.discard(reservoir[slot])
                reservoir[slot] = candidate
                seen.add(candidate)
    rng.shuffle(reservoir)
    return reservoir


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

_BATCH = 1024


def _write_rna_text(stream: io.TextIOBase, rows: Iterable[list[str]]) -> None:
    """Header then rows, `;`-joined, unquoted, `\\n`-terminated, a batch of lines at a time."""
    stream.write(";".join(RNA_HEADER) + "\n")
    batch: list[str] = []
    append = batch.append
    for row in rows:
        append(";".join(row))
        if len(batch) >= _BATCH:
            batch.append("")
            stream.write("\n".join(batch))
            batch.clear()
    if batch:
        batch.append("")
        stream.write("\n".join(batch))


def _rna_text_stream(raw: io.BufferedIOBase, encoding: str) -> io.TextIOWrapper:
    # Latin-1 files spell what Latin-1 lacks (`œ`, `’`…) as French files do without it.
    errors = _LATIN1_ERRORS if encoding == "latin-1" else "strict"
    return io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="\n")


def write_rna(
    folder: str | Path,
    rows: int,
    departments: Sequence[str],
    seed: int = 2026,
    invalid_share: float = 0.01,
    encoding: str = "mixed",
    as_zip: bool = False,
    extract_date: date = EXTRACT_DATE,
) -> list[Path]:
    """Write `rows` waldec rows split over one file per department; the paths written.

    With `as_zip`, the department files go into one `rna_waldec_YYYYMMDD.zip` (deflated, with
    fixed timestamps so that the archive is byte-for-byte reproducible).
    """
    folder = Path(folder)
    departments = [normalize_department(code) or code for code in departments]
    unknown = [code for code in departments if code not in _DEPARTMENT_SET]
    if unknown:
        raise ValueError(f"Unknown department: {unknown[0]}")
    if len(set(departments)) != len(departments):
        raise ValueError("Each department may be given only once.")
    counts = split_rows(rows, len(departments))
    encodings = file_encodings(len(departments), encoding)
    jobs = list(zip(departments, counts, encodings, strict=True))
    folder.mkdir(parents=True, exist_ok=True)

    if as_zip:
        path = folder / rna_zip_filename(extract_date)
        stamp = (extract_date.year, extract_date.month, extract_date.day, 6, 0, 0)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for department, count, file_encoding in jobs:
                info = zipfile.ZipInfo(rna_filename(department, extract_date), date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                # Level 1: deflating at the default level would take longer than generating.
                # (`compress_level` is public from Python 3.13, `_compresslevel` before.)
                setattr(
                    info,
                    "compress_level" if hasattr(info, "compress_level") else "_compresslevel",
                    1,
                )
                # Past about 2 GB a member needs ZIP64 headers, which must be asked up front.
                raw = archive.open(info, "w", force_zip64=count > 1_000_000)
                with _rna_text_stream(raw, file_encoding) as stream:
                    _write_rna_text(stream, rna_rows(department, count, seed, invalid_share))
        return [path]

    paths = []
    for department, count, file_encoding in jobs:
        path = folder / rna_filename(department, extract_date)
        raw = open(path, "wb", buffering=1 << 20)  # noqa: SIM115 - closed by the wrapper
        with _rna_text_stream(raw, file_encoding) as stream:
            _write_rna_text(stream, rna_rows(department, count, seed, invalid_share))
        paths.append(path)
    return paths


def write_sirene(
    path: str | Path,
    rows: int,
    seed: int = 2026,
    ess_share: float = 0.1,
    invalid_share: float = 0.01,
    association_ids: Iterable[str] = (),
    associations_from: str | Path | None = None,
) -> Path:
    """Write a StockUniteLegale CSV of `rows` rows (UTF-8, `,`, minimal quoting); its path.

    `associations_from` (a folder of waldec files or their zip) supplies existing RNA ids for
    about half of the ESS associations, sampled deterministically from all the ids found.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if associations_from is not None:
        association_ids = sample_ids(
            read_rna_ids(associations_from), sirene_ids_needed(rows, ess_share), seed
        )
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SIRENE_HEADER)
        writer.writerows(sirene_rows(rows, seed, ess_share, invalid_share, association_ids))
    return path
