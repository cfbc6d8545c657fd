"""`passeurs demo` loads realistic, valid content once, and a second run changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db.models import Max

from passeurs.accounts.models import Role, User
from passeurs.blockers.models import Blocker, BlockerEvent, BlockerState, Support
from passeurs.calls.models import Application
from passeurs.core.demo import data
from passeurs.core.demo.identifiers import luhn_key, siren, siret
from passeurs.core.demo.load import load_demo
from passeurs.directory.models import (
    Initiative,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationFamily,
    OrganisationKind,
)
from passeurs.directory.validators import is_postal_code, is_rna, is_siren, is_siret

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def output():
    return run_demo()


def root_ministry(organisation: Organisation) -> Organisation:
    while organisation.parent_id is not None:
        organisation = organisation.parent
    return organisation


def test_the_identifier_helpers_build_valid_siren_and_siret():
    number = siren("73282932")  # A well-known SIREN: 732 829 320.
    assert number == "732829320"
    assert is_siren(number)
    assert is_siret(siret(number, "0007"))
    assert siret(number, "0007").startswith(number)
    for digits in ("00000000", "12345678", "99999999"):
        assert is_siren(siren(digits))
    assert siren("63201210") == "632012100"
    assert luhn_key("6320121000001") == "2"


def test_it_creates_organisations_of_every_kind_in_many_regions(output):
    organisations = Organisation.objects.all()
    assert organisations.count() >= 40
    assert set(organisations.values_list("kind", flat=True)) == set(OrganisationKind.values)
    regions = set(organisations.exclude(region=None).values_list("region__code", flat=True))
    assert len(regions) >= 8


def test_the_registries_are_imported_once(output):
    assert Organisation.objects.filter(rna="W9T1002867", source="rna").exists()
    assert Organisation.objects.filter(source="rna").exclude(siren="").exists()
    assert Organisation.objects.filter(source="sirene").exists()
    report = load_demo()
    assert (report.registries.created, report.registries.existing > 0) == (0, True)


def test_the_organisations_are_valid_and_consistently_located(output):
    for organisation in Organisation.objects.select_related("department__region", "region"):
        label = organisation.name
        assert organisation.family, label
        if organisation.siren:
            assert is_siren(organisation.siren), label
        if organisation.siret:
            assert is_siret(organisation.siret), label
            assert organisation.siret.startswith(organisation.siren), label
        if organisation.rna:
            assert is_rna(organisation.rna), label
        if organisation.kind in (OrganisationKind.MINISTRY, OrganisationKind.DIRECTORATE):
            assert organisation.department is None, label
            assert organisation.region is None, label
            continue
        if organisation.source == "sirene":
            # The legal-units stock carries no address (establishments do).
            continue
        assert organisation.department is not None, label
        assert organisation.region == organisation.department.region, label
        assert is_postal_code(organisation.postal_code), label
        code = organisation.department.code
        prefix = "20" if code in ("2A", "2B") else code
        assert organisation.postal_code.startswith(prefix), label
    kinds_with_parents = Organisation.objects.exclude(parent=None).values_list("kind", flat=True)
    assert set(kinds_with_parents) <= {OrganisationKind.DIRECTORATE, OrganisationKind.SERVICE}
    assert Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION).exclude(rna="").count()
    coops = Organisation.objects.filter(kind__in=[OrganisationKind.SCOP, OrganisationKind.SCIC])
    assert coops.exclude(siret="").count() >= 2


def test_it_creates_initiatives_carried_by_ess_structures(output):
    initiatives = Initiative.objects.select_related("organisation")
    assert initiatives.count() >= 30
    assert {i.organisation.family for i in initiatives} == {OrganisationFamily.ESS}
    assert len(set(initiatives.values_list("stage", flat=True))) == 4
    assert 0 < initiatives.filter(is_public=False).count() < initiatives.count() // 2
    for initiative in initiatives:
        assert initiative.challenges.exists(), initiative.title
        assert initiative.regions.exists(), initiative.title
        assert initiative.search_text, initiative.title


DIRECTORY_PEOPLE = [person["email"] for person in data.USERS]


def test_it_creates_civil_servants_in_several_ministries(output):
    # The directory's people (the events' participants have lighter profiles).
    civil_servants = User.objects.filter(role=Role.CIVIL_SERVANT, email__in=DIRECTORY_PEOPLE)
    assert civil_servants.count() >= 20
    ministries = set()
    for user in civil_servants:
        membership = user.memberships.select_related("organisation").get()
        assert membership.organisation.family == OrganisationFamily.ADMINISTRATION
        assert membership.position
        assert user.title and user.expertise
        assert 1 <= user.mentoring_capacity <= 2
        assert user.regions.exists()
        ministries.add(root_ministry(membership.organisation).pk)
    assert len(ministries) >= 3
    assert civil_servants.filter(profile_is_public=True).count() > civil_servants.count() / 2
    assert "code de la sécurité sociale" in " ".join(
        civil_servants.values_list("expertise", flat=True)
    )


def test_it_creates_project_leaders_administering_ess_structures_and_a_coordinator(output):
    leaders = User.objects.filter(role=Role.PROJECT_LEADER, email__in=DIRECTORY_PEOPLE)
    assert leaders.count() >= 5
    for leader in leaders:
        assert leader.memberships.filter(
            role=MembershipRole.ADMIN, organisation__family=OrganisationFamily.ESS
        ).exists()
    assert User.objects.filter(role=Role.COORDINATOR).exists()


def test_the_demo_accounts_have_their_role_and_sign_in_with_the_printed_password(client, output):
    validate_password(data.DEMO_PASSWORD)
    for email, role in data.DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert user.role == role
        assert client.login(email=email, password=data.DEMO_PASSWORD), email
        client.logout()

    def organisations_of(email):
        return Organisation.objects.filter(memberships__user__email=email)

    assert organisations_of("civil-servant@demo.passeurs.test").get().kind == "directorate"
    leader_org = Organisation.objects.get(
        memberships__user__email="leader@demo.passeurs.test", memberships__role="admin"
    )
    assert leader_org.kind == OrganisationKind.ASSOCIATION
    assert leader_org.initiatives.count() >= 2
    assert organisations_of("partner@demo.passeurs.test").get().kind in ("network", "funder")
    assert organisations_of("agent@demo.passeurs.test").get().kind in ("commune", "epci")


def test_the_output_lists_the_url_the_accounts_and_the_password(output):
    assert data.DEMO_URL in output
    for email, _role in data.DEMO_ACCOUNTS:
        assert email in output
    assert data.DEMO_PASSWORD in output
    assert "créé" in output


def test_it_creates_a_dozen_blockers_in_every_state(output):
    blockers = Blocker.objects.all()
    assert blockers.count() >= 12
    assert set(blockers.values_list("state", flat=True)) == set(BlockerState.values)
    assert "freins" in output


def test_several_blockers_are_joined_by_many_initiatives_with_testimonies(output):
    joined = [blocker for blocker in Blocker.objects.all() if blocker.supports.count() >= 3]
    assert len(joined) >= 4
    assert max(blocker.supports.count() for blocker in joined) <= 6
    for blocker in joined:
        for support in blocker.supports.all():
            assert support.testimony, blocker.title
    # The declaring initiative's support came along when the duplicate was merged.
    merged = Blocker.objects.get(state=BlockerState.MERGED)
    assert merged.merged_into.supports.filter(initiative=merged.initiative).exists()


def test_the_blockers_cite_real_looking_references_routed_to_ministries(output):
    for blocker in Blocker.objects.all():
        assert blocker.references.exists(), blocker.title
        assert not blocker.references.exclude(flags="").exclude(kind="arrete"), blocker.title
        assert blocker.administrations.filter(kind=OrganisationKind.MINISTRY).exists()
    keys = set(Blocker.references.through.objects.values_list("reference__key", flat=True))
    assert {
        "code:code-de-la-securite-sociale:L165-1",
        "code:code-du-travail:L5132-1",
        "code:code-de-la-construction-et-de-l-habitation:R123-2",
        "code:code-general-des-impots:238 bis",
        "code:code-de-la-sante-publique:R2324-27",
        "code:code-du-travail:L1253-1",
        "code:code-de-la-commande-publique:R2122-8",
        "law:2018-1021",
    } <= keys
    lifted = Blocker.objects.filter(state=BlockerState.LIFTED)
    assert all(blocker.resolution_reference and blocker.resolution_date for blocker in lifted)
    assert Blocker.objects.get(state=BlockerState.KEPT).kept_justification


def test_the_blockers_are_in_the_hands_of_demo_civil_servants(output):
    assert Blocker.objects.filter(assignee__email="civil-servant@demo.passeurs.test").count() >= 2
    for blocker in Blocker.objects.exclude(assignee=None).select_related("assignee"):
        assert blocker.assignee.role == Role.CIVIL_SERVANT, blocker.title
    draft = Blocker.objects.get(state=BlockerState.DRAFT)
    assert draft.author.email == "leader@demo.passeurs.test"


def test_the_timelines_read_like_real_ones(output):
    coordinator = User.objects.get(email="coordinator@demo.passeurs.test")
    for blocker in Blocker.objects.exclude(state=BlockerState.DRAFT):
        # In the order they happened (ids), the dates never go back.
        events = list(blocker.events.order_by("id"))
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        moves = [(e.from_state, e.to_state) for e in events if e.kind == "transition"]
        assert moves[0] == ("", BlockerState.DRAFT), blocker.title
        assert moves[-1][1] == blocker.state, blocker.title
        assert events[0].created_at == blocker.created_at
        assert blocker.updated_at == events[-1].created_at
        for event in events[2:]:
            if event.kind == "transition":
                assert event.comment, blocker.title
    dates = {e.created_at.date() for e in BlockerEvent.objects.all()}
    assert len(dates) > 30
    assert BlockerEvent.objects.filter(actor=coordinator, to_state="qualified").count() >= 6


def test_loading_the_blockers_sends_no_e_mail(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_demo()
    assert Blocker.objects.exists()
    assert mailoutbox == []


def _snapshot():
    return {
        model.__name__: (model.objects.count(), model.objects.aggregate(Max("updated_at")))
        for model in (Organisation, Initiative, Membership, Blocker, Support)
    } | {
        "User": (User.objects.count(), User.objects.aggregate(Max("last_login"))),
        "BlockerEvent": (BlockerEvent.objects.count(), BlockerEvent.objects.aggregate(Max("pk"))),
    }


def test_a_second_run_creates_and_changes_nothing(output):
    before = _snapshot()
    password_hashes = dict(User.objects.values_list("email", "password"))
    second = run_demo()
    assert _snapshot() == before
    assert dict(User.objects.values_list("email", "password")) == password_hashes
    assert "Rien de nouveau" in second
    assert "Rien de nouveau" not in output
    assert data.DEMO_PASSWORD in second


def test_it_completes_what_is_missing_without_duplicating(output):
    Application.objects.filter(initiative__title=data.INITIATIVES[0]["title"]).delete()
    Blocker.objects.filter(initiative__title=data.INITIATIVES[0]["title"]).delete()
    Initiative.objects.filter(title=data.INITIATIVES[0]["title"]).delete()
    User.objects.filter(email="leader@demo.passeurs.test").delete()
    counts = Organisation.objects.count(), Initiative.objects.count(), User.objects.count()
    again = run_demo()
    assert (Organisation.objects.count(), Initiative.objects.count(), User.objects.count()) == (
        counts[0],
        counts[1] + 1,
        counts[2] + 1,
    )
    assert "Rien de nouveau" not in again
    assert Initiative.objects.get(title=data.INITIATIVES[0]["title"]).created_by.email == (
        "leader@demo.passeurs.test"
    )


def test_it_declares_again_a_missing_blocker_only(output):
    Blocker.objects.filter(state=BlockerState.WITHDRAWN).delete()
    count = Blocker.objects.count()
    assert "freins                  1 créé(s)" in run_demo()
    assert Blocker.objects.count() == count + 1
    assert Blocker.objects.get(state=BlockerState.WITHDRAWN).events.count() == 3


def test_it_creates_a_past_pairing_edition_with_its_results(output):
    from passeurs.pairing.figures import figures
    from passeurs.pairing.models import Edition, EditionState, Pair, PairState

    past = Edition.objects.get(name="Promotion 2025")
    assert past.state == EditionState.CLOSED
    states = set(past.pairs.values_list("state", flat=True))
    assert {PairState.CLOSED, PairState.ENDED_EARLY, PairState.DECLINED} <= states
    result = figures(edition=past)
    assert result.pairs_formed >= 4 and result.servants_mobilised >= 4
    assert result.blockers_worked_on >= 2 and result.blockers_lifted >= 1
    assert len(result.actions_by_kind) >= 4 and len(result.by_month) >= 5
    for pair in past.pairs.filter(state=PairState.CLOSED):
        assert pair.project_evaluation and pair.servant_evaluation and pair.objectives
        assert pair.activated_at.date() == past.starts
        assert sum(pair.explanation.values()) == pair.score
    assert Pair.objects.filter(edition=past, state=PairState.PROPOSED).count() == 0


def test_it_creates_a_current_edition_ready_to_be_matched(output):
    from passeurs.pairing import services
    from passeurs.pairing.models import CandidacyState, Edition, EditionState, PairState

    current = Edition.objects.get(name="Promotion 2026")
    assert current.state == EditionState.MATCHING
    accepted = current.candidacies.filter(state=CandidacyState.ACCEPTED)
    assert accepted.servants().count() >= 6 and accepted.projects().count() >= 6
    assert current.candidacies.filter(state=CandidacyState.REFUSED).exists()
    assert accepted.projects().filter(blockers__isnull=False).exists()
    assert not current.pairs.exists()
    coordinator = User.objects.get(email="coordinator@demo.passeurs.test")
    run = services.matching_run(actor=coordinator, edition=current, version=current.version)
    assert current.pairs.filter(state=PairState.PROPOSED).count() >= 5
    assert run.total > 0


def test_a_second_run_leaves_the_pairing_demo_as_it_was(output):
    from passeurs.pairing.models import Candidacy, Edition, FacilitationAction, Pair, PairEvent

    def counts():
        return [
            m.objects.count() for m in (Edition, Candidacy, Pair, FacilitationAction, PairEvent)
        ]

    before = counts()
    again = run_demo()
    assert counts() == before
    assert "promotions              0 créé(s),    2 déjà présent(s)" in again
