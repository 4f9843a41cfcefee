"""Atom feeds of newly published resources, per language and optionally per area."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from library.models import Resource, ResourceText
from network.models import Area

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class ResourceFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, language: str, area: str | None = None) -> dict[str, Any]:
        if language not in LANGUAGE_NAMES:
            raise Http404
        translation.activate(language)
        return {"language": language, "area": get_object_or_404(Area, code=area) if area else None}

    def title(self, obj: dict[str, Any]) -> str:
        if obj["area"] is not None:
            return _("Integra library: %(area)s") % {"area": obj["area"].name}
        return _("Integra library: new resources")

    def link(self, obj: dict[str, Any]) -> str:
        return reverse("library:index")

    def subtitle(self, obj: dict[str, Any]) -> str:
        return _("Resources newly published in the Integra library, in %(language)s where translated.") % {
            "language": LANGUAGE_NAMES[obj["language"]]
        }

    def items(self, obj: dict[str, Any]) -> QuerySet[Resource]:
        resources = Resource.objects.published().select_related("organisation")
        if obj["area"] is not None:
            resources = resources.filter(areas=obj["area"])
        return resources.prefetch_related(Prefetch("texts", queryset=ResourceText.objects.all())).order_by(
            "-published_at", "-pk"
        )[:50]

    def _text(self, item: Resource, obj: Any = None) -> ResourceText | None:
        return item.text_for(translation.get_language())

    def item_title(self, item: Resource) -> str:
        text = self._text(item)
        return text.title if text else item.slug

    def item_description(self, item: Resource) -> str:
        text = self._text(item)
        if text is None:
            return ""
        label = {"machine": _("Machine translation"), "human": _("Translation")}.get(text.provenance)
        summary = text.summary
        return f"[{label}] {summary}" if label else summary

    def item_link(self, item: Resource) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Resource) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Resource) -> datetime:
        return item.updated

    def item_author_name(self, item: Resource) -> str:
        return item.organisation.name

    def item_categories(self, item: Resource) -> list[str]:
        return [item.get_kind_display()]
