"""The seating and outputs pages: personas, refusals, htmx moves, query counts."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from passeurs.directory.tests.factories import InitiativeFactory
from passeurs.events.models import (
    Output,
    ParticipantCategory,
    Registration,
    SeatingRequest,
    SeatingRequestKind,
    WorkshopTable,
)
from passeurs.events.services import outputs as output_services
from passeurs.events.services import tables as services
from passeurs.events.tests.factories import EventFactory, RegistrationFactory
from passeurs.events.tests.table_factories import MIXED, room, tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event, _ = room(categories=MIXED, departments=["69", "13", "59", "33"])
    return event


@pytest.fixture
def organiser(event):
    return event.organisers.get()


@pytest.fixture
def participant(event):
    return Registration.objects.filter(event=event).first().user


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.pk, *args])


def seated(event):
    tables(event, 6, 4)
    services.tables_seat(actor=event.organisers.get(), event=event)


# Personas on every seating view


def test_the_organiser_opens_the_seating_page(client, event, organiser):
    client.force_login(organiser)

    response = client.get(url("tables", event))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Tables de « " in html
    assert "24 participants inscrits" in html
    assert "Créez d’abord les tables." in html


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("tables", "get"),
        ("tables_print", "get"),
        ("tables_setup", "post"),
        ("tables_seat", "post"),
        ("seating_request_add", "post"),
    ],
)
def test_participants_and_strangers_are_refused_and_anonymous_people_sign_in(
    client, event, participant, stranger, name, method
):
    target = url(name, event)
    for user in (participant, stranger):
        client.force_login(user)
        assert getattr(client, method)(target).status_code == HTTPStatus.FORBIDDEN
    client.logout()
    response = getattr(client, method)(target)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("accounts:login"))


def test_moves_locks_and_request_removals_are_refused_to_non_organisers(
    client, event, participant, stranger
):
    seated(event)
    registration = Registration.objects.filter(event=event).first()
    request = SeatingRequest.objects.create(
        event=event,
        kind=SeatingRequestKind.APART,
        first=registration,
        second=Registration.objects.filter(event=event).last(),
    )
    targets = [
        url("table_move", event, registration.pk),
        url("table_lock", event, registration.pk),
        url("seating_request_remove", event, request.pk),
        url("table_update", event, registration.table_id),
    ]
    for user in (participant, stranger):
        client.force_login(user)
        for target in targets:
            assert client.post(target, {"version": 1}).status_code == HTTPStatus.FORBIDDEN
    assert SeatingRequest.objects.filter(pk=request.pk).exists()


def test_a_draft_event_is_not_found_by_strangers(client, stranger):
    event = EventFactory(draft=True)
    client.force_login(stranger)

    assert client.get(url("tables", event)).status_code == HTTPStatus.NOT_FOUND


# The seating journey through the pages


def test_the_organiser_sets_up_seats_and_sees_the_scores(client, event, organiser):
    client.force_login(organiser)

    response = client.post(url("tables_setup", event), {"count": 6, "size": 4}, follow=True)
    assert "6 tables de 4 places sont prêtes." in response.content.decode()

    response = client.post(url("tables_seat", event), {"seed": 0}, follow=True)

    html = response.content.decode()
    assert "24 participants sont placés : équilibre global 100/100." in html
    assert 'id="global-balance"' in html
    assert html.count("équilibre 100/100") == 6
    assert not Registration.objects.filter(event=event, table__isnull=True).exists()
    # Seated once, seating again is behind a disclosure that says what it replaces.
    disclosure = html[html.index("<details") : html.index("</details>")]
    assert "Placer à nouveau les participants" in disclosure
    assert "y compris celles déplacées à la main" in disclosure


def test_too_few_seats_show_the_reason_and_store_nothing(client, event, organiser):
    client.force_login(organiser)

    response = client.post(url("tables_setup", event), {"count": 2, "size": 4})

    assert response.status_code == HTTPStatus.OK
    assert "8 places pour 24 participants inscrits" in response.content.decode()
    assert not WorkshopTable.objects.filter(event=event).exists()


@pytest.mark.parametrize("data", [{}, {"count": "six", "size": 4}, {"count": 4, "size": -2}])
def test_malformed_setups_are_form_errors(client, event, organiser, data):
    client.force_login(organiser)

    response = client.post(url("tables_setup", event), data)

    assert response.status_code == HTTPStatus.OK
    assert "Action refusée" in response.content.decode()
    assert not WorkshopTable.objects.filter(event=event).exists()


def test_an_impossible_seating_explains_itself(client, organiser, event):
    client.force_login(organiser)
    tables(event, 2, 20)
    shared = Registration.objects.filter(event=event)[:3]
    organisation = shared[0].organisation
    Registration.objects.filter(pk__in=[r.pk for r in shared]).update(organisation=organisation)

    response = client.post(url("tables_seat", event), {"seed": 0})

    html = response.content.decode()
    assert f"La structure {organisation} compte 3 participants pour 2 tables" in html
    assert not Registration.objects.filter(event=event, table__isnull=False).exists()


def test_requests_are_added_and_removed(client, event, organiser):
    client.force_login(organiser)
    a, b = Registration.objects.filter(event=event)[:2]

    response = client.post(
        url("seating_request_add", event),
        {"request-first": a.pk, "request-kind": "apart", "request-second": b.pk},
        follow=True,
    )

    assert "Demande enregistrée" in response.content.decode()
    request = SeatingRequest.objects.get(event=event)
    response = client.post(url("seating_request_remove", event, request.pk), follow=True)
    assert "La demande a été retirée." in response.content.decode()
    assert not SeatingRequest.objects.exists()


def test_a_request_about_the_same_person_twice_is_refused(client, event, organiser):
    client.force_login(organiser)
    a = Registration.objects.filter(event=event).first()

    response = client.post(
        url("seating_request_add", event),
        {"request-first": a.pk, "request-kind": "together", "request-second": a.pk},
    )

    assert "Choisissez deux personnes différentes." in response.content.decode()
    assert not SeatingRequest.objects.exists()


def test_a_request_about_someone_waiting_is_not_offered(client, event, organiser):
    client.force_login(organiser)
    a = Registration.objects.filter(event=event).first()
    waiting = RegistrationFactory(event=event, waiting=True)

    response = client.post(
        url("seating_request_add", event),
        {"request-first": a.pk, "request-kind": "together", "request-second": waiting.pk},
    )

    assert response.status_code == HTTPStatus.OK
    assert not SeatingRequest.objects.exists()


def test_an_htmx_move_answers_the_board_with_the_new_scores(client, event, organiser):
    tables(event, 6, 5)
    services.tables_seat(actor=organiser, event=event)
    client.force_login(organiser)
    person = Registration.objects.filter(event=event, table__number=1).first()
    target = WorkshopTable.objects.get(event=event, number=2)

    response = client.post(
        url("table_move", event, person.pk),
        {"table": target.pk, "version": person.version},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'id="seating-board"' in html and "<html" not in html
    assert f"{person.user} est placé·e à « Table 2 »." in html

    def caption(number):
        return html.split(f'id="table-{number}"')[1].split("<table>")[0]

    assert "3/5 places" in caption(1) and "5/5 places" in caption(2)
    assert Registration.objects.get(pk=person.pk).table == target


def test_a_stale_move_is_a_409_and_changes_nothing(client, event, organiser):
    seated(event)
    client.force_login(organiser)
    person = Registration.objects.filter(event=event, table__number=1).first()
    other = WorkshopTable.objects.get(event=event, number=2)

    response = client.post(
        url("table_move", event, person.pk), {"table": other.pk, "version": person.version - 1}
    )

    assert response.status_code == HTTPStatus.CONFLICT
    assert "modifiée par quelqu’un d’autre" in response.content.decode()
    assert Registration.objects.get(pk=person.pk).table.number == 1


def test_a_move_to_a_full_table_is_refused_with_its_reason(client, event, organiser):
    seated(event)  # 6 tables of 4 for 24 people: all full
    client.force_login(organiser)
    person = Registration.objects.filter(event=event, table__number=1).first()
    other = WorkshopTable.objects.get(event=event, number=2)

    response = client.post(
        url("table_move", event, person.pk),
        {"table": other.pk, "version": person.version},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert "Table 2 est complète (4 places)." in html
    # The reason also sits in the person's row, where the organiser clicked.
    row = html.split(f'id="person-{person.pk}"')[1].split("</tr>")[0]
    assert "Table 2 est complète" in row
    assert f'aria-describedby="move-error-{person.pk}"' in row
    assert Registration.objects.get(pk=person.pk).table.number == 1


def test_the_move_and_lock_buttons_have_ids_so_htmx_gives_the_focus_back(client, event, organiser):
    seated(event)
    client.force_login(organiser)
    person = Registration.objects.filter(event=event, table__number=1).first()

    html = client.get(url("tables", event)).content.decode()

    assert f'id="move-button-{person.pk}"' in html
    assert f'id="lock-button-{person.pk}"' in html


def test_a_move_that_breaks_a_rule_is_flagged_on_the_page(client, organiser):
    event, _ = room(categories={ParticipantCategory.ESS: 4})
    event.organisers.set([organiser])
    shared = Registration.objects.filter(event=event)[:2]
    Registration.objects.filter(pk__in=[r.pk for r in shared]).update(
        organisation=shared[0].organisation
    )
    tables(event, 2, 4)
    services.tables_seat(actor=organiser, event=event)
    a, b = Registration.objects.filter(pk__in=[r.pk for r in shared])
    client.force_login(organiser)

    response = client.post(
        url("table_move", event, a.pk), {"table": b.table_id, "version": a.version}, follow=True
    )

    html = response.content.decode()
    assert "Règles non respectées après vos déplacements" in html
    assert "sont de la même structure" in html


def test_a_place_is_fixed_and_freed(client, event, organiser):
    seated(event)
    client.force_login(organiser)
    person = Registration.objects.filter(event=event).first()

    response = client.post(
        url("table_lock", event, person.pk),
        {"locked": "on", "version": person.version},
        headers={"HX-Request": "true"},
    )

    assert "est fixée" in response.content.decode()
    person.refresh_from_db()
    assert person.table_locked
    client.post(url("table_lock", event, person.pk), {"version": person.version})
    person.refresh_from_db()
    assert not person.table_locked


def test_a_table_is_renamed(client, event, organiser):
    [table] = tables(event, 1, 30)
    client.force_login(organiser)

    assert client.get(url("table_update", event, table.pk)).status_code == HTTPStatus.OK
    response = client.post(
        url("table_update", event, table.pk),
        {"name": "Les aidants", "topic": "Soutenir les aidants familiaux"},
        follow=True,
    )

    assert "Les aidants est enregistrée." in response.content.decode()


def test_the_printable_plan_lists_the_tables(client, event, organiser):
    seated(event)
    client.force_login(organiser)

    response = client.get(url("tables_print", event))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count("<ol>") == 6
    assert "fr-breadcrumb" in html
    assert url("tables", event) in html


def test_a_quoted_title_nests_its_quotation_marks_in_the_heading(client, event, organiser):
    event.title = "Hackathon « La fonction publique s’engage » du CHESP"
    event.save(update_fields=["title"])
    client.force_login(organiser)

    html = client.get(url("tables_print", event)).content.decode()

    heading = "Plan de table de « Hackathon “La fonction publique s’engage” du CHESP »"
    assert f"<h1>{heading}</h1>" in html
    assert "« «" not in html
    # A title built in Python too (the seating page's).
    html = client.get(url("tables", event)).content.decode()
    assert "de « Hackathon “La fonction publique s’engage” du CHESP »</h1>" in html


def test_the_printable_plan_without_tables_says_so_inside_the_grid(client, event, organiser):
    client.force_login(organiser)

    html = client.get(url("tables_print", event)).content.decode()

    assert '<div class="fr-col-12"><p>Aucune table pour l’instant.</p></div>' in html


def test_the_seating_page_reads_a_constant_number_of_rows(
    client, organiser, django_assert_max_num_queries
):
    """The same queries for 10 people or 40: counted once, then pinned for a larger room."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries(people: int) -> int:
        event, _ = room(categories={ParticipantCategory.ESS: people}, departments=["69", "13"])
        event.organisers.set([organiser])
        tables(event, 5, 8)
        services.tables_seat(actor=organiser, event=event)
        SeatingRequest.objects.create(
            event=event,
            kind=SeatingRequestKind.APART,
            first=event.registrations.first(),
            second=event.registrations.last(),
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("tables", event)).status_code == HTTPStatus.OK
        return len(queries)

    client.force_login(organiser)
    small = page_queries(10)
    assert page_queries(40) == small
    assert small <= 14


