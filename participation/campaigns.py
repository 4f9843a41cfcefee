"""Campaigns and reach: what a campaign did, and how many people the events reached, in figures only."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from network.models import City
from participation import services
from participation.models import Campaign, EventKind, Registration


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.select_related("city", "organiser").order_by("-starts", "pk")[:200]
    return render(request, "participation/campaigns.html", {"campaigns": campaigns})


@require_GET
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("city", "organiser"), slug=slug)
    events = campaign.events.filter(status__in=("published", "cancelled")).order_by("starts")
    figures = services.reach(Registration.objects.filter(event__in=events))
    return render(
        request,
        "participation/campaign.html",
        {
            "campaign": campaign,
            "events": events,
            "materials": campaign.materials.published().prefetch_related("texts"),
            "figures": figures,
        },
    )


@require_GET
def reach(request: HttpRequest) -> HttpResponse:
    """People reached at events by category, for a city, a type of event and a period."""
    registrations = Registration.objects.filter(event__status="published")
    city = City.objects.filter(slug=request.GET.get("city", "")).first()
    kind = request.GET.get("kind", "")
    year = request.GET.get("year", "")
    if city is not None:
        registrations = registrations.filter(event__city=city)
    if kind in EventKind.values:
        registrations = registrations.filter(event__kind=kind)
    if year.isdigit():
        registrations = registrations.filter(event__starts__year=int(year))
    cities = City.objects.filter(Q(events__registrations__checked_in__isnull=False)).distinct().order_by("name")
    return render(
        request,
        "participation/reach.html",
        {
            "figures": services.reach(registrations),
            "events": registrations.exclude(checked_in=None).values("event").distinct().count(),
            "cities": cities,
            "city": city,
            "kinds": EventKind.choices,
            "kind": kind,
            "year": year,
            "years": sorted({d.year for d in Registration.objects.dates("event__starts", "year")}, reverse=True),
        },
    )
