"""Events newcomers and residents sign up for, without an account, and what their sign-up holds.

A registration keeps the least that running an event needs: a name or pseudonym, one way to be
reached, a preferred language, and - only with explicit consent - a self-declared category for
aggregate figures. Its private link lets the participant see, change, cancel or erase it.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import AttendeeCategory, City, Organisation
from network.models.places import pick_language


class EventKind(models.TextChoices):
    """Every kind of event the INTEGRA cities ran (domain.md), and a language café."""

    PARTNER_MEETING = "partner_meeting", _("Partner meeting")
    SIG_MEETING = "sig_meeting", _("SIG meeting")
    FOCUS_GROUP = "focus_group", _("Focus group")
    CITY_AUDIT = "city_audit", _("City audit")
    PHOTOVOICE_WORKSHOP = "photovoice_workshop", _("Photovoice workshop")
    CITY_WALK = "city_walk", _("City walk")
    INTEGRATION_LAB = "integration_lab", _("Integration lab")
    ROUND_TABLE = "round_table", _("Round table")
    EXHIBITION = "exhibition", _("Exhibition")
    CAMPAIGN_DAY = "campaign_day", _("Campaign day")
    POLICY_BRIEFING = "policy_briefing", _("Policy briefing")
    TRAINING = "training", _("Training or course")
    EVALUATION_MEETING = "evaluation_meeting", _("Evaluation meeting")
    LANGUAGE_CAFE = "language_cafe", _("Language café")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("Choose a time zone from the list, e.g. Europe/Prague."))


def validate_languages(value: Any) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not value or any(code not in known for code in value):
        raise ValidationError(_("Choose at least one of the platform's languages."))


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(status=EventStatus.PUBLISHED)

    def upcoming(self, now: datetime | None = None) -> EventQuerySet:
        return self.published().filter(ends__gte=now or timezone.now()).order_by("starts", "pk")

    def in_language(self, code: str) -> EventQuerySet:
        """Spoken there, or interpreted into it."""
        return self.filter(language_codes__contains=f" {code} ")


class Event(models.Model):
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="events", verbose_name=_("city"))
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="events", verbose_name=_("organiser")
    )
    kind = models.CharField(_("type"), max_length=24, choices=EventKind.choices)
    titles = models.JSONField(_("title"), default=dict)
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=60, default=settings.TIME_ZONE, validators=[validate_timezone]
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address of the venue"), max_length=300, blank=True)
    accessibility = models.TextField(
        _("accessibility"), blank=True, help_text=_("Step-free access, toilets, hearing loop, quiet room, childcare…")
    )
    online_url = models.URLField(_("online at"), blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, validators=[validate_languages])
    interpreting = models.JSONField(_("interpreting offered into"), default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
        help_text=_("Leave empty for no limit."),
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    # " cs en uk ": spoken and interpreted languages, kept for filtering in SQL on both databases
    # (SQLite has no JSON containment); set on every save.
    language_codes = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts", "pk"]
        indexes = [models.Index(fields=["status", "starts"]), models.Index(fields=["city", "starts"])]
        constraints = [models.CheckConstraint(condition=Q(ends__gte=models.F("starts")), name="event_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.language_codes = " " + " ".join(sorted({*self.languages, *self.interpreting})) + " "
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "language_codes"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("participation:event", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "organisation": self.organiser}

    @property
    def title(self) -> str:
        return pick_language(self.titles, self.slug)

    @property
    def description(self) -> str:
        return pick_language(self.descriptions or {}, "")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_starts(self) -> datetime:
        return self.starts.astimezone(self.zone)

    @property
    def local_ends(self) -> datetime:
        return self.ends.astimezone(self.zone)

    def registration_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status != EventStatus.PUBLISHED or now >= self.starts:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now > self.registration_closes)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)


def _token() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name or pseudonym"), max_length=120)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES)
    category = models.CharField(
        _("you are"),
        max_length=20,
        choices=AttendeeCategory.choices,
        blank=True,
    )
    category_consent = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    token = models.CharField(max_length=64, unique=True, default=_token)
    confirmed = models.DateTimeField(null=True, blank=True)
    checked_in = models.DateTimeField(null=True, blank=True)
    reminded = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    anonymised = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created", "pk"]
        indexes = [models.Index(fields=["event", "status", "created"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE) & ~Q(email=""),
                name="registration_once_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(email="", phone="") | Q(anonymised=True), name="registration_reachable"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("participation:registration", args=[self.token])

    def scope(self) -> dict[str, Any]:
        return self.event.scope()


class PhotovoiceCall(models.Model):
    """A public call: a prompt newcomers and residents answer with a photo and a caption."""

    slug = models.SlugField(max_length=120, unique=True)
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="photovoice_calls", verbose_name=_("city"))
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser"))
    titles = models.JSONField(_("title"), default=dict)
    prompts = models.JSONField(_("prompt"), default=dict)
    closes = models.DateTimeField(_("open until"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photovoice call")
        verbose_name_plural = _("photovoice calls")
        ordering = ["-closes", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:photovoice", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "organisation": self.organiser}

    @property
    def title(self) -> str:
        return pick_language(self.titles, self.slug)

    @property
    def prompt(self) -> str:
        return pick_language(self.prompts, "")

    @property
    def is_open(self) -> bool:
        return timezone.now() < self.closes


class PhotoLicence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    GALLERY_ONLY = "gallery-only", _("Only in this gallery")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("In the gallery")
    REJECTED = "rejected", _("Not published")


def _photo_path(instance: models.Model, filename: str) -> str:
    from pathlib import Path

    return f"photovoice/{secrets.token_hex(16)}{Path(filename).suffix.lower()[:8]}"


def _photo_storage() -> Any:
    from library.models import attachment_storage

    return attachment_storage()


class PhotovoiceEntry(models.Model):
    call = models.ForeignKey(PhotovoiceCall, on_delete=models.CASCADE, related_name="entries")
    photo = models.ImageField(_("photo"), upload_to=_photo_path, storage=_photo_storage, max_length=200)
    caption = models.TextField(_("caption"), max_length=1000)
    language = models.CharField(_("language of the caption"), max_length=8, choices=settings.LANGUAGES)
    author = models.CharField(_("name or pseudonym (optional)"), max_length=120, blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=PhotoLicence.choices)
    consent = models.DateTimeField()
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.PENDING)
    token = models.CharField(max_length=64, unique=True, default=_token)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photovoice entry")
        verbose_name_plural = _("photovoice entries")
        ordering = ["call", "-created", "pk"]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return f"{self.call_id} #{self.pk}"


class InitiativeKind(models.TextChoices):
    VOLUNTEERING = "volunteering", _("Volunteering")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood project")
    LANGUAGE_CAFE = "language_cafe", _("Language café")
    CONSULTATION = "consultation", _("Consultation")
    CAMPAIGN = "campaign", _("Campaign")


class Initiative(models.Model):
    """A civic initiative people can join, told in several languages."""

    slug = models.SlugField(max_length=120, unique=True)
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("city"))
    kind = models.CharField(_("type"), max_length=20, choices=InitiativeKind.choices)
    organisers = models.ManyToManyField(Organisation, related_name="initiatives", verbose_name=_("organisers"))
    titles = models.JSONField(_("title"), default=dict)
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    how_to_join = models.JSONField(_("how to take part"), default=dict, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("civic initiative")
        verbose_name_plural = _("civic initiatives")
        ordering = ["city", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:initiative", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city}

    @property
    def title(self) -> str:
        return pick_language(self.titles, self.slug)

    @property
    def description(self) -> str:
        return pick_language(self.descriptions or {}, "")

    @property
    def how(self) -> str:
        return pick_language(self.how_to_join or {}, "")

    @property
    def languages(self) -> list[str]:
        return sorted(code for code, text in self.titles.items() if text)


class Channel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media")
    POSTERS = "posters", _("Posters and leaflets")
    PRESS = "press", _("Press, radio and TV")
    EVENTS = "events", _("Events")
    STREET = "street", _("Street stands")
    WEBSITE = "website", _("Website and newsletter")


class Campaign(models.Model):
    """An awareness campaign: a goal, a period, its channels, materials from the library and its events."""

    slug = models.SlugField(max_length=120, unique=True)
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("city"))
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser"))
    titles = models.JSONField(_("title"), default=dict)
    goals = models.JSONField(_("goal"), default=dict)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"))
    channels = models.JSONField(_("channels"), default=list, blank=True)
    materials = models.ManyToManyField(
        "library.Resource", blank=True, related_name="campaigns", verbose_name=_("materials from the library")
    )
    events = models.ManyToManyField(Event, blank=True, related_name="campaigns", verbose_name=_("events"))
    reached_otherwise = models.PositiveIntegerField(
        _("people reached through other channels"),
        default=0,
        help_text=_("An estimate: readers, listeners, passers-by. Counted apart from people at the events."),
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends__gte=models.F("starts")), name="campaign_period")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:campaign", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "organisation": self.organiser}

    @property
    def title(self) -> str:
        return pick_language(self.titles, self.slug)

    @property
    def goal(self) -> str:
        return pick_language(self.goals, "")

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels[code]) for code in self.channels if code in labels]
