"""Demo calls for projects: an incubator intake closed with fifty applications now read by
its jury (seven laureates to come, six months of accompaniment), and an experimentation fund
open now with a budget and a couple of drafts. Loaded through the calls services.

The incubator follows the Fabrique numérique's first intake (seed 004: seven laureates
among some fifty proposals, six months of accompaniment); the fund, the experimentation
funds announced with #FrenchImpact (seed 003). Each call is found again by its title: one
that exists is left as it is, so a second run writes nothing.
"""

import datetime
import unicodedata

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from passeurs.accounts.models import Role, User
from passeurs.calls.models import Application, Call, CallKind, CallLog, CallState, QuestionKind
from passeurs.calls.services import applications as application_services
from passeurs.calls.services import calls as call_services
from passeurs.core.demo.data import DEMO_DOMAIN, DEMO_PASSWORD
from passeurs.core.models import Challenge, Department
from passeurs.core.notify import notifications_paused
from passeurs.directory import services as directory_services
from passeurs.directory.models import Initiative, Membership, MembershipRole, Organisation, Stage

COORDINATOR = f"coordinator@{DEMO_DOMAIN}"
ESS_KINDS = ["association", "scop", "scic", "esus"]

INCUBATOR = {
    "title": "Incubateur d’innovation sociale — promotion 2026",
    "kind": CallKind.INCUBATOR,
    "organiser": ("Ministère de la Transition écologique", "ministry"),
    "summary": "Sept projets lauréats accompagnés pendant six mois pour transformer une "
    "expérimentation locale en service utile partout.",
    "description": "L’incubateur accueille des porteurs de projets de l’économie sociale et "
    "solidaire qui répondent, au plus près des territoires, aux besoins des usagers. "
    "Pendant six mois, chaque lauréat est accompagné par un coach, rencontre les "
    "administrations concernées et prépare l’essaimage de son projet à l’échelle nationale.\n\n"
    "Une cinquantaine de projets sont attendus ; sept seront retenus par un jury réunissant "
    "agents publics, réseaux de l’ESS et financeurs.",
    "eligible_kinds": ESS_KINDS,
    "laureate_count": 7,
    "reviews_per_application": 3,
    "normalise_scores": True,
    "accompaniment_months": 6,
    "weeks_open": 8,
    "closed_days_ago": 12,
    "questions": [
        ("Présentez votre projet et le besoin auquel il répond", QuestionKind.LONG_TEXT, 3000),
        ("Comment les usagers sont-ils associés au projet ?", QuestionKind.LONG_TEXT, 2000),
        ("Nombre de personnes concernées chaque année", QuestionKind.NUMBER, None),
        ("Stade du projet", QuestionKind.CHOICE, None),
        ("Qui porte le projet au quotidien ?", QuestionKind.TEXT, 300),
        ("Présentation du projet (PDF)", QuestionKind.FILE, None),
    ],
    "stages": ["Idée", "Prototype testé", "Premiers usagers", "Déploiement local"],
    "criteria": [
        ("Impact social attendu", "Ampleur et profondeur des effets pour les usagers.", 3),
        ("Réponse à un besoin réel", "Le besoin est documenté et partagé par les usagers.", 2),
        ("Caractère innovant", "Ce que le projet fait autrement.", 2),
        ("Faisabilité et équipe", "Moyens, calendrier, compétences réunies.", 2),
        ("Potentiel d’essaimage", "Le projet peut-il se déployer ailleurs ?", 1),
    ],
}

