from __future__ import annotations

from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("cities/", views.city_list, name="cities"),
    path("cities/<slug:slug>/", views.city_detail, name="city"),
    path("cities/<slug:slug>/graph/", views.city_graph, name="city-graph"),
    path("cities/<slug:slug>/organisations/new/", views.organisation_create, name="organisation-create"),
    path("cities/<slug:slug>/networks/new/", views.network_create, name="network-create"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/export.<str:fmt>", views.export_organisations, name="organisations-export"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<slug:slug>/people/new/", views.person_add, name="person-add"),
    path("organisations/<slug:slug>/ties/new/", views.tie_add, name="tie-add"),
    path("organisations/<slug:slug>/invite/", views.invite, name="invite"),
    path("people/export.<str:fmt>", views.export_people, name="people-export"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/erase/", views.person_erase, name="person-erase"),
    path("ties/<int:pk>/delete/", views.tie_delete, name="tie-delete"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("networks/", views.network_list, name="networks"),
    path("networks/<slug:slug>/", views.network_detail, name="network"),
    path("networks/<slug:slug>/graph/", views.network_graph, name="network-graph"),
    path("networks/<slug:slug>/map/", views.stakeholder_map, name="map"),
    path("networks/<slug:slug>/edit/", views.network_edit, name="network-edit"),
    path("networks/<slug:slug>/members/add/", views.member_add, name="member-add"),
    path("networks/<slug:slug>/members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("networks/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("networks/<slug:slug>/meetings/new/", views.meeting_add, name="meeting-add"),
    path("networks/<slug:slug>/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("networks/<slug:slug>/meetings/<int:pk>/remove/", views.meeting_remove, name="meeting-remove"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/data.json", views.my_data, name="my-data"),
    path("me/erase/", views.my_erasure, name="erase-me"),
    path("me/token/", views.api_token, name="api-token"),
    path("privacy/", views.privacy_request, name="privacy"),
    path("privacy/<str:token>/", views.privacy_link, name="privacy-link"),
    path("log/", views.log, name="log"),
    path("import/", views.import_data, name="import"),
    path("figures/", views.figures, name="figures"),
    path("figures/refresh/", views.refresh_figures, name="figures-refresh"),
]
