from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.evidence import clean_photo
from audit.models import (
    AnswerFields,
    Challenge,
    CityWalk,
    FocusGroup,
    Framework,
    Indicator,
    Photovoice,
    Question,
    QuestionKind,
    Round,
    Scope,
    StatValue,
    WalkPoint,
)
from library.models import TargetGroup
from network.forms import VersionedForm
from network.models import AttendeeCategory, City

NO_ANSWER = ""


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class RoundForm(forms.Form):
    city = forms.ModelChoiceField(queryset=City.objects.none(), label=_("City"))
    framework = forms.ModelChoiceField(queryset=Framework.objects.none(), label=_("Framework"))
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = forms.CharField(
        label=_("Title"), max_length=120, help_text=_("For example “Baseline 2018” or “Follow-up 2019”.")
    )

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "city").queryset = cities
        _choices(self, "framework").queryset = Framework.objects.filter(is_current=True, scope=Scope.CITY)
        self.fields["year"].initial = timezone.now().year


class InviteForm(forms.Form):
    respondent = forms.ChoiceField(label=_("Member of the stakeholder group"))

    def __init__(self, *args: Any, candidates: Sequence[tuple[Any, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {f"{user.pk}:{organisation.pk}": (user, organisation) for user, organisation in candidates}
        respondent = self.fields["respondent"]
        assert isinstance(respondent, forms.ChoiceField)
        respondent.choices = [
            (key, f"{user.get_full_name() or user.get_username()} - {organisation.name}")
            for key, (user, organisation) in self.candidates.items()
        ]

    def chosen(self) -> tuple[Any, Any]:
        return self.candidates[self.cleaned_data["respondent"]]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Framework file (JSON or XLSX)"))
    replace = forms.BooleanField(label=_("Replace this version if it exists and no round uses it"), required=False)


class SheetForm(forms.Form):
    """All questions of a round on one page: an answer, a comment and evidence each.

    With ``versions`` (the team's agreed answers) each question carries the version it showed,
    so an answer someone else changed meanwhile is not overwritten.
    """

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        answers: dict[int, AnswerFields],
        versions: dict[int, int] | None = None,
        suggested: set[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.versions = versions
        # Questions whose initial answer is only a suggestion: submitting it as it is saves it.
        self.suggested = suggested or set()
        for question in self.questions:
            answer = answers.get(question.pk)
            name = f"q{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                choices = [(NO_ANSWER, _("No answer yet"))] + [
                    (str(option.pk), f"{option.label} ({option.score})") for option in question.options.all()
                ]
                self.fields[name] = forms.ChoiceField(
                    label=question.text, choices=choices, required=False, widget=forms.RadioSelect
                )
                self.initial[name] = str(answer.option_id) if answer is not None and answer.option_id else NO_ANSWER
            else:
                unit = question.unit_label
                self.fields[name] = forms.FloatField(
                    label=f"{question.text} ({unit})" if unit else question.text, required=False, localize=True
                )
                self.initial[name] = answer.number if answer is not None else None
            self.fields[name].help_text = question.help_text
            self.fields[f"c{question.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"e{question.pk}"] = forms.CharField(
                label=_("Evidence"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.initial[f"c{question.pk}"] = answer.comment if answer is not None else ""
            self.initial[f"e{question.pk}"] = answer.evidence if answer is not None else ""
            if versions is not None:
                self.fields[f"v{question.pk}"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
                self.initial[f"v{question.pk}"] = versions.get(question.pk, 0)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "question": question,
                "answer": self[f"q{question.pk}"],
                "comment": self[f"c{question.pk}"],
                "evidence": self[f"e{question.pk}"],
                "version": self[f"v{question.pk}"] if self.versions is not None else None,
            }
            for question in self.questions
        ]

    def changed_values(self) -> list[dict[str, Any]]:
        """The questions whose fields changed, with the chosen option (or number), comment and evidence."""
        changed = set(self.changed_data)
        values = []
        for question in self.questions:
            keys = {f"q{question.pk}", f"c{question.pk}", f"e{question.pk}"}
            if not keys & changed and question.pk not in self.suggested:
                continue
            raw = self.cleaned_data.get(f"q{question.pk}")
            option = None
            number = None
            if question.kind == QuestionKind.CHOICE:
                if raw:
                    option = next((o for o in question.options.all() if str(o.pk) == raw), None)
            else:
                number = raw
            values.append(
                {
                    "question": question,
                    "option": option,
                    "number": number,
                    "comment": self.cleaned_data.get(f"c{question.pk}", ""),
                    "evidence": self.cleaned_data.get(f"e{question.pk}", ""),
                    "version": self.cleaned_data.get(f"v{question.pk}") if self.versions is not None else None,
                }
            )
        return values


class ChallengeForm(VersionedForm):
    class Meta:
        model = Challenge
        fields = [
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
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "affected_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
        rounds = Round.objects.filter(city=city).select_related("framework")
        _choices(self, "source_round").queryset = rounds
        _choices(self, "indicator").queryset = (
            Indicator.objects.filter(area__framework__rounds__city=city)
            .filter(Q(city__isnull=True) | Q(city=city))
            .distinct()
            .select_related("area")
        )
        _choices(self, "affected_groups").queryset = TargetGroup.objects.all()


class EurostatForm(forms.Form):
    file = forms.FileField(label=_("Eurostat TSV file (.tsv or .tsv.gz)"))
    dataset = forms.SlugField(
        label=_("Dataset code"), required=False, help_text=_("Taken from the file name when left empty.")
    )


class FiguresForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns: indicator, place (country code or city), year, value, flags."),
    )


class FigureForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StatValue
        fields = ["indicator", "city", "year", "value", "flags"]

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "city").queryset = cities
        self.fields["city"].required = True

    def clean_flags(self) -> str:
        flags = self.cleaned_data.get("flags", "").strip()
        if flags and not set(flags) <= set("bcdefnprsuz"):
            raise forms.ValidationError(_("Use Eurostat's flag letters only (b, c, d, e, f, n, p, r, s, u, z)."))
        return flags

    def validate_unique(self) -> None:
        # A figure for the same indicator, city and year replaces the old one (see the view).
        return None


# ---------------------------------------------------------------- evidence


class _Attendance(forms.Form):
    """A count per attendee category (the form's ``participants``)."""

    def add_counts(self, initial: dict[str, int] | None = None) -> None:
        for value, label in AttendeeCategory.choices:
            self.fields[f"n_{value}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100000, required=False, initial=(initial or {}).get(value)
            )

    def counts(self) -> dict[str, int]:
        return {
            value: self.cleaned_data[f"n_{value}"]
            for value, _label in AttendeeCategory.choices
            if self.cleaned_data.get(f"n_{value}")
        }


class FocusGroupForm(_Attendance, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FocusGroup
        fields = ["held", "theme", "notes", "quotes"]
        widgets = {
            "held": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "quotes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_counts()


class CityWalkForm(_Attendance, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CityWalk
        fields = ["kind", "held", "route", "notes"]
        widgets = {
            "held": forms.DateInput(attrs={"type": "date"}),
            "route": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_counts()


class WalkPointForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = WalkPoint
        fields = ["walk", "place", "note", "photo"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, walks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "walk").queryset = walks

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if not photo:
            return photo
        stored, _latitude, _longitude = clean_photo(photo)  # a walk's photo never keeps its position
        return stored


class PhotovoiceForm(forms.ModelForm):  # type: ignore[type-arg]
    consent = forms.BooleanField(
        label=_(
            "The author agreed that this photo and caption may be used for the audit and shown as chosen "
            "below, and knows they can withdraw at any time."
        )
    )

    class Meta:
        model = Photovoice
        fields = ["photo", "caption", "prompt", "language", "author", "keep_location", "visibility"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        photo = data.get("photo")
        if photo:
            try:
                data["photo"], self.latitude, self.longitude = clean_photo(photo, bool(data.get("keep_location")))
            except forms.ValidationError as error:
                self.add_error("photo", error)
        return data


class DeskResearchForm(forms.Form):
    resource = forms.CharField(
        label=_("Library resource"),
        max_length=300,
        help_text=_("The address of a published resource in the library, or its short name."),
    )

    def clean_resource(self) -> Any:
        from library.models import Resource

        text = self.cleaned_data["resource"].strip().rstrip("/")
        slug = text.rsplit("/", 1)[-1]
        resource = Resource.objects.published().filter(slug=slug).first()
        if resource is None:
            raise forms.ValidationError(_("No published library resource has that address."))
        return resource
