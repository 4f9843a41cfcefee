"""Organisations and how to find them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.text import fold

if TYPE_CHECKING:
    from accounts.models import User

from network.models.choices import OrganisationKind, RoleKind
from network.models.places import Area, City, _with_search_text


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def search(self, query: str) -> OrganisationQuerySet:
        query = query.strip()
        if not query:
            return self
        # Accents and case are folded on both sides; the city part is a subquery, not a join.
        folded = fold(query)
        cities = City.objects.filter(search_text__contains=folded).values("pk")
        return self.filter(Q(search_text__contains=folded) | Q(city__in=cities))

    def editable_by(self, user: User) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(roles__user=user, roles__kind=RoleKind.ORG_ADMIN)
            | Q(city__roles__user=user, city__roles__kind=RoleKind.CITY_TEAM)
        ).distinct()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("city"))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("general email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    areas = models.ManyToManyField(Area, blank=True, related_name="organisations", verbose_name=_("areas of work"))
    is_tcn_led = models.BooleanField(_("led by third-country nationals"), default=False)
    search_text = models.CharField(max_length=300, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"]),
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["city", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.name} {self.acronym}")
        _with_search_text(kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:organisation", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "organisation": self}
