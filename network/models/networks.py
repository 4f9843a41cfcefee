"""Networks, their members, ties and meetings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User

from network.models.choices import (
    Level,
    MeetingKind,
    MemberRole,
    NetworkKind,
    Provenance,
    RoleKind,
)
from network.models.organisations import Organisation
from network.models.places import Area, City


class NetworkQuerySet(models.QuerySet["Network"]):
    def managed_by(self, user: User) -> NetworkQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(roles__user=user, roles__kind=RoleKind.COORDINATOR)
            | Q(kind=NetworkKind.SIG, city__roles__user=user, city__roles__kind=RoleKind.CITY_TEAM)
        ).distinct()


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=NetworkKind.choices)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("city"),
        help_text=_("The city of a local group; empty for a cross-border network."),
    )
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_networks",
        verbose_name=_("lead organisation"),
    )
    funding = models.CharField(_("funding"), max_length=200, blank=True)
    grant_number = models.CharField(_("grant number"), max_length=60, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    members: models.ManyToManyField[Organisation, Membership] = models.ManyToManyField(
        Organisation, through="Membership", related_name="networks"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="network_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:network", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "network": self}

    def description(self) -> NetworkText | None:
        """The description in the reader's language, else the original."""
        language = (get_language() or "en").split("-")[0]
        texts = list(self.texts.all())
        for text in texts:
            if text.language == language:
                return text
        return next((text for text in texts if text.is_original), texts[0] if texts else None)


class NetworkText(models.Model):
    """A network's description in one language; one row per language."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    description = models.TextField(_("description"))
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "language"], name="network_text_one_per_language")]
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.network} ({self.language})"

    @property
    def is_original(self) -> bool:
        return self.provenance == Provenance.ORIGINAL


class Membership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined = models.DateField(_("joined"), null=True, blank=True)
    influence = models.PositiveSmallIntegerField(_("influence"), choices=Level.choices, null=True, blank=True)
    interest = models.PositiveSmallIntegerField(_("interest"), choices=Level.choices, null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="membership_once"),
            models.CheckConstraint(
                condition=Q(influence__isnull=True) | Q(influence__gte=1, influence__lte=5),
                name="membership_influence_range",
            ),
            models.CheckConstraint(
                condition=Q(interest__isnull=True) | Q(interest__gte=1, interest__lte=5),
                name="membership_interest_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"

    def scope(self) -> dict[str, Any]:
        return {"city": self.network.city, "network": self.network, "organisation": self.organisation}


class Tie(models.Model):
    """A declared collaboration: organisation A works with B on an area since a date."""

    source = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ties_out", verbose_name=_("organisation")
    )
    target = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ties_in", verbose_name=_("works with")
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area"))
    since = models.DateField(_("since"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        ordering = ["source__name", "target__name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "area"], name="tie_once_per_area"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="tie_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} ↔ {self.target}"

    def scope(self) -> dict[str, Any]:
        return {"city": self.source.city, "organisation": self.source}


class Meeting(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings", verbose_name=_("city")
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="meeting_end_after_start")]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> dict[str, Any]:
        return {"city": self.network.city, "network": self.network}
