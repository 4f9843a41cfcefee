from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from integra.testing import Cast, make_organisation


def test_it_lists_organisations_without_an_account(client: Client, cast: Cast) -> None:
    response = client.get("/en/organisations/")
    assert response.status_code == 200
    assert b"Ukrainian Initiative" in response.content
    assert b"Sofia Development Association" in response.content


def test_it_filters_organisations_by_type_and_city(client: Client, cast: Cast) -> None:
    response = client.get("/en/organisations/", {"kind": "school", "city": "prague"})
    assert b"Primary School Vlna" in response.content
    assert b"Ukrainian Initiative" not in response.content


def test_it_filters_organisations_by_network(client: Client, cast: Cast) -> None:
    response = client.get("/en/organisations/", {"network": "integra"})
    names = [o.name for o in response.context["page"]]
    assert names == ["Integration Centre Prague", "Sofia Development Association"]


def test_it_searches_organisations(client: Client, cast: Cast) -> None:
    response = client.get("/en/organisations/", {"q": "ukrain"})
    assert [o.name for o in response.context["page"]] == ["Ukrainian Initiative"]


@pytest.mark.parametrize("query", ['"', "%", "'; DROP TABLE", "a" * 100, "<script>", "\\"])
def test_it_answers_any_search_string(client: Client, cast: Cast, query: str) -> None:
    response = client.get("/en/organisations/", {"q": query})
    assert response.status_code == 200


def test_it_sorts_organisations(client: Client, cast: Cast) -> None:
    ascending = [o.name for o in client.get("/en/organisations/", {"sort": "name"}).context["page"]]
    descending = [o.name for o in client.get("/en/organisations/", {"sort": "-name"}).context["page"]]
    assert ascending == sorted(ascending)
    assert descending == list(reversed(ascending))


def test_it_sorts_cities_by_number_of_organisations(client: Client, cast: Cast) -> None:
    response = client.get("/en/cities/", {"sort": "-organisations"})
    assert [c.slug for c in response.context["page"]] == ["prague", "sofia"]


def test_it_paginates(client: Client, cast: Cast, settings: Any) -> None:
    settings.PAGE_SIZE = 2
    first = client.get("/en/organisations/")
    second = client.get("/en/organisations/", {"page": 2})
    assert len(first.context["page"]) == 2
    assert {o.pk for o in first.context["page"]}.isdisjoint({o.pk for o in second.context["page"]})
    assert b'rel="next"' in first.content


def test_it_filters_networks_by_kind(client: Client, cast: Cast) -> None:
    response = client.get("/en/networks/", {"kind": "sig"})
    assert [n.slug for n in response.context["page"]] == ["sig-prague"]


def test_it_shows_a_network_with_members_and_description(client: Client, cast: Cast) -> None:
    response = client.get("/en/networks/integra/")
    assert b"City-to-city partnership." in response.content
    assert b"Integration Centre Prague" in response.content


def test_it_shows_the_description_in_the_readers_language(client: Client, cast: Cast) -> None:
    response = client.get("/cs/networks/integra/")
    assert "Partnerství měst.".encode() in response.content


def test_it_falls_back_to_the_original_with_a_note(client: Client, cast: Cast) -> None:
    response = client.get("/it/networks/integra/")
    assert b"City-to-city partnership." in response.content
    assert b'lang="en"' in response.content


def test_it_shows_an_organisation_profile_with_ties(client: Client, cast: Cast) -> None:
    response = client.get(f"/en/organisations/{cast.partner.slug}/")
    assert b"Sofia Development Association" in response.content
    assert b"INTEGRA" in response.content


def test_it_answers_404_for_unknown_objects_and_languages(client: Client, cast: Cast) -> None:
    assert client.get("/en/organisations/nope/").status_code == 404
    assert client.get("/en/networks/nope/").status_code == 404
    assert client.get("/xx/organisations/").status_code == 404


def test_it_hides_private_people_from_the_public(client: Client, cast: Cast) -> None:
    cast.person.visibility = "private"
    cast.person.save()
    response = client.get(f"/en/organisations/{cast.ngo.slug}/")
    assert b"Olena Testova" not in response.content


def test_it_shows_network_people_only_to_signed_in_users(client: Client, cast: Cast) -> None:
    assert b"Olena Testova" not in client.get(f"/en/organisations/{cast.ngo.slug}/").content
    client.force_login(cast.outsider)
    assert b"Olena Testova" in client.get(f"/en/organisations/{cast.ngo.slug}/").content


def test_it_shows_html_in_fields_as_text(client: Client, cast: Cast) -> None:
    make_organisation(cast.prague, "<script>alert(1)</script> Club")
    response = client.get("/en/organisations/")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


@pytest.mark.parametrize(
    "url",
    ["/en/organisations/", "/en/cities/", "/en/networks/", "/en/organisations/org-0/", "/en/cities/prague/"],
)
def test_it_keeps_queries_constant_in_the_data_size(
    client: Client, cast: Cast, url: str, django_assert_max_num_queries: Any
) -> None:
    for n in range(60):
        make_organisation(cast.prague, f"Org {n}")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_it_sorts_network_members(client: Client, cast: Cast) -> None:
    by_name = [m.organisation.name for m in client.get("/en/networks/sig-prague/", {"sort": "-name"}).context["page"]]
    assert by_name == sorted(by_name, reverse=True)
    by_city = [m.organisation.city.name for m in client.get("/en/networks/integra/", {"sort": "city"}).context["page"]]
    assert by_city == ["Prague", "Sofia"]


def test_it_names_cities_in_the_readers_language(client: Client, cast: Cast) -> None:
    cast.prague.names = {"cs": "Praha", "it": "Praga"}
    cast.prague.save()
    assert b"Praha" in client.get("/cs/cities/").content
    assert b"Praga" in client.get("/it/cities/").content
    english = client.get("/en/cities/").content
    assert b"Prague" in english and b"Praha" not in english


def test_it_writes_english_dates_the_european_way(client: Client, cast: Cast) -> None:
    from datetime import date

    from network.models import Tie

    Tie.objects.filter(source=cast.partner).update(since=date(2018, 2, 23))
    assert b"23/02/2018" in client.get(f"/en/organisations/{cast.partner.slug}/").content


@pytest.mark.parametrize("query", ["kosice", "KOŠICE", "Košice"])
def test_it_finds_names_without_their_accents(client: Client, cast: Cast, query: str) -> None:
    from integra.testing import make_city

    kosice = make_city("kosice", "Košice", "SK")
    make_organisation(kosice, "Mareena Košice")
    make_organisation(cast.prague, "Klub Žižkov", acronym="KŽ")
    names = [o.name for o in client.get("/en/organisations/", {"q": query}).context["page"]]
    assert names == ["Mareena Košice"]
    assert [o.name for o in client.get("/en/organisations/", {"q": "zizkov"}).context["page"]] == ["Klub Žižkov"]


def test_it_finds_organisations_by_the_city_in_any_spelling(client: Client, cast: Cast) -> None:
    cast.prague.names = {"cs": "Praha"}
    cast.prague.save()
    names = {o.name for o in client.get("/en/organisations/", {"q": "praha"}).context["page"]}
    assert names == {"Integration Centre Prague", "Ukrainian Initiative", "Primary School Vlna"}
