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


class OrganisationSource(models.TextChoices):
    MANUAL = "manual", _("Saisie sur Passeurs")
    RNA = "rna", _("Répertoire national des associations")
    SIRENE = "sirene", _("Répertoire SIRENE")


# INSEE's workforce bands (trancheEffectifsUniteLegale).
WORKFORCE_BANDS = {
    "NN": _("Non employeuse"),
    "00": _("0 salarié"),
    "01": _("1 ou 2 salariés"),
    "02": _("3 à 5 salariés"),
    "03": _("6 à 9 salariés"),
    "11": _("10 à 19 salariés"),
    "12": _("20 à 49 salariés"),
    "21": _("50 à 99 salariés"),
    "22": _("100 à 199 salariés"),
    "31": _("200 à 249 salariés"),
    "32": _("250 à 499 salariés"),
    "41": _("500 à 999 salariés"),
    "42": _("1 000 à 1 999 salariés"),
    "51": _("2 000 à 4 999 salariés"),
    "52": _("5 000 à 9 999 salariés"),
    "53": _("10 000 salariés et plus"),
}


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=255)
    # The folded name (no accents, lower case): the list's order and the exact-name match.
    # On PostgreSQL it compares byte by byte (COLLATE "C", migration 0008): an AlterField
    # here must keep that collation.
    name_key = models.CharField(max_length=255, editable=False, default="")
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
    # Department and region: foreign keys without a database constraint (migration 0008):
    # reference data never deleted, `PROTECT` enforced by Django, and the imports join
    # `core_department` instead of paying one constraint check per row.
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("région"),
    )
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,  # organisation_dept_order starts with it
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("département"),
    )
    challenges = models.ManyToManyField(
        "core.Challenge", blank=True, related_name="organisations", verbose_name=_("défis")
    )
    is_active = models.BooleanField(_("en activité"), default=True)
    # What the open registries say (RNA, SIRENE); empty for structures entered by hand.
    purpose = BoundedTextField(_("objet social"), max_length=2000, blank=True)
    founded_on = models.DateField(_("date de création"), null=True, blank=True)
    dissolved_on = models.DateField(_("date de dissolution"), null=True, blank=True)
    legal_category = models.CharField(_("catégorie juridique"), max_length=4, blank=True)
    activity_code = models.CharField(_("activité principale (NAF)"), max_length=6, blank=True)
    workforce_band = models.CharField(_("tranche d’effectifs"), max_length=2, blank=True)
    is_mission_company = models.BooleanField(_("société à mission"), default=False)
    # SIRENE "diffusion partielle": the fields the law keeps private are never stored.
    diffusion_restricted = models.BooleanField(_("diffusion restreinte"), default=False)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=OrganisationSource.choices,
        default=OrganisationSource.MANUAL,
        editable=False,
    )
    source_updated_at = models.DateTimeField(
        _("mise à jour dans le registre"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_key", "id"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        indexes = [
            # The list's order, alone and within a department: pages stay fast at 1.5 M rows.
            models.Index(fields=["name_key", "id"], name="organisation_name_order"),
            models.Index(fields=["department", "name_key", "id"], name="organisation_dept_order"),
            models.Index(fields=["kind"]),
            models.Index(fields=["family"]),
            models.Index(fields=["siren"]),
            models.Index(fields=["siret"]),
            # SQLite cannot read the partial unique index below for `rna = 'W…'`;
            # PostgreSQL can, and has no copy of this one (migration 0010).
            models.Index(fields=["rna"], name="organisation_rna"),
        ]
        constraints = [
            # The open-data imports key associations on their RNA number.
            models.UniqueConstraint(
                fields=["rna"],
                condition=~models.Q(rna=""),
                name="unique_organisation_rna",
                violation_error_message=_("Une structure porte déjà ce numéro RNA."),
            ),
            # The SIRENE import keys the units it creates on their SIREN.
            models.UniqueConstraint(
                fields=["siren"],
                condition=models.Q(source="sirene"),
                name="unique_sirene_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation_detail", args=[self.pk])

    @property
    def workforce_label(self) -> str:
        return WORKFORCE_BANDS.get(self.workforce_band, "")


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


class OrganisationSearch(models.Model):
    """One organisation's search document, written by `passeurs.directory.search` only.

    On PostgreSQL `document` is a `tsvector` (migration 0003: names weighted A, city C,
    object and presentation D) under a GIN index, and `name_terms` stays empty. On SQLite
    both hold analysed words (folded, stemmed) that an FTS5 table indexes. A separate table
    keeps the bulk imports' load stage apart from the (slower) search indexing.
    """

    # No database constraint (migration 0008): a derived index, deleted with its structure
    # by Django and, for raw SQL on PostgreSQL, by a trigger.
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search",
        db_constraint=False,
    )
    name_terms = models.TextField(default="")
    document = models.TextField(default="")

    class Meta:
        verbose_name = _("index de recherche")

    def __str__(self) -> str:
        return f"search #{self.organisation_id}"


class SearchWord(models.Model):
    """The distinct indexed words and how many structures use them, for spelling correction."""

    word = models.CharField(max_length=100, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mot indexé")

    def __str__(self) -> str:
        return self.word
