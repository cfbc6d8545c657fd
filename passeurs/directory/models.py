"""The directory: organisations of every kind, memberships, initiatives."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import BoundedTextField, TimeStampedModel
from passeurs.directory import validators


class OrganisationFamily(models.TextChoices):
    ESS = "ess", _("Structure de l’ESS")
    ADMINISTRATION = "administration", _("Administration")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
    PARTNER = "partner", _("Partenaire d’accompagnement")


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    SCOP = "scop", _("Coopérative (SCOP)")
    SCIC = "scic", _("Coopérative (SCIC)")
    MUTUELLE = "mutuelle", _("Mutuelle")
    FONDATION = "fondation", _("Fondation")
    ESUS = "esus", _("Entreprise ESUS")
    MINISTRY = "ministry", _("Ministère")
    DIRECTORATE = "directorate", _("Direction d’administration")
    SERVICE = "service", _("Service déconcentré ou opérateur")
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunalité (EPCI)")
    DEPARTEMENT = "departement", _("Conseil départemental")
    REGION = "region", _("Conseil régional")
    NETWORK = "network", _("Réseau")
    FUNDER = "funder", _("Financeur")
    EVALUATOR = "evaluator", _("Évaluateur")


FAMILY_OF_KIND = {
    **dict.fromkeys(
        ["association", "scop", "scic", "mutuelle", "fondation", "esus"], OrganisationFamily.ESS
    ),
    **dict.fromkeys(["ministry", "directorate", "service"], OrganisationFamily.ADMINISTRATION),
    **dict.fromkeys(
        ["commune", "epci", "departement", "region"], OrganisationFamily.LOCAL_AUTHORITY
    ),
    **dict.fromkeys(["network", "funder", "evaluator"], OrganisationFamily.PARTNER),
}

# Which kind may sit under which in the administration hierarchy.
PARENT_KINDS = {
    OrganisationKind.DIRECTORATE: {OrganisationKind.MINISTRY},
    OrganisationKind.SERVICE: {OrganisationKind.MINISTRY, OrganisationKind.DIRECTORATE},
}


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=255)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    family = models.CharField(
        _("famille"), max_length=20, choices=OrganisationFamily.choices, editable=False
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("rattachement"),
    )
    description = BoundedTextField(_("présentation"), max_length=5000, blank=True)
    website = models.URLField(_("site internet"), blank=True)
    siren = models.CharField(
        _("SIREN"), max_length=9, blank=True, validators=[validators.validate_siren]
    )
    siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, validators=[validators.validate_siret]
    )
    rna = models.CharField(
        _("numéro RNA"), max_length=10, blank=True, validators=[validators.validate_rna]
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[validators.validate_postal_code]
    )
    city = models.CharField(_("commune"), max_length=100, blank=True)
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("région"),
    )
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("département"),
    )
    challenges = models.ManyToManyField(
        "core.Challenge", blank=True, related_name="organisations", verbose_name=_("défis")
    )
    is_active = models.BooleanField(_("en activité"), default=True)
    # Accent-free, lower-case text of the searchable fields, kept by the services.
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["family"]),
            models.Index(fields=["siren"]),
            models.Index(fields=["rna"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation_detail", args=[self.pk])


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Membre")
    ADMIN = "admin", _("Administrateur·rice")


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("rôle dans la structure"),
        max_length=10,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
    )
    position = models.CharField(_("poste"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


class Stage(models.TextChoices):
    IDEA = "idea", _("Idée")
    EXPERIMENTATION = "experimentation", _("Expérimentation")
    CONSOLIDATION = "consolidation", _("Consolidation")
    SCALING = "scaling", _("Changement d’échelle")


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        if user.is_authenticated:
            return self.filter(
                models.Q(is_public=True) | models.Q(organisation__memberships__user=user)
            ).distinct()
        return self.public()


class Initiative(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="initiatives",
        verbose_name=_("structure porteuse"),
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = BoundedTextField(_("résumé"), max_length=3000)
    stage = models.CharField(_("stade"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    challenges = models.ManyToManyField(
        "core.Challenge", blank=True, related_name="initiatives", verbose_name=_("défis")
    )
    regions = models.ManyToManyField(
        "core.Region", blank=True, related_name="initiatives", verbose_name=_("régions d’action")
    )
    departments = models.ManyToManyField(
        "core.Department",
        blank=True,
        related_name="initiatives",
        verbose_name=_("départements d’action"),
    )
    beneficiaries = BoundedTextField(_("bénéficiaires"), max_length=2000, blank=True)
    needs = BoundedTextField(_("besoins"), max_length=2000, blank=True)
    is_public = models.BooleanField(
        _("visible publiquement"),
        default=True,
        help_text=_("Décochez pour réserver le projet à votre structure et aux coordinateurs."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["is_public"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directory:initiative_detail", args=[self.pk])