FUND = {
    "title": "Fonds d’expérimentation pour l’innovation sociale 2027",
    "kind": CallKind.EXPERIMENTATION_FUND,
    "organiser": ("Ministère du Travail, de la Santé et des Solidarités", "ministry"),
    "summary": "Une enveloppe de 400 000 € pour expérimenter, évaluer et faire connaître des "
    "solutions nouvelles pour l’inclusion, l’emploi et la transition écologique.",
    "description": "Le fonds finance des expérimentations de douze à dix-huit mois, évaluées, "
    "dont les enseignements pourront inspirer les politiques publiques. Chaque candidature "
    "indique le montant demandé, jusqu’à 80 000 €. Les projets retenus bénéficient aussi de "
    "trois mois d’appui à l’évaluation de leur impact.",
    "eligible_kinds": ["association", "scop", "scic"],
    "challenges": ["inclusion", "emploi", "transition-ecologique"],
    "budget": 400000,
    "reviews_per_application": 2,
    "accompaniment_months": 3,
    "opened_days_ago": 14,
    "open_days_left": 45,
    "questions": [
        ("Décrivez l’expérimentation proposée", QuestionKind.LONG_TEXT, 4000),
        ("Comment en mesurerez-vous les effets ?", QuestionKind.LONG_TEXT, 2000),
        ("Durée de l’expérimentation (mois)", QuestionKind.NUMBER, None),
        ("Budget prévisionnel (PDF ou ODT)", QuestionKind.FILE, None),
    ],
    "criteria": [
        ("Intérêt pour les politiques publiques", "", 3),
        ("Qualité du protocole d’évaluation", "", 2),
        ("Réalisme du budget", "", 1),
    ],
}

