"""Language versions: sanitising, translations, outdated translations, machine drafts and history."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from integra.testing import Cast
from library import services
from library.models import Resource, ResourceText, Revision, TextStatus
from library.tests.conftest import add_translation, make_resource, original_of, text_form
from library.translation import LibreTranslate
from network.models import LogEntry, Provenance

# ---------------------------------------------------------------- sanitising


def test_rich_text_keeps_structure_and_drops_script_handlers_and_styles(cast: Cast) -> None:
    body = (
        '<p style="color:red" onclick="steal()">Weekly <em>lessons</em> with '
        '<a href="https://example.org/plan" onmouseover="x()">the plan</a>.</p>'
        "<script>alert(1)</script><style>p{display:none}</style>"
        '<a href="javascript:alert(2)">bad link</a><img src=x onerror="alert(3)">'
    )
    resource = make_resource(cast.org_member, cast.ngo, title="Lessons", body=body)
    stored = original_of(resource).body
    assert stored.startswith('<p>Weekly <em>lessons</em> with <a href="https://example.org/plan"')
    assert "the plan</a>.</p>" in stored
    for bad in (
        "<script",
        "alert(1)",
        "onclick",
        "onmouseover",
        "style",
        "display:none",
        "javascript:",
        "<img",
        "onerror",
    ):
        assert bad not in stored, bad


def test_a_script_in_the_title_is_shown_as_text_never_run(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_member)
    response = client.post(
        "/en/library/new/",
        {
            "kind": "tool",
            "original_language": "en",
            "organisation": cast.ngo.pk,
            "country": "CZ",
            "year": 2019,
            "licence": "cc-by-4.0",
            "text-title": "Club <script>alert(1)</script> night",
            "text-summary": 'Summary <img src=x onerror="alert(2)"> & more',
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    text = original_of(resource)
    # Plain fields keep what was typed; every page escapes them.
    assert text.title == "Club <script>alert(1)</script> night"
    assert text.summary == 'Summary <img src=x onerror="alert(2)"> & more'
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "Club &lt;script&gt;alert(1)&lt;/script&gt; night" in page
    assert "<img src=x" not in page
    assert "&amp; more" in page


def test_a_title_that_is_only_markup_keeps_its_words(client: Client, cast: Cast) -> None:
    """The form requires a title; sanitising must not turn the title it accepted into an empty one."""
    client.force_login(cast.org_member)
    response = client.post(
        "/en/library/new/",
        {
            "kind": "tool",
            "original_language": "en",
            "organisation": cast.ngo.pk,
            "country": "CZ",
            "year": 2019,
            "licence": "cc-by-4.0",
            "text-title": "<script>alert(1)</script>",
            "text-summary": "Nothing else.",
        },
    )
    resources = list(Resource.objects.all())
    if response.status_code == 200:  # refused with a message: also acceptable
        assert not resources
        assert response.context["text_form"].errors
        return
    assert response.status_code == 302
    text = original_of(resources[0])
    assert "alert(1)" in text.title
    assert text.revision == 1
    page = client.get(resources[0].get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "alert(1)" in page


def test_plain_fields_keep_ampersands_and_comparisons(client: Client, cast: Cast) -> None:
    resource = make_resource(
        cast.org_member, cast.ngo, title="Parents & children", summary="Groups of <12 & more > less", publish=True
    )
    text = original_of(resource)
    assert (text.title, text.summary) == ("Parents & children", "Groups of <12 & more > less")
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "Groups of &lt;12 &amp; more &gt; less" in page


def test_a_non_breaking_space_is_not_turned_into_an_entity(cast: Cast) -> None:
    """Czech typography puts a no-break space after one-letter words; a "<" elsewhere must not change it."""
    resource = make_resource(cast.org_member, cast.ngo, title="Kurzy pro děti <6 let v\u00a0Praze")
    assert original_of(resource).title == "Kurzy pro děti <6 let v\u00a0Praze"


def test_a_contact_with_an_email_in_angle_brackets_is_kept(client: Client, cast: Cast) -> None:
    resource = make_resource(
        cast.org_member, cast.ngo, title="Contactable", contact="Olena Testova <olena@example.org>", publish=True
    )
    assert original_of(resource).contact == "Olena Testova <olena@example.org>"
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "Olena Testova &lt;olena@example.org&gt;" in page


# ---------------------------------------------------------------- translations


def test_a_requested_translation_is_filled_published_and_goes_out_of_date(cast: Cast, translator: Any) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="School enrolment guide", publish=True)
    original = original_of(resource)
    requested = services.request_translation(cast.coordinator, resource, "uk")
    assert (requested.status, requested.provenance, requested.requested_by) == ("requested", "human", cast.coordinator)
    assert requested.revision == 0
    assert LogEntry.objects.filter(action="library.text.requested").count() == 1
    # Asking again changes nothing.
    assert services.request_translation(cast.org_member, resource, "uk").pk == requested.pk

    requested.title = "Путівник із запису до школи"
    requested.summary = "Як записати дитину."
    saved = services.save_text(translator, requested, requested.version, source_revision=original.revision)
    saved.refresh_from_db()
    assert saved.status == TextStatus.DRAFT
    assert saved.provenance == Provenance.HUMAN
    assert saved.translator == translator
    assert saved.source_revision == original.revision == 1
    assert saved.revision == 1
    assert not saved.is_outdated()

    services.publish_text(cast.coordinator, saved)
    saved.refresh_from_db()
    assert saved.status == TextStatus.PUBLISHED
    assert LogEntry.objects.filter(action="library.text.published").count() == 1

    # Saving the original without changing its words keeps its revision.
    services.save_text(cast.org_member, original, original.version)
    original.refresh_from_db()
    assert original.revision == 1
    assert not ResourceText.objects.get(pk=saved.pk).is_outdated()

    original.summary = "A new, longer summary of the guide."
    services.save_text(cast.org_member, original, original.version)
    original.refresh_from_db()
    assert original.revision == 2
    assert Revision.objects.filter(text=original).count() == 2
    assert ResourceText.objects.get(pk=saved.pk).is_outdated()


def test_publishing_a_translation_without_a_title_is_refused(cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Untranslated", publish=True)
    requested = services.request_translation(cast.coordinator, resource, "bg")
    with pytest.raises(services.WorkflowError):
        services.publish_text(cast.coordinator, requested)
    assert ResourceText.objects.get(pk=requested.pk).status == TextStatus.REQUESTED


def test_a_translation_saved_after_the_original_changed_is_kept_and_marked_outdated(
    client: Client, cast: Cast, translator: Any
) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Housing advice", publish=True)
    client.force_login(translator)
    form = client.get(f"/en/library/{resource.slug}/versions/uk/")
    assert form.context["form"].initial["source_revision"] == 1
    # Meanwhile the author changes the original.
    original = original_of(resource)
    original.summary = "Updated figures for 2020."
    services.save_text(cast.org_member, original, original.version)
    assert original_of(resource).revision == 2

    response = client.post(
        f"/en/library/{resource.slug}/versions/uk/",
        {"title": "Житлові поради", "summary": "Поради щодо житла.", "source_revision": 1},
        follow=True,
    )
    assert response.status_code == 200
    text = ResourceText.objects.get(resource=resource, language="uk")
    assert text.title == "Житлові поради"
    assert text.source_revision == 1
    assert text.is_outdated()
    messages = [str(m) for m in response.context["messages"]]
    assert any("marked outdated" in m for m in messages)
    services.publish_text(cast.admin, text)
    page = client.get(f"/en/library/{resource.slug}/?lang=uk").content.decode()
    assert "The original has changed since this translation was made" in page


def test_a_translation_cannot_claim_a_revision_of_the_original_that_does_not_exist(
    client: Client, cast: Cast, translator: Any
) -> None:
    """The hidden source revision comes from the browser; a made-up future one would hide that it is outdated."""
    resource = make_resource(cast.org_member, cast.ngo, title="Parental leave", publish=True)
    client.force_login(translator)
    response = client.post(
        f"/en/library/{resource.slug}/versions/uk/",
        {"title": "Відпустка по догляду", "summary": "Переклад.", "source_revision": 99},
    )
    text = ResourceText.objects.filter(resource=resource, language="uk").first()
    if response.status_code == 200:  # refused: also fine
        assert text is None
        return
    assert text is not None
    assert text.source_revision is not None
    assert text.source_revision <= original_of(resource).revision
    original = original_of(resource)
    original.summary = "Changed later."
    services.save_text(cast.org_member, original, original.version)
    assert ResourceText.objects.get(pk=text.pk).is_outdated()


def test_a_stale_translation_form_is_refused_and_keeps_the_users_words(
    client: Client, cast: Cast, translator: Any
) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Health insurance", publish=True)
    text = add_translation(resource, "uk", title="Медичне страхування", summary="Перша версія.")
    read_at = ResourceText.objects.get(pk=text.pk)
    client.force_login(translator)
    first = client.post(
        f"/en/library/{resource.slug}/versions/uk/",
        text_form(read_at, summary="Версія першого перекладача.", source_revision=1),
    )
    assert first.status_code == 302
    second = client.post(
        f"/en/library/{resource.slug}/versions/uk/",
        text_form(read_at, summary="Моя ретельна друга версія.", source_revision=1),
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else changed this record" in page
    assert "Моя ретельна друга версія." in page
    assert ResourceText.objects.get(pk=text.pk).summary == "Версія першого перекладача."


def test_two_translators_starting_the_same_new_translation_the_second_is_told(
    client: Client, cast: Cast, translator: Any
) -> None:
    """Both opened the form before any Ukrainian version existed; the second save must say why it was refused."""
    resource = make_resource(cast.org_member, cast.ngo, title="Tenancy rights", publish=True)
    url = f"/en/library/{resource.slug}/versions/uk/"
    client.force_login(translator)
    assert "version" not in client.get(url).context["form"].fields
    services.save_text(
        cast.city_team,
        ResourceText(resource=resource, language="uk", provenance=Provenance.HUMAN, title="Права орендарів"),
        None,
        source_revision=1,
    )
    response = client.post(url, {"title": "Права наймачів", "summary": "Мій переклад.", "source_revision": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Права наймачів" in page
    assert "Мій переклад." in page
    assert ResourceText.objects.get(resource=resource, language="uk").title == "Права орендарів"
    assert "Someone else changed this record" in page


def test_readers_see_their_language_when_published_and_the_original_otherwise(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Czech courses for adults", publish=True)
    draft = add_translation(resource, "cs", title="Kurzy češtiny pro dospělé", published=False)
    response = client.get(f"/cs/library/{resource.slug}/")
    page = response.content.decode()
    assert "Czech courses for adults" in page
    assert "Kurzy češtiny pro dospělé" not in page
    assert response.context["is_fallback"] is True
    assert response.context["text"].language == "en"

    services.publish_text(cast.admin, draft)
    add_translation(resource, "bg", title="Курсове по чешки за възрастни")
    response = client.get(f"/cs/library/{resource.slug}/")
    page = response.content.decode()
    assert "<h1>Kurzy češtiny pro dospělé</h1>" in page
    assert response.context["is_fallback"] is False
    for code in ("en", "cs", "bg"):
        assert f'href="?lang={code}"' in page
    assert 'href="?lang=uk"' not in page
    # In a language with no version, the original with a note.
    response = client.get(f"/uk/library/{resource.slug}/")
    assert response.context["text"].language == "en"
    assert response.context["is_fallback"] is True
    assert 'class="note"' in response.content.decode()


def test_choosing_another_version_does_not_claim_the_readers_language_is_missing(client: Client, cast: Cast) -> None:
    """An English reader who picks the Czech version of an English original is not told English is missing."""
    resource = make_resource(cast.org_member, cast.ngo, title="Bike repair workshop", publish=True)
    add_translation(resource, "cs", title="Dílna oprav kol")
    response = client.get(f"/en/library/{resource.slug}/?lang=cs")
    page = response.content.decode()
    assert "<h1>Dílna oprav kol</h1>" in page
    assert response.context["is_fallback"] is False
    assert "not available in English" not in page
    # Whereas a reader whose language is really missing is told so.
    assert client.get(f"/it/library/{resource.slug}/").context["is_fallback"] is True


def test_a_translation_request_through_the_page(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Requested", publish=True)
    client.force_login(cast.city_team)
    assert client.post(f"/en/library/{resource.slug}/translations/request/", {"language": "ar"}).status_code == 302
    assert ResourceText.objects.get(resource=resource, language="ar").status == TextStatus.REQUESTED
    # The original's language cannot be requested.
    client.post(f"/en/library/{resource.slug}/translations/request/", {"language": "en"})
    assert ResourceText.objects.filter(resource=resource).count() == 2
    client.logout()
    client.force_login(cast.outsider)
    assert client.post(f"/en/library/{resource.slug}/translations/request/", {"language": "ru"}).status_code == 403


# ---------------------------------------------------------------- machine translation


def _fake_translate(self: Any, text: str, source: str, target: str, html: bool = False) -> str:
    return f"[{target}] {text}" if text else text


def test_machine_translation_off_shows_a_message_and_creates_nothing(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Machine off", publish=True)
    client.force_login(cast.org_member)
    response = client.post(f"/en/library/{resource.slug}/versions/cs/machine/", follow=True)
    assert response.status_code == 200
    assert "Machine translation is not available" in response.content.decode()
    assert not ResourceText.objects.filter(resource=resource, language="cs").exists()


def test_a_machine_translation_is_labelled_exported_as_such_and_becomes_human_when_edited(
    client: Client, cast: Cast, settings: Any, monkeypatch: Any
) -> None:
    settings.MACHINE_TRANSLATION_URL = "http://translate.invalid"
    monkeypatch.setattr(LibreTranslate, "translate", _fake_translate)
    resource = make_resource(
        cast.org_member,
        cast.ngo,
        title="Welcome desk",
        summary="Help for newcomers.",
        body="<p>Open daily.</p>",
        publish=True,
    )
    client.force_login(cast.admin)
    response = client.post(f"/en/library/{resource.slug}/versions/cs/machine/")
    assert response.status_code == 302
    text = ResourceText.objects.get(resource=resource, language="cs")
    assert text.provenance == Provenance.MACHINE
    assert text.status == TextStatus.DRAFT
    assert (text.title, text.summary) == ("[cs] Welcome desk", "[cs] Help for newcomers.")
    assert text.source_revision == original_of(resource).revision
    page = client.get(f"/en/library/{resource.slug}/?lang=cs").content.decode()
    assert "[cs] Welcome desk" in page
    assert "Machine translation" in page

    services.publish_text(cast.admin, text)
    client.logout()
    page = client.get(f"/cs/library/{resource.slug}/").content.decode()
    assert "[cs] Welcome desk" in page
    assert 'class="note machine"' in page
    rows = list(csv.DictReader(io.StringIO(client.get("/en/library/export.csv").content.decode("utf-8-sig"))))
    by_language = {row["language"]: row for row in rows if row["resource"] == resource.slug}
    assert by_language["cs"]["provenance"] == "machine"
    assert by_language["en"]["provenance"] == "original"

    client.force_login(cast.admin)
    text.refresh_from_db()
    response = client.post(
        f"/en/library/{resource.slug}/versions/cs/",
        text_form(text, title="Uvítací přepážka", source_revision=text.source_revision),
    )
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.provenance == Provenance.HUMAN
    assert text.title == "Uvítací přepážka"
    client.logout()
    rows = list(csv.DictReader(io.StringIO(client.get("/en/library/export.csv").content.decode("utf-8-sig"))))
    assert {row["language"]: row["provenance"] for row in rows} == {"cs": "human", "en": "original"}


def test_a_machine_translation_never_replaces_a_human_one(
    client: Client, cast: Cast, settings: Any, monkeypatch: Any
) -> None:
    settings.MACHINE_TRANSLATION_URL = "http://translate.invalid"
    monkeypatch.setattr(LibreTranslate, "translate", _fake_translate)
    resource = make_resource(cast.org_member, cast.ngo, title="Human first", publish=True)
    add_translation(resource, "cs", title="Nejdřív člověk")
    client.force_login(cast.admin)
    response = client.post(f"/en/library/{resource.slug}/versions/cs/machine/", follow=True)
    assert "A human translation exists already" in response.content.decode()
    text = ResourceText.objects.get(resource=resource, language="cs")
    assert (text.title, text.provenance) == ("Nejdřív člověk", Provenance.HUMAN)
    assert client.post(f"/en/library/{resource.slug}/versions/en/machine/").status_code == 404


def test_what_the_translation_server_returns_is_sanitised(cast: Cast, settings: Any, monkeypatch: Any) -> None:
    settings.MACHINE_TRANSLATION_URL = "http://translate.invalid"

    def hostile(self: Any, text: str, source: str, target: str, html: bool = False) -> str:
        return f'<p onclick="x()">{text}</p><script>alert(1)</script>' if html else f"{text} <script>alert(2)</script>"

    monkeypatch.setattr(LibreTranslate, "translate", hostile)
    resource = make_resource(cast.org_member, cast.ngo, title="Sanitised", body="<p>Body</p>", publish=True)
    text = services.machine_translate(cast.admin, resource, "bg")
    text.refresh_from_db()
    assert "Body" in text.body
    assert "<script" not in text.body
    assert "onclick" not in text.body
    # A plain field keeps the words it was given; the page shows them escaped.
    assert text.title == "Sanitised <script>alert(2)</script>"


# ---------------------------------------------------------------- history


def test_history_shows_the_changed_words(client: Client, cast: Cast) -> None:
    resource = make_resource(
        cast.org_member, cast.ngo, title="Sewing workshop", summary="Meets on Monday evenings in the library."
    )
    client.force_login(cast.org_member)
    original = original_of(resource)
    assert (
        client.post(
            f"/en/library/{resource.slug}/versions/en/",
            text_form(original, summary="Meets on Thursday evenings in the library."),
        ).status_code
        == 302
    )
    original.refresh_from_db()
    assert (
        client.post(
            f"/en/library/{resource.slug}/versions/en/",
            text_form(original, title="Sewing and mending workshop <b>&</b>"),
        ).status_code
        == 302
    )
    assert original_of(resource).revision == 3
    response = client.get(f"/en/library/{resource.slug}/versions/en/history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>Monday</del>" in page
    assert "<ins>Thursday</ins>" in page
    assert "Sewing <ins>and mending</ins> workshop <ins>&lt;b&gt;&amp;&lt;/b&gt;</ins>" in page
    assert [entry["revision"].number for entry in response.context["entries"]] == [3, 2, 1]
    client.logout()
    client.force_login(cast.outsider)
    assert client.get(f"/en/library/{resource.slug}/versions/en/history/").status_code in (403, 404)
