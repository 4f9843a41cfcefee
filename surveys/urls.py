from __future__ import annotations

from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("answer/<str:token>/", views.answer, name="answer"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/texts/", views.survey_texts, name="texts"),
    path("<int:pk>/questions/new/", views.question_add, name="question-add"),
    path("<int:pk>/links/new/", views.link_add, name="link-add"),
    path("<int:pk>/status/", views.survey_status, name="status"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/results.csv", views.survey_results_csv, name="results-csv"),
]
