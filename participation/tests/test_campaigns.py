"""Campaigns and reach: people reached at events by category, city, type and period, never a single person."""

from __future__ import annotations

import pytest
from django.test import Client

from integra.testing import Cast, Events, add_events
from participation import services


@pytest.fixture
def events(cast: Cast) -> Events:
    events = add_events(cast)
    events.cafe.capacity = None
    events.cafe.save()
    return events


def _came(events: Events, category: str, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        registration = services.register(
            events.cafe, services.SignUp(f"P{number}", f"p{number}@example.org", "", "en", category)
        )
        services.check_in(registration)


def test_a_campaign_shows_its_events_channels_and_reach(client: Client, events: Events) -> None:
    _came(events, "tcn", 6)
    page = client.get("/en/events/campaigns/prague-speaks/").content.decode()
    assert "Prague speaks many languages" in page and "Posters and leaflets" in page and "1200" in page
    assert "Language café" in page and "6 people came." in page


def test_reach_hides_small_groups_and_small_totals(client: Client, events: Events) -> None:
    _came(events, "tcn", 3)
    few = client.get("/en/events/reach/?city=prague").content.decode()
    assert "Fewer than five people: not shown" in few and "3 people came." not in few
    _came(events, "tcn", 4, start=3)
    _came(events, "media", 1, start=7)
    _came(events, "ngo", 5, start=8)
    figures = services.reach(events.cafe.registrations.all())
    assert figures["total"] == 13
    rows = dict(figures["rows"])
    assert rows["Third-country nationals"] == 7 and rows["Media"] is None and rows["NGOs"] is None
    page = client.get(f"/en/events/reach/?city=prague&kind=language_cafe&year={events.cafe.starts.year}")
    assert "13 people came." in page.content.decode()
    other_year = client.get("/en/events/reach/?year=1999").content.decode()
    assert "0 people came." in other_year


def test_reach_feeds_the_programme_figures(client: Client, events: Events) -> None:
    from network.graphs import store_platform_figures

    _came(events, "tcn", 6)
    _came(events, "local_government", 2, start=6)
    figures = store_platform_figures().figures
    assert (figures["events_held"], figures["people_reached"], figures["tcn_reached"]) == (1, 8, 6)
    assert figures["local_government_reached"] is None
    page = client.get("/en/figures/").content.decode()
    assert "People reached" in page and "&lt; 5" in page
