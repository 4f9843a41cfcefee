from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from integra.testing import Cast
from network.models import LogEntry, Membership, Organisation, Tie


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _token(api: APIClient, user: Any) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_it_lists_everything_for_anyone(api: APIClient, cast: Cast) -> None:
    for path, count in [("cities", 2), ("organisations", 4), ("networks", 2), ("memberships", 5), ("ties", 1)]:
        response = api.get(f"/api/v1/{path}/")
        assert response.status_code == 200, path
        assert response.json()["count"] == count, path


def test_it_filters_organisations(api: APIClient, cast: Cast) -> None:
    response = api.get("/api/v1/organisations/", {"kind": "school"})
    assert [o["slug"] for o in response.json()["results"]] == [cast.school.slug]
    response = api.get("/api/v1/organisations/", {"search": "ukrain"})
    assert [o["slug"] for o in response.json()["results"]] == [cast.ngo.slug]


def test_it_refuses_anonymous_writes(api: APIClient, cast: Cast) -> None:
    response = api.patch(f"/api/v1/organisations/{cast.ngo.slug}/", {"website": "https://x.example.org"})
    assert response.status_code == 401


def test_it_lets_the_org_admin_update_with_a_token(api: APIClient, cast: Cast) -> None:
    response = _token(api, cast.org_admin).patch(
        f"/api/v1/organisations/{cast.ngo.slug}/", {"website": "https://ui.example.org", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    cast.ngo.refresh_from_db()
    assert cast.ngo.website == "https://ui.example.org" and cast.ngo.version == 2
    assert LogEntry.objects.filter(action="network.organisation.changed", user=cast.org_admin).exists()


def test_it_refuses_a_stale_api_update(api: APIClient, cast: Cast) -> None:
    client = _token(api, cast.org_admin)
    client.patch(f"/api/v1/organisations/{cast.ngo.slug}/", {"acronym": "UI", "version": 1}, format="json")
    response = client.patch(f"/api/v1/organisations/{cast.ngo.slug}/", {"acronym": "XX", "version": 1}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    cast.ngo.refresh_from_db()
    assert cast.ngo.acronym == "UI"


def test_it_refuses_writes_outside_the_users_scope(api: APIClient, cast: Cast) -> None:
    client = _token(api, cast.org_member)
    assert client.patch(f"/api/v1/organisations/{cast.ngo.slug}/", {"acronym": "X"}, format="json").status_code == 403
    client = _token(api, cast.org_admin)
    assert (
        client.patch(f"/api/v1/organisations/{cast.school.slug}/", {"acronym": "X"}, format="json").status_code == 403
    )


def test_it_lets_the_city_team_create_organisations_in_its_city(api: APIClient, cast: Cast) -> None:
    client = _token(api, cast.city_team)
    response = client.post(
        "/api/v1/organisations/", {"name": "API Club", "kind": "ngo", "city": "prague"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Organisation.objects.get(name="API Club").slug == "api-club"
    response = client.post(
        "/api/v1/organisations/", {"name": "Sofia Club", "kind": "ngo", "city": "sofia"}, format="json"
    )
    assert response.status_code == 403


def test_it_validates_api_input(api: APIClient, cast: Cast) -> None:
    client = _token(api, cast.city_team)
    response = client.post(
        "/api/v1/organisations/", {"name": "", "kind": "rocket", "city": "atlantis", "email": "x"}, format="json"
    )
    assert response.status_code == 400
    assert {"name", "kind", "city", "email"} <= set(response.json())


def test_it_manages_memberships_for_the_sig_city_team(api: APIClient, cast: Cast) -> None:
    client = _token(api, cast.city_team)
    membership = Membership.objects.get(network=cast.sig, organisation=cast.school)
    response = client.patch(f"/api/v1/memberships/{membership.pk}/", {"influence": 5}, format="json")
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.influence == 5
    partner_membership = Membership.objects.get(network=cast.partnership, organisation=cast.partner)
    assert client.delete(f"/api/v1/memberships/{partner_membership.pk}/").status_code == 403
    assert client.delete(f"/api/v1/memberships/{membership.pk}/").status_code == 204


def test_it_records_ties_through_the_api(api: APIClient, cast: Cast) -> None:
    client = _token(api, cast.org_admin)
    data = {"source": cast.ngo.slug, "target": cast.school.slug, "area": "education", "since": "2020-01-01"}
    assert client.post("/api/v1/ties/", data, format="json").status_code == 201
    assert client.post("/api/v1/ties/", data, format="json").status_code == 400
    assert Tie.objects.filter(source=cast.ngo).count() == 1
    other = {"source": cast.school.slug, "target": cast.ngo.slug}
    assert client.post("/api/v1/ties/", other, format="json").status_code == 403


def test_it_refuses_a_network_that_ends_before_it_starts(api: APIClient, cast: Cast) -> None:
    client = _token(api, cast.coordinator)
    response = client.patch("/api/v1/networks/integra/", {"end": "2017-01-01"}, format="json")
    assert response.status_code == 400
    assert "end" in response.json()


def test_it_serves_the_openapi_schema_and_docs(api: APIClient, cast: Cast) -> None:
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/v1/cities/",
        "/api/v1/organisations/",
        "/api/v1/networks/",
        "/api/v1/memberships/",
        "/api/v1/ties/",
    ]:
        assert path in paths
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower() and b"https://" not in docs.content


def test_api_list_queries_do_not_grow(api: APIClient, cast: Cast, django_assert_max_num_queries: Any) -> None:
    from integra.testing import make_organisation

    for n in range(40):
        make_organisation(cast.prague, f"API org {n}")
    with django_assert_max_num_queries(4):
        api.get("/api/v1/organisations/")


def test_it_issues_a_token_that_works_once_shown(cast: Cast) -> None:
    from django.test import Client

    client = Client()
    client.force_login(cast.org_admin)
    first = client.post("/en/me/token/").context["key"]
    second = client.post("/en/me/token/").context["key"]
    assert first != second
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.patch(f"/api/v1/organisations/{cast.ngo.slug}/", {"acronym": "X"}, format="json").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.patch(f"/api/v1/organisations/{cast.ngo.slug}/", {"acronym": "X"}, format="json").status_code == 200
    assert second not in client.get("/en/me/token/").content.decode()
