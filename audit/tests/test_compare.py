"""Comparison with other cities, the network average and earlier rounds; peer suggestions; challenges."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from audit import compare, services
from audit.models import Challenge, Framework, Option, Question, Round
from integra.testing import Cast, make_city
from library.tests.conftest import make_resource
from network.models import City


def _round(
    cast: Cast, framework: Framework, city: City, year: int, services_yes: bool, safe: bool, freeze: bool = True
) -> Round:
    """A round whose 'services' area scores 100 or 0 and whose 'safety' area scores 100 or 0."""
    assessment = services.open_round(cast.admin, city, framework, year, f"{city.name} {year}")
    answer = "yes" if services_yes else "no"
    for code in ("web", "desk"):
        services.save_agreed(
            cast.admin,
            assessment,
            Question.objects.get(code=code),
            option=Option.objects.get(question__code=code, code=answer),
        )
    services.save_agreed(cast.admin, assessment, Question.objects.get(code="days"), number=0 if services_yes else 60)
    feel = Option.objects.get(question__code="feel-safe", code="yes" if safe else "no")
    services.save_agreed(cast.admin, assessment, Question.objects.get(code="feel-safe"), option=feel)
    if freeze:
        services.freeze(cast.admin, assessment)
        assessment.refresh_from_db()
    return assessment


@pytest.fixture
def network(cast: Cast, small: Framework) -> dict[str, Any]:
    brno, kosice, osijek = (
        make_city("brno", "Brno", "CZ"),
        make_city("kosice", "Košice", "SK"),
        make_city("osijek", "Osijek", "HR"),
    )
    prague = _round(cast, small, cast.prague, 2019, services_yes=False, safe=True, freeze=False)
    _round(cast, small, cast.sofia, 2017, services_yes=False, safe=True)  # stood where Prague stands now …
    _round(cast, small, cast.sofia, 2019, services_yes=True, safe=True)  # … and improved its services
    _round(cast, small, brno, 2017, services_yes=True, safe=False)  # far from Prague's profile
    _round(cast, small, brno, 2019, services_yes=True, safe=True)
    _round(cast, small, kosice, 2019, services_yes=False, safe=False)  # one round only
    _round(cast, small, osijek, 2017, services_yes=False, safe=True)  # like Prague, but got worse
    _round(cast, small, osijek, 2019, services_yes=False, safe=False)
    return {"prague": prague, "brno": brno, "kosice": kosice, "osijek": osijek}


def test_a_frozen_round_keeps_its_profile(cast: Cast, network: dict[str, Any]) -> None:
    sofia = Round.objects.get(city=cast.sofia, year=2019)
    assert sofia.profile["areas"] == {"services": 100.0, "safety": 100.0}
    assert sofia.profile["total"] == 100.0 and sofia.profile["answered"] == sofia.profile["questions"] == 4
    assert network["prague"].profile == {}  # open: computed when asked, never stored


def test_peers_are_cities_that_stood_here_and_improved_since(cast: Cast, network: dict[str, Any]) -> None:
    peers = compare.peers(network["prague"])
    assert [peer.city.slug for peer in peers] == ["sofia", "brno"]
    sofia, brno = peers
    assert sofia.distance == 0.0 and sofia.then["year"] == 2017 and sofia.now["year"] == 2019
    assert sofia.improvement == {"services": 100.0, "safety": 0.0}
    assert brno.distance == 100.0 and brno.improvement == {"services": 0.0, "safety": 100.0}
    # Košice has a single round and Osijek got worse: neither is offered.


def test_the_network_average_uses_each_citys_latest_round(cast: Cast, network: dict[str, Any]) -> None:
    by_city = compare.frozen_profiles("small")
    average = compare.network_average(by_city, exclude=cast.prague.pk)
    # Latest rounds: Sofia (100, 100), Brno (100, 100), Košice (0, 0), Osijek (0, 0).
    assert average == {"services": 50.0, "safety": 50.0}
    assert compare.distance({"a": 10.0, "b": None}, {"a": 40.0, "b": 5.0}) == 30.0
    assert compare.distance({"a": None}, {"a": 1.0}) is None


def test_the_comparison_page_shows_the_other_city_the_average_and_the_peers(
    client: Client, cast: Cast, network: dict[str, Any]
) -> None:
    make_resource(None, cast.sofia_ngo, title="One-stop shop for newcomers in Sofia", publish=True)
    client.force_login(cast.city_team)
    response = client.get(f"/en/audit/rounds/{network['prague'].pk}/compare/", {"with": "brno"})
    assert response.status_code == 200
    rows = {row["code"]: row["values"] for row in response.context["rows"]}
    # This round, Brno's latest, the network average.
    assert rows["services"] == [0.0, 100.0, 50.0]
    assert rows["safety"] == [100.0, 100.0, 50.0]
    html = response.content.decode()
    assert "One-stop shop for newcomers in Sofia" in html  # how the peer did it, from the library
    assert "<svg" in html
    # A frozen round is public, and so is its comparison.
    sofia = Round.objects.get(city=cast.sofia, year=2019)
    client.logout()
    public = client.get(f"/cs/audit/rounds/{sofia.pk}/compare/")
    assert public.status_code == 200
    # Sofia's own earlier round is a column too.
    assert [s["label"] for s in public.context["series"]][-1] == "Sofia 2017"


def test_the_challenge_register_suggests_the_weakest_indicators(
    client: Client, cast: Cast, network: dict[str, Any]
) -> None:
    prague = network["prague"]
    suggested = services.suggested_challenges(prague)
    assert [item["indicator"].code for item in suggested] == ["information", "speed"]
    client.force_login(cast.city_team)
    page = client.get("/en/audit/cities/prague/challenges/")
    assert page.status_code == 200
    information = suggested[0]["indicator"]
    form = client.get(f"/en/audit/cities/prague/challenges/new/?indicator={information.pk}&round={prague.pk}")
    assert form.context["form"].initial["source_round"] == prague
    created = client.post(
        "/en/audit/cities/prague/challenges/new/",
        {
            "title": "Information only in Czech",
            "horizon": "current",
            "severity": 3,
            "source": "audit",
            "source_round": prague.pk,
            "indicator": information.pk,
            "status": "open",
        },
    )
    assert created.status_code == 302
    challenge = Challenge.objects.get()
    assert challenge.city == cast.prague and challenge.created_by == cast.city_team
    assert [item["indicator"].code for item in services.suggested_challenges(prague)] == ["speed"]
    # Two people editing at once: the second is refused and keeps their text.
    data = {
        "title": "Information only in Czech",
        "horizon": "current",
        "severity": 4,
        "source": "audit",
        "status": "addressed",
        "version": 1,
    }
    assert client.post(f"/en/audit/challenges/{challenge.pk}/edit/", data).status_code == 302
    stale = client.post(f"/en/audit/challenges/{challenge.pk}/edit/", {**data, "title": "My wording"})
    assert stale.status_code == 200 and "My wording" in stale.content.decode()
    challenge.refresh_from_db()
    assert challenge.severity == 4 and challenge.title == "Information only in Czech" and challenge.version == 2
    # Others read the register but do not edit it.
    client.force_login(cast.org_admin)
    assert client.get(f"/en/audit/challenges/{challenge.pk}/edit/").status_code == 403
    assert client.get("/en/audit/cities/prague/challenges/new/").status_code == 403
    client.logout()
    assert "Information only in Czech" in client.get("/en/audit/cities/prague/challenges/").content.decode()
