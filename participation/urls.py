from __future__ import annotations

from django.urls import path

from participation import campaigns, initiatives, organisers, photovoice, views

app_name = "participation"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("manage/", organisers.manage, name="manage"),
    path("consultations/", views.consultations, name="consultations"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/<slug:slug>/", campaigns.campaign_detail, name="campaign"),
    path("reach/", campaigns.reach, name="reach"),
    path("initiatives/", initiatives.initiative_list, name="initiatives"),
    path("initiatives/new/", initiatives.initiative_form, name="initiative-create"),
    path("initiatives/<slug:slug>/", initiatives.initiative_detail, name="initiative"),
    path("initiatives/<slug:slug>/edit/", initiatives.initiative_form, name="initiative-edit"),
    path("photovoice/<slug:slug>/", photovoice.call_page, name="photovoice"),
    path("photovoice/<slug:slug>/photos/<int:pk>/", photovoice.photo, name="photovoice-photo"),
    path("photovoice/<slug:slug>/queue/", photovoice.queue, name="photovoice-queue"),
    path("photovoice/<slug:slug>/queue/<int:pk>/", photovoice.moderate, name="photovoice-moderate"),
    path("new/", organisers.event_create, name="event-create"),
    path("cities/<slug:slug>/calendar.ics", views.city_ics, name="city-ics"),
    path("organisations/<slug:slug>/calendar.ics", views.organisation_ics, name="organisation-ics"),
    path("<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="event-ics"),
    path("<slug:slug>/edit/", organisers.event_edit, name="event-edit"),
    path("<slug:slug>/participants/", organisers.participants, name="participants"),
    path("<slug:slug>/message/", organisers.message, name="message"),
    path("<slug:slug>/participants/<int:pk>/check-in/", organisers.check_in, name="check-in"),
    path("registrations/<str:token>/", views.registration, name="registration"),
    path("registrations/<str:token>/confirm/", views.registration_confirm, name="registration-confirm"),
    path("registrations/<str:token>/cancel/", views.registration_cancel, name="registration-cancel"),
    path("registrations/<str:token>/erase/", views.registration_erase, name="registration-erase"),
    path("registrations/<str:token>/data.json", views.registration_data, name="registration-data"),
    path("registrations/<str:token>/certificate.pdf", views.certificate, name="certificate"),
]
