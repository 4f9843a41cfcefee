"""Civic initiatives: listed by city and language, told in several languages, run by their organisers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from network.audit import log_action, snapshot
from network.models import City
from participation import permissions
from participation.forms import InitiativeForm
from participation.models import Initiative


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = Initiative.objects.filter(active=True).select_related("city").prefetch_related("organisers")
    city = City.objects.filter(slug=request.GET.get("city", "")).first()
    if city is not None:
        initiatives = initiatives.filter(city=city)
    language = request.GET.get("language", "")
    listed = list(initiatives[:300])
    if language in dict(settings.LANGUAGES):
        listed = [item for item in listed if language in item.languages]
    cities = City.objects.filter(initiatives__active=True).distinct().order_by("name")
    return render(
        request,
        "participation/initiatives.html",
        {
            "initiatives": listed,
            "cities": cities,
            "city": city,
            "language": language,
            "languages": settings.LANGUAGES,
            "can_create": permissions.organisers_for(request.user).exists(),
        },
    )


@require_GET
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.select_related("city"), slug=slug)
    organisers = initiative.organisers.all()
    can_edit = permissions.organisers_for(request.user).filter(pk__in=[o.pk for o in organisers]).exists()
    return render(
        request,
        "participation/initiative.html",
        {"initiative": initiative, "organisers": organisers, "can_edit": can_edit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_form(request: HttpRequest, slug: str = "") -> HttpResponse:
    organisers = permissions.organisers_for(request.user)
    initiative = get_object_or_404(Initiative, slug=slug) if slug else None
    if not organisers.exists() or (
        initiative is not None and not organisers.filter(pk__in=initiative.organisers.values("pk")).exists()
    ):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, instance=initiative, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        action = "changed" if initiative else "created"
        log_action(request.user, f"participation.initiative.{action}", saved, snapshot(saved))
        messages.success(request, _("The initiative is saved."))
        return redirect(saved)
    title = _("Edit the initiative") if initiative else _("Add a civic initiative")
    return render(request, "participation/form.html", {"form": form, "title": title})
