"""The audit through the API: frameworks as documents, submitted rounds only, the challenge register."""

from __future__ import annotations

from rest_framework.test import APIClient

from audit import frameworks
from audit.models import Challenge
from audit.testing import small_data
from integra.testing import Cast, add_audit


def test_frameworks_list_and_a_detail_is_the_whole_document(cast: Cast) -> None:
    audit = add_audit(cast)
    api = APIClient()
    listed = api.get("/api/v1/frameworks/").json()["results"]
    assert [(f["code"], f["version"], f["is_current"]) for f in listed] == [("small", 1, True)]
    document = api.get(f"/api/v1/frameworks/{audit.framework.pk}/").json()
    assert frameworks.validate(document) == frameworks.validate(small_data())


def test_only_submitted_rounds_are_published_with_their_scores(cast: Cast) -> None:
    audit = add_audit(cast)
    api = APIClient()
    rounds = api.get("/api/v1/rounds/").json()["results"]
    assert [r["id"] for r in rounds] == [audit.frozen_round.pk]
    assert rounds[0]["city"] == "prague" and rounds[0]["framework"] == "small"
    # Nothing answered: no total, zero coverage, each area null (unknown, never zero).
    assert rounds[0]["total"] is None and rounds[0]["answered"] == 0 and rounds[0]["questions"] == 4
    assert rounds[0]["areas"] == [{"code": "services", "score": None}, {"code": "safety", "score": None}]
    assert api.get(f"/api/v1/rounds/{audit.open_round.pk}/").status_code == 404
    assert api.get("/api/v1/rounds/", {"city__slug": "sofia"}).json()["results"] == []


def test_the_challenge_register_is_readable_and_filterable(cast: Cast) -> None:
    audit = add_audit(cast)
    Challenge.objects.create(
        city=cast.prague, title="Signage only in Czech", severity=4, source_round=audit.frozen_round
    )
    Challenge.objects.create(city=cast.sofia, title="Long waits at the migration office", severity=2)
    api = APIClient()
    assert len(api.get("/api/v1/challenges/").json()["results"]) == 3  # with the one add_audit records
    serious = api.get("/api/v1/challenges/", {"severity__gte": 3}).json()["results"]
    assert [(c["city"], c["title"], c["source_round"]) for c in serious] == [
        ("prague", "Signage only in Czech", audit.frozen_round.pk)
    ]
    assert api.post("/api/v1/challenges/", {"title": "x"}).status_code in (401, 403, 405)


def test_statistics_and_their_figures_are_listed_and_filtered(cast: Cast) -> None:
    add_audit(cast)
    api = APIClient()
    indicators = api.get("/api/v1/statistics/").json()["results"]
    assert [i["code"] for i in indicators] == ["employment-rate-non-eu"]
    assert api.get("/api/v1/statistics/employment-rate-non-eu/").json()["unit"] == "%"
    figures = api.get("/api/v1/figures/", {"indicator__code": "employment-rate-non-eu", "country": "CZ"}).json()
    assert [(f["country"], f["city"], f["year"], f["value"]) for f in figures["results"]] == [
        ("CZ", None, 2017, 61.2),
        ("CZ", None, 2018, 63.0),
    ]
    city = api.get("/api/v1/figures/", {"city__slug": "prague", "year__gte": "2018"}).json()["results"]
    assert [(f["city"], f["year"], f["value"]) for f in city] == [("prague", 2018, 67.0)]
