from __future__ import annotations

from typing import Any

from rest_framework import serializers

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
