from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from network.models import City
from surveys.models import QuestionType, Survey, SurveyLink, SurveyQuestion

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class SurveyForm(forms.Form):
    city = forms.ModelChoiceField(queryset=City.objects.none(), label=_("City"))
    languages = forms.MultipleChoiceField(
        label=_("Languages of the questionnaire"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The first one chosen is where missing translations fall back to."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("In the first language chosen."))

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = self.fields["city"]
        assert isinstance(city, forms.ModelChoiceField)
        city.queryset = cities


class TextsForm(forms.Form):
    """The title and introduction in each of the questionnaire's languages."""

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        for n, code in enumerate(survey.languages):
            name = LANGUAGE_NAMES.get(code, code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=n == 0,
                initial=survey.titles.get(code, ""),
            )
            self.fields[f"intro_{code}"] = forms.CharField(
                label=_("Introduction (%(language)s)") % {"language": name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=(survey.intros or {}).get(code, ""),
            )

    def values(self) -> tuple[dict[str, str], dict[str, str]]:
        titles = {code: self.cleaned_data[f"title_{code}"].strip() for code in self.survey.languages}
        intros = {code: self.cleaned_data[f"intro_{code}"].strip() for code in self.survey.languages}
        return {k: v for k, v in titles.items() if v}, {k: v for k, v in intros.items() if v}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionType.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    scale_min = forms.IntegerField(label=_("Scale from"), min_value=0, max_value=10, initial=1)
    scale_max = forms.IntegerField(label=_("Scale to"), min_value=1, max_value=10, initial=5)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        for n, code in enumerate(survey.languages):
            name = LANGUAGE_NAMES.get(code, code)
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Question (%(language)s)") % {"language": name}, max_length=500, required=n == 0
            )
            self.fields[f"options_{code}"] = forms.CharField(
                label=_("Options (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("One per line, in the same order in every language. For one or several choices only."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = self.survey.languages[0]
        kind = data.get("kind")
        lines = {
            code: [line.strip() for line in (data.get(f"options_{code}") or "").splitlines() if line.strip()]
            for code in self.survey.languages
        }
        if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if len(lines[first]) < 2:
                self.add_error(f"options_{first}", _("Give at least two options."))
            for code, options in lines.items():
                if options and len(options) != len(lines[first]):
                    self.add_error(
                        f"options_{code}",
                        _("Give the same number of options as in the first language (%(count)d).")
                        % {"count": len(lines[first])},
                    )
        if kind == QuestionType.SCALE and (data.get("scale_min") or 0) >= (data.get("scale_max") or 0):
            self.add_error("scale_max", _("The scale must end above where it starts."))
        self.option_lines = lines
        return data

    def build(self) -> SurveyQuestion:
        data = self.cleaned_data
        first = self.survey.languages[0]
        kind = data["kind"]
        options = []
        if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            for n in range(len(self.option_lines[first])):
                labels = {code: lines[n] for code, lines in self.option_lines.items() if n < len(lines)}
                options.append({"code": f"o{n + 1}", "labels": labels})
        texts = {code: data[f"text_{code}"].strip() for code in self.survey.languages if data.get(f"text_{code}")}
        return SurveyQuestion(
            survey=self.survey,
            kind=kind,
            texts=texts,
            options=options,
            scale_min=data.get("scale_min") or 1,
            scale_max=data.get("scale_max") or 5,
            required=data["required"],
            position=self.survey.questions.count(),
        )


class LinkForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SurveyLink
        fields = ["label", "single_use", "public"]


class AnswerForm(forms.Form):
    """The public questionnaire in one language; ``website`` is a trap only robots fill in."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, survey: Survey, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        for question in self.questions:
            name = f"q{question.pk}"
            label = question.text(language)
            if question.kind == QuestionType.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=question.choices(language),
                    widget=forms.RadioSelect,
                    required=question.required,
                )
            elif question.kind == QuestionType.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    choices=question.choices(language),
                    widget=forms.CheckboxSelectMultiple,
                    required=question.required,
                )
            elif question.kind == QuestionType.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    choices=[(str(v), str(v)) for v in question.scale()],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=question.required,
                    empty_value=None,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=label, required=question.required, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
                )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be sent."))
        return ""

    def values(self) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == QuestionType.SINGLE:
                out[question.pk] = {"choices": [value] if value else []}
            elif question.kind == QuestionType.MULTIPLE:
                out[question.pk] = {"choices": list(value or [])}
            elif question.kind == QuestionType.SCALE:
                out[question.pk] = {"number": value}
            else:
                out[question.pk] = {"text": (value or "").strip()}
        return out
