"""Demo pairing programme: a past edition (closed, with its log and results) and a current one
whose accepted candidacies are ready to be matched. Loaded through the pairing services.

Idempotent per edition: an edition found by (programme, name) is left as it is.
"""

import datetime

from django.db.models import Count

from passeurs.accounts.models import User
from passeurs.blockers.models import Blocker, BlockerState
from passeurs.blockers.workflows import TERMINAL
from passeurs.directory.models import Initiative, Organisation
from passeurs.pairing import services
from passeurs.pairing.models import (
    ActionKind,
    Candidacy,
    CandidacySide,
    Edition,
    EditionState,
    LinkKind,
    Pair,
    PairState,
    Programme,
    TerritoryMode,
)

COORDINATOR = "coordinator@demo.passeurs.test"
D = "@demo.passeurs.test"
day = datetime.date.fromisoformat

PROGRAMME = {
    "slug": "passeurs-publics",
    "name": "Passeurs publics",
    "description": "Des hauts fonctionnaires accompagnent pendant dix mois des porteurs de "
    "projets de l’économie sociale et solidaire pour lever les freins qu’ils rencontrent.",
    "operators": ["romain.chevalier"],
}

# Administration → structure it funds or supervises: its agents never pair with it.
LINKS = [
    ("dreets-hdf", "lien-partage", LinkKind.FUNDER),
    ("ars-occitanie", "paniers-roulants", LinkKind.FUNDER),
]

# Servants: e-mail → (level, legal codes).
SERVANTS = {
    "civil-servant": ("Cheffe de bureau", ["code-de-l-action-sociale-et-des-familles"]),
    "francois.lemaire": ("Sous-directeur", ["code-de-la-securite-sociale"]),
    "thomas.girard": ("Chef de bureau", ["code-de-l-education"]),
    "marie.lefebvre": ("Adjointe au sous-directeur", ["code-general-des-impots"]),
    "claire.dubois": ("Cheffe de mission", ["code-de-la-construction-et-de-l-habitation"]),
    "julien.berthier": ("Chef de mission", ["code-du-travail"]),
    "nicolas.perrin": ("Chargé de mission", ["code-de-l-environnement"]),
    "helene.faure": ("Directrice adjointe", ["code-du-travail"]),
    "mehdi.bouzid": ("Chef de pôle", ["code-du-travail"]),
    "gaelle.le-bihan": ("Cheffe de service", ["code-de-l-urbanisme"]),
    "romain.chevalier": (
        "Directeur de projet",
        ["code-des-relations-entre-le-public-et-l-administration"],
    ),
    "vincent.roques": ("Directeur délégué", ["code-de-la-sante-publique"]),
    "amina.diallo": (
        "Adjointe à la cheffe de bureau",
        ["code-de-l-action-sociale-et-des-familles"],
    ),
    "sandrine.koenig": ("Cheffe de projet", ["code-du-travail", "code-de-la-commande-publique"]),
}

PAST = {
    "name": "Promotion 2025",
    "dates": ("2024-10-01", "2024-11-30", "2025-01-10", "2025-01-20", "2025-11-30"),
    "territory_mode": TerritoryMode.PROXIMITY,
    # (leader, servant, outcome, [(kind, date, outcome, blocker state wanted)]) …
    "pairs": [
        (
            "leader",
            "thomas.girard",
            PairState.CLOSED,
            [
                (
                    "introduction",
                    "2025-02-12",
                    "Rencontre avec la CAF du Nord : un référent dédié.",
                    None,
                ),
                (
                    "procedure",
                    "2025-04-03",
                    "Dossier de demande de subvention FDVA simplifié.",
                    None,
                ),
                (
                    "field_visit",
                    "2025-05-22",
                    "Visite d’une matinée dans les centres sociaux.",
                    None,
                ),
            ],
        ),
        (
            "sophie.garnier",
            "francois.lemaire",
            PairState.CLOSED,
            [
                (
                    "blocker",
                    "2025-03-06",
                    "Note à la DSS sur la prise en charge du reconditionné.",
                    BlockerState.LIFTED,
                ),
                (
                    "unblocking",
                    "2025-06-18",
                    "Agrément de la plateforme obtenu auprès de l’ARS.",
                    None,
                ),
            ],
        ),
        (
            "julien.chaptal",
            "marie.lefebvre",
            PairState.CLOSED,
            [
                (
                    "blocker",
                    "2025-03-27",
                    "Rescrit fiscal sur les dons alimentaires préparé.",
                    BlockerState.LIFTED,
                ),
                ("advice", "2025-09-09", "Conseils pour répondre à un appel à projets.", None),
            ],
        ),
        (
            "maelle.le-goff",
            "claire.dubois",
            PairState.CLOSED,
            [
                (
                    "blocker",
                    "2025-04-15",
                    "Réunion avec la DHUP sur le bail de cohabitation.",
                    BlockerState.IN_PROGRESS,
                ),
                (
                    "other",
                    "2025-10-02",
                    "Présentation du projet au comité régional de l’habitat.",
                    None,
                ),
            ],
        ),
        (
            "antoine.mercier",
            "julien.berthier",
            PairState.ENDED_EARLY,
            [
                ("introduction", "2025-02-25", "Mise en relation avec la DREETS.", None),
            ],
        ),
        ("gwenaelle.kerjean", "nicolas.perrin", PairState.DECLINED, []),
    ],
}

