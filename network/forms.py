from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lib.widgets import speed_up_selects
from network.models import (
    Area,
    City,
    Country,
    Invitation,
    Meeting,
    Membership,
    Network,
    NetworkText,
    Organisation,
    OrganisationKind,
    Person,
    Provenance,
    Tie,
)

PHONE = re.compile(r"^\+?[0-9 ()./-]{6,25}$")

SORTS = {
    "name": "name",
    "-name": "-name",
    "city": "city__name",
    "-city": "-city__name",
    "kind": "kind",
    "-kind": "-kind",
    "country": "country__code",
    "-country": "-country__code",
    "organisations": "organisation_count",
    "-organisations": "-organisation_count",
    "members": "member_count",
    "-members": "-member_count",
}


def clean_phone_number(value: str) -> str:
    value = value.strip()
    if value and not PHONE.match(value):
        raise ValidationError(_("Enter a phone number with digits, spaces and an optional leading +."))
    return value


class VersionedForm(forms.ModelForm):  # type: ignore[type-arg]
    """A form that carries the version it was read at, to refuse stale saves."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class FilterForm(forms.Form):
    """A directory filter: rendered on every list page, so its selects render in Python."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prepare()
        speed_up_selects(self)

    def prepare(self) -> None:
        """Adjust fields before the selects are swapped (subclasses)."""


class OrganisationFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *OrganisationKind.choices])
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.all(), empty_label=_("All countries")
    )
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), to_field_name="slug", empty_label=_("All cities")
    )
    area = forms.ModelChoiceField(
        label=_("Area of work"),
        required=False,
        queryset=Area.objects.all(),
        to_field_name="code",
        empty_label=_("All areas"),
    )
    network = forms.ModelChoiceField(
        label=_("Network"),
        required=False,
        queryset=Network.objects.all(),
        to_field_name="slug",
        empty_label=_("All networks"),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("city", _("City (A–Z)")),
            ("-city", _("City (Z–A)")),
            ("kind", _("Type")),
        ],
    )

    def prepare(self) -> None:
        # Only a handful of cities fit a drop-down; with many, the city is given by slug.
        city_field = self.fields["city"]
        assert isinstance(city_field, forms.ModelChoiceField)
        city_field.queryset = City.objects.all()
        if City.objects.count() > 200:
            city_field.widget = forms.TextInput()
        network_field = self.fields["network"]
        if Network.objects.count() > 200:
            network_field.widget = forms.TextInput()


class CityFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.all(), empty_label=_("All countries")
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("country", _("Country")),
            ("-organisations", _("Most organisations")),
        ],
    )


class NetworkFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *Network._meta.get_field("kind").choices],  # type: ignore[misc]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("kind", _("Type")),
            ("-members", _("Most members")),
        ],
    )


class OrganisationForm(VersionedForm):
    class Meta:
        model = Organisation
        fields = ["name", "acronym", "kind", "city", "website", "email", "phone", "description", "areas", "is_tcn_led"]
        widgets = {"areas": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["phone"])


