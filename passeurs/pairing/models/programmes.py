"""Programmes, their editions (promotions) and the funding/supervision links between structures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import BoundedTextField, TimeStampedModel


class Programme(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = BoundedTextField(_("présentation"), max_length=5000, blank=True)
    operators = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="operated_programmes",
        verbose_name=_("structures opératrices"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_programmes",
        verbose_name=_("coordinateur·rices"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class EditionState(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    CANDIDACY = "candidacy", _("Candidatures ouvertes")
    MATCHING = "matching", _("Constitution des binômes")
    RUNNING = "running", _("En cours")
    CLOSED = "closed", _("Close")


class TerritoryMode(models.TextChoices):
    PROXIMITY = "proximity", _("Proximité : des territoires en commun")
    DISTANCE = "distance", _("Distance : faire découvrir le terrain")


class MatchingMode(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal : le meilleur score total")
    STABLE = "stable", _("Stable : les deux côtés se classent mutuellement")


class Edition(TimeStampedModel):
    """One promotion of a programme, with its calendar and its matching settings."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="editions", verbose_name=_("programme")
    )
    name = models.CharField(_("nom de la promotion"), max_length=200)
    candidacy_opens = models.DateField(_("ouverture des candidatures"))
    candidacy_closes = models.DateField(_("clôture des candidatures"))
    matching_date = models.DateField(_("constitution des binômes"))
    starts = models.DateField(_("début"))
    ends = models.DateField(_("fin"))
    capacity = models.PositiveSmallIntegerField(
        _("nombre maximal de binômes"), null=True, blank=True
    )
    state = models.CharField(
        _("état"), max_length=12, choices=EditionState.choices, default=EditionState.DRAFT
    )
    weight_expertise = models.PositiveSmallIntegerField(_("poids de l’expertise"), default=4)
    weight_challenges = models.PositiveSmallIntegerField(_("poids des défis partagés"), default=2)
    weight_territory = models.PositiveSmallIntegerField(_("poids du territoire"), default=2)
    weight_wishes = models.PositiveSmallIntegerField(_("poids des souhaits"), default=2)
    territory_mode = models.CharField(
        _("territoire recherché"),
        max_length=10,
        choices=TerritoryMode.choices,
        default=TerritoryMode.PROXIMITY,
    )
    matching_mode = models.CharField(
        _("mode d’appariement"),
        max_length=10,
        choices=MatchingMode.choices,
        default=MatchingMode.OPTIMAL,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-starts", "-id"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(candidacy_opens__lte=models.F("candidacy_closes"))
                & models.Q(candidacy_closes__lte=models.F("matching_date"))
                & models.Q(matching_date__lte=models.F("starts"))
                & models.Q(starts__lte=models.F("ends")),
                name="edition_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.name}"

    @property
    def weights(self) -> dict[str, int]:
        return {
            "expertise": self.weight_expertise,
            "challenges": self.weight_challenges,
            "territory": self.weight_territory,
            "wishes": self.weight_wishes,
        }


class LinkKind(models.TextChoices):
    FUNDER = "funder", _("Financeur")
    SUPERVISOR = "supervisor", _("Autorité de tutelle ou de contrôle")


class OrganisationLink(models.Model):
    """An administration that funds or supervises a structure: its agents may not pair with it.

    Kept here rather than in the directory: only the pairing's hard rules read it. A link
    from a ministry also covers its directorates and services (the rule walks up `parent`).
    """

    administration = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="links_out",
        limit_choices_to={"family": "administration"},
        verbose_name=_("administration"),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="links_in",
        verbose_name=_("structure"),
    )
    kind = models.CharField(_("nature du lien"), max_length=12, choices=LinkKind.choices)

    class Meta:
        verbose_name = _("lien de financement ou de tutelle")
        verbose_name_plural = _("liens de financement ou de tutelle")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "organisation", "kind"], name="unique_organisation_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.administration} → {self.organisation} ({self.get_kind_display()})"
