"""Demo events, loaded through the events services with notifications paused:

- "connexions": a past co-construction day on the autonomy of the elderly (the 2013 day of
  the Mouves, the SGMAP and Paris Incubateurs) with its 45 confirmed participants from the
  State, local authorities, social enterprises and associations, start-ups and partners;
  several come from the same structure, so the seating rule matters; attendance is marked;
- "hackathon": an upcoming hackathon of the civil-service training cycle (CHESP) with
  « La France s’engage » laureates, full, with a waiting list;
- "webinar": an upcoming online webinar in Mayotte's time zone.

Dates follow today's, so the day stays past and the others upcoming. Idempotent: an event
found by its title is left as it is; people and structures are found by e-mail and name.
"""

import datetime
import zoneinfo

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from passeurs.accounts.models import Role, User
from passeurs.core.demo.data import DEMO_PASSWORD
from passeurs.core.models import Challenge, Department
from passeurs.core.notify import notifications_paused
from passeurs.directory import services as directory_services
from passeurs.directory.models import Membership, Organisation
from passeurs.events.models import Event, EventState, Registration
from passeurs.events.services.events import event_create, event_transition, event_update
from passeurs.events.services.registrations import (
    registration_create,
    registration_set_attendance,
)

D = "@demo.passeurs.test"
COORDINATOR = f"coordinator{D}"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

# key: (name, acronym, kind, department code)
ORGANISATIONS = {
    "sgmap": (
        "Secrétariat général pour la modernisation de l’action publique",
        "SGMAP",
        "directorate",
        "",
    ),
    "dgcs": ("Direction générale de la cohésion sociale", "DGCS", "directorate", ""),
    "cnsa": ("Caisse nationale de solidarité pour l’autonomie", "CNSA", "service", "75"),
    "ars-na": ("Agence régionale de santé Nouvelle-Aquitaine", "ARS NA", "service", "33"),
    "ddets-nord": ("DDETS du Nord", "", "service", "59"),
    "insp": ("Institut national du service public", "INSP", "service", "67"),
    "diese": (
        "Délégation interministérielle à l’encadrement supérieur de l’État",
        "DIESE",
        "directorate",
        "",
    ),
    "cd-gironde": ("Conseil départemental de la Gironde", "", "departement", "33"),
    "cd-nord": ("Conseil départemental du Nord", "", "departement", "59"),
    "metropole-lyon": ("Métropole de Lyon", "", "epci", "69"),
    "ville-rennes": ("Ville de Rennes", "", "commune", "35"),
    "cd-creuse": ("Conseil départemental de la Creuse", "", "departement", "23"),
    "mouves": ("Le Mouves", "", "association", "75"),
    "bien-vieillir": ("Bien Vieillir Ensemble", "", "association", "44"),
    "voisins": ("Réseau Voisins Solidaires", "", "association", "67"),
    "coop-domicile": ("Coop’Aide à Domicile", "", "scic", "31"),
    "maison-partagee": ("La Maison Partagée", "", "association", "35"),
    "impact-tank": ("Impact Tank", "", "association", "75"),
    "silver-lab": ("Silver Tech Lab", "", "esus", "75"),
    "domocare": ("DomoCare", "", "esus", "69"),
    "lien-senior": ("Lien Numérique Senior", "", "esus", "33"),
    "paris-incubateurs": ("Paris Incubateurs", "", "network", "75"),
    "france-engage": ("Fondation La France s’engage", "", "fondation", "75"),
}

# Where the structures with a territory are: key → (postal code, commune).
ADDRESSES = {
    "cnsa": ("75012", "Paris"),
    "ars-na": ("33000", "Bordeaux"),
    "ddets-nord": ("59000", "Lille"),
    "insp": ("67000", "Strasbourg"),
    "cd-gironde": ("33000", "Bordeaux"),
    "cd-nord": ("59000", "Lille"),
    "metropole-lyon": ("69003", "Lyon"),
    "ville-rennes": ("35000", "Rennes"),
    "cd-creuse": ("23000", "Guéret"),
    "mouves": ("75010", "Paris"),
    "bien-vieillir": ("44000", "Nantes"),
    "voisins": ("67000", "Strasbourg"),
    "coop-domicile": ("31000", "Toulouse"),
    "maison-partagee": ("35000", "Rennes"),
    "impact-tank": ("75009", "Paris"),
    "silver-lab": ("75011", "Paris"),
    "domocare": ("69007", "Lyon"),
    "lien-senior": ("33800", "Bordeaux"),
    "paris-incubateurs": ("75013", "Paris"),
    "france-engage": ("75008", "Paris"),
}

