"""The organisers' side: their events, putting one up, the list of who signed up, check-in at the door."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from network.audit import log_action, snapshot
from participation import permissions, services
from participation.forms import EventForm, MessageForm
from participation.models import ACTIVE, Event, Registration, RegistrationStatus


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    events = (
        permissions.managed_events(request.user)
        .select_related("city", "organiser")
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)),
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        )
        .order_by("-starts")[:200]
    )
    return render(
        request,
        "participation/manage.html",
        {"events": events, "can_create": permissions.organisers_for(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    organisers = permissions.organisers_for(request.user)
    if not organisers.exists():
        raise PermissionDenied
    form = EventForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        log_action(request.user, "participation.event.created", event, snapshot(event))
        messages.success(request, _("The event is saved."))
        return redirect("participation:participants", slug=event.slug)
    return render(request, "participation/form.html", {"form": form, "title": _("Put up an event")})


def _managed(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("city", "organiser"), slug=slug)
    if not permissions.can_manage(request.user, event):
        raise PermissionDenied
    return event


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed(request, slug)
    form = EventForm(request.POST or None, instance=event, organisers=permissions.organisers_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        log_action(request.user, "participation.event.changed", event, snapshot(event))
        messages.success(request, _("The event is saved."))
        return redirect("participation:participants", slug=event.slug)
    return render(request, "participation/form.html", {"form": form, "title": _("Edit the event"), "event": event})


@login_required
@require_GET
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed(request, slug)
    registrations = event.registrations.filter(status__in=ACTIVE).order_by("status", "created", "pk")
    query = request.GET.get("q", "").strip()
    if query:
        registrations = registrations.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(token=query))
    return render(
        request,
        "participation/participants.html",
        {
            "event": event,
            "registrations": registrations[:500],
            "query": query,
            "attendance": services.attendance(event),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def message(request: HttpRequest, slug: str) -> HttpResponse:
    """A message from the organisers to everyone signed up (with a place, or on the waiting list)."""
    event = _managed(request, slug)
    form = MessageForm(request.POST or None)
    recipients = event.registrations.filter(status__in=ACTIVE).exclude(email="")
    if request.method == "POST" and form.is_valid():
        sent = services.message_registrants(event, form.cleaned_data["subject"], form.cleaned_data["body"])
        log_action(request.user, "participation.event.messaged", event, {"recipients": sent})
        messages.success(request, _("Messages on their way: %(count)s.") % {"count": sent})
        return redirect("participation:participants", slug=event.slug)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "title": _("Write to everyone signed up"),
            "event": event,
            "recipients": recipients.count(),
            "is_message": True,
        },
    )


@login_required
@require_POST
def check_in(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    services.check_in(registration)
    log_action(request.user, "participation.registration.checked_in", event, {"registration": registration.pk})
    messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    return redirect("participation:participants", slug=event.slug)
