from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from library.models import (
    Adaptation,
    Attachment,
    Kind,
    QualityReview,
    Resource,
    ResourceText,
    TargetGroup,
)
from library.uploads import check_upload
from network.forms import FilterForm, VersionedForm
from network.models import Area, City, Country, Organisation

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class ResourceForm(VersionedForm):
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line."),
    )

    class Meta:
        model = Resource
        fields = [
            "kind",
            "document_type",
            "lesson",
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
            "stakeholders",
            "links",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            _model_field(self, "organisation").queryset = organisations.order_by("name")
        _model_field(self, "stakeholders").queryset = Organisation.objects.order_by("name")
        self.fields["stakeholders"].help_text = _("Organisations from the directory that took part.")
        _model_field(self, "city").queryset = City.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["links"] = "\n".join(self.instance.links or [])

    def clean_links(self) -> list[str]:
        validate = URLValidator(schemes=["http", "https"])
        links = [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines() if line.strip()]
        for link in links:
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(
                    _("“%(link)s” is not a web address (http:// or https://).") % {"link": link}
                ) from None
        return links[:20]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == Kind.DOCUMENT and not data.get("document_type"):
            self.add_error("document_type", _("Say what kind of document this is."))
        if kind != Kind.DOCUMENT:
            data["document_type"] = ""
        if kind == Kind.LESSON_LEARNED and not data.get("lesson"):
            self.add_error("lesson", _("Say whether the lesson is positive or negative."))
        if kind != Kind.LESSON_LEARNED:
            data["lesson"] = ""
        organisation = data.get("organisation")
        if organisation is not None and data.get("city") is None:
            data["city"] = organisation.city
        city, country = data.get("city"), data.get("country")
        if city is not None and country is not None and city.country_id != country.pk:
            self.add_error("city", _("This city is not in the chosen country."))
        return data


class TextForm(VersionedForm):
    """One language version; good-practice fields show only for good practices."""

    source_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = ResourceText
        fields = ["title", "summary", "body", *ResourceText.PRACTICE_FIELDS, *ResourceText.TRANSFER_FIELDS, "contact"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ResourceText.PRACTICE_FIELDS},
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ResourceText.TRANSFER_FIELDS},
        }

    def __init__(self, *args: Any, practice: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields.pop("version")
        self.fields["title"].required = True
        self.fields["summary"].required = True
        self.fields["body"].help_text = _("Paragraphs, lists, emphasis and links are kept; other markup is removed.")
        if not practice:
            for name in (*ResourceText.PRACTICE_FIELDS, *ResourceText.TRANSFER_FIELDS):
                self.fields.pop(name)


class TranslationRequestForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=())

    def __init__(self, *args: Any, missing: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, LANGUAGE_NAMES[code]) for code in missing]


class TransitionForm(forms.Form):
    step = forms.ChoiceField(choices=[(s, s) for s in ("submit", "publish", "return", "archive")])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2}))


class QualityReviewForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = QualityReview
        fields = [*QualityReview.CRITERIA, "note"]
        widgets = {name: forms.RadioSelect for name in QualityReview.CRITERIA} | {
            "note": forms.Textarea(attrs={"rows": 3})
        }


class AttachmentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Attachment
        fields = ["file", "title", "language"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise ValidationError(_("Choose a file."))
        stored, name, content_type = check_upload(upload)
        self.instance.name = name
        self.instance.content_type = content_type
        self.instance.size = stored.size
        return stored


class AdaptationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Adaptation
        fields = ["city", "organisation", "stage", "started", "changes", "partners", "result"]
        widgets = {
            "started": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "changes": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_field(self, "city").queryset = cities.order_by("name")
        _model_field(self, "organisation").queryset = Organisation.objects.filter(city__in=cities).order_by("name")
        _model_field(self, "partners").queryset = Organisation.objects.order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        city, organisation = data.get("city"), data.get("organisation")
        if city is not None and organisation is not None and organisation.city_id != city.pk:
            self.add_error("organisation", _("This organisation is not in the chosen city."))
        return data


class SearchForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.all(), to_field_name="code", empty_label=_("All areas")
    )
    target = forms.ModelChoiceField(
        label=_("Target group"),
        required=False,
        queryset=TargetGroup.objects.all(),
        to_field_name="code",
        empty_label=_("All target groups"),
    )
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.all(), empty_label=_("All countries")
    )
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.all(), to_field_name="slug", empty_label=_("All cities")
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *settings.LANGUAGES]
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label=_("All organisations"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950, max_value=2100)

    FACETS = ("kind", "area", "target", "country", "city", "language", "organisation", "year")

    def prepare(self) -> None:
        # Only organisations that own a published resource are offered, to keep the select short.
        _model_field(self, "organisation").queryset = Organisation.objects.filter(
            pk__in=Resource.objects.published().values("organisation")
        ).order_by("name")
        _model_field(self, "city").queryset = City.objects.filter(
            pk__in=Resource.objects.published().values("city")
        ).order_by("name")

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {key: self.cleaned_data[key] for key in self.FACETS if self.cleaned_data.get(key) not in (None, "")}