# The fifty applicants: structure, kind, department, city, project, challenge, leader.
APPLICANTS = [
    (
        "Ressourcerie du Pays de Morlaix",
        "association",
        "29",
        "Morlaix",
        "Atelier mobile de réparation d’appareils",
        "transition-ecologique",
        "Erwan",
        "Le Goasduff",
    ),
    (
        "Coopérative Mobil’Emploi",
        "scop",
        "59",
        "Roubaix",
        "Garage solidaire pour les demandeurs d’emploi",
        "emploi",
        "Nadia",
        "Bensalem",
    ),
    (
        "Les Jardins de Cocagne de Thouars",
        "association",
        "79",
        "Thouars",
        "Paniers bio solidaires en entreprise",
        "alimentation-durable",
        "Claire",
        "Moreau-Brun",
    ),
    (
        "Bâtisseurs de Liens",
        "scic",
        "69",
        "Villeurbanne",
        "Habitat partagé seniors et étudiants",
        "lien-intergenerationnel-autonomie",
        "Hugo",
        "Perret",
    ),
    (
        "Numérique pour Tous Creuse",
        "association",
        "23",
        "Guéret",
        "Conseillers numériques itinérants en zone rurale",
        "numerique",
        "Sylvie",
        "Aubusson",
    ),
    (
        "Épicerie Solidaire du Vieux-Port",
        "association",
        "13",
        "Marseille",
        "Épicerie solidaire et atelier cuisine",
        "alimentation-durable",
        "Rachid",
        "Ouali",
    ),
    (
        "La Recyclerie Sportive",
        "esus",
        "91",
        "Massy",
        "Collecte et revente de matériel sportif",
        "transition-ecologique",
        "Mathieu",
        "Lasserre",
    ),
    (
        "Tremplin Jeunes Ardennes",
        "association",
        "08",
        "Charleville-Mézières",
        "Parcours d’insertion par le sport",
        "emploi",
        "Inès",
        "Carpentier",
    ),
    (
        "SCOP Ouvrage Commun",
        "scop",
        "44",
        "Saint-Nazaire",
        "Chantier d’insertion en éco-construction",
        "emploi",
        "Yannick",
        "Guérin",
    ),
    (
        "Aidants Connect 63",
        "association",
        "63",
        "Clermont-Ferrand",
        "Plateforme de répit pour les aidants",
        "lien-intergenerationnel-autonomie",
        "Brigitte",
        "Fayolle",
    ),
    (
        "Cuisine Mode d’Emploi Lille",
        "association",
        "59",
        "Lille",
        "Formation aux métiers de la cuisine",
        "emploi",
        "Thierry",
        "Deschamps",
    ),
    (
        "Culture au Quartier",
        "association",
        "93",
        "Saint-Denis",
        "Résidences d’artistes dans les halls d’immeubles",
        "culture",
        "Aïcha",
        "Diarra",
    ),
    (
        "Terres de Liens Normandie",
        "association",
        "14",
        "Caen",
        "Foncier agricole pour jeunes maraîchers",
        "alimentation-durable",
        "Benoît",
        "Lecoq",
    ),
    (
        "Coopérative des Savoirs",
        "scic",
        "31",
        "Toulouse",
        "Soutien scolaire par des étudiants boursiers",
        "education",
        "Léa",
        "Marty",
    ),
    (
        "Mobilité Solidaire Drôme",
        "association",
        "26",
        "Valence",
        "Transport à la demande pour les villages",
        "cohesion-territoires-ruralite",
        "Patrick",
        "Vernet",
    ),
    (
        "Santé Partagée Guyane",
        "association",
        "973",
        "Cayenne",
        "Médiateurs de santé dans les quartiers",
        "sante",
        "Maïté",
        "Ho-A-Sim",
    ),
    (
        "Lire et Faire Lire 56",
        "association",
        "56",
        "Vannes",
        "Bénévoles seniors lecteurs dans les écoles",
        "education",
        "Annick",
        "Le Floch",
    ),
    (
        "Éco-Bâti Coop",
        "scop",
        "67",
        "Strasbourg",
        "Rénovation énergétique des copropriétés modestes",
        "transition-ecologique",
        "Florian",
        "Schaeffer",
    ),
    (
        "Les Petites Cantines Nantes",
        "association",
        "44",
        "Nantes",
        "Cantines de quartier participatives",
        "lien-intergenerationnel-autonomie",
        "Camille",
        "Rousseau",
    ),
    (
        "Insertion Vélo Bordeaux",
        "esus",
        "33",
        "Bordeaux",
        "Atelier vélo et livraisons à vélo en insertion",
        "emploi",
        "Kévin",
        "Labat",
    ),
    (
        "Réseau Solidarité Numérique 87",
        "association",
        "87",
        "Limoges",
        "Reconditionnement d’ordinateurs pour les familles",
        "numerique",
        "Delphine",
        "Peyrat",
    ),
    (
        "Ferme Urbaine de Saint-Étienne",
        "scic",
        "42",
        "Saint-Étienne",
        "Ferme urbaine et maraîchage d’insertion",
        "alimentation-durable",
        "Julien",
        "Faure-Michel",
    ),
    (
        "Tiers-Lieu Les Ateliers du Lot",
        "association",
        "46",
        "Cahors",
        "Tiers-lieu rural de services et de formation",
        "cohesion-territoires-ruralite",
        "Sophie",
        "Calmels",
    ),
    (
        "Accueil Paysan Vosges",
        "association",
        "88",
        "Épinal",
        "Séjours à la ferme pour jeunes de l’ASE",
        "inclusion",
        "Gérard",
        "Thiriet",
    ),
    (
        "SCIC Énergie Citoyenne Vendée",
        "scic",
        "85",
        "La Roche-sur-Yon",
        "Centrales solaires citoyennes sur les écoles",
        "transition-ecologique",
        "Manon",
        "Bonnin",
    ),
    (
        "Langues en Partage",
        "association",
        "75",
        "Paris",
        "Ateliers de français pour parents allophones",
        "inclusion",
        "Samir",
        "Haddouche",
    ),
    (
        "Maison des Familles de Metz",
        "association",
        "57",
        "Metz",
        "Accompagnement des familles monoparentales",
        "inclusion",
        "Véronique",
        "Weber",
    ),
    (
        "Chantier École du Gers",
        "association",
        "32",
        "Auch",
        "Restauration du petit patrimoine en insertion",
        "emploi",
        "Jean-Luc",
        "Dupouy",
    ),
    (
        "Coop Alimentaire Grenobloise",
        "scic",
        "38",
        "Grenoble",
        "Supermarché coopératif de quartier",
        "alimentation-durable",
        "Élodie",
        "Garnier",
    ),
    (
        "Handi-Sport Ensemble",
        "association",
        "21",
        "Dijon",
        "Clubs sportifs inclusifs pour enfants handicapés",
        "inclusion",
        "Romain",
        "Bouchard",
    ),
    (
        "Atelier Textile Solidaire",
        "esus",
        "62",
        "Arras",
        "Upcycling textile et couture en insertion",
        "transition-ecologique",
        "Fatou",
        "Sow",
    ),
    (
        "Répit Alzheimer Sarthe",
        "association",
        "72",
        "Le Mans",
        "Halte-répit itinérante pour malades et aidants",
        "sante",
        "Monique",
        "Hamelin",
    ),
    (
        "Les Compagnons du Numérique",
        "scop",
        "35",
        "Rennes",
        "Formation au numérique des agents d’accueil",
        "numerique",
        "Gaëtan",
        "Le Roux",
    ),
    (
        "Musique en Campagne",
        "association",
        "24",
        "Périgueux",
        "Écoles de musique itinérantes",
        "culture",
        "Pauline",
        "Delmas",
    ),
    (
        "Solidarité Logement 83",
        "association",
        "83",
        "Toulon",
        "Intermédiation locative pour jeunes travailleurs",
        "inclusion",
        "Olivier",
        "Santoni",
    ),
    (
        "Café Associatif Le Relais",
        "association",
        "05",
        "Gap",
        "Café de village et point de services",
        "cohesion-territoires-ruralite",
        "Anaïs",
        "Chabrand",
    ),
    (
        "Coopérative Petite Enfance",
        "scic",
        "49",
        "Angers",
        "Crèches à horaires atypiques",
        "emploi",
        "Hélène",
        "Poirier",
    ),
    (
        "Mémoire et Avenir Corrèze",
        "association",
        "19",
        "Tulle",
        "Rencontres entre collégiens et anciens",
        "lien-intergenerationnel-autonomie",
        "Bernard",
        "Chastang",
    ),
    (
        "Zéro Déchet Montpellier",
        "association",
        "34",
        "Montpellier",
        "Consigne des contenants en verre",
        "transition-ecologique",
        "Chloé",
        "Vidal",
    ),
    (
        "Santé Mentale Jeunes 76",
        "association",
        "76",
        "Rouen",
        "Pair-aidance en santé mentale pour les 16-25 ans",
        "sante",
        "Thomas",
        "Leroux-Vasseur",
    ),
    (
        "École de la Deuxième Chance Oise",
        "association",
        "60",
        "Beauvais",
        "Remobilisation des jeunes sans diplôme",
        "education",
        "Karima",
        "Messaoudi",
    ),
    (
        "Bricolage Solidaire Loire",
        "esus",
        "45",
        "Orléans",
        "Petits travaux à domicile pour personnes âgées",
        "lien-intergenerationnel-autonomie",
        "Stéphane",
        "Boutin",
    ),
    (
        "Agriculteurs Solidaires du Cantal",
        "association",
        "15",
        "Aurillac",
        "Remplacement des agriculteurs en congé",
        "cohesion-territoires-ruralite",
        "Régine",
        "Lacombe",
    ),
    (
        "Ciné-Village Ariège",
        "association",
        "09",
        "Foix",
        "Cinéma itinérant et ateliers d’éducation à l’image",
        "culture",
        "Laurent",
        "Estrade",
    ),
    (
        "Coop Mobilités Douces",
        "scop",
        "67",
        "Sélestat",
        "Location de vélos électriques en zone rurale",
        "transition-ecologique",
        "Aurélie",
        "Kieffer",
    ),
    (
        "Droit au Numérique Réunion",
        "association",
        "974",
        "Saint-Denis",
        "Permanences d’accès aux droits en ligne",
        "numerique",
        "Jimmy",
        "Payet",
    ),
    (
        "Cuisine des Saveurs du Monde",
        "scop",
        "69",
        "Lyon",
        "Traiteur d’insertion pour femmes réfugiées",
        "emploi",
        "Amina",
        "Kaboré",
    ),
    (
        "Jardins Partagés de Besançon",
        "association",
        "25",
        "Besançon",
        "Jardins thérapeutiques en EHPAD",
        "sante",
        "Christophe",
        "Girardot",
    ),
    (
        "Bibliothèque Sonore Solidaire",
        "association",
        "86",
        "Poitiers",
        "Livres audio pour personnes malvoyantes",
        "inclusion",
        "Marion",
        "Texereau",
    ),
    (
        "Trait d’Union Quartiers",
        "association",
        "95",
        "Sarcelles",
        "Médiation entre jeunes et institutions",
        "inclusion",
        "Moussa",
        "Traoré",
    ),
]

