"""Civic initiatives: told in several languages, found by city and language, kept by their organisers."""

from __future__ import annotations

import pytest
from django.test import Client

from integra.testing import Cast, Events, add_events
from network.models import LogEntry
from participation.models import Initiative


@pytest.fixture
def events(cast: Cast) -> Events:
    return add_events(cast)


def test_initiatives_are_found_by_language(client: Client, events: Events) -> None:
    assert "Сусіди допомагають" in client.get("/uk/events/initiatives/").content.decode()
    assert "Neighbours help" not in client.get("/en/events/initiatives/?language=ar").content.decode()
    page = client.get("/uk/events/initiatives/neighbours-help/").content.decode()
    assert "Приходьте щовівторка" in page and 'hreflang="en"' in page


def test_organisers_tell_it_in_another_language(client: Client, cast: Cast, events: Events) -> None:
    client.force_login(cast.org_admin)
    response = client.post(
        "/en/events/initiatives/neighbours-help/edit/",
        {
            "kind": "volunteering",
            "organisers": [cast.ngo.pk],
            "text_language": "ar",
            "title": "الجيران يساعدون",
            "how": "تعالوا يوم الثلاثاء",
            "active": "on",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(slug="neighbours-help")
    assert initiative.titles["ar"] == "الجيران يساعدون" and initiative.titles["en"] == "Neighbours help"
    assert LogEntry.objects.filter(action="participation.initiative.changed").exists()


def test_only_its_organisers_edit_an_initiative(client: Client, cast: Cast, events: Events) -> None:
    client.force_login(cast.outsider)
    assert client.get("/en/events/initiatives/neighbours-help/edit/").status_code == 403
    client.force_login(cast.org_admin)
    mixed = client.post(
        "/en/events/initiatives/new/",
        {
            "kind": "campaign",
            "organisers": [cast.ngo.pk, cast.sofia_ngo.pk],
            "text_language": "en",
            "title": "Two cities",
            "how": "Ask.",
        },
    )
    assert mixed.status_code == 200 and Initiative.objects.count() == 1
