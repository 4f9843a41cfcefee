"""The audit under /api/v1/: frameworks, submitted rounds with their scores, challenge registers, statistics.

Read-only and public: a round is published when its team freezes it; open rounds are not listed.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from audit import frameworks
from audit.models import Challenge, Framework, Indicator, Round, RoundStatus, StatIndicator, StatValue
from library.models import TargetGroup
from network.models import Area, City


class FrameworkSerializer(serializers.ModelSerializer[Framework]):
    class Meta:
        model = Framework
        fields = ["id", "code", "version", "scope", "names", "descriptions", "is_current"]


class AreaScoreSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="0–100; null when no question of the area was answered")


class RoundSerializer(serializers.ModelSerializer[Round]):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    framework = serializers.CharField(source="framework.code", read_only=True)
    framework_version = serializers.IntegerField(source="framework.version", read_only=True)
    total = serializers.SerializerMethodField()
    answered = serializers.SerializerMethodField(help_text="questions with an agreed answer")
    questions = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "id",
            "city",
            "framework",
            "framework_version",
            "title",
            "year",
            "frozen_at",
            "total",
            "answered",
            "questions",
            "areas",
        ]

    def get_total(self, obj: Round) -> float | None:
        return obj.profile.get("total")

    def get_answered(self, obj: Round) -> int:
        return int(obj.profile.get("answered", 0))

    def get_questions(self, obj: Round) -> int:
        return int(obj.profile.get("questions", 0))

    @extend_schema(responses=AreaScoreSerializer(many=True))
    def get_areas(self, obj: Round) -> list[dict[str, Any]]:
        # In the framework's order: PostgreSQL's jsonb keeps no key order.
        scores = obj.profile.get("areas", {})
        return [
            {"code": area.code, "score": scores[area.code]} for area in obj.framework.areas.all() if area.code in scores
        ]


class ChallengeSerializer(serializers.ModelSerializer[Challenge]):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area: serializers.SlugRelatedField[Area] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicator: serializers.SlugRelatedField[Indicator] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    affected_groups = serializers.SlugRelatedField(slug_field="code", many=True, queryset=TargetGroup.objects.all())

    class Meta:
        model = Challenge
        fields = [
            "id",
            "city",
            "title",
            "description",
            "horizon",
            "area",
            "indicator",
            "severity",
            "affected_groups",
            "evidence",
            "source",
            "source_round",
            "status",
            "updated",
        ]


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet[Framework]):
    """Frameworks; a framework's detail is its whole tree in the integra-framework/1 format."""

    queryset = Framework.objects.order_by("code", "-version")
    serializer_class = FrameworkSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["code", "scope", "is_current"]

    @extend_schema(responses={200: {"type": "object", "description": "integra-framework/1 document"}})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(frameworks.export_framework(self.get_object()))


class RoundViewSet(viewsets.ReadOnlyModelViewSet[Round]):
    """Submitted (frozen) assessment rounds with their scores by area."""

    queryset = (
        Round.objects.filter(status=RoundStatus.FROZEN)
        .select_related("city", "framework")
        .prefetch_related("framework__areas")
        .order_by("city__slug", "year")
    )
    serializer_class = RoundSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {"city__slug": ["exact"], "framework__code": ["exact"], "year": ["exact", "gte", "lte"]}


class ChallengeViewSet(viewsets.ReadOnlyModelViewSet[Challenge]):
    queryset = (
        Challenge.objects.select_related("city", "area", "indicator")
        .prefetch_related("affected_groups")
        .order_by("city__slug", "-severity", "pk")
    )
    serializer_class = ChallengeSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {"city__slug": ["exact"], "status": ["exact"], "horizon": ["exact"], "severity": ["gte"]}


class StatIndicatorSerializer(serializers.ModelSerializer[StatIndicator]):
    area: serializers.SlugRelatedField[Area] = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = StatIndicator
        fields = ["code", "names", "unit", "area", "source", "dataset", "filters", "higher_is_better"]


class StatValueSerializer(serializers.ModelSerializer[StatValue]):
    indicator: serializers.SlugRelatedField[StatIndicator] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    country = serializers.CharField(source="country_id", read_only=True, allow_null=True)
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = StatValue
        fields = ["indicator", "country", "city", "year", "value", "flags", "origin"]


class StatIndicatorViewSet(viewsets.ReadOnlyModelViewSet[StatIndicator]):
    """Context indicators and where their figures come from (a Eurostat dataset and its dimension filters)."""

    queryset = StatIndicator.objects.select_related("area").order_by("code")
    serializer_class = StatIndicatorSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"


class StatValueViewSet(viewsets.ReadOnlyModelViewSet[StatValue]):
    """Figures per country or city and year, with Eurostat's flags."""

    queryset = StatValue.objects.select_related("indicator", "city").order_by(
        "indicator__code", "country", "city", "year"
    )
    serializer_class = StatValueSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {
        "indicator__code": ["exact"],
        "country": ["exact"],
        "city__slug": ["exact"],
        "year": ["exact", "gte", "lte"],
    }
