"""Calls for projects: eligibility, typed questions, applications, jury reviews, laureates and
their months of accompaniment."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import AuditEntry, BoundedTextField, TimeStampedModel


def private_storage():
    return storages["private"]


class CallKind(models.TextChoices):
    CALL_FOR_PROJECTS = "call_for_projects", _("Appel à projets")
    CALL_FOR_INTEREST = "call_for_interest", _("Appel à manifestation d’intérêt")
    INCUBATOR = "incubator", _("Promotion d’incubateur")
    EXPERIMENTATION_FUND = "experimentation_fund", _("Fonds d’expérimentation")


class CallState(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    PUBLISHED = "published", _("Publié")
    REVIEW = "review", _("Instruction par le jury")
    DECIDED = "decided", _("Lauréats désignés")
    ARCHIVED = "archived", _("Archivé")


class CallQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(state=CallState.DRAFT)

    def visible_to(self, user):
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        if user.is_authenticated:
            return self.filter(
                ~models.Q(state=CallState.DRAFT) | models.Q(coordinators=user)
            ).distinct()
        return self.public()


class Call(TimeStampedModel):
    """An appel à projets, AMI, incubator intake or experimentation fund."""

    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("nature"), max_length=24, choices=CallKind.choices)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    description = BoundedTextField(_("présentation"), max_length=10000, blank=True)
    organiser = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("structure porteuse"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_calls",
        verbose_name=_("coordinateur·rices"),
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    state = models.CharField(
        _("état"), max_length=12, choices=CallState.choices, default=CallState.DRAFT
    )
    # Eligibility: an empty rule admits everyone.
    eligible_kinds = models.JSONField(
        _("types de structure éligibles"),
        default=list,
        blank=True,
        help_text=_("Vide : tous les types de structure."),
    )
    eligible_regions = models.ManyToManyField(
        "core.Region", blank=True, related_name="+", verbose_name=_("régions éligibles")
    )
    eligible_departments = models.ManyToManyField(
        "core.Department", blank=True, related_name="+", verbose_name=_("départements éligibles")
    )
    challenges = models.ManyToManyField(
        "core.Challenge",
        blank=True,
        related_name="calls",
        verbose_name=_("défis éligibles"),
        help_text=_("Vide : tous les défis. Sinon le projet doit en partager un."),
    )
    # Selection.
    laureate_count = models.PositiveSmallIntegerField(
        _("nombre de lauréats"), null=True, blank=True
    )
    budget = models.PositiveIntegerField(
        _("enveloppe (euros)"),
        null=True,
        blank=True,
        help_text=_("Avec une enveloppe, chaque candidature indique le montant demandé."),
    )
    reviews_per_application = models.PositiveSmallIntegerField(
        _("évaluations par candidature"), default=3
    )
    normalise_scores = models.BooleanField(
        _("corriger la sévérité des évaluateurs"),
        default=False,
        help_text=_("Ramène chaque évaluateur à la même moyenne avant de classer."),
    )
    accompaniment_months = models.PositiveSmallIntegerField(
        _("durée de l’accompagnement (mois)"), default=6
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "-id"]
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        indexes = [models.Index(fields=["state", "closes_at"], name="call_state_close")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")), name="call_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("calls:detail", args=[self.pk])


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Texte court")
    LONG_TEXT = "long_text", _("Texte long")
    NUMBER = "number", _("Nombre")
    CHOICE = "choice", _("Choix dans une liste")
    FILE = "file", _("Fichier")


class Question(models.Model):
    """One typed question of a call's application form."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("ordre"))
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("obligatoire"), default=True)
    choices = models.JSONField(_("choix proposés"), default=list, blank=True)
    max_length = models.PositiveIntegerField(_("longueur maximale"), null=True, blank=True)
    minimum = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    file_types = models.JSONField(
        _("types de fichier acceptés"),
        default=list,
        blank=True,
        help_text=_("Extensions, par exemple pdf, odt, docx."),
    )
    max_file_size = models.PositiveIntegerField(
        _("taille maximale (octets)"), default=5 * 1024 * 1024
    )

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="unique_question_position")
        ]

    def __str__(self) -> str:
        return self.label


