"""Text helpers that know no app."""

from __future__ import annotations

import unicodedata

# Letters that carry no combining mark to strip but that readers type without it.
_PLAIN = str.maketrans({"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ı": "i"})


def fold(text: str) -> str:
    """Lower-case text without accents, for matching what people type: "Košice" and "kosice" agree.

    The same folding runs on the stored text and on the query, so any script matches itself (й and и agree).
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", stripped).casefold().split())
