"""Word lists, themes, template slots, communes and neighbourhoods (data and tiny helpers).

Part of `passeurs.directory.opendata.synthetic` (see its docstring).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from functools import cache

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
# Neighbourhoods
# --------------------------------------------------------------------------------------------

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