# (first name, last name, structure, category if not the structure's)
CONNEXIONS_PEOPLE = [
    # State (12)
    ("Isabelle", "Marchand", "sgmap", ""),
    ("Stéphane", "Roux", "sgmap", ""),
    ("Nathalie", "Garcia", "dgcs", ""),
    ("Philippe", "Lambert", "dgcs", ""),
    ("Claire", "Vidal", "dgcs", ""),
    ("Bruno", "Fournier", "cnsa", ""),
    ("Sylvie", "Mercier", "cnsa", ""),
    ("Olivier", "Blanc", "cnsa", ""),
    ("Catherine", "Guerin", "ars-na", ""),
    ("Laurent", "Boyer", "ars-na", ""),
    ("Valérie", "Chevallier", "ddets-nord", ""),
    ("Frédéric", "Picard", "ddets-nord", ""),
    # Local authorities (10)
    ("Anne", "Lefort", "cd-gironde", ""),
    ("Julien", "Dupuy", "cd-gironde", ""),
    ("Martine", "Lemoine", "cd-gironde", ""),
    ("Christophe", "Delattre", "cd-nord", ""),
    ("Sandrine", "Vasseur", "cd-nord", ""),
    ("Éric", "Bonnet", "metropole-lyon", ""),
    ("Céline", "Morin", "metropole-lyon", ""),
    ("Yannick", "Le Gall", "ville-rennes", ""),
    ("Gwenola", "Riou", "ville-rennes", ""),
    ("Pascal", "Aubert", "cd-creuse", ""),
    # Social enterprises and associations (13)
    ("Hugo", "Simonet", "mouves", ""),
    ("Camille", "Perret", "mouves", ""),
    ("Mathieu", "Renaud", "mouves", ""),
    ("Agnès", "Colin", "bien-vieillir", ""),
    ("Thierry", "Masson", "bien-vieillir", ""),
    ("Aurélie", "Schmitt", "voisins", ""),
    ("Marc", "Weber", "voisins", ""),
    ("Delphine", "Rouquette", "coop-domicile", ""),
    ("Jérôme", "Cazals", "coop-domicile", ""),
    ("Soazig", "Le Bris", "maison-partagee", ""),
    ("Karima", "Benali", "maison-partagee", ""),
    ("Fabrice", "Noël", "coop-domicile", ""),
    ("Élodie", "Besson", "bien-vieillir", ""),
    # Start-ups (8): their structures are companies of the ESS; they say they are start-ups
    ("Thomas", "Nguyen", "silver-lab", "startup"),
    ("Léa", "Rossi", "silver-lab", "startup"),
    ("Maxime", "Faure", "silver-lab", "startup"),
    ("Inès", "Haddad", "domocare", "startup"),
    ("Romain", "Giraud", "domocare", "startup"),
    ("Chloé", "Barbier", "lien-senior", "startup"),
    ("Antoine", "Lacroix", "lien-senior", "startup"),
    ("Sarah", "Meyer", "lien-senior", "startup"),
    # Partners (2)
    ("Vincent", "Hamel", "paris-incubateurs", ""),
    ("Émilie", "Caron", "paris-incubateurs", ""),
]
# Who did not come on the day (the others were present).
CONNEXIONS_ABSENT = {("Frédéric", "Picard"), ("Gwenola", "Riou"), ("Sarah", "Meyer")}

HACKATHON_PEOPLE = [
    # Civil servants of the training cycle (8: 6 seats, 2 wait)
    ("Aurore", "Delmas", "insp", ""),
    ("Benoît", "Carré", "insp", ""),
    ("Hélène", "Poirier", "diese", ""),
    ("Grégoire", "Hubert", "diese", ""),
    ("Mélanie", "Arnaud", "dgcs", ""),
    ("Cyril", "Leclerc", "ars-na", ""),
    ("Nadia", "Bouchard", "insp", ""),
    ("Paul", "Sanchez", "ddets-nord", ""),
    # Laureates of « La France s’engage » and ESS leaders (5)
    ("Agathe", "Morel", "france-engage", "ess"),
    ("Yasmine", "Belkacem", "impact-tank", ""),
    ("Louis", "Perrin", "voisins", ""),
    ("Soazig", "Le Bris", "maison-partagee", ""),
    ("Delphine", "Rouquette", "coop-domicile", ""),
]

