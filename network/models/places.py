"""Countries, cities and the areas of integration work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lib.text import fold

if TYPE_CHECKING:
    pass


def pick_language(names: dict[str, str], fallback: str = "") -> str:
    """The label in the active language, else English, else any."""
    language = (get_language() or "en").split("-")[0]
    return names.get(language) or names.get("en") or next(iter(names.values()), fallback)


def _with_search_text(kwargs: dict[str, Any]) -> None:
    """A partial save that touches the name also stores the folded search text."""
    fields = kwargs.get("update_fields")
    if fields is not None and {"name", "acronym", "names"} & set(fields):
        kwargs["update_fields"] = {*fields, "search_text"}


class Vocabulary(models.Model):
    """A short label kept per language (a controlled vocabulary, edited as data)."""

    names = models.JSONField(_("names"), default=dict, help_text=_("Name per language code."))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.names, str(self.pk))


class Country(Vocabulary):
    code = models.CharField(_("code"), max_length=2, primary_key=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]


class Area(Vocabulary):
    """An area of integration work."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("area of work")
        verbose_name_plural = _("areas of work")
        ordering = ["code"]

    @property
    def name(self) -> str:
        return pick_language(self.names, self.code)


class City(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities", verbose_name=_("country"))
    names = models.JSONField(_("local names"), default=dict, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    foreign_residents = models.PositiveIntegerField(_("foreign residents"), null=True, blank=True)
    context = models.TextField(_("context"), blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"])]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join([self.name, *self.names.values()]))
        _with_search_text(kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:city", args=[self.slug])

    @property
    def display_name(self) -> str:
        """The city's name in the reader's language where one is recorded (Praha, Praga), else its name."""
        language = (get_language() or "en").split("-")[0]
        return self.names.get(language) or self.name

    def scope(self) -> dict[str, Any]:
        return {"city": self}
