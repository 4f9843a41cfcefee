"""The audit's pages: frameworks, rounds, the answer sheets, agreeing, freezing and the scores."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import compare, eurostat, frameworks, links, permissions, report, scoring, services
from audit.forms import (
    ChallengeForm,
    CityWalkForm,
    DeskResearchForm,
    EurostatForm,
    FigureForm,
    FiguresForm,
    FocusGroupForm,
    ImportForm,
    InviteForm,
    PhotovoiceForm,
    RoundForm,
    SheetForm,
    WalkPointForm,
)
from audit.models import (
    AgreedAnswer,
    Answer,
    Challenge,
    ChallengeStatus,
    Framework,
    Indicator,
    Round,
    RoundStatus,
    StatIndicator,
    StatOrigin,
    StatValue,
    WalkPoint,
)
from lib.tabular import UnreadableFile, csv_response, read_table, xlsx_response
from network.audit import log_action
from network.models import AttendeeCategory, City, Visibility
from network.permissions import roles_of, team_cities
from network.views.editing import saved_unless_stale
from surveys import services as survey_services

MAX_IMPORT_BYTES = 5 * 1024 * 1024
BAR_STEP = 36


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = Q(status=RoundStatus.FROZEN)
    if user.is_authenticated:
        visible |= Q(city__in=team_cities(user)) | Q(respondents__user=user)
    rounds = (
        Round.objects.filter(visible)
        .distinct()
        .select_related("city", "city__country", "framework")
        .order_by("city__name", "-year")
    )
    return render(
        request,
        "audit/index.html",
        {
            "rounds": rounds,
            "frameworks": Framework.objects.filter(is_current=True),
            "can_open": team_cities(user).exists(),
            "can_import": user.is_authenticated and user.is_superuser,
        },
    )


def _framework(code: str, version: int) -> Framework:
    return get_object_or_404(Framework, code=code, version=version)


@require_GET
def framework_detail(request: HttpRequest, code: str, version: int) -> HttpResponse:
    framework = _framework(code, version)
    areas = framework.areas.prefetch_related("indicators__questions__options")
    return render(
        request,
        "audit/framework.html",
        {
            "framework": framework,
            "areas": areas,
            "references": framework.references.select_related("country", "area"),
            "versions": Framework.objects.filter(code=code).exclude(pk=framework.pk),
        },
    )


@require_GET
def framework_export(request: HttpRequest, code: str, version: int) -> JsonResponse:
    response = JsonResponse(
        frameworks.export_framework(_framework(code, version)), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{code}-v{version}.json"'
    return response


@require_GET
def framework_export_xlsx(request: HttpRequest, code: str, version: int) -> HttpResponse:
    response = HttpResponse(
        frameworks.export_xlsx(_framework(code, version)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{code}-v{version}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def framework_import(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise frameworks.FrameworkInvalid([_("The file is larger than 5 MB.")])
            if upload.name.lower().endswith(".xlsx"):
                framework = frameworks.import_xlsx(upload, replace=form.cleaned_data["replace"])
            else:
                try:
                    data = json.loads(upload.read().decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as error:
                    raise frameworks.FrameworkInvalid(
                        [_("The file is not valid JSON: %(error)s") % {"error": error}]
                    ) from error
                framework = frameworks.import_framework(data, replace=form.cleaned_data["replace"])
        except frameworks.FrameworkInvalid as error:
            problems = error.problems
        except frameworks.FrameworkInUse as error:
            problems = [str(error)]
        else:
            messages.success(request, _("Framework imported: %(name)s.") % {"name": framework})
            return redirect(framework.get_absolute_url())
    return render(request, "audit/import.html", {"form": form, "problems": problems}, status=400 if problems else 200)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    cities = team_cities(request.user)
    if not cities.exists():
        raise PermissionDenied
    form = RoundForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.open_round(
                request.user,
                form.cleaned_data["city"],
                form.cleaned_data["framework"],
                form.cleaned_data["year"],
                form.cleaned_data["title"],
            )
        except services.AnswerInvalid as error:
            form.add_error("year", str(error))
        else:
            messages.success(request, _("The round is open. Invite the stakeholder group to answer."))
            return redirect(assessment)
    return render(request, "audit/form.html", {"form": form, "title": _("Open an assessment round")})


def _round(request: HttpRequest, pk: int) -> Round:
    assessment = get_object_or_404(Round.objects.select_related("city", "city__country", "framework"), pk=pk)
    if not permissions.can_view(request.user, assessment):
        raise Http404
    return assessment


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    user = request.user
    can_manage = permissions.can_manage(user, assessment)
    scores = scoring.round_scores(assessment)
    invite_form = None
    if can_manage and not assessment.is_frozen:
        invited = set(assessment.respondents.values_list("user_id", flat=True))
        candidates = [(u, o) for u, o in permissions.invitable(assessment.city) if u.pk not in invited]
        invite_form = InviteForm(candidates=candidates) if candidates else None
    earlier = (
        Round.objects.filter(city=assessment.city, framework__code=assessment.framework.code, year__lt=assessment.year)
        .filter(status=RoundStatus.FROZEN)
        .order_by("-year")
        .first()
    )
    bars = _bars(scores, scoring.area_profile(earlier) if earlier is not None else {})
    return render(
        request,
        "audit/round.html",
        {
            "round": assessment,
            "scores": scores,
            "bars": bars,
            "chart_height": 20 + BAR_STEP * len(bars),
            "earlier": earlier,
            "respondents": assessment.respondents.select_related("user", "organisation"),
            "can_manage": can_manage,
            "can_answer": permissions.can_answer(user, assessment),
            "invite_form": invite_form,
        },
    )


def _svg(number: float) -> str:
    """A coordinate for an SVG attribute: always a dot, whatever the reader's locale (Czech writes 3,5)."""
    return f"{number:.1f}"


