"""Following an agenda up: progress updates with evidence, and the reminders sent before reporting dates.

Updates are appended, never edited: two owners reporting at once both keep their update, and the
measure shows the latest one (``agenda.services.post_update``).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models.plans import Measure, MeasureStatus
from library.models import attachment_storage
from network.models import Organisation


class ProgressUpdate(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("on behalf of")
    )
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices)
    percent_done = models.PositiveSmallIntegerField(_("percent done"), validators=[MaxValueValidator(100)])
    narrative = models.TextField(_("what happened"))
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("For the city team only; never shown on the public page.")
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["measure", "-created", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="agenda_update_percent")]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.created:%Y-%m-%d}: {self.status}"

    def scope(self) -> dict[str, Any]:
        return self.measure.scope()


def _evidence_path(instance: UpdateEvidence, filename: str) -> str:
    return f"agenda/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class UpdateEvidence(models.Model):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=_evidence_path, storage=attachment_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["update", "pk"]

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """A reminder sent for a measure before a reporting date: sent once, whatever runs the task."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reminders")
    due = models.DateField()
    sent = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["measure", "due"], name="agenda_reminder_once")]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.due}"
