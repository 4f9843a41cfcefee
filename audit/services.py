"""Changing an audit: open a round, invite, answer, agree, freeze - each checked and logged.

Every function takes the acting user first and raises ``PermissionDenied`` when they may not,
``RoundFrozen`` when the round no longer changes, and ``AnswerInvalid`` for an answer that does
not fit its question; nothing is saved in those cases.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import permissions, scoring
from audit.models import AgreedAnswer, Answer, Framework, Option, Question, QuestionKind, Respondent, Round, RoundStatus
from network.audit import log_action, snapshot
from network.models import City, Organisation
from network.services import update_logged


class RoundFrozen(Exception):
    pass


class AnswerInvalid(ValueError):
    pass


class StaleAnswer(Exception):
    """Someone else changed the agreed answer since the form was opened."""


def _allowed(check: bool) -> None:
    if not check:
        raise PermissionDenied


def _open(assessment: Round) -> None:
    if assessment.is_frozen:
        raise RoundFrozen(_("This round is submitted and frozen; it can no longer be changed."))


def open_round(user: Any, city: City, framework: Framework, year: int, title: str) -> Round:
    _allowed(permissions.can_open_round(user, city))
    if Round.objects.filter(city=city, framework=framework, year=year).exists():
        raise AnswerInvalid(_("This city already has a round on this framework for %(year)s.") % {"year": year})
    assessment = Round.objects.create(
        city=city,
        framework=framework,
        year=year,
        title=title.strip(),
        opened_by=user if user.is_authenticated else None,
    )
    log_action(user, "audit.round_opened", assessment, {"framework": str(framework), "year": year})
    return assessment


def invite(user: Any, assessment: Round, invitee: Any, organisation: Organisation) -> Respondent:
    _allowed(permissions.can_manage(user, assessment))
    _open(assessment)
    allowed = {(u.pk, o.pk) for u, o in permissions.invitable(assessment.city)}
    if (invitee.pk, organisation.pk) not in allowed:
        raise AnswerInvalid(_("Only members of the city's stakeholder group can be invited."))
    respondent, created = Respondent.objects.get_or_create(
        round=assessment, user=invitee, defaults={"organisation": organisation, "invited_by": user}
    )
    if created:
        log_action(user, "audit.respondent_invited", assessment, {"organisation": organisation.name})
    return respondent


def _answer_values(question: Question, option: Option | None, number: float | None) -> dict[str, Any]:
    if question.kind == QuestionKind.CHOICE:
        if number is not None:
            raise AnswerInvalid(_("This question is answered by choosing an option."))
        if option is not None and option.question_id != question.pk:
            raise AnswerInvalid(_("That option belongs to another question."))
        return {"option": option, "number": None}
    if option is not None:
        raise AnswerInvalid(_("This question is answered with a number."))
    if number is not None and not -1e12 < number < 1e12:
        raise AnswerInvalid(_("Enter a number of a sensible size."))
    return {"option": None, "number": number}


def _in_round(assessment: Round, question: Question) -> None:
    if not assessment.questions().filter(pk=question.pk).exists():
        raise AnswerInvalid(_("That question is not part of this round."))


def save_answer(
    user: Any,
    assessment: Round,
    question: Question,
    option: Option | None = None,
    number: float | None = None,
    comment: str = "",
    evidence: str = "",
) -> Answer | None:
    """A respondent's own answer; an empty one (no option, no number, no text) is withdrawn."""
    respondent = permissions.respondent_of(user, assessment)
    _allowed(respondent is not None)
    _open(assessment)
    _in_round(assessment, question)
    values = _answer_values(question, option, number)
    if values["option"] is None and values["number"] is None and not comment.strip() and not evidence.strip():
        Answer.objects.filter(respondent=respondent, question=question).delete()
        return None
    answer, _created = Answer.objects.update_or_create(
        respondent=respondent,
        question=question,
        defaults={"round": assessment, **values, "comment": comment.strip(), "evidence": evidence.strip()},
    )
    return answer


