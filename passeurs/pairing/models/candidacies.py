"""Candidacies to an edition: civil servants on one side, projects on the other."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import BoundedTextField, TimeStampedModel


class CandidacySide(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Agent public")
    PROJECT = "project", _("Projet")


class CandidacyState(models.TextChoices):
    SUBMITTED = "submitted", _("Déposée")
    ACCEPTED = "accepted", _("Retenue")
    REFUSED = "refused", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")


class CandidacyQuerySet(models.QuerySet):
    def servants(self):
        return self.filter(side=CandidacySide.CIVIL_SERVANT)

    def projects(self):
        return self.filter(side=CandidacySide.PROJECT)

    def accepted(self):
        return self.filter(state=CandidacyState.ACCEPTED)


class Candidacy(TimeStampedModel):
    edition = models.ForeignKey(
        "pairing.Edition", on_delete=models.CASCADE, related_name="candidacies"
    )
    side = models.CharField(_("côté"), max_length=16, choices=CandidacySide.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="candidacies",
        verbose_name=_("candidat·e"),
    )
    state = models.CharField(
        _("état"), max_length=12, choices=CandidacyState.choices, default=CandidacyState.SUBMITTED
    )
    # Civil servant side.
    administration = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="servant_candidacies",
        limit_choices_to={"family": "administration"},
        verbose_name=_("administration"),
    )
    level = models.CharField(_("niveau de responsabilité"), max_length=100, blank=True)
    expertise = BoundedTextField(_("domaines d’expertise"), max_length=2000, blank=True)
    legal_codes = models.CharField(
        _("codes juridiques connus"),
        max_length=1000,
        blank=True,
        help_text=_("Identifiants des codes, séparés par des virgules."),
    )
    capacity = models.PositiveSmallIntegerField(_("nombre de binômes possibles"), default=1)
    # Project side.
    initiative = models.ForeignKey(
        "directory.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("projet"),
    )
    needs = BoundedTextField(_("besoins"), max_length=3000, blank=True)
    blockers = models.ManyToManyField(
        "blockers.Blocker", blank=True, related_name="candidacies", verbose_name=_("freins ouverts")
    )
    # Both sides.
    challenges = models.ManyToManyField(
        "core.Challenge",
        blank=True,
        related_name="candidacies",
        verbose_name=_("politiques publiques et défis"),
    )
    regions = models.ManyToManyField(
        "core.Region", blank=True, related_name="+", verbose_name=_("régions")
    )
    departments = models.ManyToManyField(
        "core.Department", blank=True, related_name="+", verbose_name=_("départements")
    )
    wishes = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="wished_by", verbose_name=_("souhaits")
    )
    wishes_text = BoundedTextField(_("souhaits, en quelques mots"), max_length=1000, blank=True)
    conflicts = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="declared_conflicts",
        verbose_name=_("conflits d’intérêts déclarés"),
    )
    decision_comment = BoundedTextField(_("motif de la décision"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "side", "created_at", "id"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"],
                condition=models.Q(side="civil_servant"),
                name="one_servant_candidacy_per_edition",
            ),
            models.UniqueConstraint(
                fields=["edition", "initiative"],
                condition=models.Q(side="project"),
                name="one_project_candidacy_per_edition",
            ),
        ]

    def __str__(self) -> str:
        if self.side == CandidacySide.PROJECT and self.initiative_id:
            return str(self.initiative)
        return str(self.user)

    @property
    def legal_code_slugs(self) -> list[str]:
        return [slug.strip() for slug in self.legal_codes.split(",") if slug.strip()]


class Ranking(models.Model):
    """In a stable-mode edition, the place a candidate gives a candidacy of the other side.

    1 is the favourite; a candidacy left out is not acceptable to the candidate.
    """

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="rankings")
    other = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="ranked_by", verbose_name=_("classée")
    )
    rank = models.PositiveSmallIntegerField(_("rang"))

    class Meta:
        ordering = ["candidacy", "rank"]
        verbose_name = _("classement")
        verbose_name_plural = _("classements")
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "other"], name="rank_each_other_once"),
            models.UniqueConstraint(fields=["candidacy", "rank"], name="one_candidacy_per_rank"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="rank_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.candidacy} → {self.rank}. {self.other}"
