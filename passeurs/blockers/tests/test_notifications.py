"""E-mails about blockers: who gets them, only once committed, recorded, safe to render."""

import pytest
from django.conf import settings
from django.db import transaction

from passeurs.accounts.tests.factories import UserFactory
from passeurs.blockers import services
from passeurs.blockers.models import BlockerState
from passeurs.blockers.tests.factories import BlockerFactory
from passeurs.core.models import SentEmail
from passeurs.directory.tests.factories import InitiativeFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(member, organisation, coordinator):
    """A blocker declared by `member`, joined by another leader, taken on by a civil servant."""
    initiative = InitiativeFactory(organisation=organisation)
    blocker = BlockerFactory(
        initiative=initiative,
        author=member,
        title="Matériel médical reconditionné non remboursé",
    )
    other = InitiativeFactory()
    joiner = UserFactory(email="joiner@exemple.fr")
    MembershipFactory(user=joiner, organisation=other.organisation)
    services.blocker_join(actor=joiner, blocker=blocker, initiative=other)
    assignee = UserFactory(email="assignee@exemple.fr", civil_servant=True)
    blocker = services.blocker_assign(
        actor=coordinator, blocker=blocker, version=blocker.version, assignee=assignee
    )
    return {
        "blocker": blocker,
        "joiner": joiner,
        "assignee": assignee,
        "other_coordinator": UserFactory(email="other-coordinator@exemple.fr", coordinator=True),
    }


def qualify(actor, blocker, **extra):
    return services.blocker_transition(
        actor=actor,
        blocker=blocker,
        target=BlockerState.QUALIFIED,
        version=blocker.version,
        comment="Qualifié en comité du 12 mars.",
        **extra,
    )


def recipients(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_a_move_mails_supporters_the_assignee_and_coordinators_but_not_the_actor(
    cast, coordinator, stranger, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        qualify(coordinator, cast["blocker"])
    assert recipients(mailoutbox) == [
        "assignee@exemple.fr",
        "joiner@exemple.fr",
        "member@exemple.fr",
        "other-coordinator@exemple.fr",
    ]
    assert all(len(message.to) == 1 for message in mailoutbox)


def test_the_acting_supporter_is_not_told_of_their_own_move(
    cast, member, mailoutbox, django_capture_on_commit_callbacks
):
    blocker = cast["blocker"]
    with django_capture_on_commit_callbacks(execute=True):
        services.blocker_transition(
            actor=member, blocker=blocker, target=BlockerState.WITHDRAWN, version=blocker.version
        )
    assert "member@exemple.fr" not in recipients(mailoutbox)
    assert "joiner@exemple.fr" in recipients(mailoutbox)


def test_people_who_muted_the_blocker_or_everything_get_nothing(
    cast, coordinator, member, mailoutbox, django_capture_on_commit_callbacks
):
    services.notifications_set(user=member, blocker=cast["blocker"], enabled=False)
    services.notifications_set(user=cast["joiner"], enabled=False)
    services.notifications_set(user=cast["assignee"], blocker=BlockerFactory(), enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        qualify(coordinator, cast["blocker"])
    assert recipients(mailoutbox) == ["assignee@exemple.fr", "other-coordinator@exemple.fr"]


def test_inactive_people_get_nothing(
    cast, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    cast["other_coordinator"].is_active = False
    cast["other_coordinator"].save()
    with django_capture_on_commit_callbacks(execute=True):
        qualify(coordinator, cast["blocker"])
    assert "other-coordinator@exemple.fr" not in recipients(mailoutbox)


def test_nothing_is_sent_when_the_transaction_rolls_back(
    cast, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        qualify(coordinator, cast["blocker"])
        raise RuntimeError("the request failed after the move")
    assert callbacks == []
    assert mailoutbox == []
    assert not SentEmail.objects.exists()
    cast["blocker"].refresh_from_db()
    assert cast["blocker"].state == BlockerState.SUBMITTED


def test_nothing_is_sent_before_the_commit(cast, coordinator, mailoutbox):
    qualify(coordinator, cast["blocker"])
    assert mailoutbox == []


def test_every_e_mail_sent_is_recorded(
    cast, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        qualify(coordinator, cast["blocker"])
    recorded = sorted(SentEmail.objects.values_list("recipient", "subject", "kind"))
    assert recorded == sorted(
        (message.to[0], message.subject, "blocker_event") for message in mailoutbox
    )
    assert len(recorded) == 4


def test_the_e_mail_says_what_happened_and_links_to_the_blocker(
    cast, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    blocker = cast["blocker"]
    with django_capture_on_commit_callbacks(execute=True):
        qualify(coordinator, blocker)
    message = mailoutbox[0]
    assert message.subject == ("[Passeurs] Matériel médical reconditionné non remboursé : qualifié")
    url = settings.SITE_URL + blocker.get_absolute_url()
    assert url.startswith("http")
    assert url in message.body
    assert "« Signalé » à « Qualifié »" in message.body
    assert "Qualifié en comité du 12 mars." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert url in html


def test_the_html_part_escapes_what_people_typed(
    member, organisation, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="other-coordinator@exemple.fr", coordinator=True)
    blocker = BlockerFactory(
        initiative=InitiativeFactory(organisation=organisation),
        author=member,
        title='<script>alert("frein")</script>',
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.blocker_transition(
            actor=coordinator,
            blocker=blocker,
            target=BlockerState.QUALIFIED,
            version=blocker.version,
            comment="<img src=x onerror=alert(1)>",
        )
    html = mailoutbox[0].alternatives[0][0]
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The text part is plain text: shown as typed, not entity-encoded.
    assert '<script>alert("frein")</script>' in mailoutbox[0].body


def test_declaring_tells_the_coordinators_once_and_the_draft_tells_nobody(
    member, organisation, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        draft = BlockerFactory(initiative=initiative, author=member, draft=True)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.blocker_transition(
            actor=member, blocker=draft, target=BlockerState.SUBMITTED, version=draft.version
        )
    assert recipients(mailoutbox) == ["coordinator@exemple.fr"]


def test_a_new_supporter_is_told_of_later_moves(
    cast, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    latecomer = InitiativeFactory()
    leader = UserFactory(email="latecomer@exemple.fr")
    MembershipFactory(user=leader, organisation=latecomer.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.blocker_join(actor=leader, blocker=cast["blocker"], initiative=latecomer)
    assert "latecomer@exemple.fr" not in recipients(mailoutbox)
    assert "member@exemple.fr" in recipients(mailoutbox)
    mailoutbox.clear()
    cast["blocker"].refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        qualify(coordinator, cast["blocker"])
    assert "latecomer@exemple.fr" in recipients(mailoutbox)


def test_loading_past_history_records_events_without_e_mails(
    cast, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), services.notifications_paused():
        qualify(coordinator, cast["blocker"])
    assert mailoutbox == []
    assert cast["blocker"].events.last().to_state == BlockerState.QUALIFIED
    with django_capture_on_commit_callbacks(execute=True):
        services.blocker_transition(
            actor=coordinator,
            blocker=cast["blocker"],
            target=BlockerState.IN_PROGRESS,
            version=cast["blocker"].version,
        )
    assert len(mailoutbox) == 4
