"""Pairs (binômes), the rules and runs that produce them, and each pair's private log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import AuditEntry, BoundedTextField, TimeStampedModel


class PairState(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    ACCEPTED_BY_PROJECT = "accepted_by_project", _("Accepté par le projet")
    ACCEPTED_BY_SERVANT = "accepted_by_servant", _("Accepté par l’agent")
    ACTIVE = "active", _("Actif")
    CLOSED = "closed", _("Clos")
    DECLINED = "declined", _("Décliné")
    ENDED_EARLY = "ended_early", _("Interrompu")


class PairQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The pair's members and its programme's coordinators; nobody else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        unpublished = models.Q(state="proposed", published_at__isnull=True)
        return self.filter(
            (models.Q(project__user=user) | models.Q(servant__user=user)) & ~unpublished
            | models.Q(edition__programme__coordinators=user)
        ).distinct()


class Pair(TimeStampedModel):
    edition = models.ForeignKey("pairing.Edition", on_delete=models.CASCADE, related_name="pairs")
    project = models.ForeignKey(
        "pairing.Candidacy",
        on_delete=models.CASCADE,
        related_name="pairs_as_project",
        verbose_name=_("candidature du projet"),
    )
    servant = models.ForeignKey(
        "pairing.Candidacy",
        on_delete=models.CASCADE,
        related_name="pairs_as_servant",
        verbose_name=_("candidature de l’agent"),
    )
    state = models.CharField(
        _("état"), max_length=24, choices=PairState.choices, default=PairState.PROPOSED
    )
    score = models.IntegerField(_("score"), default=0)
    # Term → points; the points of scoring.TERMS add up to `score`. A stable-mode run adds
    # each side's rank of the other (scoring.RANK_TERMS), which are places, not points.
    explanation = models.JSONField(_("explication"), default=dict, blank=True)
    is_fixed = models.BooleanField(_("imposé par la coordination"), default=False)
    run = models.ForeignKey(
        "pairing.MatchingRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the coordinator sent the proposal to both sides (matching_publish e-mails them).
    published_at = models.DateTimeField(_("proposé aux intéressés le"), null=True, blank=True)
    objectives = BoundedTextField(_("objectifs"), max_length=5000, blank=True)
    activated_at = models.DateTimeField(_("actif depuis"), null=True, blank=True)
    ended_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    project_evaluation = BoundedTextField(
        _("évaluation de clôture du projet"), max_length=5000, blank=True
    )
    servant_evaluation = BoundedTextField(
        _("évaluation de clôture de l’agent"), max_length=5000, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "-score", "id"]
        verbose_name = _("binôme")
        verbose_name_plural = _("binômes")
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.project} × {self.servant}"


class PairRule(models.Model):
    """A coordinator's decision for the next runs: this pair must, or must never, be made."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Imposé")
        FORBIDDEN = "forbidden", _("Interdit")

    edition = models.ForeignKey(
        "pairing.Edition", on_delete=models.CASCADE, related_name="pair_rules"
    )
    project = models.ForeignKey("pairing.Candidacy", on_delete=models.CASCADE, related_name="+")
    servant = models.ForeignKey("pairing.Candidacy", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("règle"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("règle d’appariement")
        verbose_name_plural = _("règles d’appariement")
        constraints = [
            models.UniqueConstraint(fields=["project", "servant"], name="one_rule_per_couple")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.project} × {self.servant}"


class MatchingRun(models.Model):
    edition = models.ForeignKey(
        "pairing.Edition", on_delete=models.CASCADE, related_name="matching_runs"
    )
    run_at = models.DateTimeField(_("lancé le"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    settings = models.JSONField(_("réglages"), default=dict)
    total = models.IntegerField(_("score total"), default=0)
    # Candidacy id (as a string, JSON keys are) → reason code (scoring.REASONS).
    unmatched = models.JSONField(_("candidatures sans binôme"), default=dict)

    class Meta:
        ordering = ["-run_at", "-id"]
        verbose_name = _("calcul des binômes")
        verbose_name_plural = _("calculs des binômes")

    def __str__(self) -> str:
        return f"{self.edition} — {self.run_at:%Y-%m-%d %H:%M}"


class Meeting(TimeStampedModel):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    notes = BoundedTextField(_("compte rendu"), max_length=5000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")

    def __str__(self) -> str:
        return f"{self.pair} — {self.date}"


class ActionKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Mise en relation avec un service")
    PROCEDURE = "procedure", _("Conseil sur une démarche")
    UNBLOCKING = "unblocking", _("Déblocage d’un dossier")
    FIELD_VISIT = "field_visit", _("Visite de terrain")
    BLOCKER = "blocker", _("Travail sur un frein réglementaire")
    OTHER = "other", _("Autre")


class FacilitationAction(TimeStampedModel):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("nature"), max_length=16, choices=ActionKind.choices)
    date = models.DateField(_("date"))
    outcome = BoundedTextField(_("résultat"), max_length=3000, blank=True)
    blocker = models.ForeignKey(
        "blockers.Blocker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitation_actions",
        verbose_name=_("frein réglementaire"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("action de facilitation")
        verbose_name_plural = _("actions de facilitation")
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.date}"


class PairEvent(AuditEntry):
    """The audit trail of the pairing: candidacy decisions, runs, pair moves and logs."""

    edition = models.ForeignKey("pairing.Edition", on_delete=models.CASCADE, related_name="events")
    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    candidacy = models.ForeignKey(
        "pairing.Candidacy", on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
