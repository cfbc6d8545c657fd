"""Load the demo content through the services, idempotently.

Each object is looked up by a natural key and created only when missing; existing rows are
never modified, so a second run writes nothing. Everything happens in one transaction.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery

from passeurs.accounts import services as account_services
from passeurs.accounts.models import User
from passeurs.blockers import services as blocker_services
from passeurs.blockers.models import Blocker, BlockerEvent, Support
from passeurs.core.demo import blockers as blocker_data
from passeurs.core.demo import data
from passeurs.core.demo.calls import load_calls
from passeurs.core.demo.event_tables import load_event_tables
from passeurs.core.demo.events import load_events
from passeurs.core.demo.jury import load_jury
from passeurs.core.demo.opendata import load_open_data
from passeurs.core.demo.pairing import load_pairing
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory import services
from passeurs.directory.models import Initiative, Membership, MembershipRole, Organisation


@dataclass
class Tally:
    created: int = 0
    existing: int = 0


@dataclass
class Report:
    organisations: Tally = field(default_factory=Tally)
    users: Tally = field(default_factory=Tally)
    memberships: Tally = field(default_factory=Tally)
    initiatives: Tally = field(default_factory=Tally)
    blockers: Tally = field(default_factory=Tally)
    editions: Tally = field(default_factory=Tally)
    events: Tally = field(default_factory=Tally)
    outputs: Tally = field(default_factory=Tally)
    calls: Tally = field(default_factory=Tally)
    juries: Tally = field(default_factory=Tally)
    registries: Tally = field(default_factory=Tally)

    def rows(self) -> list[tuple[str, Tally]]:
        return [
            ("structures", self.organisations),
            ("personnes", self.users),
            ("appartenances", self.memberships),
            ("projets", self.initiatives),
            ("freins", self.blockers),
            ("promotions", self.editions),
            ("événements", self.events),
            ("solutions d’ateliers", self.outputs),
            ("appels à projets", self.calls),
            ("jurys", self.juries),
            ("registres", self.registries),
        ]

    @property
    def created(self) -> int:
        return sum(tally.created for _label, tally in self.rows())


class _Lookups:
    """Territories and challenges by code, read once."""

    def __init__(self) -> None:
        self.regions = {r.code: r for r in Region.objects.all()}
        self.departments = {d.code: d for d in Department.objects.select_related("region")}
        self.challenges = {c.slug: c for c in Challenge.objects.all()}

    def region_list(self, codes) -> list[Region]:
        return [self.regions[code] for code in codes]

    def department_list(self, codes) -> list[Department]:
        return [self.departments[code] for code in codes]

    def challenge_list(self, slugs) -> list[Challenge]:
        return [self.challenges[slug] for slug in slugs]


def load_demo() -> Report:
    report = Report()
    with transaction.atomic():
        lookups = _Lookups()
        organisations = _load_organisations(lookups, report.organisations)
        users = _load_users(lookups, report.users)
        admins = _load_memberships(users, organisations, report.memberships)
        _load_initiatives(lookups, organisations, admins, report.initiatives)
        _load_blockers(lookups, organisations, admins, report.blockers)
        load_pairing(report.editions)
        events = load_events(report.events)
        load_event_tables(events["connexions"], report.outputs)
        calls = load_calls(report.calls)
        load_jury(calls["incubator"], report.juries)
        load_open_data(report.registries)
    return report


def _find_organisation(spec: dict) -> Organisation | None:
    """The same structure if it exists: same name and kind, else same SIREN or RNA."""
    found = Organisation.objects.filter(name=spec["name"], kind=spec["kind"]).first()
    if found is None and spec.get("siren"):
        found = Organisation.objects.filter(siren=spec["siren"]).first()
    if found is None and spec.get("rna"):
        found = Organisation.objects.filter(rna=spec["rna"]).first()
    return found


def _load_organisations(lookups: _Lookups, tally: Tally) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for spec in data.ORGANISATIONS:
        existing = _find_organisation(spec)
        if existing is not None:
            organisations[spec["key"]] = existing
            tally.existing += 1
            continue
        fields = {
            name: value
            for name, value in spec.items()
            if name not in ("key", "parent", "department", "challenges")
        }
        if spec.get("parent"):
            fields["parent"] = organisations[spec["parent"]]
        if spec.get("department"):
            fields["department"] = lookups.departments[spec["department"]]
        organisations[spec["key"]] = services.organisation_create(
            actor=None, challenges=lookups.challenge_list(spec.get("challenges", ())), **fields
        )
        tally.created += 1
    return organisations


_PROFILE_FIELDS = ("title", "bio", "expertise", "mentoring_capacity", "profile_is_public")


def _load_users(lookups: _Lookups, tally: Tally) -> dict[str, User]:
    """Create the missing people, then fill their profile through the accounts service.

    `user_signup` is not used: it refuses the coordinator role and hashes each password on
    its own (about 0.3 s each with the production hasher), which would make the demo take
    over ten seconds. The shared password is hashed once and given to every new account.
    """
    emails = [spec["email"] for spec in data.USERS]
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    tally.existing = len(users)
    password_hash = None
    for spec in data.USERS:
        if spec["email"] in users:
            continue
        if password_hash is None:
            password_hash = make_password(data.DEMO_PASSWORD)
        user = User.objects.create_user(
            spec["email"],
            None,
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            role=spec["role"],
        )
        user.password = password_hash
        user.save(update_fields=["password"])
        account_services.user_update_profile(
            user=user,
            regions=lookups.region_list(spec.get("regions", ())),
            departments=lookups.department_list(spec.get("departments", ())),
            **{name: spec[name] for name in _PROFILE_FIELDS if name in spec},
        )
        users[user.email] = user
        tally.created += 1
    return users


def _load_memberships(
    users: dict[str, User], organisations: dict[str, Organisation], tally: Tally
) -> dict[str, User]:
    """Add the missing memberships; return each organisation key's demo administrator."""
    present = set(
        Membership.objects.filter(user__in=users.values()).values_list("user_id", "organisation_id")
    )
    admins: dict[str, User] = {}
    for spec in data.USERS:
        user = users[spec["email"]]
        for key, role, position in spec.get("memberships", ()):
            organisation = organisations[key]
            if role == MembershipRole.ADMIN:
                admins[key] = user
            if (user.pk, organisation.pk) in present:
                tally.existing += 1
                continue
            services.membership_add(
                actor=None, organisation=organisation, user=user, role=role, position=position
            )
            present.add((user.pk, organisation.pk))
            tally.created += 1
    return admins


