"""The library: resources in their original language, their translations, revisions, files and travels."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.models import Area, City, Country, Organisation, Provenance
from network.models.places import Vocabulary


def label(model: type[models.Model], name: str) -> str:
    """The verbose name of a model field, in the active language."""
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


class Kind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    METHODOLOGY = "methodology", _("Methodology")
    TOOLKIT = "toolkit", _("Toolkit")
    TOOL = "tool", _("Tool")
    DOCUMENT = "document", _("Document")
    LESSON_LEARNED = "lesson_learned", _("Lesson learned")
    POLICY_RECOMMENDATION = "policy_recommendation", _("Policy recommendation")
    TRAINING_MATERIAL = "training_material", _("Training material")


class DocumentType(models.TextChoices):
    STRATEGY = "strategy", _("Strategy")
    REPORT = "report", _("Report")
    LAW = "law", _("Law")


class Lesson(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    CC0 = "cc0", "CC0 1.0"
    RESERVED = "all-rights-reserved", _("All rights reserved")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class TextStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Stage(models.TextChoices):
    UNDERSTAND = "understand", _("Understand")
    ADAPT = "adapt", _("Adapt")
    REUSE = "reuse", _("Re-use")


class TargetGroup(Vocabulary):
    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["code"]


class ResourceQuerySet(models.QuerySet["Resource"]):
    def published(self) -> ResourceQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def published_among(self, ids: Sequence[int]) -> list[Resource]:
        """The published resources of ``ids``, in the order of ``ids``.

        Looked up by primary key alone, the status checked here: asked for both, SQLite (which has
        no ANALYZE statistics) walked the status index over every published resource for 20 ids.
        """
        found = {resource.pk: resource for resource in self.filter(pk__in=list(ids)).order_by()}
        return [found[pk] for pk in ids if pk in found and found[pk].status == Status.PUBLISHED]


class Resource(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    document_type = models.CharField(_("type of document"), max_length=20, choices=DocumentType.choices, blank=True)
    lesson = models.CharField(_("lesson"), max_length=10, choices=Lesson.choices, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    original_language = models.CharField(_("original language"), max_length=8, choices=settings.LANGUAGES)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="resources", verbose_name=_("owner organisation")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="resources", verbose_name=_("city")
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="resources", verbose_name=_("country"))
    areas = models.ManyToManyField(Area, blank=True, related_name="resources", verbose_name=_("areas"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="resources", verbose_name=_("target groups")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)], db_index=True
    )
    start = models.DateField(_("start date"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)
    links = models.JSONField(_("links"), default=list, blank=True)
    stakeholders = models.ManyToManyField(
        Organisation, blank=True, related_name="practices", verbose_name=_("stakeholders involved")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["country", "status"]),
        ]

    def __str__(self) -> str:
        text = self.original_text()
        return text.title if text and text.title else self.slug

    def get_absolute_url(self) -> str:
        return reverse("library:resource", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "organisation": self.organisation}

    @property
    def is_practice(self) -> bool:
        return self.kind == Kind.GOOD_PRACTICE

    def original_text(self) -> ResourceText | None:
        return next((t for t in self._texts() if t.language == self.original_language), None)

    def _texts(self) -> list[ResourceText]:
        cached = getattr(self, "_prefetched_objects_cache", {}).get("texts")
        return list(cached) if cached is not None else list(self.texts.all())

    def published_texts(self) -> list[ResourceText]:
        return [t for t in self._texts() if t.status == TextStatus.PUBLISHED]

    def text_for(self, language: str | None = None) -> ResourceText | None:
        """The reader's language when a published version exists, otherwise the original."""
        language = (language or get_language() or "en").split("-")[0]
        texts = self.published_texts()
        return next((t for t in texts if t.language == language), None) or self.original_text()


