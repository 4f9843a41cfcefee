from __future__ import annotations

from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/import/", views.framework_import, name="framework-import"),
    path("frameworks/<slug:code>/v<int:version>/", views.framework_detail, name="framework"),
    path("frameworks/<slug:code>/v<int:version>.json", views.framework_export, name="framework-export"),
    path("frameworks/<slug:code>/v<int:version>.xlsx", views.framework_export_xlsx, name="framework-export-xlsx"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/answers/", views.round_answer, name="round-answer"),
    path("rounds/<int:pk>/agree/", views.round_agree, name="round-agree"),
    path("rounds/<int:pk>/invite/", views.round_invite, name="round-invite"),
    path("rounds/<int:pk>/freeze/", views.round_freeze, name="round-freeze"),
    path("rounds/<int:pk>/compare/", views.round_compare, name="round-compare"),
    path("rounds/<int:pk>/report/", views.round_report, name="round-report"),
    path("rounds/<int:pk>/evidence/", views.round_evidence, name="round-evidence"),
    path("rounds/<int:pk>/evidence/desk-research/", views.desk_research_add, name="desk-research-add"),
    path("rounds/<int:pk>/evidence/questionnaires/", views.questionnaire_link, name="questionnaire-link"),
    path("rounds/<int:pk>/evidence/photovoice/<int:entry>/photo", views.photovoice_photo, name="photovoice-photo"),
    path("rounds/<int:pk>/evidence/observations/<int:point>/photo", views.observation_photo, name="observation-photo"),
    path("rounds/<int:pk>/evidence/<slug:kind>/new/", views.evidence_add, name="evidence-add"),
    path("rounds/<int:pk>/report.pdf", views.round_report_pdf, name="round-report-pdf"),
    path("rounds/<int:pk>/export.<str:kind>", views.round_export, name="round-export"),
    path("cities/<slug:slug>/challenges/export.<str:kind>", views.challenges_export, name="challenges-export"),
    path("statistics/<slug:code>/export.<str:kind>", views.statistic_export, name="statistic-export"),
    path("cities/<slug:slug>/challenges/", views.challenges, name="challenges"),
    path("cities/<slug:slug>/challenges/new/", views.challenge_create, name="challenge-create"),
    path("challenges/<int:pk>/edit/", views.challenge_edit, name="challenge-edit"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/import/", views.eurostat_import, name="eurostat-import"),
    path("statistics/figures/import/", views.figures_import, name="figures-import"),
    path("statistics/figures/new/", views.figure_add, name="figure-add"),
    path("statistics/<slug:code>/", views.statistic_detail, name="statistic"),
]
