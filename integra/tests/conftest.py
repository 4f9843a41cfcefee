"""Browser-test fixtures: one chromium per session, a shared page for one-page checks, the cast in the live DB."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's chromium, launched once for the session.

    Playwright's sync API keeps an asyncio loop running in this thread from ``start()`` to ``stop()``,
    and Django refuses ORM calls while a loop runs unless DJANGO_ALLOW_ASYNC_UNSAFE is set: it is set
    for as long as Playwright is up (so also for tests that run after these in the same session).
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM}: run `make browser` (apt-get install chromium fonts-noto-core)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_cast(transactional_db: Any, live_server: Any) -> Any:
    """The named test cast, in the database the live server reads."""
    from integra.testing import build_cast

    return build_cast()


@pytest.fixture(scope="session")
def shared_context(chromium: Any, live_server: Any) -> Iterator[Any]:
    """One context for the many one-page tests (its cookies are cleared before each use)."""
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def new_context(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Make fresh browser contexts on the live server (CSP bypassed so axe can be injected); closed at the end."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        options = {"base_url": live_server.url, "bypass_csp": True, "locale": "en-GB", **options}
        context = chromium.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _session_cookie(user: Any, url: str) -> dict[str, str]:
    """A session for ``user`` made with ``Client.force_login``, as a browser cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": url}


@pytest.fixture(scope="session")
def shared_page(shared_context: Any) -> Any:
    """One page reused by the one-page tests: a new page costs more than the navigation itself."""
    return shared_context.new_page()


@pytest.fixture
def page_as(shared_context: Any, shared_page: Any, live_server: Any) -> Iterator[Callable[[Any], Any]]:
    """``page_as(None)`` is an anonymous page, ``page_as(user)`` a page signed in as ``user``.

    It is always the same page of the shared context, with the cookies cleared first: use one identity
    per test, add no listeners to it, and use ``new_context`` for anything more.
    """

    def make(user: Any = None) -> Any:
        shared_context.clear_cookies()
        if user is not None:
            shared_context.add_cookies([_session_cookie(user, live_server.url)])
        return shared_page

    yield make
    shared_context.clear_cookies()


@pytest.fixture
def anonymous_page(page_as: Callable[[Any], Any]) -> Any:
    return page_as(None)


@pytest.fixture
def signed_in_page(new_context: Callable[..., Any], live_server: Any) -> Callable[[Any], Any]:
    """A page in a fresh context signed in as ``user`` (a session made with ``Client.force_login``)."""

    def make(user: Any) -> Any:
        context = new_context()
        context.add_cookies([_session_cookie(user, live_server.url)])
        return context.new_page()

    return make
