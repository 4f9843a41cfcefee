"""Frameworks are edited by platform admins; a version that rounds have used is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import Framework, FrameworkArea, Indicator, Option, Question, ReferenceScore, Round
from network.admin import LoggedAdmin


def _framework_of(obj: Any) -> Framework | None:
    for path in ("framework", "area.framework", "indicator.area.framework", "question.indicator.area.framework"):
        current = obj
        for name in path.split("."):
            current = getattr(current, name, None)
        if isinstance(current, Framework):
            return current
    return obj if isinstance(obj, Framework) else None


class FrozenWhenUsed:
    """Change and delete are refused for parts of a framework version that a round has used."""

    def _used(self, obj: Any) -> bool:
        framework = _framework_of(obj) if obj is not None else None
        return framework is not None and framework.rounds.exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._used(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._used(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class AreaInline(admin.TabularInline):  # type: ignore[type-arg]
    model = FrameworkArea
    extra = 0
    fields = ["code", "names", "weight", "position"]


@admin.register(Framework)
class FrameworkAdmin(FrozenWhenUsed, LoggedAdmin):
    list_display = ["code", "version", "scope", "is_current", "created"]
    list_filter = ["scope", "is_current"]
    inlines = [AreaInline]


class OptionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Option
    extra = 0
    fields = ["code", "labels", "score", "position"]


@admin.register(Indicator)
class IndicatorAdmin(FrozenWhenUsed, LoggedAdmin):
    list_display = ["code", "area", "weight", "data_type", "city"]
    list_filter = ["data_type", "area__framework"]
    raw_id_fields = ["area", "city"]


@admin.register(Question)
class QuestionAdmin(FrozenWhenUsed, LoggedAdmin):
    list_display = ["code", "indicator", "kind", "weight"]
    list_filter = ["kind", "indicator__area__framework"]
    raw_id_fields = ["indicator"]
    inlines = [OptionInline]


@admin.register(ReferenceScore)
class ReferenceScoreAdmin(LoggedAdmin):
    list_display = ["framework", "country", "year", "area", "score", "source"]


@admin.register(Round)
class RoundAdmin(LoggedAdmin):
    list_display = ["city", "title", "framework", "year", "status"]
    list_filter = ["status", "framework"]
    raw_id_fields = ["city", "opened_by"]
