from __future__ import annotations

from typing import Any

import pytest

from audit import frameworks
from audit.models import Framework
from audit.testing import small_data


@pytest.fixture
def small(db: Any) -> Framework:
    return frameworks.import_framework(small_data())


@pytest.fixture(autouse=True)
def _private_files(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Evidence photos go to a temporary folder, never to var/private."""
    from django.core.files.storage import FileSystemStorage

    from audit.models import Photovoice, WalkPoint

    storage = FileSystemStorage(location=str(tmp_path / "private"))
    monkeypatch.setattr(Photovoice._meta.get_field("photo"), "storage", storage)
    monkeypatch.setattr(WalkPoint._meta.get_field("photo"), "storage", storage)