WEBINAR_PEOPLE = [
    ("Anli", "Madi", "", ""),
    ("Agnès", "Colin", "bien-vieillir", ""),
    ("Éric", "Bonnet", "metropole-lyon", ""),
]


def _email(first: str, last: str) -> str:
    from django.utils.text import slugify

    return f"{slugify(first)}.{slugify(last)}{D}"


def _at(day: datetime.date, hour: int, minute: int = 0, zone=PARIS) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def _thursday(weeks: int) -> datetime.date:
    """The Thursday `weeks` weeks from this one (negative: in the past)."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=(3 - today.weekday()) + 7 * weeks)


class _Loader:
    def __init__(self):
        self.password = None
        self.departments = {d.code: d for d in Department.objects.all()}
        self.organisations: dict[str, Organisation] = {}
        self.coordinator = self.user(
            "Coordination", "Passeurs", email=COORDINATOR, role=Role.COORDINATOR
        )

    def organisation(self, key: str) -> Organisation:
        if key in self.organisations:
            return self.organisations[key]
        name, acronym, kind, department = ORGANISATIONS[key]
        found = Organisation.objects.filter(name=name, kind=kind).first()
        if found is None:
            postal_code, city = ADDRESSES.get(key, ("", ""))
            found = directory_services.organisation_create(
                actor=None,
                name=name,
                acronym=acronym,
                kind=kind,
                department=self.departments.get(department),
                postal_code=postal_code,
                city=city,
            )
        self.organisations[key] = found
        return found

    def user(
        self, first: str, last: str, *, email: str = "", role: str = "", key: str = ""
    ) -> User:
        email = email or _email(first, last)
        user = User.objects.filter(email=email).first()
        if user is None:
            if self.password is None:
                self.password = make_password(DEMO_PASSWORD)
            organisation_kind = ORGANISATIONS[key][2] if key else ""
            role = role or {
                "directorate": Role.CIVIL_SERVANT,
                "service": Role.CIVIL_SERVANT,
                "departement": Role.LOCAL_AGENT,
                "epci": Role.LOCAL_AGENT,
                "commune": Role.LOCAL_AGENT,
                "network": Role.SUPPORT_PARTNER,
            }.get(organisation_kind, Role.PROJECT_LEADER)
            user = User.objects.create_user(
                email, None, first_name=first, last_name=last, role=role
            )
            user.password = self.password
            user.save(update_fields=["password"])
        if key:
            organisation = self.organisation(key)
            if not Membership.objects.filter(user=user, organisation=organisation).exists():
                directory_services.membership_add(actor=None, organisation=organisation, user=user)
        return user

    def register(self, event: Event, people) -> list[Registration]:
        registrations = []
        for first, last, key, category in people:
            user = self.user(first, last, key=key)
            registrations.append(
                registration_create(
                    actor=user,
                    event=event,
                    organisation=self.organisation(key) if key else None,
                    category=category,
                )
            )
        return registrations

    def publish(self, event: Event) -> Event:
        return event_transition(
            actor=self.coordinator, event=event, target=EventState.PUBLISHED, version=event.version
        )

    def connexions(self) -> Event:
        day = _thursday(-3)
        # Registered while the day was ahead, then moved to its real (past) date.
        ahead = timezone.localdate() + datetime.timedelta(days=7)
        event = event_create(
            actor=self.coordinator,
            title="Connexions innovantes : l’autonomie des personnes âgées",
            kind="co_construction_day",
            challenge=Challenge.objects.filter(slug="lien-intergenerationnel-autonomie").first(),
            question=(
                "Comment co-construire, entre l’État, les collectivités, les entrepreneurs "
                "sociaux et les start-up, des solutions nouvelles pour l’autonomie des "
                "personnes âgées à domicile ?"
            ),
            description=(
                "Une journée de travail en ateliers pour expérimenter un format d’émergence "
                "de solutions : 45 participants venus de toute la France, de cultures "
                "professionnelles différentes, croisent leurs expériences et confrontent leurs "
                "analyses au service des besoins sociaux.\n\nOrganisée par le Mouves, avec le "
                "Secrétariat général pour la modernisation de l’action publique et Paris "
                "Incubateurs. Les tables mêlent les catégories de participants et ne "
                "réunissent jamais deux personnes de la même structure."
            ),
            starts_at=_at(ahead, 9),
            ends_at=_at(ahead, 17, 30),
            venue="Ministère des Solidarités et de la Santé",
            address="14 avenue Duquesne",
            city="Paris",
            department=self.departments.get("75"),
            capacity=45,
            quotas={"state": 12, "local_authority": 10, "ess": 13, "startup": 8},
            organisations=[
                self.organisation("mouves"),
                self.organisation("sgmap"),
                self.organisation("paris-incubateurs"),
            ],
        )
        event = self.publish(event)
        registrations = self.register(event, CONNEXIONS_PEOPLE)
        for registration in registrations:
            absent = (registration.user.first_name, registration.user.last_name) in (
                CONNEXIONS_ABSENT
            )
            registration_set_attendance(
                actor=self.coordinator,
                registration=registration,
                attendance="absent" if absent else "present",
                version=registration.version,
            )
        event.refresh_from_db()
        event = event_update(
            actor=self.coordinator,
            event=event,
            version=event.version,
            starts_at=_at(day, 9),
            ends_at=_at(day, 17, 30),
        )
        # The registrations date from the weeks before the day.
        for offset, registration in enumerate(registrations):
            moment = _at(day - datetime.timedelta(days=30 - offset // 2), 10)
            Registration.objects.filter(pk=registration.pk).update(
                created_at=moment, updated_at=moment
            )
        return event

    def hackathon(self) -> Event:
        day = _thursday(6)
        event = event_create(
            actor=self.coordinator,
            title="Hackathon « La fonction publique s’engage » du CHESP",
            kind="hackathon",
            challenge=Challenge.objects.filter(slug="inclusion").first(),
            question=(
                "Comment mieux articuler l’action publique et les initiatives associatives "
                "pour des politiques plus proches des citoyens ?"
            ),
            description=(
                "Au sein du Cycle des hautes études de service public (CHESP), piloté par la "
                "DIESE avec l’INSP, de hauts fonctionnaires et des dirigeants associatifs "
                "lauréats de La France s’engage travaillent deux jours en équipes mixtes sur "
                "des projets concrets, de l’idée au prototype."
            ),
            starts_at=_at(day, 9),
            ends_at=_at(day + datetime.timedelta(days=1), 17),
            registration_closes_at=_at(day - datetime.timedelta(days=7), 18),
            venue="Institut national du service public",
            address="1 rue Sainte-Marguerite",
            city="Strasbourg",
            department=self.departments.get("67"),
            capacity=11,
            quotas={"state": 6, "ess": 5},
            organisations=[self.organisation("diese"), self.organisation("insp")],
        )
        event = self.publish(event)
        self.register(event, HACKATHON_PEOPLE)
        return event

    def webinar(self) -> Event:
        zone = zoneinfo.ZoneInfo("Indian/Mayotte")
        day = _thursday(3)
        event = event_create(
            actor=self.coordinator,
            title="Webinaire : co-construire avec les territoires ultramarins",
            kind="webinar",
            challenge=Challenge.objects.filter(slug="cohesion-territoires-ruralite").first(),
            question="Quelles conditions pour co-construire des politiques publiques à Mayotte ?",
            description=(
                "Une heure et demie de retours d’expérience depuis Mayotte, à l’heure de "
                "Mamoudzou (UTC+3) : services de l’État, conseil départemental et "
                "associations racontent ce qui a marché."
            ),
            starts_at=_at(day, 14, zone=zone),
            ends_at=_at(day, 15, 30, zone=zone),
            time_zone="Indian/Mayotte",
            online_url="https://webinaire.demo.passeurs.test/mayotte",
            capacity=100,
        )
        event = self.publish(event)
        self.register(event, WEBINAR_PEOPLE)
        return event


TITLES = {
    "connexions": "Connexions innovantes : l’autonomie des personnes âgées",
    "hackathon": "Hackathon « La fonction publique s’engage » du CHESP",
    "webinar": "Webinaire : co-construire avec les territoires ultramarins",
}


def load_events(tally) -> dict[str, Event]:
    """Create whichever demo event is missing; return all of them by key."""
    found = {event.title: event for event in Event.objects.filter(title__in=TITLES.values())}
    events: dict[str, Event] = {}
    loader = None
    # Demo people and past history: nobody is e-mailed.
    with notifications_paused():
        for key, title in TITLES.items():
            if title in found:
                events[key] = found[title]
                tally.existing += 1
                continue
            loader = loader or _Loader()
            events[key] = getattr(loader, key)()
            tally.created += 1
    return events
