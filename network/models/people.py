"""Contact people, their consent, roles and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User

from network.models.choices import RoleKind, Visibility
from network.models.networks import Network
from network.models.organisations import Organisation
from network.models.places import City


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: User | Any) -> PersonQuerySet:
        if user.is_authenticated and user.is_superuser:
            return self
        visible = Q(visibility=Visibility.PUBLIC)
        if user.is_authenticated:
            visible |= Q(visibility=Visibility.NETWORK)
            visible |= Q(user=user)
            visible |= Q(organisation__roles__user=user)
            visible |= Q(organisation__city__roles__user=user, organisation__city__roles__kind=RoleKind.CITY_TEAM)
        return self.filter(visible).distinct()


class Person(models.Model):
    """A contact person who acts for an organisation.

    Personal fields are stored only with a recorded consent; nothing sensitive
    (nationality, residence status) is ever kept here.
    """

    PERSONAL_FIELDS = ("name", "email", "phone")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="people", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def scope(self) -> dict[str, Any]:
        return {"city": self.organisation.city, "organisation": self.organisation}


class Consent(models.Model):
    """What a person agreed to, when, and in which wording."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=200)
    wording_version = models.CharField(_("wording version"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.wording_version})"


class Role(models.Model):
    """What a user may do, and where: in a network, a city or an organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    city = models.ForeignKey(City, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    # A library editor reviews a country's resources; a translator drafts translations into a language.
    country = models.ForeignKey(
        "network.Country", on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=RoleKind.COORDINATOR, network__isnull=False, city__isnull=True, organisation__isnull=True)
                    | Q(kind=RoleKind.CITY_TEAM, city__isnull=False, network__isnull=True, organisation__isnull=True)
                    | Q(
                        kind__in=[RoleKind.ORG_ADMIN, RoleKind.ORG_MEMBER],
                        organisation__isnull=False,
                        network__isnull=True,
                        city__isnull=True,
                    )
                    | Q(
                        kind=RoleKind.EDITOR,
                        country__isnull=False,
                        network__isnull=True,
                        city__isnull=True,
                        organisation__isnull=True,
                    )
                    | (
                        Q(kind=RoleKind.TRANSLATOR, network__isnull=True, city__isnull=True, organisation__isnull=True)
                        & ~Q(language="")
                    )
                ),
                name="role_scope_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "network"], condition=Q(network__isnull=False), name="role_once_in_network"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "city"], condition=Q(city__isnull=False), name="role_once_in_city"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "organisation"],
                condition=Q(organisation__isnull=False),
                name="role_once_in_organisation",
            ),
        ]

    def __str__(self) -> str:
        scope = self.network or self.city or self.organisation or self.country or self.language
        return f"{self.get_kind_display()}: {scope}"

    @property
    def needs_second_factor(self) -> bool:
        return self.kind in (RoleKind.COORDINATOR, RoleKind.CITY_TEAM, RoleKind.EDITOR)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    kind = models.CharField(
        _("role"),
        max_length=20,
        choices=[
            (RoleKind.ORG_ADMIN.value, RoleKind.ORG_ADMIN.label),
            (RoleKind.ORG_MEMBER.value, RoleKind.ORG_MEMBER.label),
        ],
        default=RoleKind.ORG_MEMBER,
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    language = models.CharField(max_length=8, default="en")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("network:invitation", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires > timezone.now()


class PrivacyLink(models.Model):
    """A link sent to an address so its owner can see or erase their data; only its hash is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("privacy link")
        verbose_name_plural = _("privacy links")

    def __str__(self) -> str:
        return f"privacy link #{self.pk}"