CURRENT = {
    "name": "Promotion 2026",
    "dates": ("2026-09-01", "2026-10-31", "2026-11-20", "2026-12-01", "2027-10-31"),
    "territory_mode": TerritoryMode.DISTANCE,
    "servants": [
        "civil-servant",
        "helene.faure",
        "mehdi.bouzid",
        "gaelle.le-bihan",
        "romain.chevalier",
        "vincent.roques",
        "amina.diallo",
        "sandrine.koenig",
    ],
    "projects": [
        "leader",
        "julien.chaptal",
        "maelle.le-goff",
        "thomas.lavaud",
        "gwenaelle.kerjean",
        "zainaba.attoumani",
        "pierre-paul.santoni",
        "karim.haddad",
        "elise.morel",
    ],
    "refused": ["elise.morel"],
    # (project leader, servant) wished by both sides.
    "wishes": [("maelle.le-goff", "gaelle.le-bihan")],
    # Servant → structures of these project leaders declared in conflict.
    "conflicts": {"romain.chevalier": ["thomas.lavaud"]},
}

ACTION_KIND = {"advice": ActionKind.PROCEDURE}


class _PairingLoader:
    def __init__(self):
        self.coordinator = User.objects.get(email=COORDINATOR)
        self.users = {u.email.removesuffix(D): u for u in User.objects.filter(email__endswith=D)}
        self.programme = self._programme()

    def _programme(self) -> Programme:
        programme = Programme.objects.filter(slug=PROGRAMME["slug"]).first()
        if programme is None:
            # The DITP, where two demo agents work, operates the programme.
            operators = [self.organisation_of(key) for key in PROGRAMME["operators"]]
            programme = services.programme_create(
                actor=self.coordinator,
                name=PROGRAMME["name"],
                slug=PROGRAMME["slug"],
                description=PROGRAMME["description"],
                operators=operators,
            )
        return programme

    def organisation_of(self, key: str) -> Organisation:
        return self.users[key].memberships.select_related("organisation").first().organisation

    def initiative_of(self, key: str) -> Initiative:
        """The leader's project with the most blockers (ties: by title)."""
        return (
            Initiative.objects.filter(organisation=self.organisation_of(key))
            .annotate(n=Count("declared_blockers"))
            .order_by("-n", "title")
            .first()
        )

    def links(self) -> None:
        by_key = {
            "dreets-hdf": self.organisation_of("mehdi.bouzid"),
            "ars-occitanie": self.organisation_of("vincent.roques"),
            "lien-partage": self.organisation_of("leader"),
            "paniers-roulants": self.organisation_of("julien.chaptal"),
        }
        for source, target, kind in LINKS:
            services.organisation_link_set(
                actor=self.coordinator,
                administration=by_key[source],
                organisation=by_key[target],
                kind=kind,
            )

    def edition(self, spec) -> Edition:
        opens, closes, matching, starts, ends = (day(d) for d in spec["dates"])
        edition = services.edition_create(
            actor=self.coordinator,
            programme=self.programme,
            name=spec["name"],
            candidacy_opens=opens,
            candidacy_closes=closes,
            matching_date=matching,
            starts=starts,
            ends=ends,
            territory_mode=spec["territory_mode"],
        )
        return self.move(edition, EditionState.CANDIDACY)

    def move(self, edition: Edition, target: str) -> Edition:
        return services.edition_transition(
            actor=self.coordinator, edition=edition, target=target, version=edition.version
        )

    def servant(self, edition, key, conflicts=()) -> Candidacy:
        user = self.users[key]
        level, codes = SERVANTS[key]
        return services.candidacy_submit(
            actor=user,
            edition=edition,
            side=CandidacySide.CIVIL_SERVANT,
            administration=self.organisation_of(key),
            level=level,
            expertise=user.expertise,
            legal_codes=codes,
            capacity=max(user.mentoring_capacity, 1),
            regions=user.regions.all(),
            departments=user.departments.all(),
            conflicts=conflicts,
        )

    def project(self, edition, key, *, with_blockers: bool, wishes=()) -> Candidacy:
        initiative = self.initiative_of(key)
        blockers = (
            Blocker.objects.filter(initiative=initiative)
            .exclude(state__in=[*TERMINAL, BlockerState.DRAFT])
            .order_by("pk")
            if with_blockers
            else []
        )
        return services.candidacy_submit(
            actor=self.users[key],
            edition=edition,
            side=CandidacySide.PROJECT,
            initiative=initiative,
            needs=initiative.needs,
            blockers=blockers,
            wishes=wishes,
        )

    def decide(self, candidacy, accept=True) -> Candidacy:
        return services.candidacy_decide(
            actor=self.coordinator, candidacy=candidacy, accept=accept, version=candidacy.version
        )

    def load_past(self) -> None:
        spec = PAST
        edition = self.edition(spec)
        couples = []
        for leader, servant, outcome, actions in spec["pairs"]:
            project = self.decide(self.project(edition, leader, with_blockers=False))
            agent = self.decide(self.servant(edition, servant))
            couples.append((project, agent, outcome, actions))
        edition = self.move(edition, EditionState.MATCHING)
        starts, ends = edition.starts, edition.ends
        pairs = [
            services.pair_propose(
                actor=self.coordinator, edition=edition, project=project, servant=agent
            )
            for project, agent, _outcome, _actions in couples
        ]
        edition.refresh_from_db()
        services.matching_publish(actor=self.coordinator, edition=edition, version=edition.version)
        edition.refresh_from_db()
        answered = []
        for pair, (project, agent, outcome, actions) in zip(pairs, couples, strict=True):
            pair.refresh_from_db()
            answers = [(project.user, outcome != PairState.DECLINED)]
            if outcome != PairState.DECLINED:
                answers.append((agent.user, True))
            for actor, accept in answers:
                pair = services.pair_respond(
                    actor=actor, pair=pair, accept=accept, version=pair.version
                )
            answered.append((pair, outcome, actions))
        edition = self.move(edition, EditionState.RUNNING)
        lifted = list(Blocker.objects.filter(state=BlockerState.LIFTED).order_by("pk"))
        working = list(Blocker.objects.filter(state=BlockerState.IN_PROGRESS).order_by("pk"))
        for pair, outcome, actions in answered:
            if outcome == PairState.DECLINED:
                continue
            pair = services.pair_set_objectives(
                actor=pair.project.user,
                pair=pair,
                objectives="Lever les blocages administratifs du projet et le faire connaître "
                "des services de l’État.",
                version=pair.version,
            )
            services.meeting_add(
                actor=pair.servant.user,
                pair=pair,
                date=starts + datetime.timedelta(days=10),
                notes="Rencontre de lancement : objectifs et calendrier.",
            )
            for kind, date, text, blocker_state in actions:
                pool = lifted if blocker_state == BlockerState.LIFTED else working
                blocker = pool.pop(0) if blocker_state and pool else None
                services.action_log(
                    actor=pair.servant.user,
                    pair=pair,
                    kind=ActionKind.OTHER
                    if kind == "blocker" and blocker is None
                    else ActionKind(ACTION_KIND.get(kind, kind)),
                    date=day(date),
                    outcome=text,
                    blocker=blocker,
                )
            if outcome == PairState.ENDED_EARLY:
                pair = services.pair_end_early(
                    actor=pair.project.user,
                    pair=pair,
                    version=pair.version,
                    reason="Le projet a été suspendu faute de financement.",
                )
                Pair.objects.filter(pk=pair.pk).update(ended_at=_at(day("2025-04-30")))
            else:
                pair = services.pair_close(actor=self.coordinator, pair=pair, version=pair.version)
                for actor, text in (
                    (pair.project.user, "Un appui décisif pour ouvrir des portes."),
                    (pair.servant.user, "Une immersion précieuse dans la réalité du terrain."),
                ):
                    pair = services.pair_evaluate(
                        actor=actor, pair=pair, evaluation=text, version=pair.version
                    )
                Pair.objects.filter(pk=pair.pk).update(ended_at=_at(ends))
            Pair.objects.filter(pk=pair.pk).update(activated_at=_at(starts))
        self.move(edition, EditionState.CLOSED)

    def load_current(self) -> None:
        spec = CURRENT
        edition = self.edition(spec)
        servants = {
            key: self.servant(
                edition,
                key,
                conflicts=[self.organisation_of(k) for k in spec["conflicts"].get(key, ())],
            )
            for key in spec["servants"]
        }
        wished = {leader: servant for leader, servant in spec["wishes"]}
        projects = {
            key: self.project(
                edition,
                key,
                with_blockers=True,
                wishes=[servants[wished[key]]] if key in wished else [],
            )
            for key in spec["projects"]
        }
        for leader, servant in spec["wishes"]:
            candidacy = servants[servant]
            servants[servant] = services.candidacy_set_wishes(
                actor=candidacy.user,
                candidacy=candidacy,
                wishes=[projects[leader]],
                version=candidacy.version,
            )
        for key, candidacy in {**servants, **projects}.items():
            self.decide(candidacy, accept=key not in spec["refused"])
        self.move(edition, EditionState.MATCHING)


def _at(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(10), tzinfo=datetime.UTC)


def load_pairing(tally) -> None:
    """Create the programme and whichever of its two demo editions is missing."""
    names = set(
        Edition.objects.filter(
            programme__slug=PROGRAMME["slug"], name__in=[PAST["name"], CURRENT["name"]]
        ).values_list("name", flat=True)
    )
    tally.existing = len(names)
    if len(names) == 2:
        return
    # Past events and demo people: nobody is e-mailed.
    with services.notifications_paused():
        loader = _PairingLoader()
        loader.links()
        if PAST["name"] not in names:
            loader.load_past()
            tally.created += 1
        if CURRENT["name"] not in names:
            loader.load_current()
            tally.created += 1