class Criterion(models.Model):
    """A criterion of the scoring grid: weighted, scored from 0 to `max_score`."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("ordre"))
    name = models.CharField(_("critère"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)
    max_score = models.PositiveSmallIntegerField(_("note maximale"), default=5)

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="unique_criterion_position"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight"),
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="criterion_range"),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    LAUREATE = "laureate", _("Lauréate")
    NOT_SELECTED = "not_selected", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")


class Application(TimeStampedModel):
    """An initiative's application to a call: a draft until submitted, then read-only."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    initiative = models.ForeignKey(
        "directory.Initiative",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("projet"),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("structure"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("déposée par"),
    )
    state = models.CharField(
        _("état"), max_length=14, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    requested_amount = models.PositiveIntegerField(
        _("montant demandé (euros)"), null=True, blank=True
    )
    awarded_amount = models.PositiveIntegerField(
        _("montant accordé (euros)"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["call", "-submitted_at", "id"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        indexes = [models.Index(fields=["call", "state"], name="application_call_state")]
        constraints = [
            models.UniqueConstraint(fields=["call", "initiative"], name="unique_call_application")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.call}"


class Answer(models.Model):
    """The answer to one question; the column used follows the question's kind."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = BoundedTextField(_("réponse"), max_length=20000, blank=True)
    number = models.DecimalField(
        _("nombre"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    file = models.FileField(
        _("fichier"), upload_to="calls/%Y/%m/", storage=private_storage, blank=True
    )
    file_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="unique_answer")
        ]

    def __str__(self) -> str:
        return f"{self.question}"


class JuryMember(models.Model):
    """A reviewer of a call, with how many applications they take and their conflicts."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="juries",
        verbose_name=_("membre du jury"),
    )
    capacity = models.PositiveSmallIntegerField(_("candidatures au plus"), null=True, blank=True)
    conflicts = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("conflits d’intérêts déclarés"),
    )

    class Meta:
        ordering = ["call", "user__last_name", "id"]
        verbose_name = _("membre du jury")
        verbose_name_plural = _("membres du jury")
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="unique_jury_member")]

    def __str__(self) -> str:
        return str(self.user)


class Review(TimeStampedModel):
    """One jury member's reading of one application: assigned, then submitted with scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="reviews")
    comment = BoundedTextField(_("avis général"), max_length=5000, blank=True)
    submitted_at = models.DateTimeField(_("rendue le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["application", "reviewer"]
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="unique_review")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} — {self.application}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("note"))
    comment = models.CharField(_("commentaire"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="unique_score")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Accompaniment(TimeStampedModel):
    """A laureate's months of accompaniment: coaches, milestones, final report."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="accompaniment"
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coached_accompaniments",
        verbose_name=_("coachs"),
    )
    final_report = BoundedTextField(_("rapport final"), max_length=20000, blank=True)
    final_report_at = models.DateTimeField(_("rapport final rendu le"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")

    def __str__(self) -> str:
        return str(self.application)


class MilestoneKind(models.TextChoices):
    MILESTONE = "milestone", _("Jalon")
    CHECK_IN = "check_in", _("Point d’étape")
    FINAL_REPORT = "final_report", _("Rapport final")


class Milestone(models.Model):
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("nature"), max_length=14, choices=MilestoneKind.choices)
    month = models.PositiveSmallIntegerField(_("mois"))
    title = models.CharField(_("intitulé"), max_length=200)
    due_on = models.DateField(_("échéance"))
    done_at = models.DateTimeField(_("réalisé le"), null=True, blank=True)
    notes = BoundedTextField(_("compte rendu"), max_length=5000, blank=True)

    class Meta:
        ordering = ["accompaniment", "due_on", "id"]
        verbose_name = _("étape d’accompagnement")
        verbose_name_plural = _("étapes d’accompagnement")

    def __str__(self) -> str:
        return self.title


class CallLog(AuditEntry):
    """The audit trail of a call: state changes, submissions, assignments, decisions."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="log")
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("journal de l’appel")
        verbose_name_plural = _("journaux des appels")
