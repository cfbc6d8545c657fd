"""The laureates' accompaniment: the plan, coaches, check-ins, the final report, who sees it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from passeurs.accounts.tests.factories import UserFactory
from passeurs.calls.models import ApplicationState, MilestoneKind
from passeurs.calls.services import accompaniment as services
from passeurs.calls.services.selection import laureates_select
from passeurs.calls.tests.jury_factories import assign_and_score, jury_call
from passeurs.core.exceptions import ConflictError
from passeurs.directory.tests.factories import MembershipFactory

day = datetime.date.fromisoformat


# The plan (pure)


@given(
    starts_on=st.dates(min_value=day("2020-01-01"), max_value=day("2040-12-31")),
    months=st.integers(min_value=1, max_value=24),
)
def test_the_plan_has_a_check_in_per_month_and_ends_with_the_final_report(starts_on, months):
    plan = services.milestone_plan(starts_on, months)

    dates = [step.due_on for step in plan]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)  # strictly increasing
    check_ins = [step for step in plan if step.kind == MilestoneKind.CHECK_IN]
    assert [step.month for step in check_ins] == list(range(1, months + 1))
    for step in check_ins:
        month_start = services.add_months(starts_on, step.month - 1)
        assert month_start <= step.due_on < services.add_months(starts_on, step.month)
    assert plan[0].due_on == starts_on and plan[0].kind == MilestoneKind.MILESTONE
    final = plan[-1]
    assert final.kind == MilestoneKind.FINAL_REPORT
    assert final.due_on == services.end_of(starts_on, months)
    assert final.due_on == services.add_months(starts_on, months) - datetime.timedelta(days=1)
    milestones = [step for step in plan if step.kind == MilestoneKind.MILESTONE]
    assert len(milestones) == (2 if months >= 2 else 1)  # kick-off, and mid-term from 2 months


def test_a_month_later_is_clamped_to_the_end_of_a_shorter_month():
    assert services.add_months(day("2027-01-31"), 1) == day("2027-02-28")
    assert services.add_months(day("2028-01-31"), 1) == day("2028-02-29")
    assert services.add_months(day("2027-11-15"), 3) == day("2028-02-15")
    assert services.first_of_next_month(day("2027-12-20")) == day("2028-01-01")


def test_six_months_from_january_end_on_june_30():
    plan = services.milestone_plan(day("2027-01-01"), 6)
    assert plan[-1].due_on == day("2027-06-30")
    mid = [s for s in plan if s.kind == MilestoneKind.MILESTONE][1]
    assert mid.due_on == day("2027-03-31")


# Writes and visibility


@pytest.fixture
def laureate(db):
    """A decided call with one laureate and its accompaniment."""
    jury = jury_call(applications=2, members=2, laureate_count=1, accompaniment_months=3)
    assign_and_score(jury)
    application = jury.applications[0]
    laureates_select(
        actor=jury.coordinator,
        call=jury.call,
        application_ids=[application.pk],
        version=jury.call.version,
        starts_on=day("2027-01-01"),
    )
    application.refresh_from_db()
    member = UserFactory()
    MembershipFactory(user=member, organisation=application.organisation)
    coach = UserFactory()
    services.coach_add(actor=jury.coordinator, accompaniment=application.accompaniment, user=coach)
    jury.application = application
    jury.accompaniment = application.accompaniment
    jury.member = member
    jury.coach = coach
    return jury


def test_the_accompaniment_is_created_with_its_plan(laureate):
    accompaniment = laureate.accompaniment
    assert (accompaniment.starts_on, accompaniment.ends_on) == (
        day("2027-01-01"),
        day("2027-03-31"),
    )
    kinds = list(accompaniment.milestones.values_list("kind", flat=True))
    assert kinds.count(MilestoneKind.CHECK_IN) == 3
    assert kinds.count(MilestoneKind.FINAL_REPORT) == 1


def test_only_a_laureate_gets_an_accompaniment_and_only_one(laureate):
    with pytest.raises(ValidationError, match="déjà"):
        services.accompaniment_create(actor=laureate.coordinator, application=laureate.application)
    loser = laureate.applications[1]
    loser.refresh_from_db()
    assert loser.state == ApplicationState.NOT_SELECTED
    with pytest.raises(ValidationError, match="lauréate"):
        services.accompaniment_create(actor=laureate.coordinator, application=loser)


def test_a_coach_marks_a_check_in_done_with_notes(laureate, django_capture_on_commit_callbacks):
    check_in = laureate.accompaniment.milestones.filter(kind=MilestoneKind.CHECK_IN).first()

    with django_capture_on_commit_callbacks(execute=True):
        services.milestone_update(
            actor=laureate.coach, milestone=check_in, done=True, notes="Budget revu ensemble."
        )

    check_in.refresh_from_db()
    assert check_in.done_at is not None
    assert check_in.notes == "Budget revu ensemble."
    assert [m.to for m in mail.outbox] == [[laureate.application.applicant.email]]


def test_strangers_cannot_touch_a_milestone_and_the_final_report_is_not_a_check_in(
    laureate, stranger
):
    check_in = laureate.accompaniment.milestones.filter(kind=MilestoneKind.CHECK_IN).first()
    with pytest.raises(PermissionDenied):
        services.milestone_update(actor=stranger, milestone=check_in, done=True)
    final = laureate.accompaniment.milestones.get(kind=MilestoneKind.FINAL_REPORT)
    with pytest.raises(ValidationError, match="Le rapport final"):
        services.milestone_update(actor=laureate.coach, milestone=final, done=True)


def test_the_laureate_submits_the_final_report_once(laureate):
    accompaniment = laureate.accompaniment
    with pytest.raises(PermissionDenied):
        services.final_report_submit(
            actor=laureate.coach, accompaniment=accompaniment, report="…", version=1
        )
    with pytest.raises(ValidationError, match="Écrivez"):
        services.final_report_submit(
            actor=laureate.member, accompaniment=accompaniment, report="  ", version=1
        )
    with pytest.raises(ConflictError):
        services.final_report_submit(
            actor=laureate.member, accompaniment=accompaniment, report="Bilan", version=9
        )

    services.final_report_submit(
        actor=laureate.member,
        accompaniment=accompaniment,
        report="Six tournées par semaine.",
        version=accompaniment.version,
    )

    assert accompaniment.final_report_at is not None
    assert accompaniment.milestones.get(kind=MilestoneKind.FINAL_REPORT).done_at is not None
    with pytest.raises(ValidationError, match="déjà été rendu"):
        services.final_report_submit(
            actor=laureate.member,
            accompaniment=accompaniment,
            report="Autre",
            version=accompaniment.version,
        )


def test_only_coordinators_add_coaches(laureate, django_capture_on_commit_callbacks):
    newcomer = UserFactory()
    with pytest.raises(PermissionDenied):
        services.coach_add(
            actor=laureate.coach, accompaniment=laureate.accompaniment, user=newcomer
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.coach_add(
            actor=laureate.coordinator, accompaniment=laureate.accompaniment, user=newcomer
        )
    assert mail.outbox[-1].to == [newcomer.email]
    with pytest.raises(ValidationError, match="déjà"):
        services.coach_add(
            actor=laureate.coordinator, accompaniment=laureate.accompaniment, user=newcomer
        )
    services.coach_remove(
        actor=laureate.coordinator, accompaniment=laureate.accompaniment, user=newcomer
    )
    assert not laureate.accompaniment.coaches.filter(pk=newcomer.pk).exists()


def page(accompaniment):
    return reverse("calls:accompaniment", args=[accompaniment.pk])


def test_the_page_is_for_the_laureate_its_coaches_and_the_coordinators(
    client, laureate, stranger, coordinator
):
    url = page(laureate.accompaniment)
    for user in (
        laureate.member,
        laureate.application.applicant,
        laureate.coach,
        laureate.coordinator,
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert "Calendrier de l’accompagnement" in response.content.decode()
    for user in (stranger, coordinator, laureate.members[0].user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_page_marks_a_check_in_done_and_takes_the_report(client, laureate):
    check_in = laureate.accompaniment.milestones.filter(kind=MilestoneKind.CHECK_IN).first()
    client.force_login(laureate.coach)
    url = reverse("calls:milestone_update", args=[laureate.accompaniment.pk, check_in.pk])
    prefix = f"milestone-{check_in.pk}"

    response = client.post(
        url, {f"{prefix}-done": "on", f"{prefix}-notes": "Point fait."}, follow=True
    )

    assert "est enregistrée" in response.content.decode()
    assert "Réalisé" in response.content.decode()
    client.force_login(laureate.member)
    response = client.post(
        reverse("calls:final_report", args=[laureate.accompaniment.pk]),
        {"report": "Le projet essaime.", "version": laureate.accompaniment.version},
        follow=True,
    )
    assert "Le rapport final est rendu." in response.content.decode()
    assert "Le projet essaime." in response.content.decode()


def test_the_coordinators_list_the_accompaniments_of_a_call(client, laureate, stranger):
    url = reverse("calls:accompaniments", args=[laureate.call.pk])
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(laureate.coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert laureate.application.initiative.title in response.content.decode()


def test_a_coordinator_adds_a_coach_from_the_page(client, laureate):
    newcomer = UserFactory(email="coach.nouveau@exemple.fr")
    client.force_login(laureate.coordinator)
    url = reverse("calls:coach_add", args=[laureate.accompaniment.pk])

    response = client.post(url, {"email": "personne@nulle.part"})
    assert "Aucun compte Passeurs ne porte cette adresse." in response.content.decode()

    response = client.post(url, {"email": newcomer.email}, follow=True)
    assert "accompagne ce lauréat" in response.content.decode()
    assert laureate.accompaniment.coaches.filter(pk=newcomer.pk).exists()
