from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_NAME": settings.SITE_NAME, "language_links": language_links(request)}


def language_links(request: HttpRequest) -> list[dict[str, Any]]:
    """This page in every language: the same path under another language prefix.

    Links, not a form, so public pages carry no CSRF token and can be cached whole.
    """
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    path = request.get_full_path()
    prefix = f"/{current}/"
    rest = path[len(prefix) :] if path.startswith(prefix) else ""
    return [
        {"code": code, "name": name, "url": f"/{code}/{rest}", "current": code == current}
        for code, name in settings.LANGUAGES
    ]
