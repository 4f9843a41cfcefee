"""Building questionnaires (city teams), answering them through a link (anyone), results in aggregate."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import ratelimit
from lib.tabular import csv_response
from network.audit import log_action
from network.permissions import team_cities
from surveys import services
from surveys.forms import AnswerForm, LinkForm, QuestionForm, SurveyForm, TextsForm
from surveys.models import Survey, SurveyLink, SurveyStatus

# Answers from one connection in an hour: a classroom or a community centre answers together.
ANSWERS_PER_HOUR = 30


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    cities = team_cities(request.user)
    if not cities.exists():
        raise PermissionDenied
    surveys = Survey.objects.filter(city__in=cities).select_related("city").prefetch_related("responses")
    return render(request, "surveys/list.html", {"surveys": surveys})


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    cities = team_cities(request.user)
    if not cities.exists():
        raise PermissionDenied
    form = SurveyForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        chosen = [code for code, _name in settings.LANGUAGES if code in form.cleaned_data["languages"]]
        # The order the person ticked is lost in a form post; the first in the platform's order leads.
        survey = Survey.objects.create(
            city=form.cleaned_data["city"],
            languages=chosen,
            titles={chosen[0]: form.cleaned_data["title"].strip()},
            created_by=request.user if request.user.is_authenticated else None,
        )
        log_action(request.user, "surveys.created", survey, {"languages": chosen})
        messages.success(request, _("The questionnaire is created. Add its questions, then open it."))
        return redirect(survey)
    return render(request, "surveys/form.html", {"form": form, "title": _("New questionnaire")})


def _managed(request: HttpRequest, pk: int) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("city"), pk=pk)
    services.require_manager(request.user, survey)
    return survey


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    language = _language()
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": [(q, q.text(language), q.choices(language)) for q in survey.questions.all()],
            "links": survey.links.all(),
            "link_form": LinkForm(),
            "responses": survey.responses.count(),
            "statuses": SurveyStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_texts(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = TextsForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        survey.titles, survey.intros = form.values()
        survey.save(update_fields=["titles", "intros"])
        messages.success(request, _("Saved."))
        return redirect(survey)
    return render(request, "surveys/form.html", {"form": form, "title": _("Title and introduction"), "survey": survey})


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    if survey.responses.exists():
        messages.error(request, _("This questionnaire has answers: its questions can no longer change."))
        return redirect(survey)
    form = QuestionForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        question = form.build()
        question.save()
        log_action(request.user, "surveys.question_added", survey, {"question": str(question)})
        messages.success(request, _("The question is added."))
        return redirect(survey)
    return render(
        request,
        "surveys/form.html",
        {"form": form, "title": _("Add a question"), "survey": survey},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        form.instance.survey = survey
        form.save()
        messages.success(request, _("The link is ready to share."))
    else:
        messages.error(request, _("Give the link a label."))
    return redirect(survey)


@login_required
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    status = request.POST.get("status", "")
    if status not in SurveyStatus.values:
        raise Http404
    try:
        services.set_status(request.user, survey, status)
    except ValueError as error:
        messages.error(request, str(error))
    return redirect(survey)


@login_required
@require_GET
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    responses, results = services.results(survey, _language(), with_texts=True)
    return render(
        request,
        "surveys/results.html",
        {"survey": survey, "responses": responses, "results": results, "min_cell": services.MIN_CELL},
    )


@login_required
@require_GET
def survey_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The aggregate counts (suppressed cells empty); never the free text."""
    survey = _managed(request, pk)
    _responses, results = services.results(survey, _language())
    rows: list[list[Any]] = []
    for result in results:
        for cell in result.cells:
            rows.append([result.text, cell.label, "" if cell.count is None else cell.count, result.answered])
        if result.mean is not None:
            rows.append([result.text, "mean", result.mean, result.answered])
    return csv_response(f"questionnaire-{survey.pk}.csv", ["question", "answer", "count", "answered"], rows)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The public questionnaire: no account, no personal data, in any of its languages."""
    link = get_object_or_404(SurveyLink.objects.select_related("survey"), token=token)
    survey = link.survey
    language = request.GET.get("lang") or _language()
    if language not in survey.languages:
        language = _language() if _language() in survey.languages else survey.languages[0]
    context: dict[str, Any] = {"survey": survey, "link": link, "language": language}
    # The questionnaire's own direction, whatever the page's (a Czech questionnaire on a Persian page).
    context["direction"] = "rtl" if language in ("ar", "fa") else "ltr"
    context["ui_direction"] = "rtl" if _language() in ("ar", "fa") else "ltr"
    context["title"] = survey.text_in(survey.titles, language)
    context["intro"] = survey.text_in(survey.intros or {}, language)
    context["other_languages"] = [
        (code, dict(settings.LANGUAGES)[code]) for code in survey.languages if code != language
    ]
    if survey.status != SurveyStatus.OPEN:
        return render(request, "surveys/closed.html", context, status=410)
    if link.single_use and link.responses.exists():
        return render(request, "surveys/used.html", context, status=410)
    form = AnswerForm(request.POST or None, survey=survey, language=language)
    if request.method == "POST" and not ratelimit.allowed(request, "survey-answer", ANSWERS_PER_HOUR, 3600):
        form.add_error(None, _("Too many answers from this connection. Try again in an hour."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.submit(link, language, form.values())
        except services.SurveyClosed:
            return render(request, "surveys/closed.html", context, status=410)
        except services.LinkUsed:
            return render(request, "surveys/used.html", context, status=410)
        return render(request, "surveys/thanks.html", context)
    context["form"] = form
    return render(request, "surveys/answer.html", context, status=400 if form.is_bound else 200)
