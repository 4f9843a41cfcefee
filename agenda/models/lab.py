"""The City Integration Lab: drivers of change, scenarios, a SWOT, and challenges → goals → proposals.

A lab is a one- or two-day workshop. What it produces is kept here as the team records it; the
agenda is then drafted from its goals and proposed measures (``agenda.services.draft_agenda``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.models import Challenge
from network.models import Area, City, Organisation

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class LabQuerySet(models.QuerySet["Lab"]):
    def for_city(self, city: City) -> LabQuerySet:
        return self.filter(city=city)


class Lab(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="labs", verbose_name=_("city"))
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    horizon_years = models.PositiveSmallIntegerField(
        _("horizon in years"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text=_("How far ahead the scenarios look; INTEGRA labs looked 3–5 years ahead."),
    )
    participants = models.JSONField(
        _("participants by category"), default=dict, blank=True, help_text=_("Counts only, no names.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = LabQuerySet.as_manager()

    class Meta:
        verbose_name = _("integration lab")
        verbose_name_plural = _("integration labs")
        ordering = ["city", "-start"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="agenda_lab_dates")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:lab", args=[self.pk])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city}

    @property
    def participant_total(self) -> int:
        return sum(int(count) for count in (self.participants or {}).values())


class Driver(models.Model):
    """A driver of change, rated as the lab saw it: high impact and high uncertainty make a key driver."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="drivers")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=RATING)
    uncertainty = models.PositiveSmallIntegerField(_("uncertainty (1–5)"), validators=RATING)

    class Meta:
        verbose_name = _("driver of change")
        verbose_name_plural = _("drivers of change")
        ordering = ["lab", "-impact", "-uncertainty", "name"]

    def __str__(self) -> str:
        return self.name

    def scope(self) -> dict[str, Any]:
        return self.lab.scope()

    @property
    def is_key(self) -> bool:
        return self.impact >= 4 and self.uncertainty >= 3


class Likelihood(models.TextChoices):
    LOW = "low", pgettext_lazy("likelihood", "Low")
    MEDIUM = "medium", pgettext_lazy("likelihood", "Medium")
    HIGH = "high", pgettext_lazy("likelihood", "High")


class Scenario(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=200)
    narrative = models.TextField(_("narrative"))
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Likelihood.choices, default=Likelihood.MEDIUM)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["lab", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def scope(self) -> dict[str, Any]:
        return self.lab.scope()


class DriverState(models.Model):
    """How a driver turns out in a scenario (e.g. "arrivals double")."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="states")
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="states")
    state = models.CharField(_("state"), max_length=300)

    class Meta:
        ordering = ["scenario", "driver"]
        constraints = [models.UniqueConstraint(fields=["scenario", "driver"], name="agenda_driverstate_once")]

    def __str__(self) -> str:
        return self.state


class Implication(models.Model):
    """What a scenario would mean for one area of integration work."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="implications")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    text = models.TextField(_("implications"))

    class Meta:
        ordering = ["scenario", "area"]
        constraints = [models.UniqueConstraint(fields=["scenario", "area"], name="agenda_implication_once")]

    def __str__(self) -> str:
        return self.text[:80]


class SwotKind(models.TextChoices):
    STRENGTH = "S", _("Strength")
    WEAKNESS = "W", _("Weakness")
    OPPORTUNITY = "O", _("Opportunity")
    THREAT = "T", _("Threat")


class SwotItem(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="swot")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    kind = models.CharField(_("kind"), max_length=1, choices=SwotKind.choices)
    text = models.CharField(_("text"), max_length=400)

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["lab", "area", "kind", "pk"]

    def __str__(self) -> str:
        return self.text

    def scope(self) -> dict[str, Any]:
        return self.lab.scope()


class LabGoal(models.Model):
    """A goal the lab set, answering challenges from the register."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    challenges = models.ManyToManyField(
        Challenge, blank=True, related_name="lab_goals", verbose_name=_("challenges it answers")
    )

    class Meta:
        verbose_name = _("lab goal")
        verbose_name_plural = _("lab goals")
        ordering = ["lab", "pk"]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> dict[str, Any]:
        return self.lab.scope()


class Proposal(models.Model):
    """A measure the lab proposed for a goal, with the resources it would need."""

    goal = models.ForeignKey(LabGoal, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("proposed measure"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested lead organisation"),
    )
    resources_needed = models.TextField(_("resources needed"), blank=True)

    class Meta:
        verbose_name = _("proposed measure")
        verbose_name_plural = _("proposed measures")
        ordering = ["goal", "pk"]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> dict[str, Any]:
        return self.goal.lab.scope()
