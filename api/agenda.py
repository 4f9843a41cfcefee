"""Labs and agendas under /api/v1/.

Agendas out of draft and their measures are public; labs and draft agendas are read by the city's
team, the coordinators of its networks and its stakeholder group. Internal notes are never served.
Progress updates are posted through the same service as the web form, by the lead organisation or
the city team.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from agenda import services
from agenda.models import (
    PUBLIC_STATUSES,
    Agenda,
    Driver,
    Goal,
    IndicatorValue,
    Lab,
    LabGoal,
    Measure,
    MeasureIndicator,
    Milestone,
    ProgressUpdate,
    Proposal,
    Scenario,
    SwotItem,
)
from agenda.permissions import followed_cities
from network.models import Area, City, Organisation


def visible_agendas(user: Any) -> QuerySet[Agenda]:
    return Agenda.objects.filter(Q(status__in=PUBLIC_STATUSES) | Q(city__in=followed_cities(user)))


class IndicatorValueSerializer(serializers.ModelSerializer[IndicatorValue]):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value"]


class MeasureIndicatorSerializer(serializers.ModelSerializer[MeasureIndicator]):
    name = serializers.CharField(source="label", read_only=True)
    framework_indicator = serializers.CharField(source="framework_indicator.code", default=None, read_only=True)
    statistic = serializers.CharField(source="statistic.code", default=None, read_only=True)
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = MeasureIndicator
        fields = [
            "id",
            "source",
            "name",
            "framework_indicator",
            "statistic",
            "value_type",
            "unit",
            "baseline",
            "baseline_year",
            "target",
            "target_year",
            "values",
        ]


class MilestoneSerializer(serializers.ModelSerializer[Milestone]):
    class Meta:
        model = Milestone
        fields = ["title", "due", "reached"]


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    agenda: serializers.PrimaryKeyRelatedField[Agenda] = serializers.PrimaryKeyRelatedField(read_only=True)
    goal = serializers.CharField(source="goal.title", default=None, read_only=True)
    area: serializers.SlugRelatedField[Area] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partners: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    challenges: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    practice: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    indicators = MeasureIndicatorSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "id",
            "agenda",
            "goal",
            "title",
            "description",
            "area",
            "lead",
            "partners",
            "involvement",
            "budget",
            "staff",
            "funding_source",
            "start",
            "end",
            "status",
            "percent_done",
            "last_reported",
            "overdue",
            "is_example",
            "practice",
            "challenges",
            "indicators",
            "milestones",
        ]

    def get_overdue(self, obj: Measure) -> bool:
        return obj.is_overdue()


class GoalSerializer(serializers.ModelSerializer[Goal]):
    challenges: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "title", "description", "challenges"]


class AgendaSerializer(serializers.ModelSerializer[Agenda]):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Agenda
        fields = [
            "id",
            "city",
            "title",
            "summary",
            "start_year",
            "end_year",
            "status",
            "adopted_on",
            "adopted_by",
            "lab",
            "first_report",
            "report_every_months",
            "goals",
        ]


class AgendaViewSet(viewsets.ReadOnlyModelViewSet[Agenda]):
    """City integration agendas: public once out of draft; drafts for the city's team and followers."""

    serializer_class = AgendaSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {"city__slug": ["exact"], "status": ["exact"], "start_year": ["exact", "gte", "lte"]}

    def get_queryset(self) -> QuerySet[Agenda]:
        return (
            visible_agendas(self.request.user)
            .select_related("city")
            .prefetch_related("goals__challenges")
            .order_by("city__slug", "start_year", "pk")
        )


class MeasureViewSet(viewsets.ReadOnlyModelViewSet[Measure]):
    """Measures of the agendas the caller may read, with indicators (baseline, target, values) and status."""

    serializer_class = MeasureSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {
        "agenda": ["exact"],
        "agenda__city__slug": ["exact"],
        "status": ["exact"],
        "lead__slug": ["exact"],
        "is_example": ["exact"],
    }

    def get_queryset(self) -> QuerySet[Measure]:
        return (
            Measure.objects.filter(agenda__in=visible_agendas(self.request.user))
            .select_related("goal", "area", "lead", "practice", "agenda")
            .prefetch_related(
                "partners",
                "challenges",
                "milestones",
                "indicators__values",
                "indicators__framework_indicator",
                "indicators__statistic",
            )
            .order_by("agenda", "start", "pk")
        )


