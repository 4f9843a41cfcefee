"""The public participation pages: light, no third-party request, right-to-left where the language is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from integra.testing import Cast, Events, add_events
from participation.models import Registration

HTML_LIMIT = 50 * 1024
PAGE_LIMIT = 150 * 1024
ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')


def _size(asset: str) -> int:
    found = finders.find(asset.removeprefix("/static/"))
    assert isinstance(found, str), asset
    return Path(found).stat().st_size


@pytest.fixture
def events(cast: Cast) -> Events:
    return add_events(cast)


def _pages(events: Events) -> list[str]:
    from participation import services

    registration = services.register(events.cafe, services.SignUp("Olena", "olena@example.org", "", "uk"))
    return [
        "/{lang}/events/",
        f"/{{lang}}/events/{events.cafe.slug}/",
        f"/{{lang}}/events/{events.closed.slug}/",
        f"/{{lang}}/events/registrations/{registration.token}/",
    ]


@pytest.mark.parametrize("language", ["uk", "ru", "ar", "fa", "vi", "tr", "en", "cs"])
def test_public_pages_are_light_and_make_no_third_party_request(client: Client, events: Events, language: str) -> None:
    for template in _pages(events):
        path = template.format(lang=language)
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert len(response.content) < HTML_LIMIT, (path, len(response.content))
        assets = set(ASSET.findall(html))
        weight = len(response.content) + sum(_size(asset) for asset in assets)
        assert weight < PAGE_LIMIT, (path, weight)
        # Every src and href stays on this site: no CDN, no fonts, no trackers.
        assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == [], path


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("uk", "ltr"), ("vi", "ltr")])
def test_public_pages_read_in_the_languages_direction(
    client: Client, events: Events, language: str, direction: str
) -> None:
    html = client.get(f"/{language}/events/{events.cafe.slug}/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_signing_up_needs_no_javascript(client: Client, events: Events) -> None:
    html = client.get(f"/en/events/{events.cafe.slug}/").content.decode()
    form = html[html.index('<form method="post"') :]
    assert 'name="csrfmiddlewaretoken"' in form and 'type="submit"' in form and "hx-" not in form
    client.post(
        f"/en/events/{events.cafe.slug}/",
        {"name": "Olena", "email": "olena@example.org", "phone": "", "language": "uk"},
    )
    assert Registration.objects.filter(event=events.cafe).count() == 1


def test_the_robots_trap_is_hidden_from_people(client: Client, events: Events) -> None:
    html = client.get(f"/en/events/{events.cafe.slug}/").content.decode()
    trap = html[html.index('<div class="trap" aria-hidden="true">') :]
    assert 'name="website"' in trap[: trap.index("</div>")] and 'tabindex="-1"' in trap[: trap.index("</div>")]
    assert html.count('name="website"') == 1
