"""The working screens speak each of the six UI languages, including their error messages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from integra.testing import Cast


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return str(translation.gettext(text))


@pytest.mark.parametrize("language", settings.UI_LANGUAGES)
def test_it_refuses_a_stale_edit_in_the_editors_language(client: Client, cast: Cast, language: str) -> None:
    client.force_login(cast.org_admin)
    data = {"name": cast.ngo.name, "kind": cast.ngo.kind, "city": cast.prague.pk, "version": 1}
    client.post(f"/{language}/organisations/{cast.ngo.slug}/edit/", {**data, "acronym": "A"})
    response = client.post(f"/{language}/organisations/{cast.ngo.slug}/edit/", {**data, "acronym": "B"})
    english = "Someone else changed this record while you were editing it. Reload the page to see their changes."
    expected = _in(language, english)
    assert escape(expected) in response.content.decode()
    if language != "en":
        assert expected != english


@pytest.mark.parametrize("language", settings.UI_LANGUAGES)
def test_it_explains_a_bad_phone_number_in_the_editors_language(client: Client, cast: Cast, language: str) -> None:
    client.force_login(cast.org_admin)
    data = {"name": cast.ngo.name, "kind": cast.ngo.kind, "city": cast.prague.pk, "version": 1, "phone": "call me"}
    response = client.post(f"/{language}/organisations/{cast.ngo.slug}/edit/", data)
    message = "Enter a phone number with digits, spaces and an optional leading +."
    assert response.context["form"].errors["phone"] == [_in(language, message)]


@pytest.mark.parametrize("language", settings.UI_LANGUAGES)
def test_it_labels_the_directory_in_the_readers_language(client: Client, cast: Cast, language: str) -> None:
    page = client.get(f"/{language}/organisations/").content.decode()
    for text in ("Organisations", "Filter the list", "Skip to content"):
        translated = _in(language, text)
        assert translated in page or escape(translated) in page