# Outputs pages


@pytest.fixture
def past(event):
    seated(event)
    event.starts_at -= datetime.timedelta(days=60)
    event.ends_at -= datetime.timedelta(days=60)
    event.save()
    return event


def test_the_outputs_page_by_persona(client, past, organiser, participant, stranger):
    output_services.output_create(actor=organiser, event=past, title="Guichet unique")
    target = url("outputs", past)

    for user, status in ((organiser, 200), (participant, 200), (stranger, 403)):
        client.force_login(user)
        response = client.get(target)
        assert response.status_code == status
        if status == 200:
            assert "Guichet unique" in response.content.decode()
    client.logout()
    assert client.get(target).status_code == HTTPStatus.FOUND


def test_the_outputs_page_reads_a_constant_number_of_rows(
    client, past, organiser, django_assert_max_num_queries
):
    for n in range(8):
        output_services.output_create(
            actor=organiser,
            event=past,
            title=f"Solution {n}",
            table=WorkshopTable.objects.get(event=past, number=n % 6 + 1),
            initiatives=[InitiativeFactory()],
            owner=organiser,
        )
    client.force_login(organiser)

    with django_assert_max_num_queries(12):
        assert client.get(url("outputs", past)).status_code == HTTPStatus.OK


def test_the_organiser_adds_a_solution_linked_to_an_initiative(client, past, organiser):
    initiative = InitiativeFactory(title="Transport solidaire pour les aînés")
    table = WorkshopTable.objects.get(event=past, number=1)
    client.force_login(organiser)
    assert client.get(url("output_create", past)).status_code == HTTPStatus.OK

    response = client.post(
        url("output_create", past),
        {
            "table": table.pk,
            "kind": "solution",
            "title": "Covoiturage solidaire des aînés",
            "description": "Des bénévoles conduisent les aînés à leurs rendez-vous.",
            "initiatives": [initiative.pk],
            "owner": organiser.pk,
            "next_step": "Réunir les trois associations de transport",
            "due_on": "2026-10-15",
            "follow_up": "open",
            "is_public": "on",
        },
        follow=True,
    )

    assert "« Covoiturage solidaire des aînés » est enregistrée." in response.content.decode()
    output = Output.objects.get(event=past)
    assert list(output.initiatives.all()) == [initiative]
    assert output.due_on == datetime.date(2026, 10, 15)