class NetworkForm(VersionedForm):
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    description_language = forms.ChoiceField(label=_("Language of the description"), choices=settings.LANGUAGES)

    class Meta:
        model = Network
        fields = ["name", "acronym", "lead", "funding", "grant_number", "start", "end", "website"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ModelChoiceField)
        if self.instance.pk:
            lead.queryset = self.instance.members.all()
            original = self.instance.texts.filter(provenance=Provenance.ORIGINAL).first()
            if original and not self.is_bound:
                self.initial.update(description=original.description, description_language=original.language)
        else:
            del self.fields["version"]
            del self.fields["lead"]
        self.fields["description_language"].initial = self.initial.get("description_language") or get_language()

    def save(self, commit: bool = True) -> Network:
        network: Network = super().save(commit)
        if commit:
            self._save_description(network)
        return network

    def _save_description(self, network: Network) -> None:
        """The text written here is the original; a changed language makes it a new original."""
        text = self.cleaned_data.get("description", "").strip()
        language = self.cleaned_data["description_language"]
        network.texts.filter(provenance=Provenance.ORIGINAL).exclude(language=language).delete()
        if not text:
            network.texts.filter(language=language).delete()
            return
        NetworkText.objects.update_or_create(
            network=network, language=language, defaults={"description": text, "provenance": Provenance.ORIGINAL}
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return cleaned


class MembershipForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Membership
        fields = ["organisation", "role", "joined", "influence", "interest"]
        widgets = {"joined": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.network = network
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        if self.instance.pk:
            organisation.disabled = True
            organisation.queryset = Organisation.objects.filter(pk=self.instance.organisation_id)
        elif network.city_id:
            organisation.queryset = Organisation.objects.filter(city=network.city).exclude(memberships__network=network)
        else:
            organisation.queryset = Organisation.objects.exclude(memberships__network=network)

    def clean_organisation(self) -> Organisation:
        organisation: Organisation = self.cleaned_data["organisation"]
        network = self.instance.network
        if not self.instance.pk and network.memberships.filter(organisation=organisation).exists():
            raise ValidationError(_("This organisation is already a member."))
        return organisation


class StakeholderPlacementForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Membership
        fields = ["influence", "interest"]


class OrganisationByName(forms.CharField):
    """An organisation typed by its exact name, or by its address in the directory when names repeat."""

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("Type the name as the directory shows it, or the last part of its address there.")
        )
        super().__init__(max_length=220, **kwargs)
        self.queryset = queryset

    def clean(self, value: Any) -> Organisation:
        text = super().clean(value).strip().rstrip("/").rsplit("/", 1)[-1]
        matches = list(self.queryset.filter(Q(slug=text) | Q(name__iexact=text))[:2])
        if not matches:
            raise ValidationError(_("No organisation in the directory has this name."))
        if len(matches) > 1:
            raise ValidationError(
                _("Several organisations have this name. Type the last part of the address of its page instead.")
            )
        return matches[0]


class TieForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Tie
        fields = ["target", "area", "since", "description"]
        widgets = {"since": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, source: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.source = source
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = Organisation.objects.exclude(pk=source.pk).select_related("city")
        if Organisation.objects.count() > 500:
            # Too many for a drop-down: the organisation is typed by its name or its address.
            self.fields["target"] = OrganisationByName(target.queryset, label=target.label)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        target, area = cleaned.get("target"), cleaned.get("area")
        if target and Tie.objects.filter(source=self.instance.source, target=target, area=area).exists():
            raise ValidationError(_("This tie is already recorded."))
        return cleaned


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Meeting
        fields = ["title", "kind", "start", "end", "place", "city", "summary"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return cleaned


class PersonForm(VersionedForm):
    consent = forms.BooleanField(
        label=_(
            "This person agreed that their name and contact details are kept in Integra and shown "
            "with the visibility chosen above, for contact about the organisation's integration work."
        ),
        required=True,
    )

    class Meta:
        model = Person
        fields = ["name", "position", "email", "phone", "visibility"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
        else:
            del self.fields["consent"]

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["phone"])


class InvitationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Invitation
        fields = ["email", "kind", "language"]
        labels = {"language": _("Language of the invitation")}

    language = forms.ChoiceField(label=_("Language of the invitation"), choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, name) for code, name in settings.LANGUAGES if code in settings.UI_LANGUAGES]


class ImportForm(forms.Form):
    KINDS = [("organisations", _("Organisations")), ("people", _("People"))]

    kind = forms.ChoiceField(label=_("What to import"), choices=KINDS)
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a CSV or an XLSX file."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(size)s MB.") % {"size": settings.IMPORT_MAX_BYTES // 1_048_576}
            )
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".xlsx") and head != b"PK\x03\x04":
            raise ValidationError(_("This file is not a valid XLSX spreadsheet."))
        if name.endswith(".csv") and b"\x00" in upload.read(2048):
            raise ValidationError(_("This file is not a text CSV file."))
        upload.seek(0)
        return upload
