"""The audit log: every change to network objects is recorded with who and when."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms.models import model_to_dict

from network.models import LogEntry

# Values of these fields are personal: the log records that they changed, never what to.
PERSONAL = {"name", "email", "phone"}
PERSONAL_MODELS = {"person", "consent"}


def snapshot(instance: models.Model) -> dict[str, Any]:
    data = model_to_dict(instance)
    return {key: _plain(value) for key, value in data.items() if key != "version"}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(_plain(item) for item in value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any], personal: bool = False) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if personal and key in PERSONAL:
            changes[key] = "changed"
        else:
            changes[key] = [old, new]
    return changes


def log_action(user: Any, action: str, instance: models.Model, changes: dict[str, Any] | None = None) -> LogEntry:
    scope = instance.scope() if hasattr(instance, "scope") else {}
    is_personal = instance._meta.model_name in PERSONAL_MODELS
    return LogEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        object_repr=f"{instance._meta.verbose_name} #{instance.pk}" if is_personal else str(instance)[:200],
        changes=changes or {},
        city=scope.get("city"),
        network=scope.get("network"),
        organisation=scope.get("organisation"),
    )
