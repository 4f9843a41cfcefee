from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.tabular import UnreadableFile, csv_response, xlsx_response
from network import graphs, imports, services
from network.forms import (
    SORTS,
    CityFilterForm,
    ImportForm,
    InvitationForm,
    MeetingForm,
    MembershipForm,
    NetworkFilterForm,
    NetworkForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonForm,
    StakeholderPlacementForm,
    TieForm,
)
from network.models import (
    City,
    Invitation,
    Level,
    LogEntry,
    Meeting,
    Membership,
    Network,
    NetworkKind,
    Organisation,
    Person,
    PlatformFigures,
    Role,
    Tie,
)
from network.permissions import can_edit_organisation, can_manage_network, can_see_log, is_city_team, roles_of


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


def _count_of_organisations() -> Coalesce:
    """Organisations per city as a correlated subquery: no GROUP BY over the whole list."""
    per_city = Organisation.objects.filter(city=OuterRef("pk")).order_by().values("city")
    return Coalesce(Subquery(per_city.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def _count_of_members() -> Coalesce:
    per_network = Membership.objects.filter(network=OuterRef("pk")).order_by().values("network")
    return Coalesce(Subquery(per_network.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


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


# Directory ------------------------------------------------------------------------------


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


def _editable_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("city"), slug=slug)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(request.user, organisation, form.cleaned_data["version"], form.save)
        except services.StaleEdit as stale:
            form.add_error(None, stale.message)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect(organisation)
    return render(request, "network/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": organisation}})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    if not (request.user.is_superuser or is_city_team(request.user, city)):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, initial={"city": city})
    if request.method == "POST" and form.is_valid():
        organisation = form.instance
        organisation.slug = imports._unique_slug(slugify(organisation.name))
        organisation = services.create_organisation(request.user, form.save)
        messages.success(request, _("The organisation was added."))
        return redirect(organisation)
    return render(
        request, "network/form.html", {"form": form, "title": _("New organisation in %(city)s") % {"city": city}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.organisation = organisation
        services.add_person(request.user, person)
        messages.success(request, _("The contact person was added with their consent recorded."))
        return redirect(organisation)
    return render(request, "network/form.html", {"form": form, "title": _("New contact person")})


def _editable_person(request: HttpRequest, pk: int) -> Person:
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("organisation__city"), pk=pk)
    if person.user_id != request.user.pk and not can_edit_organisation(request.user, person.organisation):
        raise PermissionDenied
    return person


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(request.user, form.instance, form.cleaned_data["version"])
        except services.StaleEdit as stale:
            form.add_error(None, stale.message)
        else:
            messages.success(request, _("The contact person was saved."))
            return redirect(person.organisation)
    return render(request, "network/form.html", {"form": form, "title": _("Edit contact person")})


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    if request.method == "POST":
        organisation = person.organisation
        services.erase_person(request.user, person)
        messages.success(request, _("The contact person and their personal data were erased."))
        return redirect(organisation)
    return render(request, "network/confirm.html", {"title": _("Erase contact person"), "object": person})


@login_required
@require_http_methods(["GET", "POST"])
def tie_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form = TieForm(request.POST or None, source=organisation)
    if request.method == "POST" and form.is_valid():
        services.save_tie(request.user, form.save(commit=False))
        messages.success(request, _("The tie was recorded."))
        return redirect(organisation)
    return render(
        request, "network/form.html", {"form": form, "title": _("New tie of %(name)s") % {"name": organisation}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def tie_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tie = get_object_or_404(Tie.objects.select_related("source__city", "target"), pk=pk)
    if not can_edit_organisation(request.user, tie.source):
        raise PermissionDenied
    if request.method == "POST":
        services.remove_tie(request.user, tie)
        messages.success(request, _("The tie was removed."))
        return redirect(tie.source)
    return render(request, "network/confirm.html", {"title": _("Remove tie"), "object": tie})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form = InvitationForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.invite(request.user, organisation, data["email"], data["kind"], data["language"])
        messages.success(request, _("The invitation was sent to %(email)s.") % {"email": data["email"]})
        return redirect(organisation)
    return render(
        request, "network/form.html", {"form": form, "title": _("Invite someone to %(name)s") % {"name": organisation}}
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_open:
        return render(request, "network/invitation.html", {"invitation": invitation, "closed": True}, status=410)
    if not request.user.is_authenticated:
        request.session["invitation_token"] = token
        return render(request, "network/invitation.html", {"invitation": invitation})
    if request.user.email.lower() != invitation.email.lower():
        messages.error(
            request,
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email},
        )
        return render(request, "network/invitation.html", {"invitation": invitation, "wrong_user": True}, status=403)
    if request.method == "POST":
        services.accept_invitation(invitation, request.user)
        request.session.pop("invitation_token", None)
        messages.success(request, _("You joined %(name)s.") % {"name": invitation.organisation})
        return redirect(invitation.organisation)
    return render(request, "network/invitation.html", {"invitation": invitation})


# Networks -------------------------------------------------------------------------------


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


def _managed_network(request: HttpRequest, slug: str) -> Network:
    network = _network(slug)
    if not can_manage_network(request.user, network):
        raise PermissionDenied
    return network


@require_http_methods(["GET", "POST"])
def stakeholder_map(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(slug)
    can_manage = can_manage_network(request.user, network)
    memberships = list(network.memberships.select_related("organisation").order_by("organisation__name")[:300])
    forms = [StakeholderPlacementForm(request.POST or None, instance=m, prefix=f"m{m.pk}") for m in memberships]
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if all(form.is_valid() for form in forms):
            for form in forms:
                if form.has_changed():
                    services.save_membership(request.user, form.save(commit=False))
            messages.success(request, _("The stakeholder map was saved."))
            return redirect("network:map", slug=network.slug)
    placed: dict[tuple[int, int], list[Membership]] = {}
    for membership in memberships:
        if membership.influence and membership.interest:
            placed.setdefault((membership.influence, membership.interest), []).append(membership)
    grid = [
        (label, [placed.get((influence, interest), []) for interest, _label in Level.choices])
        for influence, label in reversed(Level.choices)
    ]
    return render(
        request,
        "network/stakeholder_map.html",
        {
            "network": network,
            "rows": list(zip(memberships, forms, strict=True)),
            "grid": grid,
            "levels": Level.choices,
            "unplaced": [m for m in memberships if not (m.influence and m.interest)],
            "can_manage": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, slug: str) -> HttpResponse:
    network = _managed_network(request, slug)
    form = NetworkForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_network(request.user, network, form.cleaned_data["version"], form.save)
        except services.StaleEdit as stale:
            form.add_error(None, stale.message)
        else:
            messages.success(request, _("The network was saved."))
            return redirect(network)
    return render(request, "network/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": network}})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = _managed_network(request, slug)
    form = MembershipForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        services.save_membership(request.user, form.save(commit=False))
        messages.success(request, _("The member was added."))
        return redirect(network)
    return render(
        request, "network/form.html", {"form": form, "title": _("Add a member to %(name)s") % {"name": network}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    membership = get_object_or_404(network.memberships.select_related("organisation"), pk=pk)
    form = MembershipForm(request.POST or None, instance=membership, network=network)
    if request.method == "POST" and form.is_valid():
        services.save_membership(request.user, form.save(commit=False))
        messages.success(request, _("The membership was saved."))
        return redirect(network)
    return render(request, "network/form.html", {"form": form, "title": str(membership.organisation)})


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    membership = get_object_or_404(network.memberships.select_related("organisation"), pk=pk)
    if request.method == "POST":
        services.remove_membership(request.user, membership)
        messages.success(request, _("The member was removed."))
        return redirect(network)
    return render(request, "network/confirm.html", {"title": _("Remove member"), "object": membership.organisation})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = _managed_network(request, slug)
    form = MeetingForm(request.POST or None, initial={"city": network.city})
    if request.method == "POST" and form.is_valid():
        meeting: Meeting = form.save(commit=False)
        meeting.network = network
        services.save_meeting(request.user, meeting)
        messages.success(request, _("The meeting was added."))
        return redirect(network)
    return render(
        request, "network/form.html", {"form": form, "title": _("New meeting of %(name)s") % {"name": network}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    meeting = get_object_or_404(network.meetings, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.save_meeting(request.user, form.save(commit=False))
        messages.success(request, _("The meeting was saved."))
        return redirect(network)
    return render(request, "network/form.html", {"form": form, "title": meeting.title})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    meeting = get_object_or_404(network.meetings, pk=pk)
    if request.method == "POST":
        services.remove_meeting(request.user, meeting)
        messages.success(request, _("The meeting was removed."))
        return redirect(network)
    return render(request, "network/confirm.html", {"title": _("Remove meeting"), "object": meeting})


# The signed-in person -------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user_id = int(request.user.pk or 0)
    roles = Role.objects.filter(user_id=user_id).select_related("network", "city", "organisation")
    return render(
        request,
        "network/dashboard.html",
        {
            "roles": roles,
            "contact_records": Person.objects.filter(user_id=user_id).select_related("organisation"),
            "can_see_log": can_see_log(request.user),
            "can_import": request.user.is_superuser or any(r.kind == "city_team" for r in roles_of(request.user)),
        },
    )


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    data = services.export_personal_data(request.user)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="integra-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """Issue a new API token; the old one stops working. The token is shown once."""
    from rest_framework.authtoken.models import Token

    user_id = int(request.user.pk or 0)
    key = None
    if request.method == "POST":
        Token.objects.filter(user_id=user_id).delete()
        key = Token.objects.create(user_id=user_id).key
    has_token = Token.objects.filter(user_id=user_id).exists()
    return render(request, "network/api_token.html", {"key": key, "has_token": has_token})


@login_required
@require_http_methods(["GET", "POST"])
def my_erasure(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect("network:erase-me")
        user = request.user
        logout(request)
        services.erase_user(user)
        messages.success(request, _("Your account and your personal data were erased."))
        return redirect("home")
    return render(request, "network/erase_me.html")


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    if not can_see_log(request.user):
        raise PermissionDenied
    entries = LogEntry.objects.visible_to(request.user).select_related("user", "content_type")
    return render(request, "network/log.html", {"page": _page(request, entries)})


@login_required
@require_http_methods(["GET", "POST"])
def import_data(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or any(r.kind in ("city_team", "org_admin") for r in roles_of(request.user))):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = (
            imports.import_organisations if form.cleaned_data["kind"] == "organisations" else imports.import_people
        )
        try:
            result = importer(request.user, upload, upload.name)
        except UnreadableFile as unreadable:
            form.add_error("file", str(unreadable))
        else:
            if result.ok:
                messages.success(request, _("%(count)s rows were imported.") % {"count": result.created})
                return redirect("network:import")
    return render(
        request,
        "network/import.html",
        {
            "form": form,
            "result": result,
            "org_columns": imports.ORGANISATION_COLUMNS,
            "people_columns": imports.PEOPLE_COLUMNS,
        },
        status=400 if result and not result.ok else 200,
    )


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


@login_required
@require_GET
def export_people(request: HttpRequest, fmt: str) -> HttpResponse:
    people = Person.objects.visible_to(request.user).select_related("organisation").order_by("name", "pk")
    header = ["organisation", "name", "position", "email", "phone", "visibility"]
    rows = ([p.organisation.slug, p.name, p.position, p.email, p.phone, p.visibility] for p in people)
    if fmt == "xlsx":
        return xlsx_response("people.xlsx", header, rows)
    if fmt == "csv":
        return csv_response("people.csv", header, rows)
    raise Http404


@require_POST
@login_required
def refresh_figures(request: HttpRequest) -> HttpResponse:
    from network.tasks import compute_platform_figures

    if not request.user.is_superuser:
        raise PermissionDenied
    compute_platform_figures.enqueue()
    messages.success(request, _("The platform figures will be recomputed in the background."))
    return redirect("network:figures")


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    latest = PlatformFigures.objects.order_by("-computed_at").first()
    return render(request, "network/figures.html", {"latest": latest})
