"""Background work of the library: embeddings of language versions."""

from __future__ import annotations

from django_tasks import task


@task()
def embed_text(text_id: int) -> int:
    """Embed one language version (skipped when its words did not change)."""
    from library.services import embed

    return embed([text_id])


@task()
def embed_pending(batch: int = 64) -> int:
    """Embed every searchable version that has no current embedding, in batches; returns how many."""
    from library.services import embed, pending_embeddings

    done = 0
    while ids := pending_embeddings(batch):
        done += embed(ids)
    return done
