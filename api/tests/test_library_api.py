"""The library through the API: read for everyone, write for editors with a token, one search."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from integra.testing import Cast, add_library
from library.models import Resource, ResourceText


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _as(api: APIClient, user: Any) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


NEW = {
    "kind": "toolkit",
    "original_language": "cs",
    "year": 2019,
    "areas": [],
    "original": {
        "title": "Sada pro <b>první</b> kroky",
        "summary": "Co zařídit v prvních týdnech.",
        "body": "<p>Text<script>x()</script></p>",
    },
}


def test_anyone_reads_published_resources_only(api: APIClient, cast: Cast) -> None:
    shelf = add_library(cast)
    listed = api.get("/api/v1/resources/").json()
    assert [item["slug"] for item in listed["results"]] == [shelf.practice.slug]
    detail = api.get(f"/api/v1/resources/{shelf.practice.slug}/").json()
    assert detail["texts"][0]["provenance"] == "original"
    assert detail["texts"][0]["title"] == "Language café for newcomers"
    assert api.get(f"/api/v1/resources/{shelf.draft.slug}/").status_code == 404


def test_a_member_creates_a_draft_with_a_token_and_the_body_is_sanitised(api: APIClient, cast: Cast) -> None:
    response = _as(api, cast.org_member).post(
        "/api/v1/resources/", {**NEW, "organisation": cast.ngo.slug}, format="json"
    )
    assert response.status_code == 201, response.json()
    resource = Resource.objects.get(slug=response.json()["slug"])
    assert (resource.status, resource.country_id, resource.city) == ("draft", "CZ", cast.prague)
    original = ResourceText.objects.get(resource=resource)
    assert original.provenance == "original" and original.language == "cs"
    assert "<script" not in original.body and "<p>Text" in original.body
    # The author sees the draft; the public does not.
    assert api.get(f"/api/v1/resources/{resource.slug}/").status_code == 200
    assert APIClient().get(f"/api/v1/resources/{resource.slug}/").status_code == 404


def test_creating_for_someone_elses_organisation_or_without_a_text_is_refused(api: APIClient, cast: Cast) -> None:
    client = _as(api, cast.org_member)
    refused = client.post("/api/v1/resources/", {**NEW, "organisation": cast.sofia_ngo.slug}, format="json")
    assert refused.status_code == 403
    untitled = client.post(
        "/api/v1/resources/", {**NEW, "organisation": cast.ngo.slug, "original": {"title": ""}}, format="json"
    )
    assert untitled.status_code == 400
    assert (
        APIClient().post("/api/v1/resources/", {**NEW, "organisation": cast.ngo.slug}, format="json").status_code == 401
    )
    assert not Resource.objects.exists()


def test_updates_need_the_current_version(api: APIClient, cast: Cast) -> None:
    shelf = add_library(cast)
    client = _as(api, cast.coordinator)
    path = f"/api/v1/resources/{shelf.practice.slug}/"
    version = client.get(path).json()["version"]
    assert client.patch(path, {"year": 2017, "version": version}, format="json").status_code == 200
    stale = client.patch(path, {"year": 2016, "version": version}, format="json")
    assert stale.status_code == 400
    assert "version" in stale.json()
    shelf.practice.refresh_from_db()
    assert shelf.practice.year == 2017
    assert _as(APIClient(), cast.outsider).patch(path, {"year": 2000}, format="json").status_code == 403


@pytest.mark.parametrize("query", ["café", '"', "OR (", "NEAR(a b) * ^", "", "x" * 300])
def test_search_answers_any_query(api: APIClient, cast: Cast, query: str) -> None:
    add_library(cast)
    response = api.get("/api/v1/search/", {"q": query, "lang": "cs"})
    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_search_finds_across_languages_and_prefers_the_readers_version(api: APIClient, cast: Cast) -> None:
    shelf = add_library(cast)
    from library import services

    text = ResourceText(
        resource=shelf.practice,
        language="cs",
        provenance="human",
        title="Jazyková kavárna",
        summary="Večery konverzace.",
    )
    services.save_text(None, text, None, source_revision=1)
    services.publish_text(None, text)
    results = api.get("/api/v1/search/", {"q": "konverzace češtiny s dobrovolníky", "lang": "cs"}).json()
    assert results[0]["slug"] == shelf.practice.slug
    assert (results[0]["language"], results[0]["title"], results[0]["provenance"]) == (
        "cs",
        "Jazyková kavárna",
        "human",
    )
    assert sorted(results[0]["languages"]) == ["cs", "en"]


def test_the_schema_documents_resources_and_search(api: APIClient, db: Any) -> None:
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/resources/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/resources/"]
    assert "/api/v1/search/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert {"q", "lang", "limit"} <= parameters
