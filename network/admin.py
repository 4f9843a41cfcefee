from __future__ import annotations

from django.contrib import admin

from network import models


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin[models.Country]):
    list_display = ("code", "name")


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin[models.Area]):
    list_display = ("code", "name")


@admin.register(models.City)
class CityAdmin(admin.ModelAdmin[models.City]):
    list_display = ("name", "country", "population")
    list_filter = ("country",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin[models.Organisation]):
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
class NetworkAdmin(admin.ModelAdmin[models.Network]):
    list_display = ("name", "kind", "city")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [NetworkTextInline, MembershipInline]
    autocomplete_fields = ("city", "lead")


@admin.register(models.Role)
class RoleAdmin(admin.ModelAdmin[models.Role]):
    list_display = ("user", "kind", "network", "city", "organisation")
    list_filter = ("kind",)
    autocomplete_fields = ("network", "city", "organisation")


@admin.register(models.LogEntry)
class LogEntryAdmin(admin.ModelAdmin[models.LogEntry]):
    list_display = ("created", "user", "action", "object_repr")
    list_filter = ("action",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
