from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from integra.testing import Cast, build_cast


@pytest.fixture
def cast(db: Any) -> Cast:
    return build_cast()


@pytest.fixture
def login(client: Client) -> Any:
    """Sign a user in for the Django test client (the second factor is set up in the cast)."""

    def sign_in(user: Any) -> Client:
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_search_index() -> Any:
    """Each test starts with an empty in-memory vector index: ids are reused between tests."""
    from library.search import reset_index

    reset_index()
    yield
    reset_index()
