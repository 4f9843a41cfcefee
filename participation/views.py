"""The public side of participation: events, signing up without an account, the private link."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import ical, pdf, ratelimit
from lib.qr import qr_svg
from lib.text import fold
from network.models import City
from participation import services
from participation.forms import ChangeForm, SignUpForm
from participation.models import ACTIVE, Event, EventKind, EventStatus, Registration, RegistrationStatus

SIGN_UPS_PER_HOUR = 10
MAX_CITY_OPTIONS = 60
EVENTS_PER_PAGE = 20


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.upcoming().select_related("city", "organiser")
    cities = City.objects.filter(events__status=EventStatus.PUBLISHED).distinct().order_by("name")
    wanted = request.GET.get("city", "").strip()
    city = cities.filter(slug=wanted).first() or (
        cities.filter(search_text__contains=fold(wanted)).first() if wanted else None
    )
    if city is not None:
        events = events.filter(city=city)
    elif wanted:
        events = events.none()  # a city with no upcoming event, or none of that name
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        events = events.in_language(language)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    # A select of every city would outweigh the page for a large network: past a few, a search box.
    few = cities.count() <= MAX_CITY_OPTIONS
    return render(
        request,
        "participation/events.html",
        {
            "page": page,
            "cities": cities if few else None,
            "city": city,
            "wanted": wanted,
            "language": language,
            "languages": settings.LANGUAGES,
            "query": urlencode({key: request.GET[key] for key in ("city", "language") if request.GET.get(key)}),
        },
    )


def _public_event(slug: str) -> Event:
    return get_object_or_404(
        Event.objects.select_related("city", "organiser"),
        slug=slug,
        status__in=(EventStatus.PUBLISHED, EventStatus.CANCELLED),
    )


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    form = SignUpForm(request.POST or None)
    context: dict[str, Any] = {"event": event, "form": form, "open": event.registration_open()}
    if request.method == "POST":
        if form.is_robot:
            return render(request, "participation/signed_up.html", {"event": event, "registration": None})
        if not ratelimit.allowed(request, "sign-up", SIGN_UPS_PER_HOUR, 3600):
            form.add_error(None, _("Too many sign-ups from this connection. Try again in an hour."))
        elif form.is_valid():
            data = form.cleaned_data
            sign_up = services.SignUp(data["name"], data["email"], data["phone"], data["language"], data["category"])
            try:
                registration = services.register(event, sign_up)
            except services.RegistrationRefused as refused:
                form.add_error(None, str(refused))
            else:
                return render(request, "participation/signed_up.html", {"event": event, "registration": registration})
        return render(request, "participation/event.html", context, status=400)
    return render(request, "participation/event.html", context)


def _entry(event: Event, request: HttpRequest) -> ical.Entry:
    location = ", ".join(part for part in (event.venue, event.address) if part) or event.online_url
    return ical.Entry(
        uid=f"event-{event.pk}@{request.get_host()}",
        starts=event.starts,
        ends=event.ends,
        summary=event.title,
        description=event.description,
        location=location,
        url=request.build_absolute_uri(event.get_absolute_url()),
        cancelled=event.status == EventStatus.CANCELLED,
    )


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    body = ical.calendar(event.title, [_entry(event, request)], timezone.now())
    return ical.response(f"{event.slug}.ics", body)


@require_GET
def city_ics(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    events = Event.objects.upcoming().filter(city=city).select_related("city", "organiser")[:500]
    name = _("Events in %(city)s") % {"city": city}
    return ical.response(
        f"{city.slug}-events.ics", ical.calendar(name, [_entry(e, request) for e in events], timezone.now())
    )


@require_GET
def organisation_ics(request: HttpRequest, slug: str) -> HttpResponse:
    from network.models import Organisation

    organisation = get_object_or_404(Organisation, slug=slug)
    events = Event.objects.upcoming().filter(organiser=organisation).select_related("city", "organiser")[:500]
    name = _("Events of %(organisation)s") % {"organisation": organisation.name}
    body = ical.calendar(name, [_entry(e, request) for e in events], timezone.now())
    return ical.response(f"{organisation.slug}-events.ics", body)


# ---------------------------------------------------------------- the participant's private link


def _registration(token: str) -> Registration | None:
    return Registration.objects.select_related("event__city").filter(token=token, anonymised=False).first()


def _unknown(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/unknown_link.html", status=404)


@require_http_methods(["GET", "POST"])
def registration(request: HttpRequest, token: str) -> HttpResponse:
    found = _registration(token)
    if found is None:
        return _unknown(request)
    form = ChangeForm(request.POST or None, instance=found)
    if request.method == "POST" and found.status in ACTIVE and form.is_valid():
        form.save()
        return redirect(found.get_absolute_url() + "?saved=1")
    check_in_url = request.build_absolute_uri(
        reverse("participation:participants", args=[found.event.slug]) + f"?q={found.token}"
    )
    return render(
        request,
        "participation/registration.html",
        {
            "registration": found,
            "event": found.event,
            "form": form,
            "saved": "saved" in request.GET,
            "qr": qr_svg(check_in_url) if found.status == RegistrationStatus.REGISTERED else "",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    found = _registration(token)
    if found is None:
        return _unknown(request)
    services.confirm(found)
    return redirect(found.get_absolute_url())


@require_POST
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    found = _registration(token)
    if found is None:
        return _unknown(request)
    services.cancel(found)
    return redirect(found.get_absolute_url())


@require_POST
def registration_erase(request: HttpRequest, token: str) -> HttpResponse:
    found = _registration(token)
    if found is None:
        return _unknown(request)
    event = found.event
    if found.status != RegistrationStatus.CANCELLED:
        services.cancel(found)
    found.delete()
    return render(request, "participation/erased.html", {"event": event})


@require_GET
def registration_data(request: HttpRequest, token: str) -> HttpResponse:
    found = _registration(token)
    if found is None:
        return _unknown(request)
    data = {
        "event": found.event.title,
        "starts": found.event.starts.isoformat(),
        "name": found.name,
        "email": found.email,
        "phone": found.phone,
        "language": found.language,
        "category": found.category,
        "category_consent": found.category_consent.isoformat() if found.category_consent else None,
        "status": found.status,
        "registered": found.created.isoformat(),
        "confirmed": found.confirmed.isoformat() if found.confirmed else None,
        "checked_in": found.checked_in.isoformat() if found.checked_in else None,
    }
    reply = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    reply["Content-Disposition"] = 'attachment; filename="my-registration.json"'
    return reply


@require_GET
def consultations(request: HttpRequest) -> HttpResponse:
    """Open questionnaires their teams list publicly: anyone answers, anonymously, in their language."""
    from surveys.models import SurveyLink, SurveyStatus

    language = _language()
    links = (
        SurveyLink.objects.filter(public=True, survey__status=SurveyStatus.OPEN)
        .select_related("survey__city")
        .order_by("-survey__created", "pk")[:100]
    )
    items = [
        {
            "link": link,
            "survey": link.survey,
            "title": link.survey.text_in(link.survey.titles, language),
            "intro": link.survey.text_in(link.survey.intros or {}, language),
            "in_my_language": language in link.survey.languages,
        }
        for link in links
    ]
    return render(request, "participation/consultations.html", {"items": items, "languages": dict(settings.LANGUAGES)})


@require_GET
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    """A certificate of attendance (PDF) for a course the participant was checked in at."""
    found = _registration(token)
    if found is None:
        return _unknown(request)
    event = found.event
    if found.checked_in is None or event.kind != EventKind.TRAINING:
        return render(request, "participation/no_certificate.html", {"event": event, "registration": found}, status=404)
    try:
        content = _certificate_pdf(found)
    except pdf.FontsMissing:
        return HttpResponse(_("The PDF cannot be made on this server: its fonts are missing."), status=503)
    reply = HttpResponse(content, content_type="application/pdf")
    reply["Content-Disposition"] = f'attachment; filename="certificate-{event.slug}.pdf"'
    return reply


def _certificate_pdf(registration: Registration) -> bytes:
    from django.utils import formats

    event = registration.event
    document = pdf.document(_("Certificate of attendance"))
    line = pdf.writer(document)
    document.ln(30)
    line(_("Certificate of attendance"), 24, "B", 12)
    document.ln(10)
    line(_("This is to certify that"), 12)
    line(registration.name, 20, "B", 10)
    line(_("took part in"), 12)
    line(event.title, 16, "B", 8)
    dates = formats.date_format(event.local_starts, "DATE_FORMAT")
    if event.local_ends.date() != event.local_starts.date():
        dates += " – " + formats.date_format(event.local_ends, "DATE_FORMAT")
    line(f"{dates} · {event.city}", 12)
    document.ln(12)
    line(_("Organised by %(organiser)s.") % {"organiser": event.organiser.name}, 11)
    return bytes(document.output())
