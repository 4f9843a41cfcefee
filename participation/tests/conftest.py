from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Every test signs up from 127.0.0.1: start each with the rate limit's counters empty."""
    cache.clear()
    yield
    cache.clear()