@transaction.atomic
def save_agreed(
    user: Any,
    assessment: Round,
    question: Question,
    option: Option | None = None,
    number: float | None = None,
    comment: str = "",
    evidence: str = "",
    version: int | None = None,
) -> AgreedAnswer | None:
    """The team's agreed answer. ``version`` is the one the form showed: a newer one is not overwritten."""
    _allowed(permissions.can_manage(user, assessment))
    locked = Round.objects.select_for_update().get(pk=assessment.pk)
    _open(locked)
    _in_round(assessment, question)
    values = _answer_values(question, option, number)
    current = AgreedAnswer.objects.filter(round=assessment, question=question).first()
    if version is not None and (current.version if current else 0) != version:
        raise StaleAnswer(_("Someone else changed this answer meanwhile. Check it and save again."))
    if values["option"] is None and values["number"] is None:
        if current is not None:
            current.delete()
            log_action(user, "audit.answer_cleared", assessment, {"question": question.code})
        return None
    fields = {**values, "comment": comment.strip(), "evidence": evidence.strip(), "decided_by": user}
    if current is None:
        try:
            with transaction.atomic():
                agreed = AgreedAnswer.objects.create(round=assessment, question=question, **fields)
        except IntegrityError as error:
            raise StaleAnswer(_("Someone else changed this answer meanwhile. Check it and save again.")) from error
    else:
        updated = AgreedAnswer.objects.filter(pk=current.pk, version=current.version).update(
            **fields, version=F("version") + 1, updated=timezone.now()
        )
        if not updated:
            raise StaleAnswer(_("Someone else changed this answer meanwhile. Check it and save again."))
        agreed = AgreedAnswer.objects.get(pk=current.pk)
    log_action(user, "audit.answer_agreed", assessment, {"question": question.code, "answer": agreed.display()})
    return agreed


def freeze(user: Any, assessment: Round) -> Round:
    """Submit the round: from now on nothing in it changes."""
    _allowed(permissions.can_manage(user, assessment))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=assessment.pk)
        profile = scoring.profile_of(scoring.round_scores(locked)) if not locked.is_frozen else {}
        updated = Round.objects.filter(pk=assessment.pk, status=RoundStatus.OPEN).update(
            status=RoundStatus.FROZEN, frozen_at=timezone.now(), version=F("version") + 1, profile=profile
        )
    if not updated:
        raise RoundFrozen(_("This round is submitted and frozen; it can no longer be changed."))
    assessment.refresh_from_db()
    log_action(user, "audit.round_frozen", assessment, {})
    return assessment


def can_edit_challenges(user: Any, city: City) -> bool:
    return permissions.can_open_round(user, city)


@transaction.atomic
def create_challenge(user: Any, city: City, save: Any) -> Any:
    """``save`` stores the validated challenge (a form's save) and returns it."""
    _allowed(can_edit_challenges(user, city))
    challenge = save()
    log_action(user, "audit.challenge.created", challenge, snapshot(challenge))
    return challenge


@transaction.atomic
def update_challenge(user: Any, challenge: Any, expected_version: int, form_save: Any) -> Any:
    _allowed(can_edit_challenges(user, challenge.city))
    return update_logged(user, challenge, expected_version, form_save)


def suggested_challenges(assessment: Round, below: float = 50.0, limit: int = 5) -> list[dict[str, Any]]:
    """The round's weakest indicators (scored under ``below``), weakest first, not yet in the register."""
    taken = set(assessment.city.challenges.exclude(indicator=None).values_list("indicator_id", flat=True))
    weak = []
    for area in scoring.round_scores(assessment).children:
        for level in area.children:
            if level.score is not None and level.score < below and level.item.pk not in taken:
                weak.append({"indicator": level.item, "area": area.item, "score": level.score})
    weak.sort(key=lambda item: item["score"])
    return weak[:limit]