class ResourceText(models.Model):
    """One language version of a resource: the original or a translation."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices)
    status = models.CharField(_("status"), max_length=10, choices=TextStatus.choices, default=TextStatus.DRAFT)
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("description"), blank=True)
    context = models.TextField(_("context"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    resources = models.TextField(_("resources and funding"), blank=True)
    results = models.TextField(_("results and evidence"), blank=True)
    sustainability = models.TextField(_("sustainability"), blank=True)
    transfer_legal = models.TextField(_("legal basis"), blank=True)
    transfer_actors = models.TextField(_("actors needed"), blank=True)
    transfer_cost = models.TextField(_("cost"), blank=True)
    transfer_scale = models.TextField(_("scale"), blank=True)
    transfer_languages = models.TextField(_("language needs"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    # Revision of this text; a translation records which revision of the original it was made from.
    revision = models.PositiveIntegerField(default=0)
    source_revision = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    PRACTICE_FIELDS = (
        "context",
        "objectives",
        "activities",
        "resources",
        "results",
        "sustainability",
    )
    TRANSFER_FIELDS = ("transfer_legal", "transfer_actors", "transfer_cost", "transfer_scale", "transfer_languages")
    TEXT_FIELDS = ("title", "summary", "body", *PRACTICE_FIELDS, *TRANSFER_FIELDS, "contact")

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["resource", "language"]
        # No (status, language) index: nearly every version is published, and with it SQLite scanned
        # all versions for the language facet instead of looking up the hits (bench/library_bench.py).
        constraints = [models.UniqueConstraint(fields=["resource", "language"], name="one_text_per_language")]

    def __str__(self) -> str:
        return f"{self.title or self.resource.slug} [{self.language}]"

    def get_absolute_url(self) -> str:
        return reverse("library:resource", args=[self.resource.slug]) + f"?lang={self.language}"

    def scope(self) -> dict[str, Any]:
        return self.resource.scope()

    @property
    def is_original(self) -> bool:
        return self.provenance == Provenance.ORIGINAL

    def is_outdated(self, original: ResourceText | None = None) -> bool:
        if self.is_original or self.source_revision is None:
            return False
        original = original or self.resource.original_text()
        return original is not None and original.revision > self.source_revision

    def snapshot(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.TEXT_FIELDS}


class Revision(models.Model):
    """Every saved state of a language version, for history and diffs."""

    text = models.ForeignKey(ResourceText, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text", "-number"]
        constraints = [models.UniqueConstraint(fields=["text", "number"], name="one_revision_number")]

    def __str__(self) -> str:
        return f"{self.text} r{self.number}"


class QualityReview(models.Model):
    """The reviewer's quality checklist of a good practice."""

    CRITERIA = ("relevance", "transferability", "participation", "languages", "two_way")

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="quality")
    relevance = models.CharField(_("relevance"), max_length=10, choices=Rating.choices)
    transferability = models.CharField(_("transferability"), max_length=10, choices=Rating.choices)
    participation = models.CharField(_("participation"), max_length=10, choices=Rating.choices)
    languages = models.CharField(_("information in several languages"), max_length=10, choices=Rating.choices)
    two_way = models.CharField(_("two-way integration"), max_length=10, choices=Rating.choices)
    note = models.TextField(_("reviewer's note"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")

    def __str__(self) -> str:
        return f"quality of {self.resource_id}"

    def scope(self) -> dict[str, Any]:
        return self.resource.scope()

    def rows(self) -> list[tuple[str, str, str]]:
        return [(name, label(type(self), name), getattr(self, name)) for name in self.CRITERIA]


def _attachment_path(instance: Attachment, filename: str) -> str:
    """A random stored name: the uploader's file name never reaches the file system."""
    return f"library/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


def attachment_storage() -> FileSystemStorage:
    """Private storage, read from settings when used (a callable keeps the path out of migrations)."""
    return FileSystemStorage(location=str(settings.PRIVATE_MEDIA_ROOT))


class Attachment(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, storage=attachment_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:attachment", args=[self.resource.slug, self.pk])

    def scope(self) -> dict[str, Any]:
        return self.resource.scope()


class Adaptation(models.Model):
    """A city took up a practice: understand, adapt, re-use."""

    practice = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="adaptations")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="adaptations", verbose_name=_("city"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("organisation"),
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    changes = models.TextField(_("what was changed"))
    started = models.DateField(_("started"))
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="adaptation_partnerships", verbose_name=_("with whom")
    )
    result = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adaptation")
        verbose_name_plural = _("adaptations")
        ordering = ["-started", "pk"]

    def __str__(self) -> str:
        return f"{self.practice} → {self.city}"

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "organisation": self.organisation}


class Embedding(models.Model):
    """The sentence embedding of a language version's title and summary (float32, normalised)."""

    text = models.OneToOneField(ResourceText, on_delete=models.CASCADE, related_name="embedding")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    vector = models.BinaryField()
    source_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=40)
    # Only published versions of published resources are searched; the flag follows the workflow.
    searchable = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"embedding of {self.text_id}"
