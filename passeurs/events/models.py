"""Co-construction events: registrations by category, workshop tables, outputs and follow-ups."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from passeurs.core.models import AuditEntry, BoundedTextField, TimeStampedModel

DEFAULT_TIME_ZONE = "Europe/Paris"


class EventKind(models.TextChoices):
    CO_CONSTRUCTION_DAY = "co_construction_day", _("Journée de co-construction")
    WORKSHOP = "workshop", _("Atelier")
    HACKATHON = "hackathon", _("Hackathon")
    WEBINAR = "webinar", _("Webinaire")
    TRAINING = "training", _("Session de formation")


class ParticipantCategory(models.TextChoices):
    # "État" also means a status elsewhere: the context tells the translators this one.
    STATE = "state", pgettext_lazy("catégorie de participants", "État")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
    ESS = "ess", _("Entreprise sociale ou association")
    STARTUP = "startup", _("Start-up")
    PARTNER = "partner", _("Partenaire")
    CITIZEN = "citizen", _("Citoyen·ne")


class EventState(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    PUBLISHED = "published", _("Publié")
    CANCELLED = "cancelled", _("Annulé")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Fuseau horaire inconnu : %(value)s."), params={"value": value})


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(state__in=[EventState.PUBLISHED, EventState.CANCELLED])

    def visible_to(self, user):
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        if user.is_authenticated:
            return self.filter(
                models.Q(state__in=[EventState.PUBLISHED, EventState.CANCELLED])
                | models.Q(organisers=user)
            ).distinct()
        return self.public()


class Event(TimeStampedModel):
    """A co-construction day, workshop, hackathon, webinar or training session."""

    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("format"), max_length=24, choices=EventKind.choices)
    challenge = models.ForeignKey(
        "core.Challenge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("défi sociétal"),
    )
    question = BoundedTextField(
        _("question travaillée"),
        max_length=1000,
        blank=True,
        help_text=_("La question à laquelle les participants chercheront des réponses."),
    )
    description = BoundedTextField(_("présentation"), max_length=10000, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    time_zone = models.CharField(
        _("fuseau horaire"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Celui du lieu de l’événement, par exemple Europe/Paris ou Indian/Mayotte."),
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Sans date, les inscriptions ferment au début de l’événement."),
    )
    venue = models.CharField(_("lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )
    online_url = models.URLField(_("lien de connexion"), blank=True)
    capacity = models.PositiveIntegerField(
        _("nombre de places"), help_text=_("Au-delà, les inscrits vont en liste d’attente.")
    )
    state = models.CharField(
        _("état"), max_length=12, choices=EventState.choices, default=EventState.DRAFT
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organisateur·rices"),
    )
    organisations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="organised_events",
        verbose_name=_("structures organisatrices"),
    )
    outputs_public = models.BooleanField(
        _("solutions publiées"),
        default=True,
        help_text=_("Les solutions publiques s’affichent sur la page après l’événement."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [models.Index(fields=["state", "starts_at"], name="event_state_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")), name="event_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("events:detail", args=[self.pk])

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue


class CategoryQuota(models.Model):
    """The seats an event keeps for one category of participants (the rest wait)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    category = models.CharField(_("catégorie"), max_length=20, choices=ParticipantCategory.choices)
    seats = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["event", "category"]
        verbose_name = _("quota par catégorie")
        verbose_name_plural = _("quotas par catégorie")
        constraints = [
            models.UniqueConstraint(fields=["event", "category"], name="unique_event_quota")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} : {self.seats}"


class WorkshopTable(models.Model):
    """A table of a workshop day, or a hackathon team."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("numéro"))
    name = models.CharField(_("nom"), max_length=120, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    topic = models.CharField(_("sujet"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("table d’atelier")
        verbose_name_plural = _("tables d’atelier")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="unique_event_table")
        ]

    def __str__(self) -> str:
        return self.name or _("Table %(number)s") % {"number": self.number}


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrit·e")
    WAITING = "waiting", _("En liste d’attente")
    CANCELLED = "cancelled", _("Annulée")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Non renseignée")
    PRESENT = "present", _("Présent·e")
    ABSENT = "absent", _("Absent·e")


class Registration(TimeStampedModel):
    """One person's registration; the waiting list is the waiting rows in `queued_at` order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("structure"),
    )
    category = models.CharField(_("catégorie"), max_length=20, choices=ParticipantCategory.choices)
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territoire"),
    )
    state = models.CharField(_("état"), max_length=12, choices=RegistrationState.choices)
    queued_at = models.DateTimeField(_("en attente depuis"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    attendance = models.CharField(
        _("présence"), max_length=8, choices=Attendance.choices, default="", blank=True
    )
    comment = BoundedTextField(_("message aux organisateurs"), max_length=1000, blank=True)
    table = models.ForeignKey(
        WorkshopTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("table"),
    )
    table_locked = models.BooleanField(
        _("place fixée"),
        default=False,
        help_text=_("Un nouveau placement garde cette personne à sa table."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        indexes = [models.Index(fields=["event", "state", "queued_at"], name="registration_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~models.Q(state="cancelled"),
                name="unique_live_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}"


class SeatingRequestKind(models.TextChoices):
    TOGETHER = "together", _("À la même table")
    APART = "apart", _("À des tables différentes")


class SeatingRequest(models.Model):
    """A coordinator's request that two participants sit together, or apart."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="seating_requests")
    kind = models.CharField(_("demande"), max_length=10, choices=SeatingRequestKind.choices)
    first = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant·e")
    )
    second = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("avec")
    )

    class Meta:
        verbose_name = _("demande de placement")
        verbose_name_plural = _("demandes de placement")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "first", "second"], name="unique_seating_request"
            ),
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="seating_request_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} / {self.second} ({self.get_kind_display()})"


class OutputKind(models.TextChoices):
    IDEA = "idea", _("Idée")
    SOLUTION = "solution", _("Solution")


class FollowUpState(models.TextChoices):
    OPEN = "open", _("À lancer")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    DROPPED = "dropped", _("Abandonnée")


class Output(TimeStampedModel):
    """An idea or solution a table (or team) produced, and its follow-up."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outputs")
    table = models.ForeignKey(
        WorkshopTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outputs",
        verbose_name=_("table ou équipe"),
    )
    kind = models.CharField(
        _("nature"), max_length=10, choices=OutputKind.choices, default=OutputKind.IDEA
    )
    title = models.CharField(_("titre"), max_length=200)
    description = BoundedTextField(_("description"), max_length=5000, blank=True)
    initiatives = models.ManyToManyField(
        "directory.Initiative",
        blank=True,
        related_name="event_outputs",
        verbose_name=_("projets liés"),
    )
    blockers = models.ManyToManyField(
        "blockers.Blocker",
        blank=True,
        related_name="event_outputs",
        verbose_name=_("freins réglementaires liés"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_outputs",
        verbose_name=_("responsable du suivi"),
    )
    next_step = models.CharField(_("prochaine étape"), max_length=300, blank=True)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    follow_up = models.CharField(
        _("suivi"), max_length=12, choices=FollowUpState.choices, default=FollowUpState.OPEN
    )
    is_public = models.BooleanField(_("publique"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["event", "table__number", "id"]
        verbose_name = _("idée ou solution")
        verbose_name_plural = _("idées et solutions")

    def __str__(self) -> str:
        return self.title


class EventLog(AuditEntry):
    """The audit trail of an event: registrations, cancellations, seatings, moves, outputs."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="log")
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("journal de l’événement")
        verbose_name_plural = _("journaux des événements")
