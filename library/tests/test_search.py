"""Search: folded keywords, prefixes, hostile queries, cross-language semantic search, facets and highlights."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from integra.testing import Cast, make_city, make_organisation
from library import search, services
from library.models import Kind, Resource
from library.tests.conftest import add_translation, make_resource


def _hit_ids(response: Any) -> list[int]:
    return [hit["resource"].pk for hit in response.context["hits"]]


@pytest.fixture
def italian(cast: Cast) -> dict[str, Resource]:
    rubano = make_organisation(make_city("rubano", "Rubano", "IT"), "Comune di Rubano")
    mothers = make_resource(
        None,
        rubano,
        language="it",
        kind=Kind.GOOD_PRACTICE,
        title="Corsi di lingua italiana per madri straniere",
        summary="Lezioni di italiano per mamme immigrate, con servizio di baby-sitting durante le lezioni.",
        publish=True,
    )
    waste = make_resource(
        None,
        rubano,
        language="it",
        kind=Kind.DOCUMENT,
        title="Raccolta dei rifiuti",
        summary="Il calendario della raccolta differenziata porta a porta nel comune.",
        publish=True,
    )
    return {"mothers": mothers, "waste": waste}


def test_accents_and_case_do_not_matter(client: Client, cast: Cast) -> None:
    kosice = make_organisation(make_city("kosice", "Košice", "SK"), "Mareena")
    resource = make_resource(None, kosice, title="Welcome centre in Košice", language="sk", publish=True)
    assert search.keyword_ranking("kosice") == [resource.pk]
    assert search.keyword_ranking("KOŠICE") == [resource.pk]
    assert resource.pk in search.search("kosice")
    response = client.get("/en/library/", {"q": "kosice"})
    assert _hit_ids(response)[0] == resource.pk
    assert "<mark>Košice</mark>" in response.content.decode()


def test_words_match_as_prefixes(client: Client, cast: Cast) -> None:
    resource = make_resource(None, cast.partner, title="Integration of newcomers in sport clubs", publish=True)
    make_resource(None, cast.partner, title="Budget of the city theatre", publish=True)
    assert search.keyword_ranking("integ") == [resource.pk]
    assert search.keyword_ranking("integ newcom") == [resource.pk]
    response = client.get("/en/library/", {"q": "integ"})
    assert response.status_code == 200
    assert _hit_ids(response)[0] == resource.pk
    assert "<mark>Integration</mark>" in response.content.decode()


WEIRD = [
    '"',
    "*",
    "OR (",
    "NEAR(",
    "^",
    "-",
    "'",
    "🙂",
    "🙂🙂 integration 🙂",
    "a" * 500,
    'x" OR "y',
    "col:umn",
    "((",
    "NOT",
    "AND OR NOT",
    "%_",
    "\\",
    "\x00",
    "title:*",
    "-integration",
]


@pytest.mark.parametrize("query", WEIRD)
def test_odd_queries_never_break_the_search(client: Client, cast: Cast, query: str) -> None:
    resource = make_resource(None, cast.partner, title="Integration handbook", publish=True)
    found = search.search(query)
    assert isinstance(found, list)
    assert search.keyword_ranking(query) in ([], [resource.pk])
    response = client.get("/en/library/", {"q": query})
    assert response.status_code == 200
    if "integration" in search.tokens(query):
        assert _hit_ids(response) == [resource.pk]


def test_a_very_long_query_is_handled(cast: Cast) -> None:
    resource = make_resource(None, cast.partner, title="Integration handbook", publish=True)
    assert resource.pk in search.search("integration " * 50)
    assert len(search.tokens("word " * 100)) == search.MAX_TOKENS


def test_a_czech_query_finds_an_italian_resource_on_the_same_topic(
    client: Client, cast: Cast, italian: dict[str, Resource]
) -> None:
    query = "kurzy češtiny pro matky cizinky"
    assert search.keyword_ranking(query) == []
    ranked = search.search(query)
    assert (
        ranked.index(italian["mothers"].pk) < ranked.index(italian["waste"].pk)
        if italian["waste"].pk in ranked
        else True
    )
    assert ranked[0] == italian["mothers"].pk
    response = client.get("/cs/library/", {"q": query})
    assert _hit_ids(response)[0] == italian["mothers"].pk
    assert "Corsi di lingua italiana per madri straniere" in response.content.decode()


def test_similar_resources_are_other_resources_nearest_first(
    client: Client, cast: Cast, italian: dict[str, Resource]
) -> None:
    czech = make_resource(
        None,
        cast.ngo,
        language="cs",
        kind=Kind.GOOD_PRACTICE,
        title="Kurzy češtiny pro maminky s hlídáním dětí",
        summary="Výuka češtiny pro matky cizinky, během lekcí je zajištěno hlídání dětí.",
        publish=True,
    )
    similar = search.similar_resources(czech.pk, 5)
    assert czech.pk not in similar
    assert set(similar) == {italian["mothers"].pk, italian["waste"].pk}
    assert similar[0] == italian["mothers"].pk
    page = client.get(czech.get_absolute_url()).content.decode()
    assert "Similar resources" in page
    assert italian["mothers"].get_absolute_url() in page
    # Drafts are never offered as similar.
    draft = make_resource(None, cast.ngo, language="cs", title="Kurzy češtiny pro matky (koncept)")
    assert draft.pk not in search.similar_resources(czech.pk, 5)


def test_drafts_never_show_to_anonymous_readers(client: Client, cast: Cast) -> None:
    published = make_resource(None, cast.partner, title="Zebra crossing safety for children", publish=True)
    draft = make_resource(None, cast.partner, title="Zebra crossing draft notes")
    submitted = make_resource(None, cast.partner, title="Zebra submitted plan")
    services.transition(None, submitted, "submit")
    add_translation(published, "cs", title="Zebra tajemství koncept", published=False)

    assert search.search("zebra") == [published.pk]
    assert search.keyword_ranking("tajemstvi") == []
    response = client.get("/en/library/", {"q": "zebra"})
    assert _hit_ids(response) == [published.pk]
    listing = client.get("/en/library/")
    assert _hit_ids(listing) == [published.pk]
    page = listing.content.decode()
    assert "draft notes" not in page
    assert "submitted plan" not in page
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/cs/library/{published.slug}/").context["text"].language == "en"


def test_facets_narrow_the_results(client: Client, cast: Cast) -> None:
    from network.models import Area

    Area.objects.create(code="housing", names={"en": "Housing"})
    toolkit = make_resource(
        None,
        cast.partner,
        title="Integration toolkit",
        kind=Kind.TOOLKIT,
        year=2018,
        areas=("education",),
        publish=True,
    )
    practice = make_resource(
        None,
        cast.ngo,
        title="Integration practice",
        kind=Kind.GOOD_PRACTICE,
        year=2019,
        areas=("housing",),
        language="uk",
        publish=True,
    )
    add_translation(toolkit, "cs", title="Integrační sada nástrojů")

    everything = client.get("/en/library/")
    assert set(_hit_ids(everything)) == {toolkit.pk, practice.pk}
    facets = {
        group["name"]: {item["label"]: item["count"] for item in group["items"]}
        for group in everything.context["facets"]
    }
    assert facets["kind"] == {"Toolkit": 1, "Good practice": 1}
    assert facets["year"] == {"2019": 1, "2018": 1}
    assert facets["language"]["Čeština"] == 1

    assert _hit_ids(client.get("/en/library/", {"kind": "toolkit"})) == [toolkit.pk]
    assert _hit_ids(client.get("/en/library/", {"area": "housing"})) == [practice.pk]
    assert _hit_ids(client.get("/en/library/", {"language": "cs"})) == [toolkit.pk]
    assert _hit_ids(client.get("/en/library/", {"language": "uk"})) == [practice.pk]
    assert _hit_ids(client.get("/en/library/", {"year": "2019"})) == [practice.pk]
    assert _hit_ids(client.get("/en/library/", {"year": "2019", "kind": "toolkit"})) == []
    # With a query the facets are counted over the results: both resources here, so the same counts.
    searched = client.get("/en/library/", {"q": "integration"})
    assert set(_hit_ids(searched)) == {toolkit.pk, practice.pk}
    assert {
        group["name"]: {item["label"]: item["count"] for item in group["items"]} for group in searched.context["facets"]
    } == facets
    assert facets["area"] == {"Housing": 1, "Education": 1}
    assert facets["language"] == {"Čeština": 1, "English": 1, "Українська": 1}
    # With a query the facets still narrow.
    assert _hit_ids(client.get("/en/library/", {"q": "integration", "kind": "good_practice"})) == [practice.pk]
    assert _hit_ids(client.get("/en/library/", {"q": "integration", "area": "education"})) == [toolkit.pk]


def test_highlight_marks_matching_words_and_escapes_html() -> None:
    value = "Integration <script>alert(1)</script> & integrating <b>people</b>"
    marked = str(search.highlight(value, "integ"))
    assert marked == (
        "<mark>Integration</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>integrating</mark> "
        "&lt;b&gt;people&lt;/b&gt;"
    )
    assert str(search.highlight("Košice welcome centre", "kosice")) == "<mark>Košice</mark> welcome centre"
    # Two-letter words match whole words only.
    assert str(search.highlight("in inner integration", "in")) == "<mark>in</mark> inner integration"
    # Characters that fold to several ("ß") or none (a combining accent) still line up.
    assert str(search.highlight("Straße und Strasse", "strasse")) == "<mark>Straße</mark> und <mark>Strasse</mark>"
    assert str(search.highlight("Praha Koše\u0301ice", "praha")) == "<mark>Praha</mark> Koše\u0301ice"
    assert str(search.highlight("Інтеграція в Празі", "интеграция")) == "Інтеграція в Празі"
    assert str(search.highlight("Ї Йод", "иод")) == "Ї <mark>Йод</mark>"
    long = "word " * 100 + "integration " + "word " * 100
    snippet = str(search.highlight(long, "integration", width=60))
    assert "<mark>integration</mark>" in snippet
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")


def test_a_title_with_markup_is_escaped_in_the_highlighted_hit(client: Client, cast: Cast) -> None:
    resource = make_resource(
        None,
        cast.partner,
        title="Integration & <img src=x onerror=alert(1)>",
        summary="Sport & <b>play</b>",
        publish=True,
    )
    response = client.get("/en/library/", {"q": "integration"})
    page = response.content.decode()
    assert _hit_ids(response) == [resource.pk]
    assert "<img" not in page
    assert "<mark>Integration</mark> &amp; &lt;img src=x onerror=alert(1)&gt;" in page
    assert "Sport &amp; &lt;b&gt;play&lt;/b&gt;" in page


def test_the_vector_index_follows_changes_from_empty_to_archived(cast: Cast) -> None:
    """Read while empty, then the first, a second and a withdrawn resource: each change shows up."""
    assert search.vector_index().size == 0
    first = make_resource(None, cast.partner, title="Language café for newcomers", publish=True)
    assert search.semantic_ranking("language café") == [first.pk]
    second = make_resource(None, cast.ngo, title="Homework club for children", publish=True)
    assert set(search.semantic_ranking("homework")) == {first.pk, second.pk}
    assert search.vector_index().size == 2
    services.transition(None, first, "archive")
    assert search.semantic_ranking("language café") == [second.pk]
    assert search.similar_resources(second.pk) == []


def test_the_keyword_index_confirms_only_resources_that_contain_a_query_word(cast: Cast) -> None:
    cafe = make_resource(None, cast.partner, title="Language café for newcomers", publish=True)
    club = make_resource(None, cast.ngo, title="Homework club for children", publish=True)
    index = search.vector_index()
    assert search.keyword_confirmed("Café in Prague", [club.pk, cafe.pk], index) == [cafe.pk]
    assert search.keyword_confirmed("homework", [cafe.pk, club.pk], index) == [club.pk]
    assert search.keyword_confirmed("zzz", [cafe.pk, club.pk], index) == []


def test_on_a_large_index_the_feedback_pass_re_ranks_only_the_first_passs_best_versions(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    cafe = make_resource(None, cast.partner, title="Language café for newcomers", publish=True)
    add_translation(cafe, "cs", title="Jazyková kavárna pro nově příchozí")
    others = [
        make_resource(None, cast.ngo, title=title, publish=True)
        for title in ("Homework club for children", "Waste collection calendar", "Job fair for refugees")
    ]
    full = search.search("language café")
    assert set(full) == {cafe.pk, *(other.pk for other in others)}
    assert search.vector_index().size == 5
    # A pool of two versions: the feedback pass scores those two only, the rest drop out.
    monkeypatch.setattr(search, "RERANK_POOL", 2)
    pooled = search.search("language café")
    assert pooled[0] == full[0] == cafe.pk
    assert len(pooled) <= 2
    # The pool is drawn from the allowed resources only.
    allowed = [cafe.pk, others[1].pk]
    assert set(search.search("language café", allowed=allowed)) <= set(allowed)
    assert search.search("language café", allowed=[others[2].pk]) == [others[2].pk]


def test_short_queries_add_exact_matches_unless_thousands_of_versions_have_the_words(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    cafe = make_resource(None, cast.partner, title="Language café for newcomers", publish=True)
    second = make_resource(None, cast.ngo, title="Evening language café at the library", publish=True)
    make_resource(None, cast.ngo, title="Homework club for children", publish=True)
    monkeypatch.setattr(search, "CANDIDATES", 1)  # semantic search keeps only its best resource
    assert set(search.search("language café")) == {cafe.pk, second.pk}
    # Two versions contain both words: with a cap of one they count as common words, not a name.
    monkeypatch.setattr(search, "EXACT_MAX_MATCHES", 1)
    assert len(search.search("language café")) == 1
    assert search._more_matches_than(["language", "cafe"], 1)
    assert not search._more_matches_than(["language", "cafe"], 2)
