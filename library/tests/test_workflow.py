"""The resource workflow in the services, and who may take which step through the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from integra.testing import Cast
from library import search, services
from library.models import Embedding, Resource, ResourceText, Revision, Status, TextStatus
from library.tests.conftest import make_resource, original_of, publish
from network.models import LogEntry, Provenance, Role, RoleKind
from network.services import StaleEdit

# ---------------------------------------------------------------- services


def test_create_resource_stores_the_original_with_a_first_revision(cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Language cafe for parents", language="uk")
    text = original_of(resource)
    assert resource.status == Status.DRAFT
    assert resource.published_at is None
    assert text.language == "uk"
    assert text.provenance == Provenance.ORIGINAL
    assert text.revision == 1
    revision = Revision.objects.get(text=text)
    assert revision.number == 1
    assert revision.data["title"] == "Language cafe for parents"
    assert revision.user == cast.org_member
    entry = LogEntry.objects.get(action="library.resource.created")
    assert entry.object_id == resource.pk
    assert entry.user == cast.org_member
    assert entry.organisation == cast.ngo


def test_update_resource_refuses_a_stale_version(cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Homework club")
    read_at = resource.version

    def first_save() -> None:
        resource.year = 2020
        resource.save()

    services.update_resource(cast.org_member, resource, read_at, first_save)
    assert Resource.objects.get(pk=resource.pk).version == read_at + 1

    stale = Resource.objects.get(pk=resource.pk)

    def second_save() -> None:
        stale.year = 2005
        stale.save()

    with pytest.raises(StaleEdit):
        services.update_resource(cast.org_admin, stale, read_at, second_save)
    assert Resource.objects.get(pk=resource.pk).year == 2020
    assert LogEntry.objects.filter(action="library.resource.changed").count() == 1


def test_publishing_sets_the_date_and_makes_the_resource_searchable(cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Volunteer mentoring for newcomers")
    text = original_of(resource)
    assert search.keyword_ranking("mentoring") == []
    assert not Embedding.objects.filter(text=text, searchable=True).exists()

    services.transition(cast.org_member, resource, "submit")
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED
    assert resource.published_at is None
    assert search.keyword_ranking("mentoring") == []

    services.transition(cast.coordinator, resource, "publish", comment="Looks good")
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED
    assert resource.published_at is not None
    assert search.keyword_ranking("mentoring") == [resource.pk]
    assert Embedding.objects.get(text=text).searchable is True
    assert resource.pk in search.search("volunteer mentoring")

    actions = list(LogEntry.objects.filter(action__startswith="library.resource.").values_list("action", flat=True))
    assert {"library.resource.created", "library.resource.submit", "library.resource.publish"} <= set(actions)
    entry = LogEntry.objects.get(action="library.resource.publish")
    assert entry.changes == {"status": ["submitted", "published"], "comment": "Looks good"}
    assert entry.user == cast.coordinator


def test_return_and_archive_take_the_resource_out_of_search(cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Cooking club for neighbours")
    services.transition(cast.org_member, resource, "submit")
    services.transition(cast.admin, resource, "return", comment="Add the costs")
    assert Resource.objects.get(pk=resource.pk).status == Status.DRAFT
    assert LogEntry.objects.get(action="library.resource.return").changes["comment"] == "Add the costs"

    publish(resource)
    first_published = Resource.objects.get(pk=resource.pk).published_at
    assert search.keyword_ranking("cooking") == [resource.pk]
    services.transition(cast.admin, resource, "archive")
    assert Resource.objects.get(pk=resource.pk).status == Status.ARCHIVED
    assert search.keyword_ranking("cooking") == []
    assert search.search("cooking club") == []
    assert not Embedding.objects.filter(resource=resource, searchable=True).exists()

    publish(resource)
    resource.refresh_from_db()
    assert resource.published_at == first_published
    assert search.keyword_ranking("cooking") == [resource.pk]


@pytest.mark.parametrize(
    ("reach", "step"),
    [
        ([], "return"),
        ([], "archive"),
        (["submit"], "submit"),
        (["publish"], "submit"),
        (["publish"], "publish"),
        (["publish", "archive"], "return"),
    ],
)
def test_impossible_steps_raise_a_workflow_error(cast: Cast, reach: list[str], step: str) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Step by step")
    for earlier in reach:
        services.transition(None, resource, earlier)
    before = Resource.objects.get(pk=resource.pk)
    with pytest.raises(services.WorkflowError):
        services.transition(None, resource, step)
    after = Resource.objects.get(pk=resource.pk)
    assert (after.status, after.version) == (before.status, before.version)


def test_a_workflow_error_is_a_message_not_a_crash_in_the_page(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Archive me not")
    client.force_login(cast.admin)
    response = client.post(f"/en/library/{resource.slug}/workflow/", {"step": "archive"}, follow=True)
    assert response.status_code == 200
    assert "not possible in the resource" in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).status == Status.DRAFT


# ---------------------------------------------------------------- permissions


@pytest.mark.parametrize("page", ["new/", "review/", "{slug}/edit/", "{slug}/versions/en/", "{slug}/quality/"])
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, cast: Cast, page: str) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Public practice", kind="good_practice", publish=True)
    response = client.get("/en/library/" + page.format(slug=resource.slug))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_outsider_may_not_edit_or_move_a_resource(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Published guide", publish=True)
    client.force_login(cast.outsider)
    assert client.get(f"/en/library/{resource.slug}/edit/").status_code == 403
    assert client.post(f"/en/library/{resource.slug}/edit/", {"kind": "tool", "version": 2}).status_code == 403
    assert client.post(f"/en/library/{resource.slug}/workflow/", {"step": "archive"}).status_code == 403
    assert client.get(f"/en/library/{resource.slug}/versions/en/").status_code == 403
    assert client.get("/en/library/new/").status_code == 403
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED
    # A draft is not even visible to them.
    draft = make_resource(cast.org_member, cast.ngo, title="Secret draft")
    assert client.get(f"/en/library/{draft.slug}/").status_code == 404
    assert client.post(f"/en/library/{draft.slug}/workflow/", {"step": "publish"}).status_code == 404


def _create_form(cast: Cast, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": "good_practice",
        "original_language": "uk",
        "organisation": cast.ngo.pk,
        "city": cast.prague.pk,
        "country": "CZ",
        "year": 2019,
        "licence": "cc-by-4.0",
        "links": "https://example.org/cafe",
        "text-title": "Ukrainian parents' café",
        "text-summary": "Parents meet weekly to practise Czech.",
        "text-body": "<p>Every <em>Tuesday</em>.</p>",
    }
    data.update(changes)
    return data


def test_an_organisation_member_creates_and_submits_but_cannot_publish(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_member)
    assert client.get("/en/library/new/").status_code == 200
    response = client.post("/en/library/new/", _create_form(cast))
    assert response.status_code == 302
    resource = Resource.objects.get(organisation=cast.ngo)
    assert response["Location"] == resource.get_absolute_url()
    assert resource.status == Status.DRAFT
    assert resource.created_by == cast.org_member
    assert resource.links == ["https://example.org/cafe"]
    assert original_of(resource).title == "Ukrainian parents' café"

    assert client.post(f"/en/library/{resource.slug}/workflow/", {"step": "submit"}).status_code == 302
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED
    assert client.post(f"/en/library/{resource.slug}/workflow/", {"step": "publish"}).status_code == 403
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED
    page = client.get(f"/en/library/{resource.slug}/").content.decode()
    assert 'value="publish"' not in page


def test_a_member_cannot_create_for_another_organisation(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_member)
    response = client.post("/en/library/new/", _create_form(cast, organisation=cast.partner.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Resource.objects.exists()


def test_the_coordinator_publishes_for_partnership_members_only(client: Client, cast: Cast) -> None:
    from_partner = make_resource(cast.city_team, cast.partner, title="Partner method")
    from_school = make_resource(cast.city_team, cast.school, title="School method")
    for resource in (from_partner, from_school):
        services.transition(cast.city_team, resource, "submit")
    client.force_login(cast.coordinator)
    assert client.post(f"/en/library/{from_partner.slug}/workflow/", {"step": "publish"}).status_code == 302
    assert Resource.objects.get(pk=from_partner.pk).status == Status.PUBLISHED
    # The school is not in the partnership: its draft is not even visible to the coordinator.
    assert client.post(f"/en/library/{from_school.slug}/workflow/", {"step": "publish"}).status_code == 404
    assert Resource.objects.get(pk=from_school.pk).status == Status.SUBMITTED
    queue = client.get("/en/library/review/").content.decode()
    assert "School method" not in queue

    Role.objects.create(user=cast.coordinator, kind=RoleKind.EDITOR, country_id="CZ")
    queue = client.get("/en/library/review/").content.decode()
    assert "School method" in queue
    assert client.post(f"/en/library/{from_school.slug}/workflow/", {"step": "publish"}).status_code == 302
    assert Resource.objects.get(pk=from_school.pk).status == Status.PUBLISHED


def test_the_coordinator_cannot_publish_a_published_school_resource_either(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.city_team, cast.school, title="School handbook", publish=True)
    client.force_login(cast.coordinator)
    assert client.post(f"/en/library/{resource.slug}/workflow/", {"step": "archive"}).status_code == 403
    assert Resource.objects.get(pk=resource.pk).status == Status.PUBLISHED


def test_the_edit_page_saves_and_refuses_a_stale_form(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Editable")
    client.force_login(cast.org_admin)
    data = {
        "kind": "toolkit",
        "organisation": cast.ngo.pk,
        "city": cast.prague.pk,
        "country": "CZ",
        "year": 2021,
        "licence": "cc0",
        "version": resource.version,
    }
    assert client.post(f"/en/library/{resource.slug}/edit/", data).status_code == 302
    resource.refresh_from_db()
    assert (resource.kind, resource.year) == ("toolkit", 2021)
    response = client.post(f"/en/library/{resource.slug}/edit/", {**data, "year": 1999})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).year == 2021


def test_a_translator_edits_their_language_but_not_the_original(client: Client, cast: Cast, translator: Any) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Guide to schools", publish=True)
    client.force_login(translator)
    assert client.get(f"/en/library/{resource.slug}/versions/uk/").status_code == 200
    response = client.post(
        f"/en/library/{resource.slug}/versions/uk/",
        {"title": "Путівник по школах", "summary": "Як записати дитину до школи.", "source_revision": 1},
    )
    assert response.status_code == 302
    text = ResourceText.objects.get(resource=resource, language="uk")
    assert (text.title, text.provenance, text.translator) == ("Путівник по школах", "human", translator)
    assert client.get(f"/en/library/{resource.slug}/versions/en/").status_code == 403
    original = original_of(resource)
    response = client.post(f"/en/library/{resource.slug}/versions/en/", text_form_data(original, title="Hijacked"))
    assert response.status_code == 403
    assert client.get(f"/en/library/{resource.slug}/versions/ru/").status_code == 403
    assert client.get(f"/en/library/{resource.slug}/edit/").status_code == 403
    assert original_of(resource).title == "Guide to schools"
    # Drafting is not publishing.
    assert client.post(f"/en/library/{resource.slug}/versions/uk/publish/").status_code == 403
    assert ResourceText.objects.get(pk=text.pk).status == TextStatus.DRAFT


def text_form_data(text: ResourceText, **changes: Any) -> dict[str, Any]:
    from library.tests.conftest import text_form

    return text_form(text, **changes)


def test_the_queue_shows_each_user_their_work(client: Client, cast: Cast, translator: Any) -> None:
    submitted = make_resource(cast.city_team, cast.partner, title="Waiting for review")
    services.transition(cast.city_team, submitted, "submit")
    published = make_resource(cast.city_team, cast.partner, title="Needs Ukrainian", publish=True)
    services.request_translation(cast.coordinator, published, "uk")
    services.request_translation(cast.coordinator, published, "ar")

    client.force_login(cast.coordinator)
    response = client.get("/en/library/review/")
    assert [r.pk for r in response.context["to_review"]] == [submitted.pk]
    client.force_login(translator)
    response = client.get("/en/library/review/")
    assert response.context["to_review"] == []
    assert [(t.resource_id, t.language) for t in response.context["translations"]] == [(published.pk, "uk")]
    client.force_login(cast.city_team)
    response = client.get("/en/library/review/")
    assert response.context["to_review"] == []
    assert [r.pk for r in response.context["mine"]] == [submitted.pk]


def test_anonymous_cached_pages_follow_the_workflow_at_once(client: Client, cast: Cast, settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 60
    resource = make_resource(cast.org_member, cast.ngo, title="Cached practice")
    assert "Cached practice" not in client.get("/en/library/").content.decode()
    assert client.get(resource.get_absolute_url()).status_code == 404
    publish(resource)
    assert "Cached practice" in client.get("/en/library/").content.decode()
    first = client.get(resource.get_absolute_url())
    assert first.status_code == 200
    assert client.get(resource.get_absolute_url())["X-Page-Cache"] == "hit"
    services.transition(cast.admin, resource, "archive")
    assert client.get(resource.get_absolute_url()).status_code == 404
    assert "Cached practice" not in client.get("/en/library/").content.decode()


def test_a_resource_never_ends_up_in_a_city_outside_its_country(client: Client, cast: Cast) -> None:
    """Leaving the city empty fills in the organisation's city; it must still agree with the chosen country."""
    client.force_login(cast.org_member)
    response = client.post("/en/library/new/", _create_form(cast, city="", country="BG"))
    resource = Resource.objects.filter(organisation=cast.ngo).first()
    if response.status_code == 200:
        assert resource is None
        assert response.context["form"].errors
    else:
        assert resource is not None
        assert resource.city is None or resource.city.country_id == resource.country_id
