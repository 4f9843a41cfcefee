from __future__ import annotations

from django.contrib import admin

from library.models import Adaptation, Attachment, QualityReview, Resource, ResourceText, TargetGroup
from network.admin import LoggedAdmin


@admin.register(TargetGroup)
class TargetGroupAdmin(LoggedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code"]


class TextInline(admin.StackedInline):  # type: ignore[type-arg]
    model = ResourceText
    extra = 0
    fields = ["language", "provenance", "status", "title", "summary"]
    readonly_fields = ["provenance"]


@admin.register(Resource)
class ResourceAdmin(LoggedAdmin):
    list_display = ["slug", "kind", "status", "original_language", "organisation", "country", "year"]
    list_filter = ["status", "kind", "country", "original_language"]
    search_fields = ["slug", "texts__title"]
    raw_id_fields = ["organisation", "city", "stakeholders", "created_by"]
    inlines = [TextInline]


@admin.register(Adaptation)
class AdaptationAdmin(LoggedAdmin):
    list_display = ["practice", "city", "stage", "started"]
    raw_id_fields = ["practice", "organisation", "partners", "recorded_by"]


@admin.register(QualityReview)
class QualityReviewAdmin(LoggedAdmin):
    list_display = ["resource", "reviewer", "reviewed"]
    raw_id_fields = ["resource", "reviewer"]


@admin.register(Attachment)
class AttachmentAdmin(LoggedAdmin):
    list_display = ["name", "resource", "content_type", "size", "created"]
    raw_id_fields = ["resource", "uploaded_by"]
    readonly_fields = ["file", "content_type", "size"]
