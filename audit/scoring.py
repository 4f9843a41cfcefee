"""Scores of a round: agreed answers roll up by weighted means to indicator, area and total.

A question without an agreed answer is left out - never counted as zero - and shows as lower
coverage. Each level keeps how many of its questions were answered, so a score is always read
with its coverage. Respondents' own answers do not score; their spread per question is kept to
show where the group disagreed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from audit.models import AgreedAnswer, Answer, FrameworkArea, Indicator, Question, QuestionKind, Round


def weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """Mean of the known values by weight; ``None`` when no value is known."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        if value is not None:
            total += value * weight
            weight_sum += weight
    return round(total / weight_sum, 2) if weight_sum else None


@dataclass
class QuestionResult:
    question: Question
    agreed: AgreedAnswer | None
    score: float | None
    # What the respondents answered: their scores, and how many gave each answer (label, count).
    answer_scores: list[float] = field(default_factory=list)
    tally: list[tuple[str, int]] = field(default_factory=list)

    @property
    def respondents(self) -> int:
        return sum(count for _label, count in self.tally)

    @property
    def spread(self) -> float | None:
        """Highest minus lowest respondent score: 0 when all agree, ``None`` with fewer than two answers."""
        scores = self.answer_scores
        return round(max(scores) - min(scores), 2) if len(scores) > 1 else None

    @property
    def disputed(self) -> bool:
        return (self.spread or 0) >= 50


@dataclass
class Level:
    """An indicator, an area or the whole round."""

    item: Any
    score: float | None
    answered: int
    total: int
    children: list[Any] = field(default_factory=list)
    before: float | None = None  # the same level's score in an earlier round, when compared

    @property
    def coverage(self) -> float:
        return round(100.0 * self.answered / self.total, 1) if self.total else 0.0


def round_scores(assessment: Round) -> Level:
    questions = list(assessment.questions())
    agreed = {a.question_id: a for a in AgreedAnswer.objects.filter(round=assessment).select_related("option")}
    # Respondents' answers are read as plain values: a round of 200 questions and 30 respondents
    # has 6,000 of them, and model instances cost most of the page.
    given: dict[int, list[tuple[int | None, float | None]]] = defaultdict(list)
    for question_id, option_id, number in Answer.objects.filter(round=assessment).values_list(
        "question_id", "option_id", "number"
    ):
        given[question_id].append((option_id, number))
    by_indicator: dict[int, list[QuestionResult]] = defaultdict(list)
    indicators: dict[int, Indicator] = {}
    areas: dict[int, FrameworkArea] = {}
    for question in questions:
        answer = agreed.get(question.pk)
        scores, tally = respondents(question, given.get(question.pk, []))
        result = QuestionResult(
            question=question,
            agreed=answer,
            score=answer.score(question) if answer is not None else None,
            answer_scores=scores,
            tally=tally,
        )
        by_indicator[question.indicator_id].append(result)
        indicators[question.indicator_id] = question.indicator
        areas[question.indicator.area_id] = question.indicator.area
    by_area: dict[int, list[Level]] = defaultdict(list)
    for indicator_id, results in by_indicator.items():
        indicator = indicators[indicator_id]
        by_area[indicator.area_id].append(
            Level(
                item=indicator,
                score=weighted_mean((r.score, r.question.weight) for r in results),
                answered=sum(r.score is not None for r in results),
                total=len(results),
                children=results,
            )
        )
    area_levels = [
        Level(
            item=areas[area_id],
            score=weighted_mean((level.score, level.item.weight) for level in levels),
            answered=sum(level.answered for level in levels),
            total=sum(level.total for level in levels),
            children=levels,
        )
        for area_id, levels in by_area.items()
    ]
    return Level(
        item=assessment,
        score=weighted_mean((level.score, level.item.weight) for level in area_levels),
        answered=sum(level.answered for level in area_levels),
        total=sum(level.total for level in area_levels),
        children=area_levels,
    )


def area_profile(assessment: Round) -> dict[str, float | None]:
    """Area code → score: the round's profile, for comparisons."""
    return dict(profile(assessment)["areas"])


def respondents(
    question: Question, given: list[tuple[int | None, float | None]]
) -> tuple[list[float], list[tuple[str, int]]]:
    """Respondents' scores and the tally of their answers, in option order (numbers as given)."""
    if question.kind == QuestionKind.NUMBER:
        numbers = sorted(number for _option, number in given if number is not None)
        return [question.score_number(n) for n in numbers], [(f"{n:g}", c) for n, c in Counter(numbers).items()]
    options = {option.pk: option for option in question.options.all()}
    counts = Counter(option_id for option_id, _number in given if option_id in options)
    scores = [float(options[option_id].score) for option_id, _n in given if option_id in options]
    tally = [(option.label, counts[option.pk]) for option in options.values() if counts[option.pk]]
    return scores, tally


def profile_of(level: Level) -> dict[str, Any]:
    """What comparisons need of a round: total, coverage and each area's score by code."""
    return {
        "total": level.score,
        "answered": level.answered,
        "questions": level.total,
        "areas": {area.item.code: area.score for area in level.children},
    }


def profile(assessment: Round) -> dict[str, Any]:
    """The stored profile of a frozen round, or one computed now for an open round."""
    if assessment.is_frozen and assessment.profile:
        return assessment.profile
    return profile_of(round_scores(assessment))
