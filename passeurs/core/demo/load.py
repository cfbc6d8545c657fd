"""Load the demo content through the services, idempotently.

Each object is looked up by a natural key and created only when missing; existing rows are
never modified, so a second run writes nothing. Everything happens in one transaction.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from passeurs.accounts import services as account_services
from passeurs.accounts.models import User
from passeurs.core.demo import data
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

    def rows(self) -> list[tuple[str, Tally]]:
        return [
            ("structures", self.organisations),
            ("personnes", self.users),
            ("appartenances", self.memberships),
            ("projets", self.initiatives),
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
