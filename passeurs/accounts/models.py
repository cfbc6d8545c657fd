"""People: e-mail login, profile, role, personal access tokens."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import BoundedTextField


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinateur·rice de programme")
    CIVIL_SERVANT = "civil_servant", _("Agent public")
    PROJECT_LEADER = "project_leader", _("Porteur·se de projet")
    SUPPORT_PARTNER = "support_partner", _("Partenaire d’accompagnement")
    LOCAL_AGENT = "local_agent", _("Agent territorial")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_superuser"] = True
        extra_fields.setdefault("role", Role.COORDINATOR)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    # Profile. Only what the person marks public is ever shown to others.
    title = models.CharField(_("fonction"), max_length=200, blank=True)
    bio = BoundedTextField(_("présentation"), max_length=2000, blank=True)
    expertise = BoundedTextField(
        _("domaines d’expertise"),
        max_length=1000,
        blank=True,
        help_text=_("Politiques publiques, codes juridiques, métiers que vous connaissez."),
    )
    regions = models.ManyToManyField(
        "core.Region", blank=True, related_name="+", verbose_name=_("régions connues")
    )
    departments = models.ManyToManyField(
        "core.Department", blank=True, related_name="+", verbose_name=_("départements connus")
    )
    mentoring_capacity = models.PositiveSmallIntegerField(
        _("capacité de parrainage"),
        default=0,
        help_text=_("Nombre de projets que vous pouvez accompagner en même temps."),
    )
    profile_is_public = models.BooleanField(
        _("profil public"),
        default=False,
        help_text=_("Votre nom, fonction, présentation et expertise sont visibles de tous."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and (self.role == Role.COORDINATOR or self.is_superuser)

    @property
    def is_staff(self) -> bool:
        # Admin access follows the role at check time; it is never copied onto the row.
        return self.is_coordinator

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_coordinator or super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self.is_coordinator or super().has_module_perms(app_label)


class PersonalAccessToken(models.Model):
    """A secret for scripts calling the write API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début du jeton"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d’accès personnel")
        verbose_name_plural = _("jetons d’accès personnels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
