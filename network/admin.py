from __future__ import annotations

from typing import Any

from django.contrib import admin

from network import models
from network.audit import PERSONAL_MODELS, diff, log_action, snapshot


class LoggedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Changes made in the Django admin land in the audit log like any other."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.app_label}.{obj._meta.model_name}.{'changed' if change else 'created'}"
        personal = obj._meta.model_name in PERSONAL_MODELS
        log_action(request.user, action, obj, diff(before, snapshot(obj), personal=personal))

    def delete_model(self, request: Any, obj: Any) -> None:
        log_action(request.user, f"{obj._meta.app_label}.{obj._meta.model_name}.deleted", obj, snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin[models.Country]):
    list_display = ("code", "name")


@admin.register(models.Area)
class AreaAdmin(LoggedAdmin):
    list_display = ("code", "name")


@admin.register(models.City)
class CityAdmin(LoggedAdmin):
    list_display = ("name", "country", "population")
    list_filter = ("country",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(models.Organisation)
class OrganisationAdmin(LoggedAdmin):
    list_display = ("name", "kind", "city")
    list_filter = ("kind", "city__country")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("city",)


class MembershipInline(admin.TabularInline[models.Membership, models.Network]):
    model = models.Membership
    autocomplete_fields = ("organisation",)
    extra = 0


class NetworkTextInline(admin.StackedInline[models.NetworkText, models.Network]):
    model = models.NetworkText
    extra = 0


@admin.register(models.Network)
class NetworkAdmin(LoggedAdmin):
    list_display = ("name", "kind", "city")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [NetworkTextInline, MembershipInline]
    autocomplete_fields = ("city", "lead")


@admin.register(models.Role)
class RoleAdmin(LoggedAdmin):
    list_display = ("user", "kind", "network", "city", "organisation")
    list_filter = ("kind",)
    autocomplete_fields = ("network", "city", "organisation")


@admin.register(models.LogEntry)
class LogEntryAdmin(admin.ModelAdmin[models.LogEntry]):
    list_display = ("created", "user", "action", "object_repr")
    list_filter = ("action",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
