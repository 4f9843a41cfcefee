"""The signed-in person's own pages and the team tools: roles, data, tokens, log, import."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.tabular import UnreadableFile, csv_response, xlsx_response
from network import imports, services
from network.forms import (
    ImportForm,
)
from network.models import (
    LogEntry,
    Person,
    Role,
)
from network.permissions import can_see_log, roles_of
from network.views.directory import _page


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