# Two structures of the base demo start drafts to the fund (their leaders can finish them).
# The postal code of each applicant's commune: (department, commune) → code.
POSTAL_CODES = {
    ("29", "Morlaix"): "29600",
    ("59", "Roubaix"): "59100",
    ("79", "Thouars"): "79100",
    ("69", "Villeurbanne"): "69100",
    ("23", "Guéret"): "23000",
    ("13", "Marseille"): "13001",
    ("91", "Massy"): "91300",
    ("08", "Charleville-Mézières"): "08000",
    ("44", "Saint-Nazaire"): "44600",
    ("63", "Clermont-Ferrand"): "63000",
    ("59", "Lille"): "59000",
    ("93", "Saint-Denis"): "93200",
    ("14", "Caen"): "14000",
    ("31", "Toulouse"): "31000",
    ("26", "Valence"): "26000",
    ("973", "Cayenne"): "97300",
    ("56", "Vannes"): "56000",
    ("67", "Strasbourg"): "67000",
    ("44", "Nantes"): "44000",
    ("33", "Bordeaux"): "33000",
    ("87", "Limoges"): "87000",
    ("42", "Saint-Étienne"): "42000",
    ("46", "Cahors"): "46000",
    ("88", "Épinal"): "88000",
    ("85", "La Roche-sur-Yon"): "85000",
    ("75", "Paris"): "75011",
    ("57", "Metz"): "57000",
    ("32", "Auch"): "32000",
    ("38", "Grenoble"): "38000",
    ("21", "Dijon"): "21000",
    ("62", "Arras"): "62000",
    ("72", "Le Mans"): "72000",
    ("35", "Rennes"): "35000",
    ("24", "Périgueux"): "24000",
    ("83", "Toulon"): "83000",
    ("05", "Gap"): "05000",
    ("49", "Angers"): "49000",
    ("19", "Tulle"): "19000",
    ("34", "Montpellier"): "34000",
    ("76", "Rouen"): "76000",
    ("60", "Beauvais"): "60000",
    ("45", "Orléans"): "45000",
    ("15", "Aurillac"): "15000",
    ("09", "Foix"): "09000",
    ("67", "Sélestat"): "67600",
    ("974", "Saint-Denis"): "97400",
    ("69", "Lyon"): "69001",
    ("25", "Besançon"): "25000",
    ("86", "Poitiers"): "86000",
    ("95", "Sarcelles"): "95200",
}

