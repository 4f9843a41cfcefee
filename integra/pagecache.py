"""A cache of whole public pages for visitors who are not signed in.

Most readers of the directory are anonymous and see the same HTML. A page is kept for
``PAGE_CACHE_SECONDS`` under a key that includes a *generation* number; any save or delete of a
model in ``PAGE_CACHE_APPS`` moves the generation on, so changes show at once within a process
(and across app servers when they share a cache, e.g. ``REDIS_URL``; otherwise after at most
``PAGE_CACHE_SECONDS``). Only responses that set no cookie are kept, so nothing personal is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "pagecache:generation"
SKIP_PREFIXES = ("/accounts/", "/admin/", "/me/", "/log/", "/import/", "/people/", "/invitations/", "/privacy/")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def bump(*args: Any, **kwargs: Any) -> None:
    sender = kwargs.get("sender")
    if sender is not None and sender._meta.app_label not in settings.PAGE_CACHE_APPS:
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 1, timeout=None)


def _cacheable_request(request: HttpRequest) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get("messages"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path_info
    return not any(prefix in path for prefix in SKIP_PREFIXES)


def _cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        path = request.get_full_path().encode()
        key = f"pagecache:{generation()}:{request.method}:{hashlib.blake2b(path, digest_size=16).hexdigest()}"
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "x-page-cache"]
            cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
        return response
