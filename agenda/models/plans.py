"""The City Integration Agenda: goals and measures with owners, resources, timeline and indicators."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agenda.models.lab import Lab, Proposal, Scenario
from audit.models import Challenge, Indicator, StatIndicator
from library.models import Resource
from network.models import Area, City, Organisation


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agenda status", "Draft")
    CONSULTED = "consulted", pgettext_lazy("agenda status", "In consultation")
    ADOPTED = "adopted", pgettext_lazy("agenda status", "Adopted")
    ARCHIVED = "archived", pgettext_lazy("agenda status", "Archived")


PUBLIC_STATUSES = (AgendaStatus.CONSULTED, AgendaStatus.ADOPTED, AgendaStatus.ARCHIVED)


class AgendaQuerySet(models.QuerySet["Agenda"]):
    def public(self) -> AgendaQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)

    def followed_up(self) -> AgendaQuerySet:
        """Agendas whose measures are being carried out and reported on."""
        return self.filter(status=AgendaStatus.ADOPTED)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Agenda(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="agendas", verbose_name=_("city"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("to year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=10, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=200, blank=True, help_text=_("The body that adopted it, e.g. the city council.")
    )
    lab = models.ForeignKey(
        Lab, on_delete=models.SET_NULL, null=True, blank=True, related_name="agendas", verbose_name=_("from the lab")
    )
    first_report = models.DateField(
        _("first reporting date"), null=True, blank=True, help_text=_("Owners are reminded before each reporting date.")
    )
    report_every_months = models.PositiveSmallIntegerField(
        _("report every (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = AgendaQuerySet.as_manager()

    class Meta:
        verbose_name = _("integration agenda")
        verbose_name_plural = _("integration agendas")
        ordering = ["city", "-start_year", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="agenda_period"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:agenda", args=[self.pk])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city}

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The period cannot end before it starts.")})
        if self.status == AgendaStatus.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Give the date the agenda was adopted.")})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_archived(self) -> bool:
        return self.status == AgendaStatus.ARCHIVED

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def reporting_dates(self, until: date) -> list[date]:
        """Every reporting date from the first one up to ``until``."""
        if self.first_report is None:
            return []
        dates, step = [], 0
        while (day := add_months(self.first_report, step * self.report_every_months)) <= until:
            dates.append(day)
            step += 1
        return dates

    def next_reporting_date(self, today: date | None = None) -> date | None:
        today = today or timezone.localdate()
        if self.first_report is None:
            return None
        step = 0
        while (day := add_months(self.first_report, step * self.report_every_months)) < today:
            step += 1
        return day


class Goal(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    challenges = models.ManyToManyField(
        Challenge, blank=True, related_name="agenda_goals", verbose_name=_("challenges it answers")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["agenda", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> dict[str, Any]:
        return self.agenda.scope()


class Involvement(models.TextChoices):
    """How third-country nationals take part in a measure (the participation ladder)."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", pgettext_lazy("measure status", "Done")
    DROPPED = "dropped", pgettext_lazy("measure status", "Dropped")


CLOSED = (MeasureStatus.DONE, MeasureStatus.DROPPED)


class MeasureQuerySet(models.QuerySet["Measure"]):
    def open(self) -> MeasureQuerySet:
        return self.exclude(status__in=CLOSED)

    def overdue(self, today: date | None = None) -> MeasureQuerySet:
        return self.open().filter(end__lt=today or timezone.localdate())

    def examples(self) -> MeasureQuerySet:
        return self.filter(is_example=True)


