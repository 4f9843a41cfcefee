from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from integra.testing import Cast


@pytest.fixture
def page_cache(settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()


def test_it_serves_public_pages_from_the_cache(client: Client, cast: Cast, page_cache: None) -> None:
    first = client.get("/en/organisations/")
    second = client.get("/en/organisations/")
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_it_shows_changes_at_once(client: Client, cast: Cast, page_cache: None) -> None:
    client.get(f"/en/organisations/{cast.ngo.slug}/")
    cast.ngo.description = "Language café every Thursday."
    cast.ngo.save()
    response = client.get(f"/en/organisations/{cast.ngo.slug}/")
    assert "X-Page-Cache" not in response
    assert "Language café every Thursday." in response.content.decode()


def test_it_never_caches_for_signed_in_people(client: Client, cast: Cast, page_cache: None) -> None:
    client.force_login(cast.org_admin)
    client.get(f"/en/organisations/{cast.ngo.slug}/")
    response = client.get(f"/en/organisations/{cast.ngo.slug}/")
    assert "X-Page-Cache" not in response
    assert "Edit" in response.content.decode()


def test_it_keeps_each_language_apart(client: Client, cast: Cast, page_cache: None) -> None:
    client.get("/en/cities/")
    response = client.get("/cs/cities/")
    assert "X-Page-Cache" not in response and '<html lang="cs"' in response.content.decode()


def test_it_does_not_cache_pages_that_set_cookies(client: Client, cast: Cast, page_cache: None) -> None:
    client.get("/en/accounts/login/")
    assert "X-Page-Cache" not in client.get("/en/accounts/login/")


def test_it_keeps_api_writes_out_of_the_cache(cast: Cast, page_cache: None) -> None:
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.get("/api/v1/organisations/")
    assert api.get("/api/v1/organisations/")["X-Page-Cache"] == "hit"
    token, _ = Token.objects.get_or_create(user=cast.org_admin)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert "X-Page-Cache" not in api.get("/api/v1/organisations/")
