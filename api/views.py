from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import (
    CitySerializer,
    MembershipSerializer,
    NetworkSerializer,
    OrganisationSerializer,
    ResourceSerializer,
    TieSerializer,
)
from lib.text import unique_slug
from library import permissions as library_permissions
from library import search
from library import services as library_services
from library.models import Resource, ResourceText, Status
from network import services
from network.models import City, Membership, Network, Organisation, Tie
from network.permissions import can_edit_organisation, can_manage_network, is_city_team


class ReadAllWriteScoped(permissions.BasePermission):
    """Everyone reads; writes need an account whose role covers the object."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(view.can_write(request.user, obj))


def _update_versioned(user: Any, serializer: serializers.BaseSerializer[Any], update: Any) -> None:
    """Write through the service; a stale ``version`` is refused like a field error."""
    instance = serializer.instance
    assert instance is not None
    version = serializer.validated_data.pop("version", instance.version)
    try:
        update(user, instance, version, serializer.save)
    except services.StaleEdit as stale:
        raise serializers.ValidationError({"version": str(stale.message)}) from None


class CityViewSet(viewsets.ReadOnlyModelViewSet[City]):
    queryset = City.objects.select_related("country").order_by("name")
    serializer_class = CitySerializer
    filterset_fields = ["country"]
    search_fields = ["name"]
    ordering_fields = ["name", "population"]
    lookup_field = "slug"


class OrganisationViewSet(viewsets.ModelViewSet[Organisation]):
    queryset = Organisation.objects.select_related("city").prefetch_related("areas").order_by("name", "pk")
    serializer_class = OrganisationSerializer
    permission_classes = [ReadAllWriteScoped]
    filterset_fields = ["kind", "city__slug", "city__country"]
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "kind"]
    lookup_field = "slug"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def can_write(self, user: Any, organisation: Organisation) -> bool:
        return can_edit_organisation(user, organisation)

    def perform_create(self, serializer: serializers.BaseSerializer[Organisation]) -> None:
        city = serializer.validated_data["city"]
        if not (self.request.user.is_superuser or is_city_team(self.request.user, city)):
            raise PermissionDenied("Only the city team may add organisations in this city.")
        serializer.validated_data.pop("version", None)
        name = serializer.validated_data["name"]

        slug = unique_slug(name, Organisation, "organisation")
        services.create_organisation(self.request.user, lambda: serializer.save(slug=slug))

    def perform_update(self, serializer: serializers.BaseSerializer[Organisation]) -> None:
        _update_versioned(self.request.user, serializer, services.update_organisation)


class NetworkViewSet(viewsets.ModelViewSet[Network]):
    queryset = Network.objects.select_related("city", "lead").order_by("name")
    serializer_class = NetworkSerializer
    permission_classes = [ReadAllWriteScoped]
    filterset_fields = ["kind", "city__slug"]
    search_fields = ["name", "acronym"]
    lookup_field = "slug"
    http_method_names = ["get", "put", "patch", "head", "options"]

    def can_write(self, user: Any, network: Network) -> bool:
        return can_manage_network(user, network)

    def perform_update(self, serializer: serializers.BaseSerializer[Network]) -> None:
        _update_versioned(self.request.user, serializer, services.update_network)


class MembershipViewSet(viewsets.ModelViewSet[Membership]):
    serializer_class = MembershipSerializer
    permission_classes = [ReadAllWriteScoped]
    filterset_fields = ["network__slug", "organisation__slug", "role"]

    def get_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.select_related("network__city", "organisation").order_by("pk")

    def can_write(self, user: Any, membership: Membership) -> bool:
        return can_manage_network(user, membership.network)

    def perform_create(self, serializer: serializers.BaseSerializer[Membership]) -> None:
        if not can_manage_network(self.request.user, serializer.validated_data["network"]):
            raise PermissionDenied("You do not manage this network.")
        services.save_membership(self.request.user, Membership(**serializer.validated_data))

    def perform_update(self, serializer: serializers.BaseSerializer[Membership]) -> None:
        membership = serializer.instance
        assert membership is not None
        network = serializer.validated_data.get("network", membership.network)
        if network != membership.network:
            raise serializers.ValidationError({"network": "A membership cannot move to another network."})
        for key, value in serializer.validated_data.items():
            setattr(membership, key, value)
        services.save_membership(self.request.user, membership)

    def perform_destroy(self, instance: Membership) -> None:
        services.remove_membership(self.request.user, instance)


class TieViewSet(viewsets.ModelViewSet[Tie]):
    serializer_class = TieSerializer
    permission_classes = [ReadAllWriteScoped]
    filterset_fields = ["source__slug", "target__slug", "area__code"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Tie]:
        return Tie.objects.select_related("source__city", "target", "area").order_by("pk")

    def can_write(self, user: Any, tie: Tie) -> bool:
        return can_edit_organisation(user, tie.source)

    def perform_create(self, serializer: serializers.BaseSerializer[Tie]) -> None:
        data = serializer.validated_data
        if not can_edit_organisation(self.request.user, data["source"]):
            raise PermissionDenied("You cannot record ties for this organisation.")
        if Tie.objects.filter(source=data["source"], target=data["target"], area=data.get("area")).exists():
            raise serializers.ValidationError("This tie is already recorded.")
        serializer.instance = services.save_tie(self.request.user, Tie(**data))

    def perform_destroy(self, instance: Tie) -> None:
        services.remove_tie(self.request.user, instance)


class ResourceViewSet(viewsets.ModelViewSet[Resource]):
    """The library: published resources for everyone; drafts for those who may edit them."""

    serializer_class = ResourceSerializer
    permission_classes = [ReadAllWriteScoped]
    filterset_fields = ["kind", "status", "original_language", "country", "city__slug", "organisation__slug", "year"]
    ordering_fields = ["published_at", "year"]
    lookup_field = "slug"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Resource]:
        queryset = Resource.objects.select_related("organisation__city", "city", "country").prefetch_related(
            "areas", "target_groups", Prefetch("texts", queryset=ResourceText.objects.order_by("language"))
        )
        user = self.request.user
        if self.action == "list" or not user.is_authenticated:
            visible = Q(status=Status.PUBLISHED)
            if user.is_authenticated:
                visible |= Q(organisation__in=library_permissions.owner_organisations(user))
            queryset = queryset.filter(visible)
        return queryset.order_by("-published_at", "-pk")

    def get_object(self) -> Resource:
        resource = super().get_object()
        if not library_permissions.can_read(self.request.user, resource):
            raise NotFound()
        return resource

    def can_write(self, user: Any, resource: Resource) -> bool:
        return library_permissions.can_edit(user, resource)

    def perform_create(self, serializer: serializers.BaseSerializer[Resource]) -> None:
        data = serializer.validated_data
        if not library_permissions.owner_organisations(self.request.user).filter(pk=data["organisation"].pk).exists():
            raise PermissionDenied("You cannot publish for this organisation.")
        data.pop("version", None)
        original = ResourceText(**data.pop("original"))
        city = data.get("city")
        data["country"] = city.country if city is not None else data["organisation"].city.country
        slug = unique_slug(original.title, Resource, "resource")
        resource = library_services.create_resource(
            self.request.user, lambda: serializer.save(slug=slug, created_by=self.request.user), original
        )
        serializer.instance = resource

    def perform_update(self, serializer: serializers.BaseSerializer[Resource]) -> None:
        serializer.validated_data.pop("original", None)
        _update_versioned(self.request.user, serializer, library_services.update_resource)


class SearchResultSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    url = serializers.CharField()
    kind = serializers.CharField()
    language = serializers.CharField(help_text="Language of the version shown: the reader's where it exists.")
    provenance = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())


class SearchView(APIView):
    """One search over every language version of published resources (keyword and semantic, fused)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words in any language; symbols and operators are ignored."),
            OpenApiParameter("lang", str, description="Preferred language of the versions returned."),
            OpenApiParameter("limit", int, description="At most this many results (1-100, default 20)."),
        ],
        responses=SearchResultSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = str(request.query_params.get("q", ""))[:200]
        language = str(request.query_params.get("lang", "")) or "en"
        try:
            limit = max(1, min(100, int(request.query_params.get("limit", 20))))
        except ValueError:
            limit = 20
        ids = search.search(query, limit=limit)
        by_id = {resource.pk: resource for resource in Resource.objects.prefetch_related("texts").published_among(ids)}
        results = []
        for pk in ids:
            resource = by_id.get(pk)
            text = resource.text_for(language) if resource else None
            if resource is None or text is None:
                continue
            results.append(
                {
                    "slug": resource.slug,
                    "url": resource.get_absolute_url(),
                    "kind": resource.kind,
                    "language": text.language,
                    "provenance": text.provenance,
                    "title": text.title,
                    "summary": text.summary,
                    "languages": [t.language for t in resource.published_texts()],
                }
            )
        return Response(SearchResultSerializer(results, many=True).data)
