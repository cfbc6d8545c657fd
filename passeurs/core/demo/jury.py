"""Demo jury of the incubator call: eight reviewers (two with declared conflicts), three
reviews per application all scored, seven laureates chosen from the ranking, their
accompaniments with coaches and the milestones already past marked done.

Loaded through the calls services with notifications paused. Idempotent: a call already
decided is left as it is, and each step before that only adds what is missing.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from passeurs.accounts.models import Role, User
from passeurs.calls.models import Application, ApplicationState, Call, CallState, Review
from passeurs.calls.services import accompaniment as accompaniment_services
from passeurs.calls.services import jury as jury_services
from passeurs.calls.services import selection as selection_services
from passeurs.core.demo.data import DEMO_PASSWORD
from passeurs.core.notify import notifications_paused

D = "@demo.passeurs.test"

# (e-mail, first name, last name, role, capacity or None)
JURY = [
    ("jury.camille.roussel" + D, "Camille", "Roussel", Role.SUPPORT_PARTNER, None),
    ("jury.bernard.lemoine" + D, "Bernard", "Lemoine", Role.CIVIL_SERVANT, None),
    ("jury.nadia.benali" + D, "Nadia", "Benali", Role.SUPPORT_PARTNER, None),
    ("jury.lucas.marchand" + D, "Lucas", "Marchand", Role.CIVIL_SERVANT, None),
    ("jury.sylvie.caron" + D, "Sylvie", "Caron", Role.LOCAL_AGENT, None),
    ("jury.hugo.tessier" + D, "Hugo", "Tessier", Role.SUPPORT_PARTNER, None),
    ("jury.mathilde.royer" + D, "Mathilde", "Royer", Role.CIVIL_SERVANT, None),
    ("jury.samir.khelifi" + D, "Samir", "Khelifi", Role.SUPPORT_PARTNER, 30),
]
# Coaches of the laureates, in turn.
COACHES = [
    ("coach.agathe.perrot" + D, "Agathe", "Perrot", Role.SUPPORT_PARTNER),
    ("coach.yannick.guerin" + D, "Yannick", "Guérin", Role.SUPPORT_PARTNER),
    ("coach.ines.barbier" + D, "Inès", "Barbier", Role.CIVIL_SERVANT),
]
# Members who declare a conflict with the structure of the n-th application (by title).
CONFLICTS = {"jury.nadia.benali" + D: 0, "jury.hugo.tessier" + D: 1}

COMMENTS = [
    "Projet clair, équipe solide ; le modèle économique reste à consolider.",
    "Un besoin bien documenté sur le territoire, des partenariats déjà engagés.",
    "Idée intéressante mais calendrier ambitieux et budget peu détaillé.",
    "Impact social convaincant ; la mesure d’impact gagnerait à être précisée.",
    "Démarche originale, à confronter à des utilisateurs dès les premiers mois.",
]
CHECK_IN_NOTES = [
    "Point mensuel : feuille de route revue, premiers contacts avec les partenaires.",
    "Point mensuel : budget prévisionnel mis à jour, recrutement en cours.",
    "Point mensuel : premiers usagers accueillis, retours positifs.",
]


def _people(specs, password_hash_holder) -> dict[str, User]:
    emails = [spec[0] for spec in specs]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    for email, first_name, last_name, role, *_rest in specs:
        if email in users:
            continue
        if not password_hash_holder:
            password_hash_holder.append(make_password(DEMO_PASSWORD))
        user = User.objects.create_user(
            email, None, first_name=first_name, last_name=last_name, role=role
        )
        user.password = password_hash_holder[0]
        user.save(update_fields=["password"])
        users[email] = user
    return users


def _scores(review: Review, criteria, rng_key: str) -> dict:
    """Plausible scores: the application's quality, the reviewer's severity, some noise, and
    now and then a reviewer who sees it very differently (the disagreements)."""
    application = review.application
    quality = random.Random(f"quality:{application.initiative.title}").uniform(0.3, 0.92)
    severity = random.Random(f"severity:{review.reviewer.user.email}").uniform(-0.12, 0.12)
    rng = random.Random(rng_key)
    outlier = rng.random() < 0.12
    scores = {}
    for criterion in criteria:
        level = quality + severity + rng.gauss(0, 0.08)
        if outlier:
            level += rng.choice((-0.4, 0.4))
        value = round(min(max(level, 0.0), 1.0) * criterion.max_score)
        scores[criterion.pk] = (value, "")
    return scores


def load_jury(call: Call, tally=None) -> Call:
    """Run the jury of `call` (in review, with its submitted applications) to the end."""
    call.refresh_from_db()
    if call.state != CallState.REVIEW:
        if tally is not None:
            tally.existing += 1
        return call
    with transaction.atomic(), notifications_paused():
        coordinator = call.coordinators.order_by("pk").first()
        holder: list[str] = []
        reviewers = _people(JURY, holder)
        coaches = _people(COACHES, holder)

        members = {m.user.email: m for m in call.jury.select_related("user")}
        for email, *_names, capacity in JURY:
            if email not in members:
                members[email] = jury_services.jury_member_add(
                    actor=coordinator, call=call, user=reviewers[email], capacity=capacity
                )

        applications = list(
            Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
            .select_related("initiative", "organisation")
            .order_by("initiative__title", "pk")
        )
        for email, index in CONFLICTS.items():
            if index >= len(applications):
                continue
            member, organisation = members[email], applications[index].organisation
            if not member.conflicts.filter(pk=organisation.pk).exists():
                jury_services.conflict_declare(
                    actor=member.user, member=member, organisation=organisation
                )

        jury_services.reviews_assign(actor=coordinator, call=call)

        criteria = list(call.criteria.order_by("position", "pk"))
        if not criteria:  # no grid to score on: the jury stops at the assignment
            return call
        pending = (
            Review.objects.filter(application__call=call, submitted_at__isnull=True)
            .select_related("reviewer__user", "application__call", "application__initiative")
            .order_by("application__initiative__title", "reviewer__user__email")
        )
        for review in pending:
            key = f"{review.application.initiative.title}:{review.reviewer.user.email}"
            jury_services.review_save(
                actor=review.reviewer.user,
                review=review,
                scores=_scores(review, criteria, key),
                comment=random.Random(f"comment:{key}").choice(COMMENTS),
                submit=True,
                version=review.version,
            )

        proposal = selection_services.laureates_propose(call)
        if proposal.laureates:
            call.refresh_from_db()
            starts_on = _start_after(call)
            decision = selection_services.laureates_select(
                actor=coordinator,
                call=call,
                application_ids=proposal.laureates,
                version=call.version,
                starts_on=starts_on,
            )
            coach_list = [coaches[spec[0]] for spec in COACHES]
            for index, application in enumerate(decision.laureates):
                _accompany(application, coordinator, coach_list[index % len(coach_list)], index)
    if tally is not None:
        tally.created += 1
    call.refresh_from_db()
    return call


def _start_after(call: Call) -> datetime.date:
    """The day after the closing: the jury met quickly and the kick-offs are already past,
    so the demo shows milestones done, late and to come."""
    return timezone.localdate(call.closes_at) + datetime.timedelta(days=1)


def _accompany(application, coordinator, coach, index: int) -> None:
    application.refresh_from_db()
    accompaniment = application.accompaniment
    accompaniment_services.coach_add(actor=coordinator, accompaniment=accompaniment, user=coach)
    today = timezone.localdate()
    past = [
        m
        for m in accompaniment.milestones.order_by("due_on", "pk")
        if m.due_on < today and m.kind != "final_report"
    ]
    # Every third laureate is a little behind: its last past milestone is still to do.
    if index % 3 == 2 and past:
        past = past[:-1]
    for number, milestone in enumerate(past):
        accompaniment_services.milestone_update(
            actor=coach,
            milestone=milestone,
            done=True,
            notes=CHECK_IN_NOTES[number % len(CHECK_IN_NOTES)]
            if milestone.kind == "check_in"
            else "",
        )
