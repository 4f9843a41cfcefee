"""The demo library loads on top of the demo network, in several languages, and only once."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Count

from library import search
from library.models import Adaptation, Embedding, QualityReview, Resource, ResourceText, Revision, Status
from network.models import LogEntry, Provenance


def _counts() -> dict[str, int]:
    return {
        "resources": Resource.objects.count(),
        "texts": ResourceText.objects.count(),
        "revisions": Revision.objects.count(),
        "adaptations": Adaptation.objects.count(),
        "reviews": QualityReview.objects.count(),
        "embeddings": Embedding.objects.count(),
        "log": LogEntry.objects.filter(action__startswith="library.").count(),
    }


def _fake_vectors(sources: Any) -> np.ndarray:
    """Stand-in unit vectors, one per text and stable: the loader is tested here, the model in test_search."""
    rows = []
    for source in sources:
        seed = int.from_bytes(hashlib.sha256(source.encode()).digest()[:8], "big")
        vector = np.random.default_rng(seed).normal(size=384).astype(np.float32)
        rows.append(vector / np.linalg.norm(vector))
    return np.vstack(rows)


@pytest.fixture
def quick_embeddings(monkeypatch: Any) -> None:
    monkeypatch.setattr(search, "embed_passages", _fake_vectors)
    monkeypatch.setattr(search, "embed_query", lambda query: _fake_vectors([query])[0])


def test_the_demo_library_loads_once_in_six_languages(db: Any, quick_embeddings: None) -> None:
    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    first = io.StringIO()
    call_command("library_demo", stdout=first)
    assert "resources added" in first.getvalue()
    loaded = _counts()
    again = io.StringIO()
    call_command("library_demo", stdout=again)
    assert "0 resources added, 0 language versions embedded" in again.getvalue()
    assert _counts() == loaded

    published = Resource.objects.filter(status=Status.PUBLISHED)
    assert published.count() >= 30
    languages = set(published.values_list("original_language", flat=True))
    assert len(languages) >= 6, f"original languages of the demo: {sorted(languages)}"
    assert published.annotate(n=Count("texts")).filter(n__gt=1).count() >= 5
    assert ResourceText.objects.filter(provenance=Provenance.HUMAN, status="published").exists()
    travelled = set(Adaptation.objects.values_list("practice__slug", flat=True))
    assert len(travelled) >= 2, f"practices with adaptations: {sorted(travelled)}"
    assert QualityReview.objects.count() >= 2

    # Every published version of a published resource is in the semantic index, and nothing else.
    searchable = ResourceText.objects.filter(resource__status=Status.PUBLISHED, status="published").exclude(title="")
    assert Embedding.objects.filter(searchable=True).count() == searchable.count()
    found = search.search("integration of newcomers")
    assert found
    assert set(found) <= set(published.values_list("pk", flat=True))
    # The demo shows an outdated translation and work waiting in the queue.
    assert any(text.is_outdated() for text in ResourceText.objects.filter(provenance=Provenance.HUMAN))
    assert Resource.objects.filter(status=Status.SUBMITTED).exists()
    assert ResourceText.objects.filter(status="requested").exists()
