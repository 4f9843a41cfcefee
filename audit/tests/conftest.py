from __future__ import annotations

from typing import Any

import pytest

from audit import frameworks
from audit.models import Framework
from audit.testing import small_data


@pytest.fixture
def small(db: Any) -> Framework:
    return frameworks.import_framework(small_data())
