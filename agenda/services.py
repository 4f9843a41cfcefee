"""Changing labs and agendas: every operation checked, atomic and logged (``agenda.<model>.<verb>``).

Views, the API and management commands call these. They raise ``PermissionDenied`` when the user
may not, ``AgendaArchived`` for a change to an archived agenda, and ``PlanInvalid`` for a change
that breaks a rule of the plan; nothing is saved in those cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.models import (
    Agenda,
    AgendaStatus,
    Goal,
    IndicatorValue,
    Lab,
    Measure,
    MeasureIndicator,
    MeasureStatus,
    ProgressUpdate,
    Reminder,
    UpdateEvidence,
    check_value,
)
from library.models import Adaptation, Kind, Resource, ResourceText, Stage
from network.audit import log_action, snapshot
from network.models import City, Organisation
from network.services import update_logged

# The next status an agenda may take from each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    AgendaStatus.DRAFT: (AgendaStatus.CONSULTED, AgendaStatus.ADOPTED),
    AgendaStatus.CONSULTED: (AgendaStatus.DRAFT, AgendaStatus.ADOPTED),
    AgendaStatus.ADOPTED: (AgendaStatus.ARCHIVED,),
    AgendaStatus.ARCHIVED: (),
}
REMINDER_DAYS = 7


class AgendaArchived(Exception):
    pass


class PlanInvalid(ValueError):
    pass


def _allowed(check: bool) -> None:
    if not check:
        raise PermissionDenied


def _not_archived(agenda: Agenda) -> None:
    if agenda.is_archived:
        raise AgendaArchived(_("This agenda is archived; it can no longer be changed."))


# ---------------------------------------------------------------- creating and editing


@transaction.atomic
def create(user: Any, city: City, save: Callable[[], Any]) -> Any:
    """Store a new lab, agenda or one of their parts (``save`` is a form's save) and log it."""
    _allowed(permissions.can_plan(user, city))
    instance = save()
    log_action(user, f"agenda.{instance._meta.model_name}.created", instance, snapshot(instance))
    return instance


@transaction.atomic
def edit(user: Any, city: City, save: Callable[[], Any], agenda: Agenda | None = None) -> Any:
    """Save an edit of an unversioned part (a scenario, a milestone) and log it."""
    _allowed(permissions.can_plan(user, city))
    if agenda is not None:
        _not_archived(agenda)
    instance = save()
    log_action(user, f"agenda.{instance._meta.model_name}.changed", instance, snapshot(instance))
    return instance


def create_in(user: Any, agenda: Agenda, save: Callable[[], Any]) -> Any:
    """As ``create``, for a part of an agenda: refused once the agenda is archived."""
    _not_archived(agenda)
    return create(user, agenda.city, save)


@transaction.atomic
def update(user: Any, instance: Any, city: City, expected_version: int, form_save: Callable[[], Any]) -> Any:
    """Save a versioned edit of a lab, agenda or measure; a stale version raises ``StaleEdit``."""
    _allowed(permissions.can_plan(user, city))
    agenda = instance if isinstance(instance, Agenda) else getattr(instance, "agenda", None)
    if agenda is not None:
        _not_archived(agenda)
    return update_logged(user, instance, expected_version, form_save, app="agenda")


@transaction.atomic
def delete(user: Any, instance: Any, city: City, agenda: Agenda | None = None) -> None:
    """Remove a part of a lab or an agenda (``agenda``: the agenda it belongs to, if any)."""
    _allowed(permissions.can_plan(user, city))
    if agenda is not None:
        _not_archived(agenda)
    log_action(user, f"agenda.{instance._meta.model_name}.deleted", instance, snapshot(instance))
    instance.delete()


# ---------------------------------------------------------------- agenda life


@transaction.atomic
def draft_agenda(user: Any, lab: Lab, title: str, start_year: int, end_year: int) -> Agenda:
    """A draft agenda made from a lab: its goals, and a measure for each proposal, ready to complete."""
    _allowed(permissions.can_plan(user, lab.city))
    if end_year < start_year:
        raise PlanInvalid(_("The period cannot end before it starts."))
    agenda = Agenda.objects.create(
        city=lab.city, title=title, start_year=start_year, end_year=end_year, lab=lab, created_by=user
    )
    for position, lab_goal in enumerate(lab.goals.prefetch_related("challenges", "proposals")):
        goal = Goal.objects.create(
            agenda=agenda, title=lab_goal.title, description=lab_goal.description, position=position
        )
        goal.challenges.set(lab_goal.challenges.all())
        for proposal in lab_goal.proposals.all():
            measure = Measure.objects.create(
                agenda=agenda,
                goal=goal,
                title=proposal.title,
                description=proposal.description,
                area=proposal.area,
                lead=proposal.lead,
                internal_notes=proposal.resources_needed,
                start=date(start_year, 1, 1),
                end=date(end_year, 12, 31),
                proposal=proposal,
            )
            measure.challenges.set(lab_goal.challenges.all())
    log_action(user, "agenda.agenda.drafted", agenda, {"lab": lab.pk, "goals": agenda.goals.count()})
    return agenda


@transaction.atomic
def set_status(user: Any, agenda: Agenda, status: str, adopted_on: date | None = None, adopted_by: str = "") -> Agenda:
    """Move the agenda along its life (``TRANSITIONS``); ``agenda`` itself is updated too."""
    _allowed(permissions.can_plan(user, agenda.city))
    locked = Agenda.objects.select_for_update().get(pk=agenda.pk)
    if status not in TRANSITIONS[locked.status]:
        raise PlanInvalid(
            _("An agenda that is %(now)s cannot become %(next)s.")
            % {"now": locked.get_status_display(), "next": AgendaStatus(status).label}
        )
    if status == AgendaStatus.ADOPTED:
        _check_adoptable(locked, adopted_on)
        locked.adopted_on, locked.adopted_by = adopted_on, adopted_by.strip()
    before = locked.status
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "adopted_on", "adopted_by", "version"])
    log_action(user, "agenda.agenda.status_changed", locked, {"status": [before, status]})
    agenda.status, agenda.adopted_on, agenda.adopted_by, agenda.version = (
        locked.status,
        locked.adopted_on,
        locked.adopted_by,
        locked.version,
    )
    return agenda


