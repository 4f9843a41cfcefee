from __future__ import annotations

from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.index, name="index"),
    path("cities/<slug:slug>/", views.city_plans, name="city"),
    path("cities/<slug:slug>/labs/new/", views.lab_create, name="lab-create"),
    path("cities/<slug:slug>/agendas/new/", views.agenda_create, name="agenda-create"),
    path("labs/<int:pk>/", views.lab_detail, name="lab"),
    path("labs/<int:pk>/edit/", views.lab_edit, name="lab-edit"),
    path("labs/<int:pk>/drivers/new/", views.driver_add, name="driver-add"),
    path("labs/<int:pk>/scenarios/new/", views.scenario_add, name="scenario-add"),
    path("labs/<int:pk>/swot/new/", views.swot_add, name="swot-add"),
    path("labs/<int:pk>/goals/new/", views.lab_goal_add, name="lab-goal-add"),
    path("labs/<int:pk>/draft-agenda/", views.draft_from_lab, name="draft-from-lab"),
    path("scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario-edit"),
    path("lab-goals/<int:pk>/proposals/new/", views.proposal_add, name="proposal-add"),
    path("<int:pk>/", views.agenda_detail, name="agenda"),
    path("<int:pk>/edit/", views.agenda_edit, name="agenda-edit"),
    path("<int:pk>/status/", views.agenda_status, name="agenda-status"),
    path("<int:pk>/goals/new/", views.goal_add, name="goal-add"),
    path("<int:pk>/measures/new/", views.measure_create, name="measure-create"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/progress/", views.public_progress, name="progress"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda-pdf"),
    path("<int:pk>/agenda.xlsx", views.agenda_xlsx, name="agenda-xlsx"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/indicators/new/", views.indicator_add, name="indicator-add"),
    path("measures/<int:pk>/milestones/new/", views.milestone_add, name="milestone-add"),
    path("measures/<int:pk>/updates/new/", views.update_create, name="update-create"),
    path("measures/<int:pk>/example/", views.flag_example, name="flag-example"),
    path("measures/<int:pk>/evidence/<int:file>/", views.evidence_file, name="evidence-file"),
    path("adopt/<slug:slug>/", views.adopt_practice, name="adopt-practice"),
    path("parts/<slug:kind>/<int:pk>/edit/", views.part_edit, name="part-edit"),
    path("parts/<slug:kind>/<int:pk>/delete/", views.part_delete, name="part-delete"),
]