def _bars(scores: scoring.Level, earlier: dict[str, float | None]) -> list[dict[str, Any]]:
    """Rows of the area chart: this round's score and, where known, the earlier round's."""
    rows = []
    for position, level in enumerate(scores.children):
        level.before = earlier.get(level.item.code)
        rows.append(
            {
                "name": level.item.name,
                "score": level.score,
                "before": level.before,
                "y": 10 + position * BAR_STEP,
                "width": _svg((level.score or 0) * 4),
                "before_width": _svg((level.before or 0) * 4),
            }
        )
    return rows


def _sheet_part(request: HttpRequest, assessment: Round) -> tuple[list[Any], list[dict[str, Any]], Any]:
    """The questions of one area of the round (``?area=``; the first by default), and the areas to move between.

    A framework of 200 indicators on one page would be a form of 800 fields; an area at a time
    stays usable and fast.
    """
    questions = list(assessment.questions())
    areas: dict[str, Any] = {}
    for question in questions:
        areas.setdefault(question.indicator.area.code, question.indicator.area)
    chosen = request.GET.get("area") or request.POST.get("area") or next(iter(areas), "")
    if chosen not in areas:
        raise Http404
    part = [question for question in questions if question.indicator.area.code == chosen]
    tabs = [{"code": code, "name": area.name, "current": code == chosen} for code, area in areas.items()]
    following = list(areas)[list(areas).index(chosen) + 1 :]
    return part, tabs, (following[0] if following else None)