class Measure(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures", verbose_name=_("goal")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_measures",
        verbose_name=_("lead organisation"),
        help_text=_("Needed before the agenda is adopted."),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_measures", verbose_name=_("partners")
    )
    involvement = models.CharField(
        _("how TCN are involved"), max_length=12, choices=Involvement.choices, default=Involvement.CONSULT
    )
    budget = models.DecimalField(
        _("budget (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    staff = models.CharField(_("staff"), max_length=200, blank=True, help_text=_("e.g. two social workers, half time"))
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    challenges = models.ManyToManyField(
        Challenge, blank=True, related_name="measures", verbose_name=_("challenges it answers")
    )
    scenarios = models.ManyToManyField(
        Scenario, blank=True, related_name="measures", verbose_name=_("scenarios it prepares for")
    )
    practice = models.ForeignKey(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopting_measures",
        verbose_name=_("adopted from the practice"),
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures")
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Seen only by the city team."))
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0)
    last_reported = models.DateTimeField(_("last update"), null=True, blank=True)
    is_example = models.BooleanField(_("example for other cities"), default=False)
    example = models.ForeignKey(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="example_of_measures",
        verbose_name=_("good practice written from it"),
    )
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["agenda", "start", "pk"]
        indexes = [models.Index(fields=["agenda", "status"]), models.Index(fields=["lead", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="agenda_measure_dates"),
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="agenda_measure_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:measure", args=[self.pk])

    def scope(self) -> dict[str, Any]:
        return {"city": self.agenda.city, "organisation": self.lead}

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A measure cannot end before it starts.")})

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    def is_overdue(self, today: date | None = None) -> bool:
        return not self.is_closed and self.end < (today or timezone.localdate())

    def is_stale(self, today: date | None = None) -> bool:
        """Running, but not reported on for longer than the agenda's reporting interval."""
        today = today or timezone.localdate()
        if self.is_closed or self.start > today:
            return False
        since = timezone.localdate(self.last_reported) if self.last_reported else self.start
        return add_months(since, self.agenda.report_every_months) < today


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("due"))
    reached = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["measure", "due", "pk"]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> dict[str, Any]:
        return self.measure.scope()


class IndicatorSource(models.TextChoices):
    FRAMEWORK = "framework", _("Audit framework")
    STATISTIC = "statistic", _("Statistics")
    OWN = "own", _("Own indicator")


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    COUNT = "count", _("Count (whole number)")
    PERCENT = "percent", _("Percentage (0–100)")
    YES_NO = "yes_no", _("Yes or no (1 or 0)")


def check_value(value_type: str, value: float) -> None:
    """Refuse a value that does not fit the indicator's type."""
    if value_type == ValueType.PERCENT and not 0 <= value <= 100:
        raise ValidationError(_("A percentage must be between 0 and 100."))
    if value_type == ValueType.COUNT and (value < 0 or value != int(value)):
        raise ValidationError(_("A count must be a whole number, zero or more."))
    if value_type == ValueType.YES_NO and value not in (0, 1):
        raise ValidationError(_("Enter 1 for yes or 0 for no."))


class MeasureIndicator(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    source = models.CharField(_("source"), max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.OWN)
    framework_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure_indicators",
        verbose_name=_("audit indicator"),
    )
    statistic = models.ForeignKey(
        StatIndicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure_indicators",
        verbose_name=_("context indicator"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    value_type = models.CharField(
        _("type of value"), max_length=10, choices=ValueType.choices, default=ValueType.NUMBER
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.FloatField(_("baseline"))
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    target = models.FloatField(_("target"))
    target_year = models.PositiveSmallIntegerField(
        _("target year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["measure", "pk"]

    def __str__(self) -> str:
        return self.label

    def scope(self) -> dict[str, Any]:
        return self.measure.scope()

    @property
    def label(self) -> str:
        if self.source == IndicatorSource.FRAMEWORK and self.framework_indicator_id:
            return str(self.framework_indicator.name)  # type: ignore[union-attr]
        if self.source == IndicatorSource.STATISTIC and self.statistic_id:
            return str(self.statistic.name)  # type: ignore[union-attr]
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.source == IndicatorSource.FRAMEWORK and not self.framework_indicator_id:
            errors["framework_indicator"] = _("Choose the audit indicator.")
        if self.source == IndicatorSource.STATISTIC and not self.statistic_id:
            errors["statistic"] = _("Choose the context indicator.")
        if self.source == IndicatorSource.OWN and not self.name.strip():
            errors["name"] = _("Name your indicator.")
        for field in ("baseline", "target"):
            value = getattr(self, field)
            if value is None:
                continue
            try:
                check_value(self.value_type, value)
            except ValidationError as error:
                errors[field] = error.messages
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = _("The target year cannot come before the baseline year.")
        if errors:
            raise ValidationError(errors)

    def progress(self, latest: float | None) -> float | None:
        """How far the latest value has come from the baseline towards the target, 0 to 100 (None if unknown)."""
        if latest is None or self.target == self.baseline:
            return None
        share = (latest - self.baseline) / (self.target - self.baseline) * 100
        return max(0.0, min(100.0, share))


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(MeasureIndicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.FloatField(_("value"))
    update = models.ForeignKey(
        "agenda.ProgressUpdate", on_delete=models.SET_NULL, null=True, blank=True, related_name="values"
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "measured_on", "pk"]
        indexes = [models.Index(fields=["indicator", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.measured_on}: {self.value:g}"
