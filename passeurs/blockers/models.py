"""Regulatory blockers: the rule that holds projects back, who it hits, where it goes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import BoundedTextField, TimeStampedModel


class BlockerState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Signalé")
    QUALIFIED = "qualified", _("Qualifié")
    IN_PROGRESS = "in_progress", _("En instruction")
    RESOLUTION_PROPOSED = "resolution_proposed", _("Piste de levée")
    LIFTED = "lifted", _("Levé")
    KEPT = "kept", _("Maintenu")
    WORKED_AROUND = "worked_around", _("Contourné")
    MERGED = "merged", _("Fusionné")
    WITHDRAWN = "withdrawn", _("Retiré")


class ResolutionKind(models.TextChoices):
    INTERPRETATION = "interpretation", _("Interprétation ou doctrine")
    CIRCULAR = "circular", _("Circulaire ou instruction")
    EXPERIMENTATION = "experimentation", _("Expérimentation ou dérogation")
    DECREE = "decree", _("Décret ou arrêté")
    LAW = "law", _("Loi")
    OTHER = "other", _("Autre")


class LegalReference(models.Model):
    """One legal text or article, shared by every blocker that cites it (keyed)."""

    key = models.CharField(_("clé"), max_length=255, unique=True)
    kind = models.CharField(_("nature"), max_length=20)
    label = models.CharField(_("référence"), max_length=400)
    code_slug = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    article = models.CharField(_("article"), max_length=40, blank=True)
    number = models.CharField(_("numéro"), max_length=80, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    flags = models.CharField(_("signalements"), max_length=200, blank=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("référence juridique")
        verbose_name_plural = _("références juridiques")

    def __str__(self) -> str:
        return self.label

    @property
    def is_flagged(self) -> bool:
        return bool(self.flags)


class CodeRoute(models.Model):
    """Which ministry answers for a code: shipped defaults, edited by coordinators."""

    code_slug = models.CharField(_("code"), max_length=100, unique=True)
    code_name = models.CharField(_("nom du code"), max_length=200)
    ministry_name = models.CharField(_("ministère compétent"), max_length=255)
    administration = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"family": "administration"},
        verbose_name=_("administration dans l’annuaire"),
    )

    class Meta:
        ordering = ["code_name"]
        verbose_name = _("aiguillage code → ministère")
        verbose_name_plural = _("aiguillages code → ministère")

    def __str__(self) -> str:
        return f"{self.code_name} → {self.ministry_name}"


class BlockerQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(state__in=[BlockerState.DRAFT, BlockerState.WITHDRAWN])

    def visible_to(self, user):
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        if user.is_authenticated:
            return self.filter(
                models.Q(state__in=PUBLIC_STATES)
                | models.Q(initiative__organisation__memberships__user=user)
                | models.Q(assignee=user)
            ).distinct()
        return self.public()


class Blocker(TimeStampedModel):
    title = models.CharField(_("titre"), max_length=200)
    prevents = BoundedTextField(
        _("ce que la règle empêche"),
        max_length=5000,
        help_text=_("Décrivez la règle et ce qu’elle empêche de faire."),
    )
    consequence = BoundedTextField(
        _("conséquence pour les bénéficiaires"), max_length=5000, blank=True
    )
    legal_text = BoundedTextField(
        _("textes juridiques en cause"),
        max_length=2000,
        blank=True,
        help_text=_("Par exemple : article L. 165-1 du code de la sécurité sociale."),
    )
    challenges = models.ManyToManyField(
        "core.Challenge", blank=True, related_name="blockers", verbose_name=_("défis")
    )
    regions = models.ManyToManyField(
        "core.Region", blank=True, related_name="blockers", verbose_name=_("régions")
    )
    departments = models.ManyToManyField(
        "core.Department", blank=True, related_name="blockers", verbose_name=_("départements")
    )
    initiative = models.ForeignKey(
        "directory.Initiative",
        on_delete=models.PROTECT,
        related_name="declared_blockers",
        verbose_name=_("projet déclarant"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("déclaré par"),
    )
    state = models.CharField(
        _("état"), max_length=24, choices=BlockerState.choices, default=BlockerState.DRAFT
    )
    references = models.ManyToManyField(
        LegalReference,
        through="BlockerReference",
        related_name="blockers",
        verbose_name=_("références juridiques"),
    )
    administrations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="blockers",
        limit_choices_to={"family": "administration"},
        verbose_name=_("administrations compétentes"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_blockers",
        verbose_name=_("agent public en charge"),
    )
    resolution_kind = models.CharField(
        _("nature de la levée"), max_length=20, choices=ResolutionKind.choices, blank=True
    )
    resolution_date = models.DateField(_("date de la levée"), null=True, blank=True)
    resolution_text = models.CharField(_("texte qui porte la levée"), max_length=400, blank=True)
    resolution_reference = models.ForeignKey(
        LegalReference,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolved_blockers",
        verbose_name=_("référence de la levée"),
    )
    resolution_summary = BoundedTextField(_("résumé de la solution"), max_length=5000, blank=True)
    kept_justification = BoundedTextField(
        _("justification du maintien"), max_length=5000, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("fusionné dans"),
    )
    # Analysed words for the similarity index, kept by the services.
    terms = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = BlockerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("frein réglementaire")
        verbose_name_plural = _("freins réglementaires")
        indexes = [
            models.Index(fields=["state"]),
            models.Index(fields=["resolution_kind"]),
            # The similarity cache checks the latest change before every suggestion.
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blockers:detail", args=[self.pk])


PUBLIC_STATES = [state for state in BlockerState.values if state not in ("draft", "withdrawn")]


class BlockerReference(models.Model):
    blocker = models.ForeignKey(Blocker, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(LegalReference, on_delete=models.PROTECT, related_name="+")
    raw = models.CharField(_("tel que saisi"), max_length=400)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "reference"], name="unique_citation")
        ]

    def __str__(self) -> str:
        return self.raw


class Support(TimeStampedModel):
    """An initiative hit by the blocker, with its own testimony (the declaring one included)."""

    blocker = models.ForeignKey(Blocker, on_delete=models.CASCADE, related_name="supports")
    initiative = models.ForeignKey(
        "directory.Initiative",
        on_delete=models.CASCADE,
        related_name="blocker_supports",
        verbose_name=_("projet"),
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="blocker_supports",
        verbose_name=_("déclaré par"),
    )
    testimony = BoundedTextField(_("témoignage"), max_length=3000, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("projet concerné")
        verbose_name_plural = _("projets concernés")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "initiative"], name="unique_support")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.blocker}"


class BlockerEvent(models.Model):
    """The audit trail shown as the blocker's timeline."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Changement d’état")
        JOIN = "join", _("Nouveau projet concerné")
        ASSIGN = "assign", _("Prise en charge")
        ROUTE = "route", _("Aiguillage")
        MERGE_IN = "merge_in", _("Doublon fusionné")

    blocker = models.ForeignKey(Blocker, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSITION)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    from_state = models.CharField(max_length=24, choices=BlockerState.choices, blank=True)
    to_state = models.CharField(max_length=24, choices=BlockerState.choices, blank=True)
    comment = BoundedTextField(_("commentaire"), max_length=5000, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def __str__(self) -> str:
        return f"{self.blocker_id}: {self.from_state} → {self.to_state}"


class NotificationSetting(models.Model):
    """A person's choice to stop the e-mails about blockers (all of them or one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocker_mutes"
    )
    blocker = models.ForeignKey(
        Blocker, on_delete=models.CASCADE, null=True, blank=True, related_name="mutes"
    )

    class Meta:
        verbose_name = _("notification désactivée")
        verbose_name_plural = _("notifications désactivées")
        constraints = [
            models.UniqueConstraint(fields=["user", "blocker"], name="unique_mute"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(blocker__isnull=True), name="unique_mute_all"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.blocker or 'tous'}"
