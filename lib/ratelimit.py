"""A small rate limit for public forms, kept in the cache under a hash of the client's address."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def allowed(request: HttpRequest, scope: str, limit: int, window: int) -> bool:
    """Count one more use of ``scope`` by this client; False once it passes ``limit`` within ``window`` seconds."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{address}".encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
