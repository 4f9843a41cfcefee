"""Editing and removing the small parts of labs and agendas: one pair of views over a registry.

Drivers, SWOT items, scenarios, lab goals and proposals belong to a lab; goals, measures,
milestones and indicators to an agenda. The city team edits and removes them (an archived agenda
no longer changes); whoever may read the lab or the agenda but not plan gets 403, anyone else 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agenda import permissions, services
from agenda.forms import DriverForm, GoalForm, IndicatorForm, LabGoalForm, MilestoneForm, ProposalForm, SwotForm
from agenda.models import (
    Agenda,
    Driver,
    Goal,
    Lab,
    LabGoal,
    Measure,
    MeasureIndicator,
    Milestone,
    Proposal,
    Scenario,
    SwotItem,
)
from agenda.views.labs import render_form


@dataclass(frozen=True)
class Part:
    model: type[models.Model]
    related: str
    lab: Callable[[Any], Lab | None] = lambda part: None
    agenda: Callable[[Any], Agenda | None] = lambda part: None
    back: Callable[[Any], Any] = lambda part: part
    form: Any = None  # None: removed here, edited on a page of its own
    form_kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda part: {})


PARTS: dict[str, Part] = {
    "driver": Part(Driver, "lab__city", lab=lambda d: d.lab, back=lambda d: d.lab, form=DriverForm),
    "swot": Part(SwotItem, "lab__city", lab=lambda i: i.lab, back=lambda i: i.lab, form=SwotForm),
    "scenario": Part(Scenario, "lab__city", lab=lambda s: s.lab, back=lambda s: s.lab),
    "lab-goal": Part(
        LabGoal,
        "lab__city",
        lab=lambda g: g.lab,
        back=lambda g: g.lab,
        form=LabGoalForm,
        form_kwargs=lambda g: {"lab": g.lab},
    ),
    "proposal": Part(
        Proposal,
        "goal__lab__city",
        lab=lambda p: p.goal.lab,
        back=lambda p: p.goal.lab,
        form=ProposalForm,
        form_kwargs=lambda p: {"lab": p.goal.lab},
    ),
    "goal": Part(
        Goal,
        "agenda__city",
        agenda=lambda g: g.agenda,
        back=lambda g: g.agenda,
        form=GoalForm,
        form_kwargs=lambda g: {"agenda": g.agenda},
    ),
    "measure": Part(Measure, "agenda__city", agenda=lambda m: m.agenda, back=lambda m: m.agenda),
    "milestone": Part(
        Milestone,
        "measure__agenda__city",
        agenda=lambda m: m.measure.agenda,
        back=lambda m: m.measure,
        form=MilestoneForm,
    ),
    "indicator": Part(
        MeasureIndicator,
        "measure__agenda__city",
        agenda=lambda i: i.measure.agenda,
        back=lambda i: i.measure,
        form=IndicatorForm,
        form_kwargs=lambda i: {"agenda": i.measure.agenda},
    ),
}


def _part(request: HttpRequest, kind: str, pk: int) -> tuple[Part, Any, Any, Agenda | None]:
    """The part, its object, its city and its agenda; 404 unless readable, 403 unless the team's."""
    part = PARTS.get(kind)
    if part is None:
        raise Http404
    instance = get_object_or_404(part.model._default_manager.select_related(part.related), pk=pk)
    lab, agenda = part.lab(instance), part.agenda(instance)
    if lab is not None:
        city, readable = lab.city, permissions.can_view_lab(request.user, lab)
    else:
        assert agenda is not None
        city, readable = agenda.city, permissions.can_view_agenda(request.user, agenda)
    if not readable:
        raise Http404
    if not permissions.can_plan(request.user, city):
        raise PermissionDenied
    return part, instance, city, agenda


@login_required
@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    part, instance, city, agenda = _part(request, kind, pk)
    if part.form is None:
        raise Http404
    if agenda is not None and agenda.is_archived:
        messages.error(request, _("This agenda is archived; it can no longer be changed."))
        return redirect(part.back(instance))
    form = part.form(request.POST or None, instance=instance, **part.form_kwargs(instance))
    if request.method == "POST" and form.is_valid():
        services.edit(request.user, city, form.save, agenda=agenda)
        messages.success(request, _("Saved."))
        return redirect(part.back(instance))
    return render_form(request, form, _("Edit “%(item)s”") % {"item": instance}, part.back(instance))


@login_required
@require_http_methods(["GET", "POST"])
def part_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    part, instance, city, agenda = _part(request, kind, pk)
    back = part.back(instance)
    if request.method == "POST":
        try:
            services.delete(request.user, instance, city, agenda=agenda)
        except services.AgendaArchived as error:
            messages.error(request, str(error))
            return redirect(back)
        messages.success(request, _("Removed."))
        return redirect(back)
    return render(request, "agenda/confirm_delete.html", {"item": instance, "back": back})
