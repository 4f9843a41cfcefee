"""Participation under /api/v1/: published events and open public consultations (public parts only).

Registrations are never served: the only way to a registration is its participant's private link.
"""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import permissions, serializers, viewsets

from network.models import City, Organisation
from participation.models import Event, EventStatus, Initiative
from surveys.models import SurveyLink, SurveyStatus


class EventSerializer(serializers.ModelSerializer[Event]):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organiser: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    url = serializers.SerializerMethodField()
    places_left = serializers.SerializerMethodField(help_text="null: no limit")

    class Meta:
        model = Event
        fields = [
            "slug",
            "url",
            "city",
            "organiser",
            "kind",
            "titles",
            "descriptions",
            "starts",
            "ends",
            "time_zone",
            "venue",
            "address",
            "accessibility",
            "online_url",
            "languages",
            "interpreting",
            "capacity",
            "places_left",
            "registration_opens",
            "registration_closes",
            "status",
        ]

    def get_url(self, obj: Event) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_places_left(self, obj: Event) -> int | None:
        if obj.capacity is None:
            return None
        return max(0, obj.capacity - int(getattr(obj, "taken", 0)))


class EventViewSet(viewsets.ReadOnlyModelViewSet[Event]):
    """Published events (and cancelled ones, marked), soonest first."""

    serializer_class = EventSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    filterset_fields = {"city__slug": ["exact"], "kind": ["exact"], "starts": ["gte", "lte"]}

    def get_queryset(self) -> QuerySet[Event]:
        from django.db.models import Count, Q

        return (
            Event.objects.filter(status__in=(EventStatus.PUBLISHED, EventStatus.CANCELLED))
            .select_related("city", "organiser")
            .annotate(taken=Count("registrations", filter=Q(registrations__status="registered")))
            .order_by("starts", "pk")
        )


class ConsultationSerializer(serializers.Serializer[SurveyLink]):
    city = serializers.CharField(source="survey.city.slug")
    titles = serializers.DictField(source="survey.titles", child=serializers.CharField())
    intros = serializers.DictField(source="survey.intros", child=serializers.CharField())
    languages = serializers.ListField(source="survey.languages", child=serializers.CharField())
    url = serializers.SerializerMethodField()

    def get_url(self, obj: SurveyLink) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet[SurveyLink]):
    """Open questionnaires their teams list as public consultations, with the link to answer them."""

    serializer_class = ConsultationSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "token"

    def get_queryset(self) -> QuerySet[SurveyLink]:
        return (
            SurveyLink.objects.filter(public=True, survey__status=SurveyStatus.OPEN)
            .select_related("survey__city")
            .order_by("-survey__created", "pk")
        )


class InitiativeSerializer(serializers.ModelSerializer[Initiative]):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisers: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )

    class Meta:
        model = Initiative
        fields = ["slug", "city", "kind", "organisers", "titles", "descriptions", "how_to_join", "contact", "active"]


class InitiativeViewSet(viewsets.ReadOnlyModelViewSet[Initiative]):
    """Civic initiatives people can join, with their texts in every language they are told in."""

    serializer_class = InitiativeSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    filterset_fields = {"city__slug": ["exact"], "kind": ["exact"], "active": ["exact"]}

    def get_queryset(self) -> QuerySet[Initiative]:
        return Initiative.objects.select_related("city").prefetch_related("organisers").order_by("city__slug", "slug")
