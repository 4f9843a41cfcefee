"""Events and consultations through the API: public parts only, never a registration."""

from __future__ import annotations

from rest_framework.test import APIClient

from integra.testing import Cast, add_events
from participation import services
from surveys.models import Survey, SurveyLink


def test_published_events_with_the_places_left(cast: Cast) -> None:
    events = add_events(cast)
    services.register(events.cafe, services.SignUp("Olena", "olena@example.org", "", "uk"))
    listed = APIClient().get("/api/v1/events/").json()["results"]
    assert [e["slug"] for e in listed] == ["round-table-closed", "language-cafe-prague"]
    cafe = listed[1]
    assert cafe["places_left"] == 1 and cafe["capacity"] == 2 and cafe["interpreting"] == ["uk", "ar"]
    assert cafe["url"].endswith("/events/language-cafe-prague/") and "olena" not in str(listed)
    assert listed[0]["places_left"] is None
    assert APIClient().get("/api/v1/events/draft-walk/").status_code == 404
    assert APIClient().get("/api/v1/events/", {"kind": "round_table"}).json()["count"] == 1


def test_open_public_consultations(cast: Cast) -> None:
    survey = Survey.objects.create(city=cast.prague, languages=["cs", "uk"], titles={"cs": "Anketa"}, status="open")
    public = SurveyLink.objects.create(survey=survey, label="Web", public=True)
    SurveyLink.objects.create(survey=survey, label="Private")
    listed = APIClient().get("/api/v1/consultations/").json()["results"]
    assert len(listed) == 1 and listed[0]["url"].endswith(public.get_absolute_url())
    assert listed[0]["languages"] == ["cs", "uk"] and listed[0]["city"] == "prague"


def test_initiatives_with_their_texts(cast: Cast) -> None:
    add_events(cast)
    listed = APIClient().get("/api/v1/initiatives/").json()["results"]
    assert [i["slug"] for i in listed] == ["neighbours-help"]
    assert listed[0]["titles"]["uk"] == "Сусіди допомагають" and listed[0]["organisers"] == [cast.ngo.slug]