def _load_initiatives(
    lookups: _Lookups,
    organisations: dict[str, Organisation],
    admins: dict[str, User],
    tally: Tally,
) -> None:
    present = set(
        Initiative.objects.filter(
            organisation__in=[organisations[spec["organisation"]] for spec in data.INITIATIVES]
        ).values_list("title", "organisation_id")
    )
    for spec in data.INITIATIVES:
        organisation = organisations[spec["organisation"]]
        if (spec["title"], organisation.pk) in present:
            tally.existing += 1
            continue
        fields = {
            name: value
            for name, value in spec.items()
            if name not in ("organisation", "challenges", "regions", "departments")
        }
        # The project is created by its structure's administrator, as in real use.
        services.initiative_create(
            actor=admins.get(spec["organisation"]),
            organisation=organisation,
            challenges=lookups.challenge_list(spec.get("challenges", ())),
            regions=lookups.region_list(spec.get("regions", ())),
            departments=lookups.department_list(spec.get("departments", ())),
            **fields,
        )
        present.add((spec["title"], organisation.pk))
        tally.created += 1


_PARIS = ZoneInfo("Europe/Paris")


class _BlockerLoader:
    """Replays each demo blocker's history through the services, then dates its timeline.

    The services stamp every row with the current time; each action's rows are re-dated to
    the day the data gives, so that timelines read like real ones. No e-mail is sent: these
    are past events, not news.
    """

    def __init__(self, lookups, organisations, admins):
        self.lookups = lookups
        self.organisations = organisations
        organisation_of = {spec["title"]: spec["organisation"] for spec in data.INITIATIVES}
        self.initiatives = {
            initiative.title: initiative
            for initiative in Initiative.objects.filter(
                title__in=organisation_of,
                organisation__in=[organisations[key] for key in set(organisation_of.values())],
            ).select_related("organisation")
        }
        self.coordinator = User.objects.get(email=blocker_data.COORDINATOR)
        self.leader_of = {
            title: admins.get(key, self.coordinator) for title, key in organisation_of.items()
        }
        emails = {spec["assignee"] for spec in blocker_data.BLOCKERS if spec.get("assignee")}
        self.users = {user.email: user for user in User.objects.filter(email__in=emails)}
        self.clock = 0

    def at(self, day: str) -> datetime.datetime:
        # A few minutes apart, so that same-day events keep their order and look typed.
        self.clock += 1
        start = datetime.datetime.combine(blocker_data.day(day), datetime.time(9, 30))
        return (start + datetime.timedelta(minutes=7 * self.clock)).replace(tzinfo=_PARIS)

    def stamp_events(self, since: int, day: str) -> None:
        BlockerEvent.objects.filter(pk__gt=since).update(created_at=self.at(day))

    def load(self, spec: dict) -> Blocker:
        initiative = self.initiatives[spec["initiative"]]
        author = self.leader_of[spec["initiative"]]
        assignee = self.users.get(spec.get("assignee", ""))
        self.clock = 0
        since = _last_event_id()
        blocker = blocker_services.blocker_declare(
            actor=author,
            initiative=initiative,
            title=spec["title"],
            prevents=spec["prevents"],
            consequence=spec.get("consequence", ""),
            legal_text=spec.get("legal_text", ""),
            testimony=spec.get("testimony", ""),
            challenges=self.lookups.challenge_list(spec.get("challenges", ())),
            departments=self.lookups.department_list(spec.get("departments", ())),
            submit=not spec.get("draft", False),
        )
        declared = self.at(spec["declared"])
        Blocker.objects.filter(pk=blocker.pk).update(created_at=declared)
        Support.objects.filter(blocker=blocker).update(created_at=declared, updated_at=declared)
        BlockerEvent.objects.filter(pk__gt=since).update(created_at=declared)

        actions = [(when, "join", join) for when, *join in spec.get("joins", ())]
        actions += [(step[0], "step", step[1:]) for step in spec.get("steps", ())]
        # Stable: on the same day, the order of the data is kept.
        for when, kind, action in sorted(actions, key=lambda item: item[0]):
            since = _last_event_id()
            if kind == "join":
                blocker = self.join(blocker, when, *action)
            else:
                actor = {"coordinator": self.coordinator, "assignee": assignee, "author": author}
                blocker = self.step(blocker, assignee, actor[action[0]], *action[1:])
            self.stamp_events(since, when)
        return blocker

    def join(self, blocker, when, title, testimony) -> Blocker:
        support = blocker_services.blocker_join(
            actor=self.leader_of[title],
            blocker=blocker,
            initiative=self.initiatives[title],
            testimony=testimony,
        )
        moment = self.at(when)
        Support.objects.filter(pk=support.pk).update(created_at=moment, updated_at=moment)
        return blocker

    def step(self, blocker, assignee, actor, action, comment, extra) -> Blocker:
        if action == "assign":
            return blocker_services.blocker_assign(
                actor=actor, blocker=blocker, version=blocker.version, assignee=assignee
            )
        if action == "route":
            return blocker_services.blocker_route(
                actor=actor,
                blocker=blocker,
                version=blocker.version,
                administrations=[self.organisations[key] for key in extra["administrations"]],
            )
        extra = dict(extra)
        if "resolution_date" in extra:
            extra["resolution_date"] = blocker_data.day(extra["resolution_date"])
        if "merge_into" in extra:
            extra["merge_into"] = Blocker.objects.get(title=extra["merge_into"])
        return blocker_services.blocker_transition(
            actor=actor,
            blocker=blocker,
            target=action,
            version=blocker.version,
            comment=comment,
            **extra,
        )


def _last_event_id() -> int:
    return BlockerEvent.objects.aggregate(last=Max("pk"))["last"] or 0


def _load_blockers(
    lookups: _Lookups,
    organisations: dict[str, Organisation],
    admins: dict[str, User],
    tally: Tally,
) -> None:
    titles = [spec["title"] for spec in blocker_data.BLOCKERS]
    present = set(Blocker.objects.filter(title__in=titles).values_list("title", flat=True))
    tally.existing = len(present)
    if len(present) == len(titles):
        return
    loader = _BlockerLoader(lookups, organisations, admins)
    created = []
    with blocker_services.notifications_paused():
        for spec in blocker_data.BLOCKERS:
            if spec["title"] in present:
                continue
            created.append(loader.load(spec).pk)
            tally.created += 1
    # Last touched when its last event happened (a merge touches the kept blocker too).
    last_event = BlockerEvent.objects.filter(blocker=OuterRef("pk")).order_by("-created_at")
    Blocker.objects.filter(pk__in=created).update(
        updated_at=Subquery(last_event.values("created_at")[:1])
    )
