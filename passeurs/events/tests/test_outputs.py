"""Outputs of an event: who records them, what they link to, when the public sees them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from passeurs.accounts.tests.factories import UserFactory
from passeurs.blockers.tests.factories import BlockerFactory
from passeurs.core.exceptions import ConflictError
from passeurs.directory.tests.factories import InitiativeFactory
from passeurs.events import output_selectors
from passeurs.events.models import (
    EventLog,
    FollowUpState,
    Output,
    OutputKind,
    ParticipantCategory,
    Registration,
)
from passeurs.events.services import outputs as services
from passeurs.events.tests.factories import EventFactory, RegistrationFactory
from passeurs.events.tests.table_factories import room, tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """A past event with two tables and a participant at each."""
    event, (first, second, _third) = room(
        categories={ParticipantCategory.ESS: 3}, past=True, title="Connexions innovantes"
    )
    one, two = tables(event, 2, 4)
    Registration.objects.filter(pk=first.pk).update(table=one)
    Registration.objects.filter(pk=second.pk).update(table=two)
    event.participant_one = first.user
    event.participant_two = second.user
    event.table_one, event.table_two = one, two
    return event


def organiser(event):
    return event.organisers.get()


def test_an_organiser_records_a_solution_with_its_follow_up(event):
    initiative = InitiativeFactory(title="Visites de convivialité pour les aînés isolés")
    blocker = BlockerFactory()

    output = services.output_create(
        actor=organiser(event),
        event=event,
        table=event.table_one,
        kind=OutputKind.SOLUTION,
        title="  Un guichet unique de l’autonomie  ",
        description="Un numéro, une personne.",
        initiatives=[initiative],
        blockers=[blocker],
        owner=event.participant_one,
        next_step="Présenter le projet au conseil départemental",
        due_on=datetime.date(2026, 9, 30),
        follow_up=FollowUpState.IN_PROGRESS,
    )

    output.refresh_from_db()
    assert output.title == "Un guichet unique de l’autonomie"
    assert list(output.initiatives.all()) == [initiative]
    assert list(output.blockers.all()) == [blocker]
    assert output.created_by == organiser(event)
    assert EventLog.objects.filter(event=event, kind="output_create").exists()


def test_a_participant_records_the_work_of_their_own_table_only(event):
    output = services.output_create(
        actor=event.participant_one, event=event, table=event.table_one, title="Idée de table"
    )
    assert output.kind == OutputKind.IDEA

    with pytest.raises(PermissionDenied):
        services.output_create(
            actor=event.participant_one, event=event, table=event.table_two, title="Pas la mienne"
        )
    with pytest.raises(PermissionDenied):
        services.output_create(actor=event.participant_one, event=event, title="Toute la salle")


def test_a_participant_edits_their_table_outputs_but_not_the_others(event):
    actor = organiser(event)
    mine = services.output_create(actor=actor, event=event, table=event.table_one, title="A")
    theirs = services.output_create(actor=actor, event=event, table=event.table_two, title="B")

    services.output_update(
        actor=event.participant_one, output=mine, version=mine.version, title="A, précisée"
    )

    assert Output.objects.get(pk=mine.pk).title == "A, précisée"
    with pytest.raises(PermissionDenied):
        services.output_update(
            actor=event.participant_one, output=theirs, version=theirs.version, title="Non"
        )
    # Nor move their output to another table.
    mine.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.output_update(
            actor=event.participant_one, output=mine, version=mine.version, table=event.table_two
        )


def test_strangers_and_anonymous_people_record_nothing(event, stranger):
    from django.contrib.auth.models import AnonymousUser

    for user in (stranger, AnonymousUser(), UserFactory(coordinator=True)):
        with pytest.raises(PermissionDenied):
            services.output_create(actor=user, event=event, table=event.table_one, title="Non")
    assert not Output.objects.exists()


def test_only_initiatives_the_author_sees_can_be_linked(event):
    private = InitiativeFactory(private=True)

    with pytest.raises(ValidationError) as refused:
        services.output_create(
            actor=event.participant_one,
            event=event,
            table=event.table_one,
            title="Lien caché",
            initiatives=[private],
        )

    assert refused.value.message_dict == {
        "initiatives": ["Choisissez des projets que vous pouvez voir."]
    }
    assert not Output.objects.exists()


def test_only_blockers_the_author_sees_can_be_linked(event):
    draft = BlockerFactory(draft=True)

    with pytest.raises(ValidationError) as refused:
        services.output_create(
            actor=event.participant_one,
            event=event,
            table=event.table_one,
            title="Frein en brouillon",
            blockers=[draft],
        )

    assert "blockers" in refused.value.message_dict


def test_the_follow_up_belongs_to_an_organiser_or_a_participant(event, stranger):
    with pytest.raises(ValidationError) as refused:
        services.output_create(
            actor=organiser(event), event=event, title="Suivi perdu", owner=stranger
        )

    assert refused.value.message_dict == {
        "owner": ["Le suivi revient à un organisateur ou à un participant inscrit."]
    }


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Ok", "kind": "poem"}, "kind"),
        ({"title": "Ok", "follow_up": "someday"}, "follow_up"),
        ({"title": "Ok", "description": "x" * 5001}, "description"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(event, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.output_create(actor=organiser(event), event=event, **fields)

    assert field in refused.value.message_dict
    assert not Output.objects.exists()


def test_a_table_of_another_event_is_refused(event):
    [elsewhere] = tables(EventFactory(), 1, 4)

    with pytest.raises(ValidationError):
        services.output_create(actor=organiser(event), event=event, table=elsewhere, title="X")


def test_a_stale_edit_is_refused(event):
    output = services.output_create(actor=organiser(event), event=event, title="Première")
    services.output_update(
        actor=organiser(event), output=output, version=1, follow_up=FollowUpState.DONE
    )

    with pytest.raises(ConflictError):
        services.output_update(actor=organiser(event), output=output, version=1, title="Vieille")

    assert Output.objects.get(pk=output.pk).title == "Première"


def test_an_edit_keeps_the_links_its_author_cannot_see(event):
    private = InitiativeFactory(private=True)
    public = InitiativeFactory()
    output = services.output_create(
        actor=organiser(event), event=event, table=event.table_one, title="S", initiatives=[private]
    )

    services.output_update(
        actor=event.participant_one, output=output, version=output.version, initiatives=[public]
    )

    assert set(output.initiatives.all()) == {private, public}


# What the public sees


def test_nothing_is_public_before_the_event_ends(event):
    services.output_create(actor=organiser(event), event=event, title="Trop tôt")
    event.ends_at = timezone.now() + datetime.timedelta(hours=1)
    event.starts_at = timezone.now() - datetime.timedelta(hours=1)

    assert output_selectors.public_outputs(event=event) == []


def test_after_the_event_the_public_outputs_show_with_their_public_links(event):
    public_initiative = InitiativeFactory(title="Paniers de producteurs pour les EHPAD ruraux")
    private_initiative = InitiativeFactory(private=True, title="Projet confidentiel")
    public_blocker = BlockerFactory(title="Frein public")
    actor = organiser(event)
    shown = services.output_create(
        actor=actor,
        event=event,
        title="Solution publique",
        initiatives=[public_initiative, private_initiative],
        blockers=[public_blocker],
    )
    services.output_create(actor=actor, event=event, title="Note interne", is_public=False)

    [output] = output_selectors.public_outputs(event=event)

    assert output == shown
    assert list(output.initiatives.all()) == [public_initiative]
    assert list(output.blockers.all()) == [public_blocker]


def test_the_organisers_can_keep_the_outputs_off_the_public_page(event):
    services.output_create(actor=organiser(event), event=event, title="Solution")
    event.outputs_public = False

    assert output_selectors.public_outputs(event=event) == []


def test_the_public_section_renders_in_three_queries(event, django_assert_num_queries):
    actor = organiser(event)
    for n in range(5):
        services.output_create(
            actor=actor,
            event=event,
            table=event.table_one,
            title=f"Solution {n}",
            initiatives=[InitiativeFactory()],
            blockers=[BlockerFactory()],
        )
    request = RequestFactory().get("/")
    request.user = UserFactory()

    with django_assert_num_queries(3):
        html = render_to_string(
            "events/_outputs_public.html", {"event": event, "user": request.user}, request
        )

    assert html.count('class="fr-mb-3w" id="public-output-') == 5
    assert "Idées et solutions issues de l’événement" in html


def test_the_public_section_is_empty_before_the_end(event):
    services.output_create(actor=organiser(event), event=event, title="Trop tôt")
    event.ends_at = timezone.now() + datetime.timedelta(days=1)

    html = render_to_string("events/_outputs_public.html", {"event": event})

    assert "Trop tôt" not in html


def test_the_organisers_list_shows_private_outputs_and_links_they_see(event):
    private_initiative = InitiativeFactory(private=True)
    actor = organiser(event)
    services.output_create(
        actor=actor, event=event, title="Interne", is_public=False, initiatives=[private_initiative]
    )

    [output] = output_selectors.output_list(event=event, user=actor)
    assert output.title == "Interne"
    assert list(output.initiatives.all()) == [private_initiative]  # organisers are coordinators

    [seen] = output_selectors.output_list(event=event, user=event.participant_one)
    assert list(seen.initiatives.all()) == []


def test_the_waiting_list_is_not_a_participant(event):
    waiting = RegistrationFactory(event=event, waiting=True)

    assert not services.can_see_outputs(waiting.user, event)
    assert services.can_see_outputs(event.participant_two, event)
