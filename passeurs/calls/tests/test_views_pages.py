"""What people read on the calls pages: words not codes, amounts and numbers as people write
them, the coordinators' links between their pages, a closed call's draft, the upload field."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from passeurs.calls.models import Answer, CallLog, QuestionKind, Review
from passeurs.calls.services import applications as services
from passeurs.calls.services import jury as jury_services
from passeurs.calls.tests.application_factories import (
    call_with_form,
    leader_with_initiative,
    questions,
)
from passeurs.calls.tests.factories import CallFactory, QuestionFactory
from passeurs.calls.tests.jury_factories import jury_call

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"calls:{name}", args=args)


def amount(value: int) -> str:
    return formats.number_format(value, 0, force_grouping=True) + " €"


@pytest.fixture
def jury():
    return jury_call(applications=2, members=2)


def test_the_journal_tells_the_jury_and_accompaniment_steps_in_words(client, jury):
    call, application = jury.call, jury.applications[0]
    for kind, comment in [
        ("reviews_assign", "4 new, 0 withdrawn"),
        ("laureates_select", "17, 42"),
        ("accompaniment_create", "2026-12-01"),
        ("coach_add", "coach@exemple.fr"),
        ("milestone_done", "Réunion de lancement"),
    ]:
        CallLog.objects.create(call=call, application=application, kind=kind, comment=comment)
    client.force_login(jury.coordinator)

    html = client.get(url("manage", call.pk)).content.decode()

    journal = html[html.index('id="log-title"') :]
    for label in (
        "Évaluations réparties",
        "Lauréats désignés",
        "Accompagnement ouvert",
        "Coach ajouté",
        "Étape réalisée : ",
    ):
        assert label in journal
    for raw in ("reviews_assign", "laureates_select", "milestone_done", "17, 42", "2026-12-01"):
        assert raw not in journal
    assert "Réunion de lancement" in journal


def test_every_coordinator_page_links_to_the_others(client, jury):
    client.force_login(jury.coordinator)
    pages = ["manage", "applications", "jury", "ranking", "laureates", "accompaniments"]
    for page in pages:
        html = client.get(url(page, jury.call.pk)).content.decode()
        nav = html[html.index("Pages de pilotage de l’appel") :]
        nav = nav[: nav.index("</nav>")]
        for other in pages:
            assert f'href="{url(other, jury.call.pk)}"' in nav, (page, other)
        assert nav.count('aria-current="page"') == 1


def test_the_jury_pages_breadcrumb_goes_through_the_call_pilotage(client, jury):
    client.force_login(jury.coordinator)
    for page in ("jury", "ranking", "laureates", "accompaniments"):
        html = client.get(url(page, jury.call.pk)).content.decode()
        crumbs = html[
            html.index("fr-breadcrumb") : html.index("</nav>", html.index("fr-breadcrumb"))
        ]
        assert f'href="{url("manage", jury.call.pk)}"' in crumbs, page


def test_amounts_are_grouped_by_thousands(client):
    leader, initiative = leader_with_initiative()
    call = call_with_form(budget=400000)
    draft = services.application_start(actor=leader, call=call, initiative=initiative)

    assert amount(400000) in client.get(url("detail", call.pk)).content.decode()
    assert "400000 €" not in client.get(url("detail", call.pk)).content.decode()

    client.force_login(leader)
    response = client.post(
        url("application", draft.pk),
        {"version": draft.version, "requested_amount": "999999999", "action": "save"},
    )
    html = response.content.decode()
    assert "ne peut pas dépasser l’enveloppe de l’appel" in html


def test_a_number_answer_reads_without_trailing_zeros_on_the_review(client, jury):
    jury_services.reviews_assign(actor=jury.coordinator, call=jury.call)
    review = Review.objects.filter(application__call=jury.call).select_related("reviewer__user")[0]
    question = QuestionFactory(
        call=jury.call, position=1, label="Personnes par an", kind=QuestionKind.NUMBER
    )
    Answer.objects.create(application=review.application, question=question, number=Decimal(53))
    client.force_login(review.reviewer.user)

    html = client.get(url("review", review.pk)).content.decode()

    assert re.search(r"<dd>\s*53\s*</dd>", html)
    assert "53,00" not in html
    # The server checks the scores and says what is wrong, in the page's words.
    assert re.search(r'<form method="post" action="[^"]+" novalidate>', html)


def test_a_file_question_is_a_dsfr_upload_field(client):
    leader, initiative = leader_with_initiative()
    call = call_with_form()
    draft = services.application_start(actor=leader, call=call, initiative=initiative)
    client.force_login(leader)

    html = client.get(url("application", draft.pk)).content.decode()

    name = f"q_{questions(call)[QuestionKind.FILE].pk}"
    assert re.search(rf'<input type="file" name="{name}"[^>]*class="fr-upload"', html)
    assert 'class="fr-upload-group fr-input-group"' in html


def test_a_draft_left_when_the_call_closed_is_read_only(client):
    leader, initiative = leader_with_initiative()
    call = call_with_form()
    draft = services.application_start(actor=leader, call=call, initiative=initiative)
    CallFactory._meta.model.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(leader)

    html = client.get(url("application", draft.pk)).content.decode()

    assert "L’appel est clos depuis le" in html
    assert "il ne peut plus être modifié ni déposé" in html
    assert "Déposer la candidature" not in html
    assert "Le dépôt ouvre le" not in html

    response = client.post(url("application", draft.pk), {"version": draft.version})
    html = response.content.decode()
    assert "La candidature n’a pas été enregistrée" in html
    assert "Déposer la candidature" not in html
