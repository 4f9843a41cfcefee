"""The City Integration Audit: frameworks as data, assessment rounds, answers and agreed answers.

A framework is a tree held as rows - framework → area → indicator → question → option - with
every label kept per language (``names``/``texts``/``labels`` JSON, as the network's vocabularies).
A framework version that a round has used is never changed: an edit is imported as the next
version. Scores are computed from the answers (``audit.scoring``), never stored by hand.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.models import City, Country, Organisation, Visibility
from network.models.places import pick_language


def validate_weight(value: float) -> None:
    if not 0 < value <= 1000:
        raise ValidationError(_("A weight must be above 0 and at most 1000."))


class Scope(models.TextChoices):
    CITY = "city", _("City")
    COUNTRY = "country", _("Country")


class DataType(models.TextChoices):
    FACT = "fact", _("Fact")
    INPUT = "input", _("Input (policy or action)")
    IMPACT = "impact", _("Impact (attitudes and outcomes)")


class QuestionKind(models.TextChoices):
    CHOICE = "choice", _("Choice")
    NUMBER = "number", _("Number")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for answers")
    FROZEN = "frozen", _("Submitted and frozen")


class Framework(models.Model):
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.CITY)
    names = models.JSONField(_("names"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    is_current = models.BooleanField(
        _("current version"), default=True, help_text=_("New rounds are opened on the current version.")
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="audit_framework_code_version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("audit:framework", args=[self.code, self.version])

    @property
    def name(self) -> str:
        return pick_language(self.names, self.code)

    @property
    def description(self) -> str:
        return pick_language(self.descriptions or {}, "")


class FrameworkArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(_("code"), max_length=60)
    names = models.JSONField(_("names"), default=dict)
    weight = models.FloatField(_("weight"), default=1.0, validators=[validate_weight])
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("framework area")
        verbose_name_plural = _("framework areas")
        ordering = ["framework", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="audit_area_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.names, self.code)


class Indicator(models.Model):
    area = models.ForeignKey(FrameworkArea, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=60)
    names = models.JSONField(_("names"), default=dict)
    weight = models.FloatField(_("weight"), default=1.0, validators=[validate_weight])
    data_type = models.CharField(_("data type"), max_length=10, choices=DataType.choices, default=DataType.INPUT)
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
        help_text=_("Set for an indicator a city added for itself; it counts only in that city's rounds."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["area", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="audit_indicator_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.names, self.code)


class Question(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=60)
    texts = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("help"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.CHOICE)
    weight = models.FloatField(_("weight"), default=1.0, validators=[validate_weight])
    unit = models.JSONField(_("unit"), default=dict, blank=True)
    worst = models.FloatField(_("value scoring 0"), null=True, blank=True)
    best = models.FloatField(_("value scoring 100"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["indicator", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["indicator", "code"], name="audit_question_code")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return pick_language(self.texts, self.code)

    @property
    def help_text(self) -> str:
        return pick_language(self.help or {}, "")

    @property
    def unit_label(self) -> str:
        return pick_language(self.unit or {}, "")

    def score_number(self, value: float) -> float:
        """The linear scoring rule: ``worst`` and beyond score 0, ``best`` and beyond 100."""
        if self.worst is None or self.best is None or self.worst == self.best:
            raise ValueError(f"question {self.code} has no scoring rule")
        share = (value - self.worst) / (self.best - self.worst)
        return round(100.0 * min(1.0, max(0.0, share)), 4)


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("code"), max_length=60)
    labels = models.JSONField(_("labels"), default=dict)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="audit_option_code"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="audit_option_score_range"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick_language(self.labels, self.code)


class ReferenceScore(models.Model):
    """A published score held as reference data (e.g. a country's overall policy index); unknown is absent."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="references")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", verbose_name=_("country"))
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(FrameworkArea, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    score = models.FloatField(_("score"), validators=[MinValueValidator(0.0), MaxValueValidator(100.0)])
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reference score")
        verbose_name_plural = _("reference scores")
        ordering = ["framework", "country", "year"]

    def __str__(self) -> str:
        return f"{self.country_id} {self.year}: {self.score:g}"


class Round(models.Model):
    """One city's assessment on one framework version: baseline 2018, follow-up 2019, …"""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="audit_rounds", verbose_name=_("city"))
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("framework")
    )
    title = models.CharField(_("title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    # Filled when the round is frozen (it never changes afterwards): {"total", "answered",
    # "questions", "areas": {code: score}}; comparisons read it instead of scoring again.
    profile = models.JSONField(default=dict, blank=True, editable=False)
    desk_research = models.ManyToManyField(
        "library.Resource", blank=True, related_name="audit_rounds", verbose_name=_("desk research")
    )
    questionnaires = models.ManyToManyField(
        "surveys.Survey", blank=True, related_name="audit_rounds", verbose_name=_("questionnaires")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["city", "framework", "year", "pk"]
        constraints = [models.UniqueConstraint(fields=["city", "framework", "year"], name="audit_round_per_year")]

    def __str__(self) -> str:
        return f"{self.city} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("audit:round", args=[self.pk])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city}

    @property
    def is_frozen(self) -> bool:
        return self.status == RoundStatus.FROZEN

    def questions(self) -> models.QuerySet[Question]:
        """The round's questions: the framework's, plus the indicators this city added for itself."""
        return (
            Question.objects.filter(indicator__area__framework=self.framework_id)
            .filter(models.Q(indicator__city__isnull=True) | models.Q(indicator__city=self.city_id))
            .select_related("indicator", "indicator__area")
            .prefetch_related("options")
            .order_by(
                "indicator__area__position",
                "indicator__area__pk",
                "indicator__position",
                "indicator__pk",
                "position",
                "pk",
            )
        )


class Respondent(models.Model):
    """A SIG member invited to answer a round on their own."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audit_rounds")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="audit_respondent_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class AnswerFields(models.Model):
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    number = models.FloatField(_("value"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("Documents, data or links that support it."))
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def score(self, question: Question) -> float | None:
        if question.kind == QuestionKind.NUMBER:
            return question.score_number(self.number) if self.number is not None else None
        return float(self.option.score) if self.option is not None else None

    def display(self) -> str:
        if self.option is not None:
            return self.option.label
        if self.number is not None:
            return f"{self.number:g}"
        return ""


class Answer(AnswerFields):
    """One respondent's own answer to one question of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["respondent", "question"], name="audit_answer_once")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.display()}"


class AgreedAnswer(AnswerFields):
    """The round's answer to a question, agreed by the city team; the scores come from these."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="agreed")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("agreed answer")
        verbose_name_plural = _("agreed answers")
        constraints = [models.UniqueConstraint(fields=["round", "question"], name="audit_agreed_once")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.display()}"


class Horizon(models.TextChoices):
    CURRENT = "current", pgettext_lazy("horizon", "Current")
    FUTURE = "future", pgettext_lazy("horizon", "Future")


class Source(models.TextChoices):
    AUDIT = "audit", _("Audit round")
    LAB = "lab", _("Integration lab")
    CONSULTATION = "consultation", _("Consultation")
    OTHER = "other", _("Other")


class ChallengeStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("challenge status", "Open")
    ADDRESSED = "addressed", pgettext_lazy("challenge status", "Being addressed")
    RESOLVED = "resolved", pgettext_lazy("challenge status", "Resolved")
    DROPPED = "dropped", pgettext_lazy("challenge status", "Dropped")


class Severity(models.IntegerChoices):
    LOW = 1, pgettext_lazy("severity", "Low")
    MODERATE = 2, pgettext_lazy("severity", "Moderate")
    SERIOUS = 3, pgettext_lazy("severity", "Serious")
    CRITICAL = 4, pgettext_lazy("severity", "Critical")


class Challenge(models.Model):
    """A city's integration challenge, current or expected, with where it was found."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="challenges", verbose_name=_("city"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.CURRENT)
    area = models.ForeignKey(
        "network.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("indicator"),
        help_text=_("The audit indicator that shows it, if any."),
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.MODERATE)
    affected_groups = models.ManyToManyField(
        "library.TargetGroup", blank=True, related_name="+", verbose_name=_("affected groups")
    )
    evidence = models.TextField(_("evidence"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.AUDIT)
    source_round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("audit round"),
    )
    status = models.CharField(_("status"), max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["city", "-severity", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("audit:challenge-edit", args=[self.pk])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city}


class StatIndicator(models.Model):
    """A context indicator (e.g. employment rate of non-EU citizens) with where its figures come from.

    ``dataset`` and ``filters`` map it to a Eurostat table: the rows whose dimensions match every
    filter (``{"unit": "PC", "sex": "T", "age": "Y20-64", "citizen": "NEU27_2020_FOR"}``) give
    its values, one per country (the ``geo`` dimension) and year.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    area = models.ForeignKey(
        "network.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    dataset = models.CharField(_("Eurostat dataset"), max_length=60, blank=True, db_index=True)
    filters = models.JSONField(_("dimension filters"), default=dict, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), null=True, blank=True)

    class Meta:
        verbose_name = _("context indicator")
        verbose_name_plural = _("context indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("audit:statistic", args=[self.code])

    @property
    def name(self) -> str:
        return pick_language(self.names, self.code)


class StatOrigin(models.TextChoices):
    EUROSTAT = "eurostat", _("Eurostat file")
    CSV = "csv", _("CSV import")
    MANUAL = "manual", _("Entered by hand")


class StatValue(models.Model):
    """One figure: an indicator's value for a country or a city in a year, with Eurostat's flags."""

    indicator = models.ForeignKey(StatIndicator, on_delete=models.CASCADE, related_name="values")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    city = models.ForeignKey(City, on_delete=models.CASCADE, null=True, blank=True, related_name="stat_values")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    value = models.FloatField(_("value"))
    flags = models.CharField(_("flags"), max_length=10, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=StatOrigin.choices, default=StatOrigin.MANUAL)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["indicator", "country", "city", "year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country__isnull=True, city__isnull=False)
                | models.Q(country__isnull=False, city__isnull=True),
                name="audit_statvalue_one_place",
            ),
            models.UniqueConstraint(
                fields=["indicator", "country", "year"],
                condition=models.Q(city__isnull=True),
                name="audit_statvalue_country_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "city", "year"],
                condition=models.Q(country__isnull=True),
                name="audit_statvalue_city_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.country_id or self.city_id} {self.year}: {self.value:g}"


# ---------------------------------------------------------------- evidence


def _evidence_path(instance: models.Model, filename: str) -> str:
    """A random stored name: the uploader's file name never reaches the file system."""
    return f"audit/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


def evidence_storage() -> FileSystemStorage:
    """Private storage (never served directly), read from settings when used."""
    return FileSystemStorage(location=str(settings.PRIVATE_MEDIA_ROOT))


class FocusGroup(models.Model):
    """A focus group of the audit: who took part (counts by category only), the theme, notes and quotes."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="focus_groups")
    held = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=200)
    participants = models.JSONField(
        _("participants by category"), default=dict, blank=True, help_text=_("Counts only, never names.")
    )
    notes = models.TextField(_("notes"), blank=True)
    quotes = models.TextField(_("quotes"), blank=True, help_text=_("One per line, without names."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        ordering = ["round", "held", "pk"]

    def __str__(self) -> str:
        return f"{self.theme} ({self.held})"

    def scope(self) -> dict[str, Any]:
        return {"city": self.round.city}

    @property
    def total(self) -> int:
        return sum(int(n) for n in self.participants.values())

    def quote_list(self) -> list[str]:
        return [line.strip() for line in self.quotes.splitlines() if line.strip()]


class WalkKind(models.TextChoices):
    WALK = "walk", _("City walk")
    SAFETY = "safety", _("Safety audit")


class CityWalk(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="walks")
    kind = models.CharField(_("kind"), max_length=10, choices=WalkKind.choices, default=WalkKind.WALK)
    held = models.DateField(_("date"))
    route = models.TextField(_("route"), help_text=_("Where the walk went, stop by stop."))
    participants = models.JSONField(_("participants by category"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("city walk")
        verbose_name_plural = _("city walks")
        ordering = ["round", "held", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.held})"

    def scope(self) -> dict[str, Any]:
        return {"city": self.round.city}


class WalkPoint(models.Model):
    """An observation on a walk: a place, a note and, if taken, a photo (its location data removed)."""

    walk = models.ForeignKey(CityWalk, on_delete=models.CASCADE, related_name="points")
    place = models.CharField(_("place"), max_length=200)
    note = models.TextField(_("observation"))
    photo = models.FileField(_("photo"), upload_to=_evidence_path, storage=evidence_storage, max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["walk", "position", "pk"]

    def __str__(self) -> str:
        return self.place


class Photovoice(models.Model):
    """A photovoice entry: a photo with its caption on a prompt, shared with recorded consent."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="photovoice")
    photo = models.FileField(_("photo"), upload_to=_evidence_path, storage=evidence_storage, max_length=200)
    caption = models.TextField(_("caption"))
    prompt = models.CharField(_("prompt"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    author = models.CharField(
        _("author (pseudonym)"), max_length=60, help_text=_("A first name or a pseudonym; never a full name.")
    )
    consent_wording = models.CharField(_("consent wording version"), max_length=20, default="photovoice-1")
    consented_at = models.DateTimeField(_("consent given at"))
    keep_location = models.BooleanField(_("the author agreed to keep where the photo was taken"), default=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photovoice entry")
        verbose_name_plural = _("photovoice entries")
        ordering = ["round", "created", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.caption[:40]}"

    def scope(self) -> dict[str, Any]:
        return {"city": self.round.city}
