"""The jury of a call: a reviewer scores an application; a coordinator selects the laureates."""

import re

import pytest
from playwright.sync_api import expect


def sign_in(page, email: str, next_url: str) -> None:
    from passeurs.accounts.tests.factories import PASSWORD

    page.goto(f"/comptes/connexion/?next={next_url}")
    page.a11y(page)
    page.get_by_label(re.compile("Adresse électronique")).fill(email)
    page.get_by_label(re.compile("Mot de passe")).fill(PASSWORD)
    page.get_by_label(re.compile("Mot de passe")).press("Enter")
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))
    page.a11y(page)


def click_and_check(page, locator) -> None:
    locator.click()
    page.wait_for_load_state("load")
    page.a11y(page)


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_scores_an_application_on_every_criterion_and_submits(page, reference_data):
    from passeurs.calls.models import Review
    from passeurs.calls.services import jury as jury_services
    from passeurs.calls.tests.jury_factories import jury_call

    jury = jury_call(applications=3, members=2, criteria=3, per_application=2)
    jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
    member = jury.members[0]
    review = Review.objects.filter(reviewer=member).select_related("application__initiative")[0]
    title = review.application.initiative.title

    sign_in(page, member.user.email, "/appels/evaluations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes évaluations")
    click_and_check(page, page.get_by_role("link", name=title))
    page.wait_for_url(re.compile(rf"/appels/evaluations/{review.pk}/$"))

    for value, criterion in zip((4, 3, 5), jury.criteria, strict=True):
        page.get_by_label(re.compile(f"Note : {re.escape(criterion.name)}")).fill(str(value))
        page.get_by_label(f"Commentaire : {criterion.name}").fill("Argumenté et réaliste.")
    page.get_by_label("Avis général").fill("Un projet solide, à accompagner.")
    click_and_check(page, page.get_by_role("button", name="Rendre l’évaluation"))

    expect(page.get_by_text("Votre évaluation est rendue. Merci !")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(re.escape(title)))
    expect(row).to_contain_text("Rendue")
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert sorted(review.scores.values_list("value", flat=True)) == [3, 4, 5]


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_reads_the_ranking_and_confirms_the_laureates(page, reference_data):
    from passeurs.calls.models import Application, ApplicationState, CallState
    from passeurs.calls.ranking import call_ranking
    from passeurs.calls.tests.jury_factories import assign_and_score, jury_call

    jury = jury_call(applications=5, members=3, laureate_count=2)
    assign_and_score(jury, lambda r: [r.application_id % 6, (r.application_id + 1) % 6])
    top = [row.application for row in call_ranking(jury.call).ranked[:2]]

    sign_in(page, jury.coordinator.email, f"/appels/{jury.call.pk}/classement/")
    ranking = page.get_by_role("table", name="Classement des candidatures")
    expect(ranking.locator("tbody tr").first).to_contain_text(top[0].initiative.title)

    click_and_check(page, page.get_by_role("link", name="Désigner les lauréats"))
    for application in top:
        expect(page.get_by_label(f"Retenir « {application.initiative.title} »")).to_be_checked()
    click_and_check(page, page.get_by_role("button", name="Confirmer les lauréats"))

    expect(page.get_by_text("2 lauréats sont désignés")).to_be_visible()
    laureates = page.get_by_role("table", name="Candidatures lauréates")
    for application in top:
        expect(laureates).to_contain_text(application.initiative.title)
    jury.call.refresh_from_db()
    assert jury.call.state == CallState.DECIDED
    assert set(
        Application.objects.filter(state=ApplicationState.LAUREATE).values_list("pk", flat=True)
    ) == {a.pk for a in top}


@pytest.mark.django_db(transaction=True)
def test_the_jury_and_accompaniment_pages_are_accessible(page, reference_data):
    from passeurs.calls.models import Accompaniment
    from passeurs.calls.services import jury as jury_services
    from passeurs.calls.services.selection import laureates_select
    from passeurs.calls.tests.jury_factories import assign_and_score, jury_call

    jury = jury_call(applications=3, members=3, laureate_count=1)
    member = jury.members[0]
    jury_services.conflict_declare(
        actor=member.user, member=member, organisation=jury.applications[0].organisation
    )
    call_url = f"/appels/{jury.call.pk}"

    sign_in(page, jury.coordinator.email, f"{call_url}/jury/")
    click_and_check(page, page.get_by_role("button", name="Répartir les candidatures"))
    expect(page.get_by_text("6 évaluations ont été confiées.")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, member.user.email, "/appels/evaluations/")
    expect(page.get_by_label("Je déclare un conflit d’intérêts avec…")).to_be_visible()
    page.context.clear_cookies()

    assign_and_score(jury)
    jury.call.refresh_from_db()
    laureates_select(
        actor=jury.coordinator,
        call=jury.call,
        application_ids=[jury.applications[1].pk],
        version=jury.call.version,
    )
    accompaniment = Accompaniment.objects.get(application=jury.applications[1])
    sign_in(page, jury.coordinator.email, f"{call_url}/laureats/")
    click_and_check(page, page.get_by_role("link", name="Accompagnements", exact=True))
    click_and_check(page, page.get_by_role("link", name=jury.applications[1].initiative.title))
    page.wait_for_url(re.compile(rf"/appels/accompagnements/{accompaniment.pk}/$"))
    expect(page.get_by_role("heading", name="Calendrier de l’accompagnement")).to_be_visible()
    page.get_by_label("Adresse électronique").fill(jury.members[1].user.email)
    click_and_check(page, page.get_by_role("button", name="Ajouter le coach"))
    expect(page.get_by_text("accompagne ce lauréat")).to_be_visible()
