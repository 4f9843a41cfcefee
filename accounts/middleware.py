from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404

ALLOWED_PREFIXES = ("account_", "mfa_")
ENROLLED_KEY = "integra.second_factor_seen"


class RequireSecondFactorMiddleware:
    """Coordinators, city teams and platform admins must set up a second factor before they go on.

    Which users need one is asked of ``settings.MFA_REQUIRED_FOR`` (a dotted path to a function
    taking the user), so this app need not know about roles defined higher up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        from django.utils.module_loading import import_string

        self.required_for = import_string(settings.MFA_REQUIRED_FOR)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.REQUIRE_MFA_FOR_STAFF and self._must_enrol(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(("/static/", "/media/")):
            return False
        try:
            name = resolve(request.path_info).url_name or ""
        except Resolver404:
            return False
        if name.startswith(ALLOWED_PREFIXES) or name in ("set_language",):
            return False
        # Once a second factor was seen in this session, later requests skip both queries.
        if request.session.get(ENROLLED_KEY) == user.pk or not self.required_for(user):
            return False
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            request.session[ENROLLED_KEY] = user.pk
            return False
        return True
