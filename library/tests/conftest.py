"""The named cast, private file storage in a temporary folder, and helpers that write through library.services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.utils import translation

from integra.testing import Cast, build_cast, make_user
from lib.text import unique_slug
from library import services
from library.models import Attachment, Kind, Resource, ResourceText
from network.models import Area, Organisation, Provenance, Role, RoleKind


@pytest.fixture
def cast(db: Any) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any, monkeypatch: Any) -> Any:
    """Attachments go to a temporary folder; no translation server; an empty cache; English addresses."""
    settings.MACHINE_TRANSLATION_URL = ""
    settings.SEARCH_EMBEDDINGS = True
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=str(tmp_path)))
    cache.clear()
    # A request in another language leaves that language active; addresses reversed in tests are English.
    translation.activate("en")
    yield
    translation.deactivate()
    cache.clear()


@pytest.fixture
def editor(cast: Cast) -> Any:
    """The library editor for Czechia: reviews every Czech resource."""
    user = make_user("editor@example.org")
    Role.objects.create(user=user, kind=RoleKind.EDITOR, country_id="CZ")
    return user


@pytest.fixture
def translator(cast: Cast) -> Any:
    """A translator into Ukrainian, with no other role."""
    user = make_user("translator@example.org", second_factor=False)
    Role.objects.create(user=user, kind=RoleKind.TRANSLATOR, language="uk")
    return user


@pytest.fixture
def sofia_team(cast: Cast) -> Any:
    user = make_user("sofia.team@example.org")
    Role.objects.create(user=user, kind=RoleKind.CITY_TEAM, city=cast.sofia)
    return user


def make_resource(
    user: Any,
    organisation: Organisation,
    *,
    title: str,
    summary: str = "A short summary of the resource.",
    body: str = "",
    language: str = "en",
    kind: str = Kind.METHODOLOGY,
    year: int = 2019,
    areas: tuple[str, ...] = (),
    publish: bool = False,
    **text_fields: Any,
) -> Resource:
    """A resource with its original language version, created (and optionally published) through the services."""
    resource = Resource(
        kind=kind,
        slug=unique_slug(title, Resource, "resource"),
        original_language=language,
        organisation=organisation,
        city=organisation.city,
        country_id=organisation.city.country_id,
        year=year,
        created_by=user,
    )

    def save() -> Resource:
        resource.save()
        if areas:
            resource.areas.set(Area.objects.filter(code__in=areas))
        return resource

    original = ResourceText(title=title, summary=summary, body=body, **text_fields)
    services.create_resource(user, save, original)
    if publish:
        services.transition(None, resource, "publish")
    return resource


def publish(resource: Resource, user: Any = None) -> Resource:
    return services.transition(user, resource, "publish")


def add_translation(
    resource: Resource,
    language: str,
    *,
    title: str,
    summary: str = "",
    body: str = "",
    user: Any = None,
    published: bool = True,
) -> ResourceText:
    """A human translation made from the original's current revision, published unless asked otherwise."""
    original = ResourceText.objects.get(resource=resource, provenance=Provenance.ORIGINAL)
    text = ResourceText(
        resource=resource, language=language, provenance=Provenance.HUMAN, title=title, summary=summary, body=body
    )
    services.save_text(user, text, None, source_revision=original.revision)
    if published:
        services.publish_text(user, text)
    return text


def original_of(resource: Resource) -> ResourceText:
    return ResourceText.objects.get(resource=resource, provenance=Provenance.ORIGINAL)


def text_form(text: ResourceText, **changes: Any) -> dict[str, Any]:
    """POST data for the language-version form, as the page would send it."""
    data: dict[str, Any] = {name: getattr(text, name) for name in ResourceText.TEXT_FIELDS}
    if text.pk:
        data["version"] = text.version
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
