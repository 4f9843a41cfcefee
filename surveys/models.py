"""Questionnaires: built by a city team, answered anonymously through links, reported in aggregate.

A questionnaire is written in the languages its team chooses (any of the platform's twelve); each
question keeps its text and options per language. Answers are stored without anything that
identifies a person: no account, no address, no time finer than the day.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.models import City
from network.models.places import pick_language


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("questionnaire", "Draft")
    OPEN = "open", pgettext_lazy("questionnaire", "Open for answers")
    CLOSED = "closed", pgettext_lazy("questionnaire", "Closed")


class QuestionType(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", pgettext_lazy("question kind", "Scale")
    TEXT = "text", _("Free text")


class Survey(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("city"))
    titles = models.JSONField(_("title"), default=dict)
    intros = models.JSONField(_("introduction"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city}

    @property
    def title(self) -> str:
        return pick_language(self.titles, f"#{self.pk}")

    @property
    def intro(self) -> str:
        return pick_language(self.intros or {}, "")

    def text_in(self, field: dict[str, str], language: str) -> str:
        """A text in ``language``, else in the questionnaire's first language."""
        return field.get(language) or next((field[code] for code in self.languages if field.get(code)), "")


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionType.choices)
    texts = models.JSONField(_("question"), default=dict)
    # [{"code": "a", "labels": {"en": "…", "uk": "…"}}, …] for choices
    options = models.JSONField(_("options"), default=list, blank=True)
    scale_min = models.SmallIntegerField(default=1, validators=[MinValueValidator(0), MaxValueValidator(10)])
    scale_max = models.SmallIntegerField(default=5, validators=[MinValueValidator(1), MaxValueValidator(10)])
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return pick_language(self.texts, f"#{self.pk}")

    def text(self, language: str) -> str:
        return self.survey.text_in(self.texts, language)

    def choices(self, language: str) -> list[tuple[str, str]]:
        return [(option["code"], self.survey.text_in(option["labels"], language)) for option in self.options]

    def scale(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


def _token() -> str:
    return secrets.token_urlsafe(16)


class SurveyLink(models.Model):
    """An anonymous link to answer; a single-use link takes one answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=120, help_text=_("Only your team sees it, e.g. “SIG members”."))
    token = models.CharField(max_length=40, unique=True, default=_token)
    single_use = models.BooleanField(_("one answer only"), default=False)
    public = models.BooleanField(
        _("listed as a public consultation"),
        default=False,
        help_text=_("Shown to everyone on the consultations page while the questionnaire is open."),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer link")
        verbose_name_plural = _("answer links")
        ordering = ["survey", "pk"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("surveys:answer", args=[self.token])


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    link = models.ForeignKey(SurveyLink, on_delete=models.SET_NULL, null=True, related_name="responses")
    language = models.CharField(max_length=8)
    submitted_on = models.DateField()
    single = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            # A single-use link's one answer (see services.submit, which checks it first).
            models.UniqueConstraint(fields=["link"], condition=models.Q(single=True), name="surveys_single_use")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question_id}"
