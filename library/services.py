"""Writes to the library: views, the API and the demo loader all call these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from library import search
from library.models import (
    Adaptation,
    Attachment,
    Embedding,
    QualityReview,
    Resource,
    ResourceText,
    Revision,
    Status,
    TextStatus,
)
from network.audit import diff, log_action, snapshot
from network.models import Provenance
from network.services import StaleEdit, _claim_version

# Rich text keeps structure and emphasis; anything else (script, style, handlers) is dropped.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h3", "h4", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
RICH_FIELDS = ("body",)

# Which workflow steps exist, and who may take them (checked in library.permissions).
TRANSITIONS = {
    "submit": ({Status.DRAFT}, Status.SUBMITTED),
    "publish": ({Status.SUBMITTED, Status.DRAFT, Status.ARCHIVED}, Status.PUBLISHED),
    "return": ({Status.SUBMITTED}, Status.DRAFT),
    "archive": ({Status.PUBLISHED}, Status.ARCHIVED),
}


class WorkflowError(Exception):
    message = _("This step is not possible in the resource's current state.")


def clean_rich_text(value: str) -> str:
    return nh3.clean(value or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener nofollow")


def _clean_text_fields(text: ResourceText) -> None:
    """Rich fields keep the allowed markup only; plain fields are stored as typed (always shown escaped)."""
    for name in ResourceText.TEXT_FIELDS:
        value = getattr(text, name) or ""
        if name in RICH_FIELDS:
            value = clean_rich_text(value)
        setattr(text, name, value.strip())


def _log(user: Any, action: str, instance: Any, changes: dict[str, Any] | None = None) -> None:
    log_action(user, f"library.{action}", instance, changes)


# ---------------------------------------------------------------- resources


@transaction.atomic
def create_resource(user: Any, save: Callable[[], Resource], original: ResourceText) -> Resource:
    """``save`` stores the validated resource; ``original`` is its first language version (unsaved)."""
    resource = save()
    original.resource = resource
    original.language = resource.original_language
    original.provenance = Provenance.ORIGINAL
    original.status = TextStatus.PUBLISHED
    _save_text(user, original, note="created")
    _log(user, "resource.created", resource, snapshot(resource))
    return resource


@transaction.atomic
def update_resource(user: Any, resource: Resource, expected_version: int, form_save: Callable[[], Any]) -> Resource:
    before = snapshot(Resource.objects.get(pk=resource.pk))
    _claim_version(resource, expected_version)
    form_save()
    _log(user, "resource.changed", resource, diff(before, snapshot(resource)))
    _reindex_resource(resource)
    return resource


@transaction.atomic
def transition(user: Any, resource: Resource, step: str, comment: str = "") -> Resource:
    sources, target = TRANSITIONS[step]
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    if locked.status not in sources:
        raise WorkflowError()
    before = locked.status
    locked.status = target
    if target == Status.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "published_at", "version", "updated"])
    changes: dict[str, Any] = {"status": [before, target]}
    if comment:
        changes["comment"] = comment[:1000]
    _log(user, f"resource.{step}", locked, changes)
    resource.status, resource.published_at, resource.version = locked.status, locked.published_at, locked.version
    _reindex_resource(locked)
    return resource


def _reindex_resource(resource: Resource) -> None:
    texts = list(ResourceText.objects.filter(resource=resource).select_related("resource"))
    for text in texts:
        search.index_keywords(text)
    searchable = [t.pk for t in texts if search.is_searchable(t)]
    Embedding.objects.filter(resource=resource).exclude(text_id__in=searchable).update(
        searchable=False, updated=timezone.now()
    )
    for text in texts:
        if text.pk in searchable:
            schedule_embedding(text)


# ---------------------------------------------------------------- language versions


def _save_text(user: Any, text: ResourceText, note: str = "") -> ResourceText:
    """Sanitise, bump the revision when the words changed, keep the revision and reindex."""
    _clean_text_fields(text)
    previous = Revision.objects.filter(text=text).order_by("-number").first() if text.pk else None
    changed = (previous is None or previous.data != text.snapshot()) and bool(text.title or text.body)
    if changed:
        text.revision += 1
    text.save()
    if changed:
        Revision.objects.create(
            text=text, number=text.revision, data=text.snapshot(), user=_user(user), note=note[:200]
        )
    search.index_keywords(text)
    schedule_embedding(text)
    return text


def _user(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@transaction.atomic
def save_text(
    user: Any,
    text: ResourceText,
    expected_version: int | None,
    source_revision: int | None = None,
    note: str = "",
) -> ResourceText:
    """Save an edit of a language version.

    A stale ``expected_version`` (someone else saved this version meanwhile) is refused with
    ``StaleEdit``; a translation whose original changed meanwhile is saved, and shows as outdated
    because it records the original's revision it was made from (``source_revision``).
    """
    if text.pk is not None and expected_version is not None:
        before = ResourceText.objects.get(pk=text.pk).snapshot()
        _claim_version(text, expected_version)
    else:
        before = {}
    if not text.is_original and source_revision is not None:
        # Never ahead of the original: a made-up revision would hide that the translation is outdated.
        original = ResourceText.objects.filter(resource=text.resource_id, provenance=Provenance.ORIGINAL).first()
        text.source_revision = min(source_revision, original.revision) if original else source_revision
    if text.status == TextStatus.REQUESTED and (text.title or text.body):
        text.status = TextStatus.DRAFT
    if text.translator_id is None and not text.is_original:
        text.translator = _user(user)
    _save_text(user, text, note)
    _log(user, "text.changed" if before else "text.created", text, diff(before, text.snapshot()))
    return text


@transaction.atomic
def request_translation(user: Any, resource: Resource, language: str) -> ResourceText:
    text, created = ResourceText.objects.get_or_create(
        resource=resource,
        language=language,
        defaults={"provenance": Provenance.HUMAN, "status": TextStatus.REQUESTED, "requested_by": _user(user)},
    )
    if created:
        _log(user, "text.requested", text, {"language": language})
    return text


@transaction.atomic
def publish_text(user: Any, text: ResourceText) -> ResourceText:
    if not text.title:
        raise WorkflowError()
    text.status = TextStatus.PUBLISHED
    text.version += 1
    text.save(update_fields=["status", "version", "updated"])
    _log(user, "text.published", text, {"language": text.language})
    search.index_keywords(text)
    schedule_embedding(text)
    return text


@transaction.atomic
def machine_translate(user: Any, resource: Resource, language: str) -> ResourceText:
    """Draft a translation with the configured engine; it stays labelled machine until a human edits it."""
    from library.translation import engine

    original = resource.original_text()
    if original is None:
        raise WorkflowError()
    translator = engine()
    text = ResourceText.objects.filter(resource=resource, language=language).first()
    if text is not None and text.provenance == Provenance.HUMAN and text.status != TextStatus.REQUESTED:
        raise WorkflowError()
    text = text or ResourceText(resource=resource, language=language)
    for name in ResourceText.TEXT_FIELDS:
        value = getattr(original, name)
        setattr(text, name, translator.translate(value, original.language, language, html=name in RICH_FIELDS))
    text.provenance = Provenance.MACHINE
    text.status = TextStatus.DRAFT
    text.source_revision = original.revision
    _save_text(user, text, note="machine translation")
    _log(user, "text.machine_translated", text, {"language": language})
    return text


# ---------------------------------------------------------------- reviews, files, travels


@transaction.atomic
def save_review(user: Any, review: QualityReview) -> QualityReview:
    before = snapshot(QualityReview.objects.get(pk=review.pk)) if review.pk else {}
    review.reviewer = _user(user)
    review.save()
    _log(user, "quality.saved", review, diff(before, snapshot(review)))
    return review


@transaction.atomic
def add_attachment(user: Any, attachment: Attachment) -> Attachment:
    attachment.uploaded_by = _user(user)
    attachment.save()
    _log(user, "attachment.added", attachment, {"name": attachment.name, "size": attachment.size})
    return attachment


@transaction.atomic
def remove_attachment(user: Any, attachment: Attachment) -> None:
    _log(user, "attachment.removed", attachment, {"name": attachment.name})
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def record_adaptation(user: Any, adaptation: Adaptation, save: Callable[[], Adaptation] | None = None) -> Adaptation:
    created = adaptation.pk is None
    adaptation.recorded_by = adaptation.recorded_by or _user(user)
    result = save() if save else adaptation
    if save is None:
        adaptation.save()
    _log(user, "adaptation.recorded" if created else "adaptation.changed", result, snapshot(result))
    return result


# ---------------------------------------------------------------- embeddings


def schedule_embedding(text: ResourceText) -> None:
    """Queue the embedding; the task row commits (or rolls back) with the text itself."""
    from library.tasks import embed_text

    embed_text.enqueue(text.pk)


def embed(text_ids: list[int]) -> int:
    """Compute missing or stale embeddings of these versions; returns how many were computed."""
    texts = list(ResourceText.objects.filter(pk__in=text_ids).select_related("resource"))
    existing = {e.text_id: e for e in Embedding.objects.filter(text_id__in=text_ids)}
    todo: list[tuple[ResourceText, str, str]] = []
    for text in texts:
        searchable = search.is_searchable(text)
        source = search.embedding_source(text)
        digest = search.source_hash(source)
        current = existing.get(text.pk)
        if current is not None and current.source_hash == digest:
            if current.searchable != searchable:
                current.searchable = searchable
                current.save(update_fields=["searchable", "updated"])
            continue
        if not searchable and current is None:
            continue
        todo.append((text, source, digest))
    if not todo:
        return 0
    vectors = search.embed_passages([source for _, source, _ in todo])
    for (text, _source, digest), vector in zip(todo, vectors, strict=True):
        Embedding.objects.update_or_create(
            text=text,
            defaults={
                "resource_id": text.resource_id,
                "vector": vector.astype("float32").tobytes(),
                "source_hash": digest,
                "model": search.MODEL_NAME,
                "searchable": search.is_searchable(text),
            },
        )
    return len(todo)


__all__ = ["StaleEdit", "WorkflowError"]


def pending_embeddings(limit: int) -> list[int]:
    """Published versions of published resources without an embedding (stale ones are re-queued on save)."""
    return list(
        ResourceText.objects.filter(
            status=TextStatus.PUBLISHED, resource__status=Status.PUBLISHED, embedding__isnull=True
        )
        .exclude(title="")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
