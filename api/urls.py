from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import agenda, audit, participation, views

router = DefaultRouter()
router.register("cities", views.CityViewSet)
router.register("organisations", views.OrganisationViewSet)
router.register("networks", views.NetworkViewSet)
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("ties", views.TieViewSet, basename="tie")
router.register("resources", views.ResourceViewSet, basename="resource")
router.register("frameworks", audit.FrameworkViewSet)
router.register("rounds", audit.RoundViewSet)
router.register("challenges", audit.ChallengeViewSet)
router.register("statistics", audit.StatIndicatorViewSet)
router.register("figures", audit.StatValueViewSet)
router.register("agendas", agenda.AgendaViewSet, basename="agenda")
router.register("measures", agenda.MeasureViewSet, basename="measure")
router.register("progress-updates", agenda.ProgressUpdateViewSet, basename="progress-update")
router.register("labs", agenda.LabViewSet, basename="lab")
router.register("events", participation.EventViewSet, basename="event")
router.register("consultations", participation.ConsultationViewSet, basename="consultation")
router.register("initiatives", participation.InitiativeViewSet, basename="initiative")

urlpatterns = [
    path("v1/search/", views.SearchView.as_view(), name="search"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
