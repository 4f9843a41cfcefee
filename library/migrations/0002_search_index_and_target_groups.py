"""The keyword index (FTS5 on SQLite, tsvector on PostgreSQL) and the target-group vocabulary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import migrations

TARGET_GROUPS = Path(__file__).resolve().parents[1] / "fixtures" / "target_groups.json"


def create_index(apps: Any, schema_editor: Any) -> None:
    from library.search import create_keyword_index

    create_keyword_index(schema_editor)


def drop_index(apps: Any, schema_editor: Any) -> None:
    from library.search import drop_keyword_index

    drop_keyword_index(schema_editor)


def load_target_groups(apps: Any, schema_editor: Any) -> None:
    TargetGroup = apps.get_model("library", "TargetGroup")
    for code, names in json.loads(TARGET_GROUPS.read_text(encoding="utf-8")).items():
        TargetGroup.objects.update_or_create(code=code, defaults={"names": names})


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(load_target_groups, migrations.RunPython.noop),
    ]
