"""Self-service privacy for anyone listed in Integra, with or without an account.

A person proves they own an address by opening a link sent to it; the link lets them download
what is kept about that address or erase it. The link carries only a random token (never the
address, which would end up in server logs), and nobody learns from the request page whether an
address is known.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lib import emails
from network import services
from network.models import PrivacyLink

LINK_HOURS = 24
LINKS_PER_HOUR = 3


class PrivacyRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email address"))
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for robots


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _too_many(email: str) -> bool:
    """At most a few links an hour to one address, so the form cannot be used to flood an inbox."""
    recent = PrivacyLink.objects.filter(email=email, created__gte=timezone.now() - timedelta(hours=1))
    return recent.count() >= LINKS_PER_HOUR


def _forget_expired() -> None:
    PrivacyLink.objects.filter(created__lt=timezone.now() - timedelta(hours=LINK_HOURS)).delete()


@require_http_methods(["GET", "POST"])
def privacy_request(request: HttpRequest) -> HttpResponse:
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if not form.cleaned_data["website"] and not _too_many(email) and services.holds_data_for(email):
            token = secrets.token_urlsafe(32)
            PrivacyLink.objects.create(token_hash=_hash(token), email=email)
            link = settings.SITE_URL + reverse("network:privacy-link", args=[token])
            emails.send("privacy-link", email, {"link": link, "hours": LINK_HOURS}, language=get_language() or "en")
        messages.success(request, _("If Integra keeps data about this address, a link has been sent to it."))
        return redirect("network:privacy")
    return render(request, "network/privacy_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def privacy_link(request: HttpRequest, token: str) -> HttpResponse:
    _forget_expired()
    link = PrivacyLink.objects.filter(token_hash=_hash(token)).first()
    if link is None:
        return render(request, "network/privacy_link.html", {"problem": "invalid"}, status=404)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect("network:privacy-link", token=token)
        services.erase_by_email(link.email)
        PrivacyLink.objects.filter(email=link.email).delete()
        messages.success(request, _("Your personal data were erased."))
        return redirect("network:privacy")
    data = services.export_personal_data_by_email(link.email)
    if request.GET.get("format") == "json":
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="integra-my-data.json"'
        return response
    return render(request, "network/privacy_link.html", {"email": link.email, "data": data})
