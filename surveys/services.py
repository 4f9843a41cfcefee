"""Questionnaires: who may build them, answering through a link, and results that single no one out.

Results are counts per answer with every cell under ``MIN_CELL`` (5) suppressed. When a single
cell of a one-choice question is suppressed, the next smallest is suppressed too, so it cannot be
worked out from the total. A scale's mean is shown only with at least ``MIN_CELL`` answers. Free
text is shown to the owning team only, never in public results or exports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.audit import log_action
from network.permissions import is_city_team
from surveys.models import QuestionType, Survey, SurveyAnswer, SurveyLink, SurveyQuestion, SurveyResponse, SurveyStatus

MIN_CELL = 5


class SurveyClosed(Exception):
    pass


class LinkUsed(Exception):
    pass


def can_manage(user: Any, survey: Survey) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or is_city_team(user, survey.city)))


def require_manager(user: Any, survey: Survey) -> None:
    if not can_manage(user, survey):
        raise PermissionDenied


def set_status(user: Any, survey: Survey, status: str) -> None:
    require_manager(user, survey)
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise ValueError(_("Add at least one question before opening the questionnaire."))
    survey.status = status
    survey.save(update_fields=["status"])
    log_action(user, f"surveys.{status}", survey, {})


@transaction.atomic
def submit(link: SurveyLink, language: str, values: dict[int, dict[str, Any]]) -> SurveyResponse:
    """Store one anonymous response; ``values`` maps question id to its choices, number or text."""
    survey = link.survey
    if survey.status != SurveyStatus.OPEN:
        raise SurveyClosed
    if link.single_use and link.responses.exists():
        raise LinkUsed
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, link=link, language=language, submitted_on=timezone.localdate(), single=link.single_use
            )
    except IntegrityError:
        raise LinkUsed from None
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question_id=question_id, **value)
        for question_id, value in values.items()
        if value.get("choices") or value.get("number") is not None or value.get("text")
    )
    return response


@dataclass
class Cell:
    label: str
    count: int | None  # None: suppressed (fewer than MIN_CELL, or hidden so it cannot be derived)


@dataclass
class QuestionResult:
    question: SurveyQuestion
    text: str
    answered: int
    cells: list[Cell] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return any(cell.count is None for cell in self.cells)


def _suppress(counts: list[tuple[str, int]], exclusive: bool) -> list[Cell]:
    cells = [Cell(label, count if count >= MIN_CELL or count == 0 else None) for label, count in counts]
    hidden = [i for i, cell in enumerate(cells) if cell.count is None]
    if exclusive and len(hidden) == 1:
        # One hidden cell could be worked out from the total: hide the next smallest too.
        shown = sorted((count, i) for i, (_label, count) in enumerate(counts) if i not in hidden and count > 0)
        if shown:
            cells[shown[0][1]].count = None
    return cells


def results(survey: Survey, language: str, with_texts: bool = False) -> tuple[int, list[QuestionResult]]:
    responses = survey.responses.count()
    answers: dict[int, list[SurveyAnswer]] = {}
    for answer in SurveyAnswer.objects.filter(response__survey=survey):
        answers.setdefault(answer.question_id, []).append(answer)
    out = []
    for question in survey.questions.all():
        given = answers.get(question.pk, [])
        result = QuestionResult(question=question, text=question.text(language), answered=len(given))
        if question.kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            counted = Counter(code for answer in given for code in answer.choices)
            counts = [(label, counted[code]) for code, label in question.choices(language)]
            result.cells = _suppress(counts, exclusive=question.kind == QuestionType.SINGLE)
        elif question.kind == QuestionType.SCALE:
            numbers = [answer.number for answer in given if answer.number is not None]
            counted = Counter(numbers)
            result.cells = _suppress([(str(value), counted[value]) for value in question.scale()], exclusive=True)
            if len(numbers) >= MIN_CELL:
                result.mean = round(sum(numbers) / len(numbers), 2)
        elif with_texts:
            result.texts = [answer.text for answer in given if answer.text]
        out.append(result)
    return responses, out
