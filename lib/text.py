"""Text helpers that know no app."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.utils.text import slugify

# Letters that carry no combining mark to strip but that readers type without it.
_PLAIN = str.maketrans({"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ı": "i"})


def fold(text: str) -> str:
    """Lower-case text without accents, for matching what people type: "Košice" and "kosice" agree.

    The same folding runs on the stored text and on the query, so any script matches itself (й and и agree).
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", stripped).casefold().split())


def unique_slug(name: str, model: Any, fallback: str = "item", max_length: int = 200) -> str:
    """A slug for ``name`` that no row of ``model`` uses yet ("club", then "club-2", ...)."""
    base = slugify(name)[:max_length] or fallback
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
