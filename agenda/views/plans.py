"""The agenda pages: the network dashboard, an agenda, its measures, monitoring, exports and the public page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agenda import export, permissions, progress, services
from agenda.forms import (
    AdoptPracticeForm,
    AgendaForm,
    GoalForm,
    IndicatorForm,
    MeasureForm,
    MilestoneForm,
    StatusForm,
    UpdateWithEvidenceForm,
)
from agenda.models import Agenda, AgendaStatus, Measure, UpdateEvidence
from agenda.views.labs import render_form
from library.models import Resource
from network.models import City
from network.permissions import team_cities
from network.views.editing import saved_unless_stale

CITIES_PER_PAGE = 50


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    cities = City.objects.filter(agendas__status=AgendaStatus.ADOPTED).distinct().order_by("name")
    page = Paginator(cities, CITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/index.html",
        {
            "page": page,
            "rows": progress.network_rows(page.object_list),
            "totals": progress.network_totals(),
            "my_cities": team_cities(request.user).order_by("name"),
        },
    )


def _agenda(request: HttpRequest, pk: int) -> Agenda:
    agenda = get_object_or_404(Agenda.objects.select_related("city__country", "lab"), pk=pk)
    if not permissions.can_view_agenda(request.user, agenda):
        raise Http404
    return agenda


def _plannable(request: HttpRequest, pk: int) -> Agenda:
    agenda = _agenda(request, pk)
    if not permissions.can_plan(request.user, agenda.city):
        raise PermissionDenied
    return agenda


def _archived(request: HttpRequest, agenda: Agenda, back: Any) -> HttpResponse | None:
    """For a page that changes the agenda: back where it came from with a message when it is archived."""
    if not agenda.is_archived:
        return None
    messages.error(request, _("This agenda is archived; it can no longer be changed."))
    return redirect(back)


def _measure(request: HttpRequest, pk: int) -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("agenda__city__country", "lead", "goal", "area"), pk=pk)
    if not permissions.can_view_agenda(request.user, measure.agenda):
        raise Http404
    return measure


@login_required
@require_http_methods(["GET", "POST"])
def agenda_create(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    if not permissions.can_plan(request.user, city):
        raise PermissionDenied
    form = AgendaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.city, form.instance.created_by = city, request.user
        agenda = services.create(request.user, city, form.save)
        messages.success(request, _("The draft agenda is ready. Add its goals and measures."))
        return redirect(agenda)
    return render_form(request, form, _("Start an integration agenda"), city)


@require_GET
def agenda_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _agenda(request, pk)
    can_plan = permissions.can_plan(request.user, agenda.city)
    overview = progress.overview(agenda)
    return render(
        request,
        "agenda/agenda.html",
        {
            "agenda": agenda,
            "overview": overview,
            "can_plan": can_plan and not agenda.is_archived,
            "insider": can_plan or permissions.follows(request.user, agenda.city),
            "status_form": StatusForm(allowed=services.TRANSITIONS[agenda.status]) if can_plan else None,
            "next_report": agenda.next_reporting_date(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _plannable(request, pk)
    if refused := _archived(request, agenda, agenda):
        return refused
    form = AgendaForm(request.POST or None, instance=agenda)
    if saved_unless_stale(
        request, form, lambda version: services.update(request.user, agenda, agenda.city, version, form.save)
    ):
        messages.success(request, _("The agenda was saved."))
        return redirect(agenda)
    return render_form(request, form, _("Edit the agenda"), agenda)


@login_required
@require_POST
def agenda_status(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _plannable(request, pk)
    form = StatusForm(request.POST, allowed=services.TRANSITIONS[agenda.status])
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(agenda)
    data = form.cleaned_data
    try:
        services.set_status(request.user, agenda, data["status"], data["adopted_on"], data["adopted_by"])
    except services.PlanInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The agenda's status was changed."))
    return redirect(agenda)


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _plannable(request, pk)
    if refused := _archived(request, agenda, agenda):
        return refused
    form = GoalForm(request.POST or None, agenda=agenda)
    if request.method == "POST" and form.is_valid():
        form.instance.agenda, form.instance.position = agenda, agenda.goals.count()
        return _saved(
            request, lambda: services.create_in(request.user, agenda, form.save), agenda, _("The goal was added.")
        )
    return render_form(request, form, _("Add a goal"), agenda)


def _saved(request: HttpRequest, save: Any, back: Any, message: str) -> HttpResponse:
    try:
        saved = save()
    except services.AgendaArchived as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, message)
    return redirect(saved if hasattr(saved, "get_absolute_url") else back)


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _plannable(request, pk)
    if refused := _archived(request, agenda, agenda):
        return refused
    form = MeasureForm(request.POST or None, agenda=agenda, initial={"goal": request.GET.get("goal")})
    if request.method == "POST" and form.is_valid():
        form.instance.agenda = agenda
        return _saved(
            request, lambda: services.create_in(request.user, agenda, form.save), agenda, _("The measure was added.")
        )
    return render_form(request, form, _("Add a measure"), agenda)


@require_GET
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    agenda = measure.agenda
    can_plan = permissions.can_plan(request.user, agenda.city)
    rows = [row for row in progress.indicator_rows(agenda, {measure.pk: measure})]
    return render(
        request,
        "agenda/measure.html",
        {
            "measure": measure,
            "agenda": agenda,
            "can_plan": can_plan and not agenda.is_archived,
            "can_update": permissions.can_update(request.user, measure) and agenda.status == AgendaStatus.ADOPTED,
            "insider": can_plan or permissions.follows(request.user, agenda.city),
            "internal": can_plan,
            "indicators": rows,
            "milestones": measure.milestones.all(),
            "updates": measure.updates.select_related("author", "organisation").prefetch_related("evidence", "values"),
            "partners": measure.partners.all(),
            "challenges": measure.challenges.all(),
            "scenarios": measure.scenarios.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    agenda = _plannable(request, measure.agenda_id)
    if refused := _archived(request, agenda, measure):
        return refused
    form = MeasureForm(request.POST or None, instance=measure, agenda=agenda)
    try:
        if saved_unless_stale(
            request, form, lambda version: services.update(request.user, measure, agenda.city, version, form.save)
        ):
            messages.success(request, _("The measure was saved."))
            return redirect(measure)
    except services.AgendaArchived as error:
        form.add_error(None, str(error))
    return render_form(request, form, _("Edit the measure"), measure)


def _add_to_measure(request: HttpRequest, pk: int, form_class: Any, title: str) -> HttpResponse:
    measure = _measure(request, pk)
    agenda = _plannable(request, measure.agenda_id)
    if refused := _archived(request, agenda, measure):
        return refused
    kwargs = {"agenda": agenda} if form_class is IndicatorForm else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        form.instance.measure = measure
        return _saved(request, lambda: services.create_in(request.user, agenda, form.save), measure, _("Added."))
    return render_form(request, form, title, measure)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_measure(request, pk, IndicatorForm, _("Add an indicator"))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_measure(request, pk, MilestoneForm, _("Add a milestone"))


@login_required
@require_http_methods(["GET", "POST"])
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    if not permissions.can_update(request.user, measure):
        raise PermissionDenied
    form = UpdateWithEvidenceForm(request.POST or None, request.FILES or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_update(
                request.user,
                measure,
                status=data["status"],
                percent_done=data["percent_done"],
                narrative=data["narrative"],
                internal_note=data["internal_note"],
                readings=form.readings(),
                files=data["evidence"],
            )
        except (services.AgendaArchived, services.PlanInvalid) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your progress update was posted."))
            return redirect(measure)
    return render_form(request, form, _("Post a progress update"), measure, multipart=True)


@login_required
@require_POST
def flag_example(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    if not permissions.can_plan(request.user, measure.agenda.city):
        raise PermissionDenied
    try:
        practice = services.flag_example(request.user, measure, get_language() or "en")
    except services.PlanInvalid as error:
        messages.error(request, str(error))
        return redirect(measure)
    messages.success(
        request, _("A draft good practice was started from this measure. Complete it and submit it for review.")
    )
    return redirect("library:edit", slug=practice.slug)


@require_GET
def evidence_file(request: HttpRequest, pk: int, file: int) -> FileResponse:
    measure = _measure(request, pk)
    evidence = get_object_or_404(UpdateEvidence, pk=file, update__measure=measure)
    insider = permissions.can_plan(request.user, measure.agenda.city) or permissions.follows(
        request.user, measure.agenda.city
    )
    if not insider:
        raise Http404
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
    response["Content-Type"] = evidence.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- views of the whole agenda


@require_GET
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _agenda(request, pk)
    measures = list(progress.measures_of(agenda).order_by("start", "end", "pk"))
    progress.overview(agenda, measures=measures)  # flags and status labels of the measures
    return render(
        request,
        "agenda/timeline.html",
        {"agenda": agenda, "timeline": progress.timeline(agenda, measures), "measures": measures},
    )


@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _agenda(request, pk)
    return render(request, "agenda/dashboard.html", {"agenda": agenda, "overview": progress.overview(agenda)})


@require_GET
def public_progress(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = get_object_or_404(
        Agenda.objects.select_related("city__country"),
        pk=pk,
        status__in=(AgendaStatus.ADOPTED, AgendaStatus.ARCHIVED),
    )
    overview = progress.overview(agenda)
    latest = progress.latest_updates(overview.measures)
    for measure in overview.measures:
        measure.latest_update = latest.get(measure.pk)  # type: ignore[attr-defined]
    return render(request, "agenda/progress.html", {"agenda": agenda, "overview": overview})


@require_GET
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _agenda(request, pk)
    try:
        content = export.pdf(agenda, _detailed(agenda))
    except export.FontsMissing:
        return HttpResponse(
            _("The PDF cannot be made on this server: its fonts are missing. The printable page works."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{agenda.city.slug}-agenda-{agenda.pk}-{get_language()}.pdf"'
    )
    return response


@require_GET
def agenda_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _agenda(request, pk)
    internal = permissions.can_plan(request.user, agenda.city)
    return export.xlsx(agenda, _detailed(agenda), internal=internal)


def _detailed(agenda: Agenda) -> progress.Overview:
    return progress.overview(agenda, measures=list(progress.measures_of(agenda, detail=True)))


# ---------------------------------------------------------------- from the library


@login_required
@require_http_methods(["GET", "POST"])
def adopt_practice(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(Resource.objects.published(), slug=slug)
    agendas = Agenda.objects.filter(city__in=team_cities(request.user)).exclude(status=AgendaStatus.ARCHIVED)
    if not agendas.exists():
        raise PermissionDenied
    form = AdoptPracticeForm(request.POST or None, agendas=agendas.select_related("city"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = services.adopt_practice(
                request.user,
                practice,
                data["agenda"],
                lead=data["lead"],
                start=data["start"],
                end=data["end"],
                changes=data["changes"],
            )
        except services.PlanInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The practice is now a measure of your agenda, and the practice records where it travelled.")
            )
            return redirect(measure)
    return render(request, "agenda/adopt.html", {"form": form, "practice": practice})
