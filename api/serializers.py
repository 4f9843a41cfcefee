from __future__ import annotations

from typing import Any

from rest_framework import serializers

from library.models import Resource, ResourceText, TargetGroup
from network.models import Area, City, Membership, Network, Organisation, Tie


class CitySerializer(serializers.ModelSerializer[City]):
    country = serializers.CharField(source="country_id", read_only=True)

    class Meta:
        model = City
        fields = ["id", "slug", "name", "country", "population", "foreign_residents"]


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all())
    areas = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Area.objects.all(), required=False)
    version = serializers.IntegerField(required=False, help_text="Send the version you read to refuse stale updates.")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name",
            "acronym",
            "kind",
            "city",
            "website",
            "email",
            "phone",
            "description",
            "areas",
            "is_tcn_led",
            "version",
        ]
        read_only_fields = ["slug"]


class NetworkSerializer(serializers.ModelSerializer[Network]):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Network
        fields = [
            "id",
            "slug",
            "name",
            "acronym",
            "kind",
            "city",
            "lead",
            "funding",
            "grant_number",
            "start",
            "end",
            "website",
            "version",
        ]
        read_only_fields = ["slug", "kind", "city"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end": "The end cannot be before the start."})
        return attrs


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    network = serializers.SlugRelatedField(slug_field="slug", queryset=Network.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())

    class Meta:
        model = Membership
        fields = ["id", "network", "organisation", "role", "joined", "influence", "interest"]


class TieSerializer(serializers.ModelSerializer[Tie]):
    # Declared fields are collected by the metaclass, so "source" does not shadow Field.source.
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())  # type: ignore[assignment]
    target = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Tie
        fields = ["id", "source", "target", "area", "since", "description"]
        # Duplicates are refused in the view, after the permission check, with a clear message.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("source") == attrs.get("target"):
            raise serializers.ValidationError("An organisation cannot have a tie with itself.")
        return attrs


class ResourceTextSerializer(serializers.ModelSerializer[ResourceText]):
    outdated = serializers.SerializerMethodField()

    class Meta:
        model = ResourceText
        fields = ["language", "provenance", "status", "outdated", *ResourceText.TEXT_FIELDS, "revision"]
        read_only_fields = ["provenance", "status", "outdated", "revision"]
        # On create the original's language is the resource's original_language.
        extra_kwargs = {"language": {"required": False}}

    def get_outdated(self, text: Any) -> bool:
        return bool(text.is_outdated())


class ResourceSerializer(serializers.ModelSerializer[Resource]):
    organisation = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all(), required=False, allow_null=True)
    country: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(read_only=True)
    areas = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Area.objects.all(), required=False)
    target_groups = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=TargetGroup.objects.all(), required=False
    )
    texts = serializers.SerializerMethodField()
    original = ResourceTextSerializer(write_only=True, required=False, help_text="The original text (on create).")
    url = serializers.SerializerMethodField()
    version = serializers.IntegerField(required=False, help_text="Send the version you read to refuse stale updates.")

    class Meta:
        model = Resource
        fields = [
            "id",
            "slug",
            "url",
            "kind",
            "document_type",
            "lesson",
            "status",
            "original_language",
            "organisation",
            "city",
            "country",
            "areas",
            "target_groups",
            "year",
            "start",
            "duration_months",
            "licence",
            "links",
            "published_at",
            "texts",
            "original",
            "version",
        ]
        read_only_fields = ["slug", "status", "published_at"]

    def get_url(self, resource: Any) -> str:
        return str(resource.get_absolute_url())

    def get_texts(self, resource: Any) -> list[dict[str, Any]]:
        """Published language versions (drafts too for editors, marked by status)."""
        request = self.context.get("request")
        from library.permissions import can_edit

        show_all = request is not None and request.user.is_authenticated and can_edit(request.user, resource)
        texts = resource._texts() if show_all else resource.published_texts()
        return ResourceTextSerializer(texts, many=True).data  # type: ignore[return-value]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        city = data.get("city")
        organisation = data.get("organisation") or getattr(self.instance, "organisation", None)
        if city is None and organisation is not None and "city" not in data and self.instance is None:
            data["city"] = organisation.city
        if self.instance is None and not data.get("original", {}).get("title"):
            raise serializers.ValidationError({"original": "Send the original text with at least a title."})
        return data