class ProgressUpdateSerializer(serializers.ModelSerializer[ProgressUpdate]):
    measure = serializers.PrimaryKeyRelatedField(queryset=Measure.objects.all())
    values = IndicatorValueSerializer(many=True, read_only=True)
    readings = serializers.ListField(
        child=serializers.DictField(),
        write_only=True,
        required=False,
        help_text='New indicator values: [{"indicator": id, "value": number, "measured_on": "YYYY-MM-DD"}]',
    )

    class Meta:
        model = ProgressUpdate
        fields = ["id", "measure", "status", "percent_done", "narrative", "created", "values", "readings"]
        read_only_fields = ["created"]


class ProgressUpdateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[ProgressUpdate]
):
    """Progress updates (public part: status, percent, narrative, values). POST one as the lead organisation
    or the city team; it goes through the same checks as the web form."""

    serializer_class = ProgressUpdateSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_fields = {"measure": ["exact"], "measure__agenda": ["exact"], "status": ["exact"]}

    def get_queryset(self) -> QuerySet[ProgressUpdate]:
        return (
            ProgressUpdate.objects.filter(measure__agenda__in=visible_agendas(self.request.user))
            .prefetch_related("values")
            .order_by("-created", "-pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        measure = get_object_or_404(
            Measure.objects.filter(agenda__in=visible_agendas(request.user)).select_related("agenda__city"),
            pk=data["measure"].pk,
        )
        try:
            update = services.post_update(
                request.user,
                measure,
                status=data["status"],
                percent_done=data["percent_done"],
                narrative=data["narrative"],
                readings=_readings(measure, data.get("readings", [])),
            )
        except (services.AgendaArchived, services.PlanInvalid) as error:
            raise exceptions.ValidationError({"detail": str(error)}) from error
        return Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)


def _readings(measure: Measure, raw: list[dict[str, Any]]) -> list[services.Reading]:
    indicators = {indicator.pk: indicator for indicator in measure.indicators.all()}
    field = serializers.DateField()
    readings = []
    for item in raw:
        try:
            indicator = indicators[int(item["indicator"])]
            readings.append(
                services.Reading(indicator, float(item["value"]), field.to_internal_value(item["measured_on"]))
            )
        except (KeyError, TypeError, ValueError) as error:
            raise exceptions.ValidationError({"readings": str(error) or "invalid reading"}) from error
    return readings


# ---------------------------------------------------------------- labs


class DriverSerializer(serializers.ModelSerializer[Driver]):
    class Meta:
        model = Driver
        fields = ["id", "name", "description", "impact", "uncertainty"]


class ScenarioSerializer(serializers.ModelSerializer[Scenario]):
    states = serializers.SerializerMethodField()
    implications = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = ["id", "name", "narrative", "likelihood", "states", "implications"]

    def get_states(self, obj: Scenario) -> dict[str, str]:
        return {str(state.driver_id): state.state for state in obj.states.all()}

    def get_implications(self, obj: Scenario) -> dict[str, str]:
        return {item.area.code: item.text for item in obj.implications.all()}


class SwotSerializer(serializers.ModelSerializer[SwotItem]):
    area: serializers.SlugRelatedField[Area] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SwotItem
        fields = ["kind", "area", "text"]


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    area: serializers.SlugRelatedField[Area] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Proposal
        fields = ["title", "description", "area", "lead", "resources_needed"]


class LabGoalSerializer(serializers.ModelSerializer[LabGoal]):
    challenges: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    proposals = ProposalSerializer(many=True, read_only=True)

    class Meta:
        model = LabGoal
        fields = ["title", "description", "challenges", "proposals"]


class LabSerializer(serializers.ModelSerializer[Lab]):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    drivers = DriverSerializer(many=True, read_only=True)
    scenarios = ScenarioSerializer(many=True, read_only=True)
    swot = SwotSerializer(many=True, read_only=True)
    goals = LabGoalSerializer(many=True, read_only=True)

    class Meta:
        model = Lab
        fields = [
            "id",
            "city",
            "title",
            "start",
            "end",
            "place",
            "horizon_years",
            "participants",
            "drivers",
            "scenarios",
            "swot",
            "goals",
        ]


class LabViewSet(viewsets.ReadOnlyModelViewSet[Lab]):
    """Integration labs, for the city's team, the coordinators of its networks and its stakeholder group."""

    serializer_class = LabSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = {"city__slug": ["exact"]}

    def get_queryset(self) -> QuerySet[Lab]:
        return (
            Lab.objects.filter(city__in=followed_cities(self.request.user))
            .select_related("city")
            .prefetch_related(
                "drivers",
                "scenarios__states",
                "scenarios__implications__area",
                "swot__area",
                "goals__challenges",
                "goals__proposals__area",
                "goals__proposals__lead",
            )
            .order_by("city__slug", "start", "pk")
        )