def _check_adoptable(agenda: Agenda, adopted_on: date | None) -> None:
    if adopted_on is None:
        raise PlanInvalid(_("Give the date the agenda was adopted."))
    if adopted_on > timezone.localdate():
        raise PlanInvalid(_("The adoption date cannot be in the future."))
    if agenda.first_report is None:
        raise PlanInvalid(_("Set the first reporting date before adoption: owners are reminded before each one."))
    leaderless = list(agenda.measures.filter(lead=None).values_list("title", flat=True)[:3])
    if leaderless:
        raise PlanInvalid(
            _("Every measure needs a lead organisation before adoption. Missing for: %(titles)s")
            % {"titles": "; ".join(leaderless)}
        )


# ---------------------------------------------------------------- monitoring


@dataclass
class Reading:
    """A new value of one of the measure's indicators, sent with an update."""

    indicator: MeasureIndicator
    value: float
    measured_on: date


@transaction.atomic
def post_update(
    user: Any,
    measure: Measure,
    *,
    status: str,
    percent_done: int,
    narrative: str,
    internal_note: str = "",
    readings: Sequence[Reading] = (),
    files: Iterable[tuple[Any, str, str]] = (),
) -> ProgressUpdate:
    """Append a progress update; the measure then shows it (the latest update wins, none is lost)."""
    _allowed(permissions.can_update(user, measure))
    _not_archived(measure.agenda)
    if measure.agenda.status != AgendaStatus.ADOPTED:
        raise PlanInvalid(_("Progress is reported once the agenda is adopted."))
    if status not in MeasureStatus.values:
        raise PlanInvalid(_("Choose a status."))
    if not 0 <= percent_done <= 100:
        raise PlanInvalid(_("Percent done must be between 0 and 100."))
    if status == MeasureStatus.DONE:
        percent_done = 100
    for reading in readings:
        if reading.indicator.measure_id != measure.pk:
            raise PermissionDenied
        try:
            check_value(reading.indicator.value_type, reading.value)
        except ValidationError as error:
            raise PlanInvalid(f"{reading.indicator.label}: {' '.join(error.messages)}") from error
    update = ProgressUpdate.objects.create(
        measure=measure,
        author=user,
        organisation=measure.lead if permissions.leads(user, measure) else None,
        status=status,
        percent_done=percent_done,
        narrative=narrative.strip(),
        internal_note=internal_note.strip(),
    )
    for stored, name, content_type in files:
        UpdateEvidence.objects.create(
            update=update, file=stored, name=name, content_type=content_type, size=stored.size
        )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=r.indicator, value=r.value, measured_on=r.measured_on, update=update) for r in readings
    )
    # A plain UPDATE, not a save: an edit form open on the measure stays valid.
    Measure.objects.filter(pk=measure.pk).update(status=status, percent_done=percent_done, last_reported=update.created)
    before = measure.status
    measure.status, measure.percent_done, measure.last_reported = status, percent_done, update.created
    log_action(
        user,
        "agenda.measure.status_changed" if before != status else "agenda.measure.updated",
        measure,
        {"status": [before, status], "percent_done": percent_done, "update": update.pk},
    )
    return update


# ---------------------------------------------------------------- the library