FUND_DRAFTS = [f"leader@{DEMO_DOMAIN}", f"julien.chaptal@{DEMO_DOMAIN}"]

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in folded.lower()).strip("-")


def _email(first: str, last: str) -> str:
    return f"{_ascii(first)}.{_ascii(last)}@{DEMO_DOMAIN}"


class _Loader:
    def __init__(self):
        self.coordinator = User.objects.filter(email=COORDINATOR).first()
        if self.coordinator is None:
            self.coordinator = User.objects.create_user(
                COORDINATOR,
                None,
                first_name="Camille",
                last_name="Lefèvre",
                role=Role.COORDINATOR,
            )
            self.coordinator.password = make_password(DEMO_PASSWORD)
            self.coordinator.save(update_fields=["password"])
        self.departments = {d.code: d for d in Department.objects.select_related("region")}
        self.challenges = {c.slug: c for c in Challenge.objects.all()}
        self._password = None

    def password(self) -> str:
        if self._password is None:
            self._password = make_password(DEMO_PASSWORD)
        return self._password

    def organiser(self, spec):
        name, kind = spec["organiser"]
        return Organisation.objects.filter(name=name, kind=kind).first()

    def applicant(self, index: int, row) -> tuple[User, Initiative]:
        """The structure, its leader and its project, found again or created."""
        name, kind, department, city, project, challenge, first, last = row
        organisation = Organisation.objects.filter(name=name, kind=kind).first()
        if organisation is None:
            organisation = directory_services.organisation_create(
                actor=None,
                name=name,
                kind=kind,
                department=self.departments[department],
                postal_code=POSTAL_CODES[department, city],
                city=city,
                description=f"{name} agit à {city} : {project[0].lower()}{project[1:]}.",
                challenges=[self.challenges[challenge]],
            )
        email = _email(first, last)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, None, first_name=first, last_name=last, role=Role.PROJECT_LEADER
            )
            user.password = self.password()
            user.save(update_fields=["password"])
        if not Membership.objects.filter(user=user, organisation=organisation).exists():
            directory_services.membership_add(
                actor=None,
                organisation=organisation,
                user=user,
                role=MembershipRole.ADMIN,
                position="Responsable du projet",
            )
        initiative = Initiative.objects.filter(organisation=organisation, title=project).first()
        if initiative is None:
            initiative = directory_services.initiative_create(
                actor=user,
                organisation=organisation,
                title=project,
                summary=f"{project} : un projet porté par {name} à {city}, pour et avec les "
                "habitants concernés.",
                stage=[Stage.IDEA, Stage.EXPERIMENTATION, Stage.CONSOLIDATION][index % 3],
                challenges=[self.challenges[challenge]],
                departments=[self.departments[department]],
            )
        return user, initiative

    def call(self, spec, *, opens_at, closes_at) -> Call:
        call = call_services.call_create(
            actor=self.coordinator,
            title=spec["title"],
            kind=spec["kind"],
            summary=spec["summary"],
            description=spec["description"],
            organiser=self.organiser(spec),
            opens_at=opens_at,
            closes_at=closes_at,
            eligible_kinds=spec["eligible_kinds"],
            challenges=[self.challenges[s] for s in spec.get("challenges", ())],
            laureate_count=spec.get("laureate_count"),
            budget=spec.get("budget"),
            reviews_per_application=spec["reviews_per_application"],
            normalise_scores=spec.get("normalise_scores", False),
            accompaniment_months=spec["accompaniment_months"],
        )
        for label, kind, max_length in spec["questions"]:
            extra = {}
            if kind == QuestionKind.CHOICE:
                extra["choices"] = spec["stages"]
            if kind == QuestionKind.NUMBER:
                extra["minimum"] = 0
            if kind == QuestionKind.FILE:
                extra["file_types"] = ["pdf"] if "PDF)" in label else ["pdf", "odt"]
            call_services.question_save(
                actor=self.coordinator,
                call=call,
                label=label,
                kind=kind,
                required=kind != QuestionKind.FILE,
                max_length=max_length,
                **extra,
            )
        for name, description, weight in spec["criteria"]:
            call_services.criterion_save(
                actor=self.coordinator,
                call=call,
                name=name,
                description=description,
                weight=weight,
                max_score=5,
            )
        call.refresh_from_db()
        return call_services.call_transition(
            actor=self.coordinator, call=call, target=CallState.PUBLISHED, version=call.version
        )

    def answers(self, call, index: int, user, initiative) -> tuple[dict, dict]:
        answers, files = {}, {}
        organisation = initiative.organisation
        for question in call.questions.order_by("position"):
            if question.kind == QuestionKind.LONG_TEXT and question.position == 1:
                answers[question.pk] = (
                    f"{initiative.title}. {organisation.name} constate à {organisation.city} "
                    "un besoin mal couvert par les dispositifs existants : les personnes "
                    "concernées renoncent faute d’interlocuteur proche. Le projet propose une "
                    "réponse de proximité, construite avec elles, et déjà testée sur un "
                    "premier quartier ou village."
                )
            elif question.kind == QuestionKind.LONG_TEXT:
                answers[question.pk] = (
                    "Un comité d’usagers se réunit chaque trimestre ; les bénévoles et les "
                    "salariés recueillent les retours à chaque permanence, et les usagers "
                    "participent aux choix d’organisation."
                )
            elif question.kind == QuestionKind.NUMBER:
                answers[question.pk] = str(
                    12 + index % 7 if "mois" in question.label else 40 + (index * 37) % 900
                )
            elif question.kind == QuestionKind.CHOICE:
                answers[question.pk] = question.choices[index % len(question.choices)]
            elif question.kind == QuestionKind.TEXT:
                answers[question.pk] = (
                    f"{user.get_full_name()}, avec une équipe de {2 + index % 5} personnes."
                )
            elif question.kind == QuestionKind.FILE and index % 10 == 0:
                files[question.pk] = SimpleUploadedFile(
                    f"Presentation-{_ascii(initiative.title)[:40]}.pdf", PDF
                )
        return answers, files

    def apply(self, call, index, user, initiative, *, submit: bool, amount=None):
        application = application_services.application_start(
            actor=user, call=call, initiative=initiative
        )
        answers, files = self.answers(call, index, user, initiative)
        extra = {"requested_amount": amount} if call.budget else {}
        application = application_services.application_save_draft(
            actor=user,
            application=application,
            version=application.version,
            answers=answers,
            files=files,
            **extra,
        )
        if submit:
            application = application_services.application_submit(
                actor=user, application=application, version=application.version
            )
        return application

    def load_incubator(self) -> Call:
        spec = INCUBATOR
        now = timezone.now()
        closes = (now - datetime.timedelta(days=spec["closed_days_ago"])).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
        opens = closes - datetime.timedelta(weeks=spec["weeks_open"])
        # Opened in the past as it really was; the deadline is moved to its real date once
        # the applications are in, as a coordinator closing the call would.
        call = self.call(spec, opens_at=opens, closes_at=now + datetime.timedelta(hours=1))
        applications = [
            self.apply(call, index, *self.applicant(index, row), submit=True)
            for index, row in enumerate(APPLICANTS)
        ]
        call.refresh_from_db()
        call = call_services.call_update(
            actor=self.coordinator, call=call, version=call.version, closes_at=closes
        )
        call = call_services.call_transition(
            actor=self.coordinator, call=call, target=CallState.REVIEW, version=call.version
        )
        # History: the applications arrived over the weeks the call was open.
        window = (closes - opens).total_seconds()
        for index, application in enumerate(applications):
            moment = opens + datetime.timedelta(
                seconds=window * (index + 1) / (len(applications) + 1)
            )
            Application.objects.filter(pk=application.pk).update(
                submitted_at=moment, created_at=moment, updated_at=moment
            )
            CallLog.objects.filter(application=application).update(created_at=moment)
        CallLog.objects.filter(call=call, application=None).update(created_at=opens)
        CallLog.objects.filter(call=call, kind="call_transition", to_state=CallState.REVIEW).update(
            created_at=closes
        )
        return call

    def load_fund(self) -> Call:
        spec = FUND
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        call = self.call(
            spec,
            opens_at=now - datetime.timedelta(days=spec["opened_days_ago"]),
            closes_at=(now + datetime.timedelta(days=spec["open_days_left"])).replace(hour=17),
        )
        users = list(User.objects.filter(email__in=FUND_DRAFTS).order_by("email"))
        if len(users) < len(FUND_DRAFTS):
            # Without the base demo: two of the incubator's applicants prepare theirs.
            users = [self.applicant(i, APPLICANTS[i])[0] for i in (1, 8)]
        for index, user in enumerate(users):
            initiative = (
                Initiative.objects.filter(organisation__memberships__user=user)
                .order_by("title", "id")
                .first()
            )
            if initiative is not None:
                self.apply(
                    call, index, user, initiative, submit=False, amount=45000 + index * 15000
                )
        return call


def load_calls(tally) -> dict[str, Call]:
    """Create whichever of the two demo calls is missing; return them by key."""
    calls = {}
    loader = None
    with notifications_paused():
        for key, spec in (("incubator", INCUBATOR), ("fund", FUND)):
            existing = Call.objects.filter(title=spec["title"]).first()
            if existing is not None:
                tally.existing += 1
                calls[key] = existing
                continue
            loader = loader or _Loader()
            calls[key] = loader.load_incubator() if key == "incubator" else loader.load_fund()
            tally.created += 1
    return calls
