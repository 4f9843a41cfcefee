from __future__ import annotations

from django.contrib import admin

from agenda.models import Agenda, Lab, Measure, MeasureIndicator, ProgressUpdate


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin[Lab]):
    list_display = ["title", "city", "start"]
    list_filter = ["city"]


@admin.register(Agenda)
class AgendaAdmin(admin.ModelAdmin[Agenda]):
    list_display = ["title", "city", "start_year", "end_year", "status"]
    list_filter = ["status", "city"]


class IndicatorInline(admin.TabularInline[MeasureIndicator, Measure]):
    model = MeasureIndicator
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin[Measure]):
    list_display = ["title", "agenda", "lead", "status", "end"]
    list_filter = ["status", "agenda__city"]
    search_fields = ["title"]
    raw_id_fields = ["agenda", "goal", "lead", "practice", "example", "proposal"]
    inlines = [IndicatorInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin[ProgressUpdate]):
    list_display = ["measure", "status", "percent_done", "created"]
    raw_id_fields = ["measure", "author"]
