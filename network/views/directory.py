"""The public directory: cities, organisations, networks, their graphs and open data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from lib.tabular import csv_response, xlsx_response
from network import graphs
from network.forms import (
    SORTS,
    CityFilterForm,
    NetworkFilterForm,
    OrganisationFilterForm,
)
from network.models import (
    City,
    Membership,
    Network,
    NetworkKind,
    Organisation,
    Person,
    PlatformFigures,
    Tie,
)
from network.permissions import can_edit_organisation, can_manage_network, is_city_team


def _page(request: HttpRequest, queryset: QuerySet[Any]) -> Page:
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _sort(queryset: QuerySet[Any], form: Any, allowed: set[str]) -> QuerySet[Any]:
    sort = form.cleaned_data.get("sort") if form.is_valid() else ""
    if sort in allowed and sort in SORTS:
        # The tiebreaker follows the sort's direction so one (column, id) index serves both.
        return queryset.order_by(SORTS[sort], "-pk" if sort.startswith("-") else "pk")
    return queryset.order_by("name", "pk")


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _count_of(model: Any, link: str) -> Coalesce:
    """Rows of ``model`` per listed row as a correlated subquery: no GROUP BY over the whole list."""
    per_row = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(per_row.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def _count_of_organisations() -> Coalesce:
    return _count_of(Organisation, "city")


def _count_of_members() -> Coalesce:
    return _count_of(Membership, "network")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    figures = PlatformFigures.objects.order_by("-computed_at").first()
    partnerships = Network.objects.filter(kind=NetworkKind.PARTNERSHIP).prefetch_related("texts")[:5]
    cities = City.objects.select_related("country").annotate(organisation_count=_count_of_organisations())[:12]
    return render(
        request,
        "network/home.html",
        {"figures": figures, "partnerships": partnerships, "cities": cities},
    )


@require_GET
def city_list(request: HttpRequest) -> HttpResponse:
    form = CityFilterForm(request.GET)
    cities: QuerySet[City] = City.objects.select_related("country").annotate(
        organisation_count=_count_of_organisations()
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            cities = cities.filter(
                Q(name__icontains=form.cleaned_data["q"]) | Q(slug__icontains=form.cleaned_data["q"])
            )
        if form.cleaned_data["country"]:
            cities = cities.filter(country=form.cleaned_data["country"])
    cities = _sort(cities, form, {"name", "-name", "country", "-country", "-organisations"})
    return render(
        request,
        "network/city_list.html",
        {"form": form, "page": _page(request, cities), "query": _query_without_page(request)},
    )


@require_GET
def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City.objects.select_related("country"), slug=slug)
    organisations = city.organisations.order_by("name")
    return render(
        request,
        "network/city_detail.html",
        {
            "city": city,
            "page": _page(request, organisations),
            "organisation_count": organisations.count(),
            "networks": city.networks.annotate(member_count=_count_of_members()).order_by("name"),
            "is_team": is_city_team(request.user, city) or request.user.is_superuser,
        },
    )


@require_GET
def city_graph(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City.objects.select_related("country"), slug=slug)
    return render(request, "network/graph.html", {"subject": city, "graph": graphs.city_graph(city)})


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    organisations: QuerySet[Organisation] = Organisation.objects.select_related("city__country")
    if form.is_valid():
        data = form.cleaned_data
        organisations = Organisation.objects.search(data["q"]).select_related("city__country")
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if data["country"]:
            organisations = organisations.filter(city__country=data["country"])
        if data["city"]:
            organisations = organisations.filter(city=data["city"])
        if data["area"]:
            organisations = organisations.filter(areas=data["area"])
        if data["network"]:
            organisations = organisations.filter(memberships__network=data["network"])
    organisations = _sort(organisations, form, {"name", "-name", "city", "-city", "kind"})
    return render(
        request,
        "network/organisation_list.html",
        {"form": form, "page": _page(request, organisations), "query": _query_without_page(request)},
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("city__country"), slug=slug)
    ties = Tie.objects.filter(Q(source=organisation) | Q(target=organisation)).select_related(
        "source__city", "target__city", "area"
    )
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "areas": organisation.areas.all(),
            "memberships": organisation.memberships.select_related("network").order_by("network__name"),
            "ties": ties,
            "people": Person.objects.visible_to(request.user).filter(organisation=organisation),
            "can_edit": can_edit_organisation(request.user, organisation),
        },
    )


@require_GET
def network_list(request: HttpRequest) -> HttpResponse:
    form = NetworkFilterForm(request.GET)
    networks: QuerySet[Network] = Network.objects.select_related("city__country").annotate(
        member_count=_count_of_members()
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            query = form.cleaned_data["q"]
            networks = networks.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
        if form.cleaned_data["kind"]:
            networks = networks.filter(kind=form.cleaned_data["kind"])
    networks = _sort(networks, form, {"name", "-name", "kind", "-members"})
    return render(
        request,
        "network/network_list.html",
        {"form": form, "page": _page(request, networks), "query": _query_without_page(request)},
    )


def _network(slug: str) -> Network:
    return get_object_or_404(
        Network.objects.select_related("city__country", "lead").prefetch_related("texts"), slug=slug
    )


MEMBER_SORTS = {
    "name": ("organisation__name",),
    "-name": ("-organisation__name",),
    "role": ("role", "organisation__name"),
    "city": ("organisation__city__name", "organisation__name"),
    "-city": ("-organisation__city__name", "organisation__name"),
}


@require_GET
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(slug)
    order = MEMBER_SORTS.get(request.GET.get("sort", ""), ("organisation__name",))
    memberships = network.memberships.select_related("organisation__city__country").order_by(*order, "pk")
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "page": _page(request, memberships),
            "member_count": memberships.count(),
            "sort": request.GET.get("sort", "name"),
            "query": f"sort={request.GET.get('sort', 'name')}",
            "meetings": network.meetings.select_related("city").order_by("start"),
            "can_manage": can_manage_network(request.user, network),
        },
    )


@require_GET
def network_graph(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(slug)
    return render(request, "network/graph.html", {"subject": network, "graph": graphs.network_graph(network)})


ORGANISATION_HEADER = ["name", "acronym", "kind", "city", "country", "website", "email", "phone", "areas"]


@require_GET
def export_organisations(request: HttpRequest, fmt: str) -> HttpResponse:
    organisations = (
        Organisation.objects.select_related("city").prefetch_related(Prefetch("areas")).order_by("name", "pk")
    )
    rows = (
        [
            o.name,
            o.acronym,
            o.kind,
            o.city.slug,
            o.city.country_id,
            o.website,
            o.email,
            o.phone,
            ";".join(a.code for a in o.areas.all()),
        ]
        for o in organisations.iterator(chunk_size=2000)
    )
    if fmt == "xlsx":
        return xlsx_response("organisations.xlsx", ORGANISATION_HEADER, rows)
    if fmt == "csv":
        return csv_response("organisations.csv", ORGANISATION_HEADER, rows)
    raise Http404


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    latest = PlatformFigures.objects.order_by("-computed_at").first()
    return render(request, "network/figures.html", {"latest": latest})