@login_required
@require_http_methods(["GET", "POST"])
def round_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A respondent's own answers, an area at a time."""
    assessment = _round(request, pk)
    respondent = permissions.respondent_of(request.user, assessment)
    if respondent is None:
        raise PermissionDenied
    if assessment.is_frozen:
        messages.error(request, _("This round is submitted and frozen; it can no longer be changed."))
        return redirect(assessment)
    questions, tabs, following = _sheet_part(request, assessment)
    own: dict[int, Any] = {
        a.question_id: a for a in Answer.objects.filter(respondent=respondent, question__in=questions)
    }
    form = SheetForm(request.POST or None, questions=questions, answers=own)
    if request.method == "POST" and form.is_valid():
        for value in form.changed_values():
            value.pop("version")
            services.save_answer(request.user, assessment, **value)
        messages.success(
            request, _("Your answers are saved. You can come back and change them until the round is frozen.")
        )
        return _next_part(assessment, "audit:round-answer", following, request)
    return render(
        request,
        "audit/sheet.html",
        {
            "round": assessment,
            "form": form,
            "rows": form.rows(),
            "tabs": tabs,
            "title": _("Your answers"),
            "respondent": respondent,
            "team": False,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _next_part(assessment: Round, name: str, following: str | None, request: HttpRequest) -> HttpResponse:
    from django.urls import reverse

    if following and "next" in request.POST:
        return redirect(f"{reverse(name, args=[assessment.pk])}?area={following}")
    return redirect(assessment)


@login_required
@require_http_methods(["GET", "POST"])
def round_agree(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's agreed answers, an area at a time, with what the group answered beside each question."""
    assessment = _round(request, pk)
    if not permissions.can_manage(request.user, assessment):
        raise PermissionDenied
    if assessment.is_frozen:
        messages.error(request, _("This round is submitted and frozen; it can no longer be changed."))
        return redirect(assessment)
    questions, tabs, following = _sheet_part(request, assessment)
    agreed = {a.question_id: a for a in AgreedAnswer.objects.filter(round=assessment, question__in=questions)}
    given = Answer.objects.filter(round=assessment, question__in=questions)
    answers: dict[int, list[tuple[int | None, float | None]]] = {}
    for question_id, option_id, number in given.values_list("question_id", "option_id", "number"):
        answers.setdefault(question_id, []).append((option_id, number))
    notes: dict[int, list[tuple[str, str, str]]] = {}
    for question_id, organisation, comment, evidence in (
        given.exclude(comment="", evidence="")
        .order_by("respondent__organisation__name")
        .values_list("question_id", "respondent__organisation__name", "comment", "evidence")
    ):
        notes.setdefault(question_id, []).append((organisation, comment, evidence))
    initial: dict[int, Any] = dict(agreed)
    for question in questions:
        if question.pk not in initial and answers.get(question.pk):
            # Offer the group's most frequent answer as a starting point.
            common_option, common_number = Counter(answers[question.pk]).most_common(1)[0][0]
            initial[question.pk] = Answer(option_id=common_option, number=common_number)
    versions = {question.pk: agreed[question.pk].version if question.pk in agreed else 0 for question in questions}
    form = SheetForm(
        request.POST or None,
        questions=questions,
        answers=initial,
        versions=versions,
        suggested=set(initial) - set(agreed),
    )
    stale: list[str] = []
    if request.method == "POST" and form.is_valid():
        saved = 0
        for value in form.changed_values():
            try:
                services.save_agreed(request.user, assessment, **value)
                saved += 1
            except services.StaleAnswer:
                stale.append(value["question"].text)
        if not stale:
            messages.success(request, _("Agreed answers saved: %(count)d.") % {"count": saved})
            return _next_part(assessment, "audit:round-agree", following, request)
    rows = form.rows()
    for row in rows:
        question = row["question"]
        scores, tally = scoring.respondents(question, answers.get(question.pk, []))
        row["result"] = scoring.QuestionResult(question, agreed.get(question.pk), None, scores, tally)
        row["notes"] = notes.get(question.pk, [])
    return render(
        request,
        "audit/sheet.html",
        {
            "round": assessment,
            "form": form,
            "rows": rows,
            "tabs": tabs,
            "title": _("Agree the round's answers"),
            "team": True,
            "stale": stale,
        },
        status=409 if stale else (400 if form.is_bound and not form.is_valid() else 200),
    )


@login_required
@require_POST
def round_invite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    if not permissions.can_manage(request.user, assessment):
        raise PermissionDenied
    form = InviteForm(request.POST, candidates=permissions.invitable(assessment.city))
    if form.is_valid():
        user, organisation = form.chosen()
        try:
            services.invite(request.user, assessment, user, organisation)
        except (services.RoundFrozen, services.AnswerInvalid) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Invited: %(name)s.") % {"name": user.get_full_name() or user.get_username()})
    else:
        messages.error(request, _("Choose a member of the stakeholder group."))
    return redirect(assessment)


@login_required
@require_POST
def round_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    try:
        services.freeze(request.user, assessment)
    except services.RoundFrozen as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round is submitted and frozen. Its scores are now public."))
    return redirect(assessment)


# ---------------------------------------------------------------- challenges


@require_GET
def challenges(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City.objects.select_related("country"), slug=slug)
    register = (
        Challenge.objects.filter(city=city)
        .select_related("area", "indicator", "source_round")
        .prefetch_related("affected_groups")
    )
    status = request.GET.get("status", "")
    if status in ChallengeStatus.values:
        register = register.filter(status=status)
    listed = list(register)
    actions = links.challenge_actions(challenge.pk for challenge in listed)
    for challenge in listed:
        challenge.actions = actions.get(challenge.pk, [])  # type: ignore[attr-defined]
    can_edit = services.can_edit_challenges(request.user, city)
    latest = (
        Round.objects.filter(city=city).order_by("-year", "-pk").select_related("framework").first()
        if can_edit
        else None
    )
    return render(
        request,
        "audit/challenges.html",
        {
            "city": city,
            "challenges": listed,
            "status": status,
            "statuses": ChallengeStatus.choices,
            "can_edit": can_edit,
            "latest": latest,
            "suggestions": services.suggested_challenges(latest) if latest is not None else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    if not services.can_edit_challenges(request.user, city):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    indicator = Indicator.objects.filter(pk=request.GET.get("indicator") or 0).select_related("area").first()
    source_round = Round.objects.filter(pk=request.GET.get("round") or 0, city=city).first()
    if indicator is not None:
        initial.update(
            indicator=indicator,
            title=indicator.name,
            evidence=_("Scored low in the audit round %(round)s.") % {"round": source_round.title}
            if source_round
            else "",
        )
    if source_round is not None:
        initial.update(source="audit", source_round=source_round)
    form = ChallengeForm(request.POST or None, initial=initial, city=city)
    if request.method == "POST" and form.is_valid():
        form.instance.city = city
        form.instance.created_by = request.user

        def save() -> Challenge:
            return form.save()

        services.create_challenge(request.user, city, save)
        messages.success(request, _("The challenge is in the register."))
        return redirect("audit:challenges", slug=city.slug)
    return render(request, "audit/form.html", {"form": form, "title": _("Add a challenge"), "back": city})


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge.objects.select_related("city"), pk=pk)
    if not services.can_edit_challenges(request.user, challenge.city):
        raise PermissionDenied
    form = ChallengeForm(request.POST or None, instance=challenge, city=challenge.city)
    if saved_unless_stale(
        request, form, lambda version: services.update_challenge(request.user, challenge, version, form.save)
    ):
        messages.success(request, _("The challenge was saved."))
        return redirect("audit:challenges", slug=challenge.city.slug)
    return render(request, "audit/form.html", {"form": form, "title": _("Edit the challenge"), "back": challenge.city})


# ---------------------------------------------------------------- comparison


@require_GET
def round_compare(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    code = assessment.framework.code
    by_city = compare.frozen_profiles(code)
    mine = scoring.profile(assessment)
    areas = [(area.code, area.name) for area in assessment.framework.areas.all()]
    others = City.objects.filter(pk__in=[c for c in by_city if c != assessment.city_id]).order_by("name")
    other = others.filter(slug=request.GET.get("with", "")).first()
    other_round = by_city[other.pk][-1] if other is not None else None
    average = compare.network_average(by_city, exclude=assessment.city_id)
    earlier = [r for r in by_city.get(assessment.city_id, []) if r["year"] < assessment.year]
    series = [{"label": assessment.title, "areas": mine["areas"]}]
    if other_round is not None:
        series.append({"label": f"{other} · {other_round['title']}", "areas": other_round["profile"]["areas"]})
    series.append({"label": _("Network average"), "areas": average})
    series += [{"label": r["title"], "areas": r["profile"]["areas"]} for r in reversed(earlier)]
    rows = [{"code": code_, "name": name, "values": [s["areas"].get(code_) for s in series]} for code_, name in areas]
    found = compare.peers(assessment, by_city=by_city, mine=mine["areas"])
    resources = _peer_resources([peer.city for peer in found])
    actions = links.peer_actions(peer.city.pk for peer in found)
    for peer in found:
        peer.resources = resources.get(peer.city.pk, [])
        peer.actions = actions.get(peer.city.pk, [])
    return render(
        request,
        "audit/compare.html",
        {
            "round": assessment,
            "series": series,
            "rows": rows,
            "chart": _grouped_bars(rows, len(series[:3])),
            "chart_series": series[:3],
            "others": others,
            "other": other,
            "peers": found,
            "weak": [dict(areas).get(c, c) for c in compare.weakest_areas(mine["areas"])],
            "cities_compared": len(by_city),
        },
    )


def _peer_resources(cities: list[Any]) -> dict[int, list[Any]]:
    from library.models import Resource

    found: dict[int, list[Any]] = {}
    for resource in (
        Resource.objects.published().filter(city__in=cities).prefetch_related("texts").order_by("-published_at")[:50]
    ):
        if resource.city_id is not None and len(found.setdefault(resource.city_id, [])) < 3:
            found[resource.city_id].append(resource)
    return found


GROUP_HEIGHT = 18


def _grouped_bars(rows: list[dict[str, Any]], series: int) -> dict[str, Any]:
    """Bars of up to three series per area, 0-100 on 400 px."""
    step = GROUP_HEIGHT * series + 24
    groups = []
    for position, row in enumerate(rows):
        bars = [
            {"y": 4 + n * GROUP_HEIGHT, "width": _svg((value or 0) * 4), "value": value, "series": n}
            for n, value in enumerate(row["values"][:series])
        ]
        groups.append({"name": row["name"], "y": 10 + position * step, "bars": bars})
    return {"groups": groups, "height": 20 + step * len(rows)}


# ---------------------------------------------------------------- statistics


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    indicators = StatIndicator.objects.select_related("area").annotate(figures=Count("values")).order_by("code")
    user = request.user
    return render(
        request,
        "audit/statistics.html",
        {
            "indicators": indicators,
            "can_import": user.is_authenticated and user.is_superuser,
            "team_cities": team_cities(user) if user.is_authenticated else [],
        },
    )


PALETTE = ["#1f5f8b", "#b4451f", "#2e7d32", "#6a3d9a", "#8a6d1f", "#00838f", "#ad1457", "#455a64"]


def _line_chart(series: dict[str, dict[int, float]]) -> dict[str, Any]:
    """Polylines of every place's values over the years, on a 600 x 240 plot."""
    years = sorted({year for values in series.values() for year in values})
    values = [v for points in series.values() for v in points.values()]
    if not years or not values:
        return {}
    low = min(0.0, min(values))
    high = max(values) or 1.0
    span_years = max(1, years[-1] - years[0])

    def x(year: int) -> str:
        return _svg(60 + 520 * (year - years[0]) / span_years)

    def y(value: float) -> str:
        return _svg(220 - 200 * (value - low) / ((high - low) or 1))

    lines = []
    for n, (label, points) in enumerate(series.items()):
        coordinates = [(x(year), y(points[year]), points[year], year) for year in sorted(points)]
        lines.append(
            {
                "label": label,
                "colour": PALETTE[n % len(PALETTE)],
                "points": " ".join(f"{cx},{cy}" for cx, cy, _v, _y in coordinates),
                "dots": coordinates,
                "legend_y": 20 + 18 * n,
            }
        )
    ticks = [{"x": x(year), "label": year} for year in years]
    scale = [
        {"y": y(level), "text_y": _svg(float(y(level)) + 4), "label": f"{level:,.4g}"}
        for level in (low + (high - low) * k / 4 for k in range(5))
    ]
    return {"lines": lines, "ticks": ticks, "scale": scale, "height": 260, "legend_height": 30 + 18 * len(lines)}


@require_GET
def statistic_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(StatIndicator.objects.select_related("area"), code=code)
    figures = StatValue.objects.filter(indicator=indicator).select_related("country", "city").order_by("year")
    series: dict[str, dict[int, float]] = {}
    flags: dict[tuple[str, int], str] = {}
    for figure in figures:
        place = str(figure.city) if figure.city_id else figure.country.name if figure.country else "?"
        series.setdefault(place, {})[figure.year] = figure.value
        if figure.flags:
            flags[(place, figure.year)] = figure.flags
    years = sorted({year for points in series.values() for year in points})
    table = [
        {
            "place": place,
            "cells": [{"value": points.get(year), "flags": flags.get((place, year), "")} for year in years],
        }
        for place, points in series.items()
    ]
    return render(
        request,
        "audit/statistic.html",
        {"indicator": indicator, "chart": _line_chart(series), "years": years, "table": table},
    )


def _read_upload(upload: Any) -> Any:
    """Text lines of an uploaded .tsv or .tsv.gz, decoded as UTF-8 as they are read."""
    import gzip
    import io

    raw: Any = gzip.GzipFile(fileobj=upload) if upload.name.endswith(".gz") else upload
    return io.TextIOWrapper(raw, encoding="utf-8", errors="strict")


@login_required
@require_http_methods(["GET", "POST"])
def eurostat_import(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    form = EurostatForm(request.POST or None, request.FILES or None)
    problems: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dataset = form.cleaned_data["dataset"] or upload.name.split(".")[0]
        try:
            result = eurostat.import_tsv(_read_upload(upload), dataset)
        except eurostat.ImportFailed as failed:
            problems = failed.problems
        except (UnicodeDecodeError, OSError, EOFError):
            problems = [(0, _("The file could not be read: it is not UTF-8 text (or not a valid .gz archive)."))]
        else:
            messages.success(
                request,
                _("%(dataset)s: %(stored)d figures stored from %(lines)d lines.")
                % {"dataset": dataset, "stored": result.stored, "lines": result.lines},
            )
            return redirect("audit:statistics")
    return render(
        request,
        "audit/statistics_import.html",
        {"form": form, "problems": problems, "title": _("Import a Eurostat file")},
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def figures_import(request: HttpRequest) -> HttpResponse:
    """Figures from a CSV or XLSX table: platform admins for any place, city teams for their cities."""
    cities = team_cities(request.user)
    if not (request.user.is_superuser or cities.exists()):
        raise PermissionDenied
    form = FiguresForm(request.POST or None, request.FILES or None)
    problems: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload, upload.name)
            if not request.user.is_superuser:
                own = set(cities.values_list("slug", flat=True))
                problems = [
                    (number, _("you may enter figures only for your city"))
                    for number, row in enumerate(rows, start=2)
                    if row.get("place", "") not in own
                ][: eurostat.MAX_PROBLEMS]
            if not problems:
                stored = eurostat.import_rows(rows)
        except UnreadableFile as error:
            problems = [(0, str(error))]
        except eurostat.ImportFailed as failed:
            problems = failed.problems
        if not problems:
            messages.success(request, _("%(count)d figures stored.") % {"count": stored})
            return redirect("audit:statistics")
    return render(
        request,
        "audit/statistics_import.html",
        {"form": form, "problems": problems, "title": _("Import figures from a table")},
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def figure_add(request: HttpRequest) -> HttpResponse:
    """A city team enters one figure for its city by hand (a newer one replaces the year's old one)."""
    cities = team_cities(request.user)
    if not cities.exists():
        raise PermissionDenied
    form = FigureForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        StatValue.objects.update_or_create(
            indicator=data["indicator"],
            city=data["city"],
            country=None,
            year=data["year"],
            defaults={"value": data["value"], "flags": data["flags"], "origin": StatOrigin.MANUAL},
        )
        messages.success(request, _("The figure is saved."))
        return redirect(data["indicator"])
    return render(request, "audit/form.html", {"form": form, "title": _("Enter a figure")})


# ---------------------------------------------------------------- exports


def _table_response(kind: str, filename: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    if kind == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, rows)
    if kind == "csv":
        return csv_response(f"{filename}.csv", header, rows)
    raise Http404


@require_GET
def round_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The round question by question: the agreed answer, its score and what the group answered."""
    assessment = _round(request, pk)
    scores = scoring.round_scores(assessment)
    header = [
        "area",
        "indicator",
        "question",
        "text",
        "weight",
        "agreed_answer",
        "score",
        "indicator_score",
        "area_score",
        "respondents",
        "spread",
    ]
    rows = [
        [
            area.item.code,
            indicator.item.code,
            result.question.code,
            result.question.text,
            result.question.weight,
            result.agreed.display() if result.agreed else "",
            result.score,
            indicator.score,
            area.score,
            result.respondents,
            result.spread,
        ]
        for area in scores.children
        for indicator in area.children
        for result in indicator.children
    ]
    return _table_response(kind, f"{assessment.city.slug}-{assessment.framework.code}-{assessment.year}", header, rows)


@require_GET
def challenges_export(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    register = (
        Challenge.objects.filter(city=city)
        .select_related("area", "indicator", "source_round")
        .prefetch_related("affected_groups")
    )
    header = ["title", "description", "horizon", "area", "indicator", "severity", "affected_groups"]
    header += ["evidence", "source", "audit_round", "status", "updated"]
    rows = [
        [
            c.title,
            c.description,
            c.horizon,
            c.area.code if c.area else "",
            c.indicator.code if c.indicator else "",
            c.severity,
            " ".join(group.code for group in c.affected_groups.all()),
            c.evidence,
            c.source,
            c.source_round.title if c.source_round else "",
            c.status,
            c.updated.date().isoformat(),
        ]
        for c in register
    ]
    return _table_response(kind, f"{city.slug}-challenges", header, rows)


@require_GET
def statistic_export(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    indicator = get_object_or_404(StatIndicator, code=code)
    figures = StatValue.objects.filter(indicator=indicator).select_related("city").order_by("country", "city", "year")
    rows = [
        [
            indicator.code,
            figure.city.slug if figure.city else figure.country_id,
            figure.year,
            figure.value,
            figure.flags,
        ]
        for figure in figures
    ]
    # The same columns the figures import reads, so an export can be corrected and imported again.
    return _table_response(kind, indicator.code, ["indicator", "place", "year", "value", "flags"], rows)


# ---------------------------------------------------------------- report


@require_GET
def round_report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    made = report.build(assessment)
    return render(
        request,
        "audit/report.html",
        {"report": made, "round": assessment, "bars": _bars(made.scores, made.earlier_areas)}
        | {"chart_height": 20 + BAR_STEP * len(made.scores.children), "earlier": made.earlier},
    )


@require_GET
def round_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    try:
        content = report.pdf(report.build(assessment))
    except report.FontsMissing:
        return HttpResponse(
            _("The PDF cannot be made on this server: its fonts are missing. The printable page works."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{assessment.city.slug}-{assessment.framework.code}-{assessment.year}-{get_language()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------- evidence


def _photovoice_visible(user: Any, assessment: Round) -> Any:
    """Entries this reader may see: public ones; network ones when signed in with a role; all for the team."""
    entries = assessment.photovoice.all()
    if permissions.can_manage(user, assessment):
        return entries
    shown = [Visibility.PUBLIC]
    if user.is_authenticated and roles_of(user):
        shown.append(Visibility.NETWORK)
    return entries.filter(visibility__in=shown)


@require_GET
def round_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    can_add = permissions.can_manage(request.user, assessment) and not assessment.is_frozen
    return render(
        request,
        "audit/evidence.html",
        {
            "round": assessment,
            "focus_groups": assessment.focus_groups.all(),
            "walks": assessment.walks.prefetch_related("points"),
            "photovoice": _photovoice_visible(request.user, assessment),
            "desk_research": assessment.desk_research.prefetch_related("texts"),
            "questionnaires": [
                (survey, *survey_services.results(survey, get_language() or "en"))
                for survey in assessment.questionnaires.all()
            ],
            "questionnaire_choices": (
                assessment.city.surveys.exclude(pk__in=assessment.questionnaires.all()) if can_add else []
            ),
            "categories": dict(AttendeeCategory.choices),
            "can_add": can_add,
            "desk_form": DeskResearchForm() if can_add else None,
        },
    )


EVIDENCE_FORMS: dict[str, Any] = {
    "focus-group": (FocusGroupForm, gettext_lazy("Add a focus group")),
    "walk": (CityWalkForm, gettext_lazy("Add a city walk or safety audit")),
    "observation": (WalkPointForm, gettext_lazy("Add an observation from a walk")),
    "photovoice": (PhotovoiceForm, gettext_lazy("Add a photovoice entry")),
}


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    assessment = _round(request, pk)
    if kind not in EVIDENCE_FORMS:
        raise Http404
    if not permissions.can_manage(request.user, assessment):
        raise PermissionDenied
    if assessment.is_frozen:
        messages.error(request, _("This round is submitted and frozen; it can no longer be changed."))
        return redirect("audit:round-evidence", pk=assessment.pk)
    form_class, title = EVIDENCE_FORMS[kind]
    extra = {"walks": assessment.walks.all()} if kind == "observation" else {}
    form = form_class(request.POST or None, request.FILES or None, **extra)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        if kind == "observation":
            item.position = item.walk.points.count()
        else:
            item.round = assessment
            item.created_by = request.user
        if kind in ("focus-group", "walk"):
            item.participants = form.counts()
        if kind == "photovoice":
            item.consented_at = timezone.now()
            item.latitude, item.longitude = (form.latitude, form.longitude) if item.keep_location else (None, None)
        item.save()
        log_action(request.user, f"audit.evidence.{kind}", assessment, {"added": str(item)})
        messages.success(request, _("The evidence is saved."))
        return redirect("audit:round-evidence", pk=assessment.pk)
    return render(
        request,
        "audit/evidence_form.html",
        {"form": form, "title": title, "round": assessment},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_POST
def questionnaire_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link one of the city's questionnaires to the round as evidence (its results show in aggregate)."""
    assessment = _round(request, pk)
    if not permissions.can_manage(request.user, assessment):
        raise PermissionDenied
    survey = assessment.city.surveys.filter(pk=request.POST.get("survey") or 0).first()
    if assessment.is_frozen:
        messages.error(request, _("This round is submitted and frozen; it can no longer be changed."))
    elif survey is None:
        messages.error(request, _("Choose one of this city's questionnaires."))
    else:
        assessment.questionnaires.add(survey)
        log_action(request.user, "audit.evidence.questionnaire", assessment, {"added": str(survey)})
        messages.success(request, _("The evidence is saved."))
    return redirect("audit:round-evidence", pk=assessment.pk)


@login_required
@require_POST
def desk_research_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _round(request, pk)
    if not permissions.can_manage(request.user, assessment):
        raise PermissionDenied
    form = DeskResearchForm(request.POST)
    if assessment.is_frozen:
        messages.error(request, _("This round is submitted and frozen; it can no longer be changed."))
    elif form.is_valid():
        assessment.desk_research.add(form.cleaned_data["resource"])
        log_action(
            request.user, "audit.evidence.desk-research", assessment, {"added": form.cleaned_data["resource"].slug}
        )
        messages.success(request, _("The evidence is saved."))
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("resource", [])))
    return redirect("audit:round-evidence", pk=assessment.pk)


def _image_response(stored: Any) -> FileResponse:
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    suffix = Path(stored.name).suffix.lower()
    content_type = {".png": "image/png", ".gif": "image/gif", ".webp": "image/webp"}.get(suffix, "image/jpeg")
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def photovoice_photo(request: HttpRequest, pk: int, entry: int) -> FileResponse:
    assessment = _round(request, pk)
    item = get_object_or_404(_photovoice_visible(request.user, assessment), pk=entry)
    return _image_response(item.photo)


@require_GET
def observation_photo(request: HttpRequest, pk: int, point: int) -> FileResponse:
    assessment = _round(request, pk)
    item = get_object_or_404(WalkPoint, pk=point, walk__round=assessment)
    if not item.photo:
        raise Http404
    return _image_response(item.photo)