def _practice_text(measure: Measure, language: str) -> ResourceText:
    latest = measure.updates.first()
    indicators = [
        f"- {i.label}: {i.baseline:g} ({i.baseline_year}) → {i.target:g} ({i.target_year})"
        for i in measure.indicators.all()
    ]
    return ResourceText(
        language=language,
        title=measure.title[:200],
        summary=measure.description[:1000],
        body=measure.description,
        context=_("Part of %(agenda)s, %(city)s.") % {"agenda": measure.agenda.title, "city": measure.agenda.city},
        objectives=measure.goal.title if measure.goal else "",
        activities=latest.narrative if latest else "",
        resources=", ".join(
            part
            for part in (
                f"{measure.budget:,.0f} EUR" if measure.budget is not None else "",
                measure.staff,
                measure.funding_source,
            )
            if part
        ),
        results="\n".join(indicators),
        transfer_actors=", ".join(o.name for o in [measure.lead, *measure.partners.all()] if o is not None),
    )


@transaction.atomic
def flag_example(user: Any, measure: Measure, language: str) -> Resource:
    """Mark a measure that worked as an example, and start a draft good practice prefilled from it."""
    _allowed(permissions.can_plan(user, measure.agenda.city))
    if measure.example_id:
        raise PlanInvalid(_("A good practice has already been started from this measure."))
    organisation = measure.lead or Organisation.objects.filter(city=measure.agenda.city).first()
    if organisation is None:
        raise PlanInvalid(_("Give the measure a lead organisation first."))
    from lib.text import unique_slug
    from library.services import create_resource

    text = _practice_text(measure, language)
    days = (measure.end - measure.start).days

    def save() -> Resource:
        resource = Resource.objects.create(
            kind=Kind.GOOD_PRACTICE,
            slug=unique_slug(measure.title, Resource),
            original_language=language,
            organisation=organisation,
            city=measure.agenda.city,
            country=measure.agenda.city.country,
            year=measure.start.year,
            start=measure.start,
            duration_months=max(1, min(600, round(days / 30.44))),
            created_by=user,
        )
        if measure.area_id:
            resource.areas.set([measure.area_id])
        return resource

    practice = create_resource(user, save, text)
    Measure.objects.filter(pk=measure.pk).update(is_example=True, example=practice)
    measure.is_example, measure.example = True, practice
    log_action(user, "agenda.measure.flagged_example", measure, {"practice": practice.pk})
    return practice


@transaction.atomic
def adopt_practice(
    user: Any,
    practice: Resource,
    agenda: Agenda,
    *,
    lead: Organisation | None,
    start: date,
    end: date,
    changes: str,
    goal: Goal | None = None,
) -> Measure:
    """A measure made from a library practice; the practice records that it travelled to this city."""
    _allowed(permissions.can_plan(user, agenda.city))
    _not_archived(agenda)
    if end < start:
        raise PlanInvalid(_("A measure cannot end before it starts."))
    text = practice.text_for()
    measure = Measure.objects.create(
        agenda=agenda,
        goal=goal,
        title=(text.title if text else practice.slug)[:300],
        description="\n\n".join(part for part in (text.summary if text else "", changes) if part),
        area=practice.areas.first(),
        lead=lead,
        start=start,
        end=end,
        practice=practice,
    )
    from library.services import record_adaptation

    record_adaptation(
        user,
        Adaptation(
            practice=practice,
            city=agenda.city,
            organisation=lead,
            stage=Stage.ADAPT,
            changes=changes or _("Taken into %(agenda)s.") % {"agenda": agenda.title},
            started=start,
        ),
    )
    log_action(user, "agenda.measure.created", measure, {"practice": practice.pk})
    return measure


# ---------------------------------------------------------------- reminders


def reminder_recipients(measure: Measure) -> list[Any]:
    from network.models import Role, RoleKind

    if measure.lead_id:
        roles = Role.objects.filter(organisation=measure.lead_id, kind__in=permissions.ORG_ROLES)
    else:
        roles = Role.objects.filter(city=measure.agenda.city_id, kind=RoleKind.CITY_TEAM)
    users = {role.user for role in roles.select_related("user") if role.user.is_active and role.user.email}
    return sorted(users, key=lambda user: user.pk)


def claim_reminder(measure: Measure, due: date, recipients: int) -> bool:
    """Record that the reminder for ``due`` is being sent; False when it already was."""
    try:
        with transaction.atomic():
            Reminder.objects.create(measure=measure, due=due, recipients=recipients)
    except IntegrityError:
        return False
    return True


def reminders_due(today: date) -> list[tuple[Measure, date]]:
    """Open measures of adopted agendas with a reporting date in the next ``REMINDER_DAYS`` days."""
    due = []
    for agenda in Agenda.objects.followed_up().exclude(first_report=None):
        day = agenda.next_reporting_date(today)
        if day is None or (day - today).days > REMINDER_DAYS:
            continue
        sent = set(Reminder.objects.filter(measure__agenda=agenda, due=day).values_list("measure_id", flat=True))
        for measure in agenda.measures.open().filter(start__lte=day).select_related("agenda__city", "lead"):
            if measure.pk not in sent:
                due.append((measure, day))
    return due
