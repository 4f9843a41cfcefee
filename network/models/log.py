"""The audit log and platform-wide figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass

from network.models.choices import RoleKind
from network.models.networks import Network
from network.models.organisations import Organisation
from network.models.places import City


class LogEntryQuerySet(models.QuerySet["LogEntry"]):
    def visible_to(self, user: Any) -> LogEntryQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        coordinated = Network.objects.filter(roles__user=user, roles__kind=RoleKind.COORDINATOR)
        partner_cities = City.objects.filter(organisations__memberships__network__in=coordinated)
        team_cities = City.objects.filter(roles__user=user, roles__kind=RoleKind.CITY_TEAM)
        return self.filter(Q(network__in=coordinated) | Q(city__in=partner_cities) | Q(city__in=team_cities))


class LogEntry(models.Model):
    """Who changed what, when. Personal values are never copied in here."""

    created = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)
    city = models.ForeignKey(City, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class PlatformFigures(models.Model):
    """Figures over the whole platform, computed in the background."""

    computed_at = models.DateTimeField(default=timezone.now)
    figures = models.JSONField(default=dict)

    class Meta:
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"Figures of {self.computed_at:%Y-%m-%d %H:%M}"
