"""The lab pages: a city's labs and agendas, a lab's drivers, scenarios, SWOT and goals → proposals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agenda import permissions, services
from agenda.forms import (
    DraftFromLabForm,
    DriverForm,
    LabForm,
    LabGoalForm,
    ProposalForm,
    ScenarioForm,
    SwotForm,
)
from agenda.models import Agenda, DriverState, Implication, Lab, LabGoal, Scenario, SwotKind
from audit import services as audit_services
from audit.models import Challenge, Horizon, Source
from network.models import City
from network.views.editing import saved_unless_stale


def render_form(request: HttpRequest, form: Any, title: str, back: Any, multipart: bool = False) -> HttpResponse:
    return render(request, "agenda/form.html", {"form": form, "title": title, "back": back, "multipart": multipart})


@require_GET
def city_plans(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City.objects.select_related("country"), slug=slug)
    can_plan = permissions.can_plan(request.user, city)
    insider = can_plan or permissions.follows(request.user, city)
    agendas = Agenda.objects.filter(city=city)
    return render(
        request,
        "agenda/city.html",
        {
            "city": city,
            "can_plan": can_plan,
            "labs": Lab.objects.for_city(city) if insider else Lab.objects.none(),
            "agendas": agendas if insider else agendas.public(),
        },
    )


def _lab(request: HttpRequest, pk: int) -> Lab:
    lab = get_object_or_404(Lab.objects.select_related("city__country"), pk=pk)
    if not permissions.can_view_lab(request.user, lab):
        raise Http404
    return lab


def _plannable_lab(request: HttpRequest, pk: int) -> Lab:
    lab = _lab(request, pk)
    if not permissions.can_plan(request.user, lab.city):
        raise PermissionDenied
    return lab


@login_required
@require_http_methods(["GET", "POST"])
def lab_create(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    if not permissions.can_plan(request.user, city):
        raise PermissionDenied
    form = LabForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.city, form.instance.created_by = city, request.user
        lab = services.create(request.user, city, form.save)
        messages.success(request, _("The lab is recorded. Add its drivers of change next."))
        return redirect(lab)
    return render_form(request, form, _("Record an integration lab"), city)


@require_GET
def lab_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lab = _lab(request, pk)
    drivers = list(lab.drivers.all())
    scenarios = list(lab.scenarios.prefetch_related("states__driver", "implications__area"))
    swot = list(lab.swot.select_related("area"))
    areas: dict[Any, dict[str, list[Any]]] = {}
    for item in swot:
        areas.setdefault(item.area, {kind: [] for kind in SwotKind.values})[item.kind].append(item)
    return render(
        request,
        "agenda/lab.html",
        {
            "lab": lab,
            "can_plan": permissions.can_plan(request.user, lab.city),
            "drivers": drivers,
            "matrix": _driver_matrix(drivers),
            "scenarios": scenarios,
            "swot_areas": [
                (area, [(label, kinds[value]) for value, label in SwotKind.choices]) for area, kinds in areas.items()
            ],
            "goals": lab.goals.prefetch_related("challenges", "proposals__lead", "proposals__area"),
            "agendas": lab.agendas.all(),
        },
    )


def _driver_matrix(drivers: list[Any]) -> list[dict[str, Any]]:
    """Points of the impact-by-uncertainty chart (SVG coordinates as strings, never localised)."""
    points = []
    for index, driver in enumerate(drivers):
        points.append(
            {
                "driver": driver,
                "number": index + 1,
                "x": f"{40 + (driver.uncertainty - 1) * 80 + (index % 3) * 12:.0f}",
                "y": f"{340 - (driver.impact - 1) * 80 - (index % 2) * 12:.0f}",
            }
        )
    return points


@login_required
@require_http_methods(["GET", "POST"])
def lab_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lab = _plannable_lab(request, pk)
    form = LabForm(request.POST or None, instance=lab)
    if saved_unless_stale(
        request, form, lambda version: services.update(request.user, lab, lab.city, version, form.save)
    ):
        messages.success(request, _("The lab was saved."))
        return redirect(lab)
    return render_form(request, form, _("Edit the lab"), lab)


def _add_to_lab(
    request: HttpRequest, pk: int, form_class: Any, title: str, attach: Callable[[Any, Lab], None]
) -> HttpResponse:
    lab = _plannable_lab(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attach(form, lab)
        services.create(request.user, lab.city, form.save)
        messages.success(request, _("Added to the lab."))
        return redirect(lab)
    return render_form(request, form, title, lab)


def _set_lab(form: Any, lab: Lab) -> None:
    form.instance.lab = lab


@login_required
@require_http_methods(["GET", "POST"])
def driver_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_lab(request, pk, DriverForm, _("Add a driver of change"), _set_lab)


@login_required
@require_http_methods(["GET", "POST"])
def swot_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_lab(request, pk, SwotForm, _("Add to the SWOT"), _set_lab)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_add(request: HttpRequest, pk: int) -> HttpResponse:
    lab = _plannable_lab(request, pk)
    return _scenario_form(request, lab, Scenario(lab=lab, position=lab.scenarios.count()), _("Add a scenario"))


@login_required
@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario.objects.select_related("lab__city"), pk=pk)
    lab = _plannable_lab(request, scenario.lab_id)
    return _scenario_form(request, lab, scenario, _("Edit the scenario"))


def _scenario_form(request: HttpRequest, lab: Lab, scenario: Scenario, title: str) -> HttpResponse:
    form = ScenarioForm(request.POST or None, instance=scenario, lab=lab)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            save = services.edit if scenario.pk else services.create
            saved = save(request.user, lab.city, form.save)
            _save_states(saved, form.driver_states(), form.implications())
        messages.success(request, _("The scenario was saved."))
        return redirect(lab)
    return render_form(request, form, title, lab)


def _save_states(scenario: Scenario, states: dict[int, str], implications: dict[int, str]) -> None:
    scenario.states.all().delete()
    scenario.implications.all().delete()
    DriverState.objects.bulk_create(
        DriverState(scenario=scenario, driver_id=driver, state=text) for driver, text in states.items() if text
    )
    Implication.objects.bulk_create(
        Implication(scenario=scenario, area_id=area, text=text) for area, text in implications.items() if text
    )


@login_required
@require_http_methods(["GET", "POST"])
def lab_goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    lab = _plannable_lab(request, pk)
    form = LabGoalForm(request.POST or None, lab=lab)
    if request.method == "POST" and form.is_valid():
        form.instance.lab = lab
        with transaction.atomic():
            goal = services.create(request.user, lab.city, form.save)
            new = form.cleaned_data["new_challenge"].strip()
            if new:
                challenge = Challenge(city=lab.city, title=new, horizon=Horizon.FUTURE, source=Source.LAB)
                challenge.created_by = request.user  # type: ignore[assignment]

                def save_challenge() -> Challenge:
                    challenge.save()
                    return challenge

                audit_services.create_challenge(request.user, lab.city, save_challenge)
                goal.challenges.add(challenge)
        messages.success(request, _("The goal was added."))
        return redirect(lab)
    return render_form(request, form, _("Add a goal"), lab)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_add(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(LabGoal.objects.select_related("lab__city"), pk=pk)
    lab = _plannable_lab(request, goal.lab_id)
    form = ProposalForm(request.POST or None, lab=lab)
    if request.method == "POST" and form.is_valid():
        form.instance.goal = goal
        services.create(request.user, lab.city, form.save)
        messages.success(request, _("The proposed measure was added."))
        return redirect(lab)
    return render_form(request, form, _("Propose a measure for “%(goal)s”") % {"goal": goal.title}, lab)


@login_required
@require_http_methods(["GET", "POST"])
def draft_from_lab(request: HttpRequest, pk: int) -> HttpResponse:
    lab = _plannable_lab(request, pk)
    start = lab.end.year + 1
    initial = {
        "title": _("Integration agenda of %(city)s") % {"city": lab.city},
        "start_year": start,
        "end_year": start + lab.horizon_years - 1,
    }
    form = DraftFromLabForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agenda = services.draft_agenda(request.user, lab, data["title"], data["start_year"], data["end_year"])
        messages.success(
            request, _("The draft agenda holds the lab's goals and proposed measures. Complete each measure.")
        )
        return redirect(agenda)
    return render_form(request, form, _("Draft the agenda from this lab"), lab)
