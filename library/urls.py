from __future__ import annotations

from django.urls import path

from library import views
from library.feeds import ResourceFeed

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.resource_create, name="create"),
    path("review/", views.queue, name="queue"),
    path("flows/", views.flows, name="flows"),
    path("export.csv", views.export_catalogue, name="export"),
    path("export/dictionary/", views.export_dictionary, name="dictionary"),
    path("feed/<str:language>/", ResourceFeed(), name="feed"),
    path("feed/<str:language>/<slug:area>/", ResourceFeed(), name="feed-area"),
    path("<slug:slug>/", views.resource_detail, name="resource"),
    path("<slug:slug>/edit/", views.resource_edit, name="edit"),
    path("<slug:slug>/workflow/", views.transition, name="transition"),
    path("<slug:slug>/quality/", views.quality_review, name="quality"),
    path("<slug:slug>/translations/request/", views.translation_request, name="request-translation"),
    path("<slug:slug>/versions/<str:language>/", views.text_edit, name="text-edit"),
    path("<slug:slug>/versions/<str:language>/publish/", views.text_publish, name="text-publish"),
    path("<slug:slug>/versions/<str:language>/machine/", views.machine_translation, name="machine-translate"),
    path("<slug:slug>/versions/<str:language>/history/", views.history, name="history"),
    path("<slug:slug>/attachments/new/", views.attachment_add, name="attachment-add"),
    path("<slug:slug>/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<slug:slug>/attachments/<int:pk>/remove/", views.attachment_remove, name="attachment-remove"),
    path("<slug:slug>/adaptations/new/", views.adaptation_add, name="adaptation-add"),
]
