from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agenda.models import (
    Agenda,
    AgendaStatus,
    Driver,
    Goal,
    IndicatorSource,
    Lab,
    LabGoal,
    Measure,
    MeasureIndicator,
    MeasureStatus,
    Milestone,
    Proposal,
    Scenario,
    SwotItem,
)
from audit.forms import _Attendance as Attendance
from audit.models import Challenge, Indicator, StatIndicator
from lib.widgets import speed_up_selects
from library.uploads import check_upload, safe_name
from network.forms import VersionedForm
from network.models import Area, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def in_order(form: forms.BaseForm, first: str, last: str, message: Any) -> dict[str, Any]:
    """The form's cleaned data, with ``message`` on ``last`` when it comes before ``first``."""
    cleaned = form.cleaned_data
    start, end = cleaned.get(first), cleaned.get(last)
    if start is not None and end is not None and end < start:
        form.add_error(last, message)
    return cleaned


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class LabForm(Attendance, VersionedForm):
    class Meta:
        model = Lab
        fields = ["title", "start", "end", "place", "horizon_years", "notes"]
        widgets = {"start": DATE, "end": DATE, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
        self.add_counts(self.instance.participants)

    def clean(self) -> dict[str, Any]:
        super().clean()
        return in_order(self, "start", "end", _("The last day cannot come before the first."))

    def save(self, commit: bool = True) -> Lab:
        self.instance.participants = self.counts()
        return super().save(commit)


class DriverForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Driver
        fields = ["name", "description", "impact", "uncertainty"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ScenarioForm(forms.ModelForm):  # type: ignore[type-arg]
    """A scenario with the state of each driver and its implications per area, on one page."""

    class Meta:
        model = Scenario
        fields = ["name", "narrative", "likelihood"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drivers = list(lab.drivers.all())
        self.areas = list(Area.objects.all())
        states = {s.driver_id: s.state for s in self.instance.states.all()} if self.instance.pk else {}
        texts = {i.area_id: i.text for i in self.instance.implications.all()} if self.instance.pk else {}
        for driver in self.drivers:
            self.fields[f"driver_{driver.pk}"] = forms.CharField(
                label=_("State of “%(driver)s”") % {"driver": driver.name},
                max_length=300,
                required=False,
                initial=states.get(driver.pk, ""),
            )
        for area in self.areas:
            self.fields[f"area_{area.pk}"] = forms.CharField(
                label=_("Implications for %(area)s") % {"area": area.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=texts.get(area.pk, ""),
            )

    def driver_states(self) -> dict[int, str]:
        return {d.pk: self.cleaned_data[f"driver_{d.pk}"].strip() for d in self.drivers}

    def implications(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data[f"area_{a.pk}"].strip() for a in self.areas}


class SwotForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SwotItem
        fields = ["kind", "area", "text"]


class LabGoalForm(forms.ModelForm):  # type: ignore[type-arg]
    new_challenge = forms.CharField(
        label=_("A new future challenge"),
        max_length=200,
        required=False,
        help_text=_("Added to the challenge register as a future challenge found in the lab."),
    )

    class Meta:
        model = LabGoal
        fields = ["title", "description", "challenges"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "challenges": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "challenges", Challenge.objects.filter(city=lab.city))


class ProposalForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Proposal
        fields = ["title", "description", "area", "lead", "resources_needed"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resources_needed": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "lead", Organisation.objects.filter(city=lab.city))


class AgendaForm(VersionedForm):
    class Meta:
        model = Agenda
        fields = ["title", "summary", "start_year", "end_year", "first_report", "report_every_months"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "first_report": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
            self.fields["start_year"].initial = date.today().year
            self.fields["end_year"].initial = date.today().year + 4

    def clean(self) -> dict[str, Any]:
        super().clean()
        return in_order(self, "start_year", "end_year", _("The period cannot end before it starts."))


class DraftFromLabForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    start_year = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)

    def clean(self) -> dict[str, Any]:
        super().clean()
        return in_order(self, "start_year", "end_year", _("The period cannot end before it starts."))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgendaStatus.choices)
    adopted_on = forms.DateField(label=_("Adopted on"), required=False, widget=DATE)
    adopted_by = forms.CharField(label=_("Adopted by"), max_length=200, required=False)

    def __init__(self, *args: Any, allowed: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in AgendaStatus.choices if value in allowed]


class GoalForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Goal
        fields = ["title", "description", "challenges"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "challenges": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, agenda: Agenda, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "challenges", Challenge.objects.filter(city=agenda.city))


class MeasureForm(VersionedForm):
    class Meta:
        model = Measure
        fields = [
            "title",
            "goal",
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
            "challenges",
            "scenarios",
            "internal_notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "start": DATE,
            "end": DATE,
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "challenges": forms.CheckboxSelectMultiple,
            "scenarios": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, agenda: Agenda, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
        city = agenda.city
        organisations = Organisation.objects.filter(Q(city=city) | Q(memberships__network__city=city)).distinct()
        _queryset(self, "goal", agenda.goals.all())
        _queryset(self, "lead", organisations)
        _queryset(self, "partners", organisations)
        _queryset(self, "challenges", Challenge.objects.filter(city=city))
        _queryset(self, "scenarios", Scenario.objects.filter(lab__city=city).select_related("lab"))
        speed_up_selects(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        return in_order(self, "start", "end", _("A measure cannot end before it starts."))


class MilestoneForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Milestone
        fields = ["title", "due", "reached"]
        widgets = {"due": DATE, "reached": DATE}


class IndicatorForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MeasureIndicator
        fields = [
            "source",
            "framework_indicator",
            "statistic",
            "name",
            "value_type",
            "unit",
            "baseline",
            "baseline_year",
            "target",
            "target_year",
        ]

    def __init__(self, *args: Any, agenda: Agenda, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = agenda.city
        _queryset(
            self,
            "framework_indicator",
            Indicator.objects.filter(Q(city__isnull=True) | Q(city=city))
            .filter(area__framework__is_current=True)
            .select_related("area__framework"),
        )
        _queryset(self, "statistic", StatIndicator.objects.all())
        speed_up_selects(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        source = cleaned.get("source")
        if source != IndicatorSource.FRAMEWORK:
            cleaned["framework_indicator"] = None
        if source != IndicatorSource.STATISTIC:
            cleaned["statistic"] = None
        return cleaned


class UpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    percent_done = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    narrative = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    internal_note = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("For the city team only; never shown on the public page."),
    )
    measured_on = forms.DateField(label=_("Values measured on"), required=False, widget=DATE)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure_indicators = list(measure.indicators.select_related("framework_indicator", "statistic"))
        for indicator in self.measure_indicators:
            unit = f" ({indicator.unit})" if indicator.unit else ""
            self.fields[f"value_{indicator.pk}"] = forms.FloatField(
                label=_("New value of “%(indicator)s”") % {"indicator": indicator.label} + unit,
                required=False,
                help_text=indicator.get_value_type_display(),
            )
        if not self.is_bound:
            self.initial.update(status=measure.status, percent_done=measure.percent_done)

    def clean(self) -> dict[str, Any]:
        from agenda.models import check_value

        cleaned = super().clean() or {}
        has_values = False
        for indicator in self.measure_indicators:
            value = cleaned.get(f"value_{indicator.pk}")
            if value is None:
                continue
            has_values = True
            try:
                check_value(indicator.value_type, value)
            except ValidationError as error:
                self.add_error(f"value_{indicator.pk}", error)
        if has_values and not cleaned.get("measured_on"):
            self.add_error("measured_on", _("Give the date the new values were measured."))
        return cleaned

    def readings(self) -> list[Any]:
        from agenda.services import Reading

        day = self.cleaned_data.get("measured_on") or date.today()
        return [
            Reading(indicator, self.cleaned_data[f"value_{indicator.pk}"], day)
            for indicator in self.measure_indicators
            if self.cleaned_data.get(f"value_{indicator.pk}") is not None
        ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files, each checked by content as library attachments are; cleans to (file, name, type)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[tuple[Any, str, str]]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        checked = []
        for item in files:
            upload = super().clean(item, initial)
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                raise ValidationError(f"{safe_name(upload.name)}: {' '.join(error.messages)}") from error
        return checked


class UpdateWithEvidenceForm(UpdateForm):
    evidence = EvidenceField(
        label=_("Evidence files"), required=False, help_text=_("PDF, images or office files, checked on upload.")
    )


class AdoptPracticeForm(forms.Form):
    agenda = forms.ModelChoiceField(label=_("Agenda"), queryset=Agenda.objects.none())
    lead = forms.ModelChoiceField(label=_("Lead organisation"), queryset=Organisation.objects.none(), required=False)
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("End"), widget=DATE)
    changes = forms.CharField(
        label=_("How you adapt it"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your city changes: recorded on the practice, so its authors see where it travelled."),
    )

    def __init__(self, *args: Any, agendas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "agenda", agendas)
        _queryset(self, "lead", Organisation.objects.filter(city__agendas__in=agendas).distinct())
        speed_up_selects(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = in_order(self, "start", "end", _("A measure cannot end before it starts."))
        lead, agenda = cleaned.get("lead"), cleaned.get("agenda")
        if lead is not None and agenda is not None and lead.city_id != agenda.city_id:
            self.add_error("lead", _("Choose an organisation of the agenda's city."))
        return cleaned
