"""Settings for the test suite: the real settings with work done at once and no outside effects."""

from __future__ import annotations

from integra.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]
# Tests that need the page cache turn it on themselves.
PAGE_CACHE_SECONDS = 0
# A file, not memory: the registration race test signs up from several threads, each with its own
# connection, and SQLite's shared in-memory database refuses concurrent writers instead of queueing them.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405 (a fresh checkout has no var/ yet)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