def test_a_seated_participant_adds_to_their_table_and_others_are_refused(
    client, past, participant, stranger
):
    own = Registration.objects.get(event=past, user=participant).table
    other = WorkshopTable.objects.filter(event=past).exclude(pk=own.pk).first()
    data = {"kind": "idea", "title": "Un café des aidants", "follow_up": "open"}
    client.force_login(participant)

    response = client.post(url("output_create", past), {**data, "table": other.pk})
    assert response.status_code == HTTPStatus.OK  # the other table is not a choice
    assert not Output.objects.exists()

    client.post(url("output_create", past), {**data, "table": own.pk})
    assert Output.objects.get().table == own

    client.force_login(stranger)
    assert client.get(url("output_create", past)).status_code == HTTPStatus.FORBIDDEN
    client.logout()
    assert client.get(url("output_create", past)).status_code == HTTPStatus.FOUND


def test_an_output_is_edited_and_a_stale_edit_is_a_409(client, past, organiser, participant):
    output = output_services.output_create(actor=organiser, event=past, title="Avant")
    client.force_login(organiser)
    target = url("output_update", past, output.pk)
    data = {"kind": "idea", "title": "Après", "follow_up": "in_progress", "version": 1}

    assert client.get(target).status_code == HTTPStatus.OK
    client.post(target, data)
    assert Output.objects.get(pk=output.pk).title == "Après"

    response = client.post(target, {**data, "title": "Encore"})
    assert response.status_code == HTTPStatus.CONFLICT
    assert Output.objects.get(pk=output.pk).title == "Après"

    # A participant edits only their table's outputs; this one is the whole room's.
    client.force_login(participant)
    assert client.get(target).status_code == HTTPStatus.FORBIDDEN


def test_an_unknown_output_is_a_404(client, past, organiser):
    client.force_login(organiser)

    assert client.get(url("output_update", past, 999_999)).status_code == HTTPStatus.NOT_FOUND


def test_the_event_page_shows_the_public_solutions_only_after_the_event(client, event, organiser):
    output_services.output_create(actor=organiser, event=event, title="Guichet unique")
    output_services.output_create(
        actor=organiser, event=event, title="Note interne", is_public=False
    )
    detail = reverse("events:detail", args=[event.pk])

    assert "Guichet unique" not in client.get(detail).content.decode()

    event.starts_at -= datetime.timedelta(days=60)
    event.ends_at -= datetime.timedelta(days=60)
    event.save()
    html = client.get(detail).content.decode()
    assert "Idées et solutions issues de l’événement" in html
    assert "Guichet unique" in html
    assert "Note interne" not in html
