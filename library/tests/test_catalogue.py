"""Open data of the library: Atom feeds per language and area, the CSV catalogue and its dictionary."""

from __future__ import annotations

import csv
import io
from typing import Any
from xml.etree import ElementTree

from django.test import Client

from integra.testing import Cast
from library import services
from library.models import Resource
from library.tests.conftest import add_translation, make_resource, original_of
from library.views import EXPORT_COLUMNS

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(response: Any) -> ElementTree.Element:
    root = ElementTree.fromstring(response.content)  # noqa: S314 - the feed our own view just rendered
    assert root.tag == f"{ATOM}feed"
    return root


def _entries(response: Any) -> dict[str, ElementTree.Element]:
    return {entry.findtext(f"{ATOM}title", ""): entry for entry in _feed(response).findall(f"{ATOM}entry")}


def _link(entry: ElementTree.Element) -> str:
    link = entry.find(f"{ATOM}link")
    assert link is not None
    return link.get("href", "")


def _rows(client: Client) -> list[dict[str, str]]:
    response = client.get("/en/library/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_czech_feed_lists_published_resources_in_czech_where_translated(client: Client, cast: Cast) -> None:
    translated = make_resource(None, cast.partner, title="Housing advice & help", summary="Where to ask.", publish=True)
    add_translation(translated, "cs", title="Poradna pro bydlení", summary="Kam se obrátit.")
    english_only = make_resource(None, cast.partner, title="Sport for all", publish=True)
    draft_translation = make_resource(None, cast.partner, title="Library cards", publish=True)
    add_translation(draft_translation, "cs", title="Čtenářské průkazy", published=False)
    make_resource(None, cast.partner, title="Unpublished plan")

    response = client.get("/en/library/feed/cs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = _entries(response)
    assert set(entries) == {"Poradna pro bydlení", "Sport for all", "Library cards"}
    assert _link(entries["Poradna pro bydlení"]).endswith(f"/cs/library/{translated.slug}/")
    assert "Kam se obrátit." in entries["Poradna pro bydlení"].findtext(f"{ATOM}summary", "")
    assert entries["Sport for all"].findtext(f"{ATOM}author/{ATOM}name") == cast.partner.name
    english = _entries(client.get("/en/library/feed/en/"))
    assert "Housing advice & help" in english
    assert english_only.slug in _link(english["Sport for all"])


def test_an_area_feed_lists_only_that_area(client: Client, cast: Cast) -> None:
    make_resource(None, cast.partner, title="Schools guide", areas=("education",), publish=True)
    make_resource(None, cast.partner, title="Jobs guide", publish=True)
    make_resource(None, cast.partner, title="Draft schools note", areas=("education",))
    response = client.get("/en/library/feed/en/education/")
    assert response.status_code == 200
    assert set(_entries(response)) == {"Schools guide"}
    assert "Education" in _feed(response).findtext(f"{ATOM}title", "")
    assert client.get("/en/library/feed/en/no-such-area/").status_code == 404


def test_an_unknown_feed_language_is_not_found(client: Client, cast: Cast) -> None:
    assert client.get("/en/library/feed/xx/").status_code == 404
    assert client.get("/en/library/feed/klingon/education/").status_code == 404


def test_the_csv_export_has_the_documented_columns_and_only_published_versions(client: Client, cast: Cast) -> None:
    resource = make_resource(
        None,
        cast.partner,
        title='=HYPERLINK("http://evil")',
        summary="<p>Plain & simple</p>",
        areas=("education",),
        publish=True,
    )
    add_translation(resource, "cs", title="Přeložený název", summary="Shrnutí")
    add_translation(resource, "bg", title="Чернова", published=False)
    make_resource(None, cast.partner, title="Draft only")
    archived = make_resource(None, cast.partner, title="Archived one", publish=True)
    services.transition(None, archived, "archive")

    response = client.get("/en/library/export.csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == [name for name, _meaning in EXPORT_COLUMNS]
    rows = _rows(client)
    assert [(row["resource"], row["language"]) for row in rows] == [(resource.slug, "cs"), (resource.slug, "en")]
    english = rows[1]
    assert english["provenance"] == "original"
    assert english["outdated"] == "no"
    assert english["title"].startswith("'=")  # formula injection neutralised
    assert english["summary"] == "<p>Plain & simple</p>"  # plain fields are exported exactly as typed
    assert english["areas"] == "education"
    assert english["country"] == "CZ"
    assert english["city"] == "prague"
    assert english["organisation"] == cast.partner.slug
    assert english["url"].endswith(resource.get_absolute_url())
    published_at = Resource.objects.get(pk=resource.pk).published_at
    assert published_at is not None
    assert english["published"] == published_at.date().isoformat()
    assert rows[0]["provenance"] == "human"

    original = original_of(resource)
    original.summary = "Changed after the translation."
    services.save_text(None, original, original.version)
    assert {row["language"]: row["outdated"] for row in _rows(client)} == {"cs": "yes", "en": "no"}


def test_the_dictionary_lists_every_column(client: Client, cast: Cast) -> None:
    response = client.get("/en/library/export/dictionary/")
    assert response.status_code == 200
    page = response.content.decode()
    for name, _meaning in EXPORT_COLUMNS:
        assert f"<code>{name}</code>" in page
    assert len(response.context["columns"]) == len(EXPORT_COLUMNS) == 16
    assert "/en/library/export.csv" in page
