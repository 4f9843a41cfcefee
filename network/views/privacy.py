"""Self-service privacy for anyone listed in Integra, with or without an account.

A person proves they own an address by opening a signed link sent to it; the link lets them
download what is kept about that address or erase it. Nobody learns from the request page
whether an address is known.
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lib import emails
from network import services

SALT = "integra.privacy"
LINK_HOURS = 24


class PrivacyRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email address"))
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for robots


@require_http_methods(["GET", "POST"])
def privacy_request(request: HttpRequest) -> HttpResponse:
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if not form.cleaned_data["website"] and services.holds_data_for(email):
            token = signing.dumps(email, salt=SALT)
            link = settings.SITE_URL + reverse("network:privacy-link", args=[token])
            emails.send("privacy-link", email, {"link": link, "hours": LINK_HOURS}, language=get_language() or "en")
        messages.success(request, _("If Integra keeps data about this address, a link has been sent to it."))
        return redirect("network:privacy")
    return render(request, "network/privacy_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def privacy_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = signing.loads(token, salt=SALT, max_age=LINK_HOURS * 3600)
    except signing.SignatureExpired:
        return render(request, "network/privacy_link.html", {"problem": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "network/privacy_link.html", {"problem": "invalid"}, status=400)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect("network:privacy-link", token=token)
        services.erase_by_email(email)
        messages.success(request, _("Your personal data were erased."))
        return redirect("network:privacy")
    data = services.export_personal_data_by_email(email)
    if request.GET.get("format") == "json":
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="integra-my-data.json"'
        return response
    return render(request, "network/privacy_link.html", {"email": email, "data": data})
