"""`make bench-participation`: events and sign-ups without an account, at scale and under a rush.

1. Builds (or reuses) its own database - ``var/bench/participation.sqlite3``, or the PostgreSQL database in
   ``DATABASE_URL`` - holding 1,000 cities (one organiser each) with 20 upcoming published events each
   (20,000 events of every kind, spoken in the city's language and sometimes English, interpreted into 0-3
   of the newcomers' languages, most with a capacity), 200,000 registrations spread unevenly over them
   (registered up to the capacity, then waiting; some cancelled, some phone only), and one "hot" event
   with 500 places and no registrations, reset before every rush. Event dates are moved on when the data
   set has aged, so every event stays upcoming.
2. Measures in this process: every page through ``django.test.Client`` (query count, SQL time, page time
   with the garbage collector running and paused, size, cProfile; the slowest page and its slowest query
   with its plan in the report), the sign-up POST itself, and a rush of threads calling
   ``participation.services.register`` directly (1, 8 and 32 threads, 2,000 attempts each, every thread on
   its own connection) - then counts in the database: registered must be exactly the 500 places.
3. Serves the app with gunicorn (DEBUG=0, as bench/run.py) and times, one client over one keep-alive
   connection with the page cache skipped, the event list (pages 1 and 50, by city, by language), an event
   page in Ukrainian and Arabic, an event's iCalendar file and a city's feed, against the bare view; then
   weighs the public pages (uk/ar/vi) as a first visit: the HTML and everything under /static/ it links.
4. Serves the app again with gunicorn (more workers and threads) under a settings module written to
   ``var/bench/`` that turns the cache into a DummyCache: the sign-up form allows 10 sign-ups an hour per
   client address (lib/ratelimit.py, keyed by REMOTE_ADDR) and every bench client is 127.0.0.1. Then N
   concurrent clients (1, 8, 32), each on its own keep-alive connection with its own CSRF cookie and token,
   POST distinct sign-ups to the hot event until 2,000 attempts: sign-ups/s, p50/p95, and the database
   count (registered = 500, waiting = the rest, "overbooked" = registered beyond the places).
5. Writes ``bench/results/participation.md`` and ``participation.json`` (plus time-stamped copies).

Exits 1 when an event was overbooked, a page answered anything but 200, or a sign-up failed.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import gzip
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BASE_DIR))

from load import HOST, MemorySampler, cpu_snapshot, cpu_usage, measure, wait_for_quiet, warm_up  # noqa: E402
from run import (  # noqa: E402
    GOAL_P95_MS,
    GOAL_RATIO,
    UNCACHED_HEADERS,
    bench_env,
    free_port,
    goals,
    machine,
    python,
    remove_sqlite,
    start_gunicorn,
    stop_gunicorn,
    wait_ready,
)

CITIES = 1000
EVENTS_PER_CITY = 20
REGISTRATIONS = 200_000
HOT_CAPACITY = 500
ATTEMPTS = 2000  # sign-up attempts per rush
PER_PAGE = 20  # participation.views.EVENTS_PER_PAGE
PREFIX = "pbench-"
EVENT_PREFIX = f"{PREFIX}event-"
HOT = f"{PREFIX}hot-event"
SAMPLE_CITY = f"{PREFIX}city-0001"
SAMPLE_EVENT = f"{EVENT_PREFIX}0001-00"
EMAIL_DOMAIN = "pbench.invalid"
FILTER_LANGUAGE = "vi"
WEIGHED_LANGUAGES = ("uk", "ar", "vi")
GOAL_HTML_KB = 50.0
GOAL_PAGE_KB = 150.0
COUNTRIES = {  # code: (language spoken locally, time zone)
    "BG": ("bg", "Europe/Sofia"),
    "CZ": ("cs", "Europe/Prague"),
    "HR": ("hr", "Europe/Zagreb"),
    "IT": ("it", "Europe/Rome"),
    "SK": ("sk", "Europe/Bratislava"),
}
NEWCOMER_LANGUAGES = ("uk", "ru", "ar", "fa", "vi", "tr", "en")
# Before measuring: other processes under 25 % of the CPUs, or --quiet-wait seconds (15 s) passed.
QUIET: dict[str, float] = {"pct": 25.0, "seconds": 15.0}
SETTINGS_MODULE = "participation_bench_settings"  # written to var/bench/ for the sign-up server


def log(message: str) -> None:
    print(f"[participation bench {datetime.now(UTC):%H:%M:%S} UTC] {message}", flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# ---------------------------------------------------------------- Django side


def setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def counts() -> dict[str, int]:
    from network.models import City, Organisation
    from participation.models import Event, Registration

    return {
        "cities": City.objects.filter(slug__startswith=PREFIX).count(),
        "organisations": Organisation.objects.filter(slug__startswith=PREFIX).count(),
        "events": Event.objects.filter(slug__startswith=EVENT_PREFIX).count(),
        "hot_events": Event.objects.filter(slug=HOT).count(),
        "registrations": Registration.objects.filter(event__slug__startswith=EVENT_PREFIX).count(),
    }


EXPECTED = {
    "cities": CITIES,
    "organisations": CITIES,
    "events": CITIES * EVENTS_PER_CITY,
    "hot_events": 1,
    "registrations": REGISTRATIONS,
}

DESCRIPTIONS = {
    "en": "What happens, for whom and in which languages; bring a friend. Tea and snacks are on us.\n"
    "Children are welcome; tell us if you need anything to take part.",
    "uk": "Що відбудеться, для кого і якими мовами; приходьте з друзями. Чай і перекуси за наш рахунок.",
    "ar": "ما الذي سيحدث، ولمن، وبأي لغات؛ أحضر صديقًا. الشاي والوجبات الخفيفة علينا.",
    "vi": "Điều gì sẽ diễn ra, dành cho ai và bằng những ngôn ngữ nào; hãy rủ thêm bạn bè.",
}


def build(seed: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from lib.text import fold
    from network.models import AttendeeCategory, City, Country, Organisation
    from participation.models import Event, EventKind, EventStatus, Registration, RegistrationStatus

    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    began = time.perf_counter()
    kinds = list(EventKind.values)
    categories = list(AttendeeCategory.values)
    languages = [code for code, _name in settings.LANGUAGES]
    org_kinds = ("municipality", "ngo", "ngo", "municipal_department", "labour_office", "migration_office")
    with transaction.atomic():
        DBTaskResult.objects.filter(task_path__startswith="participation.tasks").delete()
        Registration.objects.filter(event__slug__startswith=PREFIX).delete()
        Event.objects.filter(slug__startswith=PREFIX).delete()
        Organisation.objects.filter(slug__startswith=PREFIX).delete()
        City.objects.filter(slug__startswith=PREFIX).delete()
        for code in COUNTRIES:
            Country.objects.get_or_create(code=code, defaults={"names": {"en": code}})
        codes = list(COUNTRIES)
        cities = City.objects.bulk_create(
            (
                City(
                    name=f"Bench city {n:04d}",
                    slug=f"{PREFIX}city-{n:04d}",
                    country_id=codes[n % len(codes)],
                    names={"uk": f"Місто {n:04d}", "ar": f"مدينة {n:04d}"} if n % 3 == 0 else {},
                    search_text=fold(f"Bench city {n:04d}"),
                )
                for n in range(CITIES)
            ),
            batch_size=500,
        )
        organisations = Organisation.objects.bulk_create(
            (
                Organisation(
                    name=f"Welcome centre {n:04d}",
                    slug=f"{PREFIX}org-{n:04d}",
                    kind=org_kinds[n % len(org_kinds)],
                    city=city,
                    search_text=fold(f"Welcome centre {n:04d}"),
                )
                for n, city in enumerate(cities)
            ),
            batch_size=500,
        )
        events: list[Event] = []
        for n, (city, organiser) in enumerate(zip(cities, organisations, strict=True)):
            local, zone = COUNTRIES[city.country_id]
            for k in range(EVENTS_PER_CITY):
                kind = kinds[(n * EVENTS_PER_CITY + k) % len(kinds)]
                label = str(EventKind(kind).label)
                starts = now + timedelta(days=rng.randint(2, 365), hours=rng.choice([7, 8, 12, 15, 16]))
                sample = n == 1 and k == 0
                titles = {"en": f"{label} in {city.name}, no. {k + 1}", local: f"{label} ({local}) {n}-{k + 1}"}
                descriptions = {"en": DESCRIPTIONS["en"]}
                for extra in ("uk", "ar", "vi"):
                    if sample or rng.random() < 0.3:
                        titles[extra] = f"{DESCRIPTIONS[extra][:24]} {n}-{k + 1}"
                        descriptions[extra] = DESCRIPTIONS[extra]
                spoken = [local] + (["en"] if rng.random() < 0.4 else [])
                interpreting = rng.sample([c for c in NEWCOMER_LANGUAGES if c not in spoken], rng.randint(0, 3))
                if sample:
                    interpreting = ["uk", "ar", "vi"]
                events.append(
                    Event(
                        slug=f"{EVENT_PREFIX}{n:04d}-{k:02d}",
                        city=city,
                        organiser=organiser,
                        kind=kind,
                        titles=titles,
                        descriptions=descriptions,
                        starts=starts,
                        ends=starts + timedelta(hours=rng.choice([2, 2, 3, 4, 8])),
                        time_zone=zone,
                        venue=f"Community hall {k + 1}",
                        address=f"Main street {n % 200 + 1}, {city.name}",
                        accessibility="Step-free entrance; hearing loop; quiet room." if k % 2 == 0 else "",
                        online_url="https://meet.example.org/bench" if k % 5 == 0 else "",
                        languages=spoken,
                        interpreting=interpreting,
                        capacity=None if rng.random() < 0.25 else rng.choice([10, 15, 20, 25, 30, 40, 60, 100, 200]),
                        status=EventStatus.PUBLISHED,
                    )
                )
        events.append(
            Event(
                slug=HOT,
                city=cities[0],
                organiser=organisations[0],
                kind=EventKind.LANGUAGE_CAFE,
                titles={"en": "Hot event: the big language café", "uk": "Велике мовне кафе"},
                descriptions={"en": DESCRIPTIONS["en"]},
                starts=now + timedelta(days=30),
                ends=now + timedelta(days=30, hours=3),
                time_zone=COUNTRIES[cities[0].country_id][1],
                venue="Town hall",
                languages=["en"],
                interpreting=["uk", "ar"],
                capacity=HOT_CAPACITY,
                status=EventStatus.PUBLISHED,
            )
        )
        for event in events:  # the model's own save(), so that whatever it derives (e.g. a language index) is set
            event.save()
        regular = [e for e in events if e.slug != HOT]

        # 200,000 sign-ups spread unevenly: a few popular events, most with a handful.
        weights = [min(40.0, rng.paretovariate(1.3)) for _ in regular]
        per_event = Counter(rng.choices(range(len(regular)), weights=weights, k=REGISTRATIONS))
        batch: list[Registration] = []
        number = 0
        for index, how_many in sorted(per_event.items()):
            event = regular[index]
            taken = 0
            for _ in range(how_many):
                created = now - timedelta(minutes=rng.randint(10, 60 * 24 * 40))
                cancelled = rng.random() < 0.04
                full = event.capacity is not None and taken >= event.capacity
                status = (
                    RegistrationStatus.CANCELLED
                    if cancelled
                    else RegistrationStatus.WAITING
                    if full
                    else RegistrationStatus.REGISTERED
                )
                if status == RegistrationStatus.REGISTERED:
                    taken += 1
                phone_only = rng.random() < 0.1
                category = rng.choice(categories) if rng.random() < 0.4 else ""
                batch.append(
                    Registration(
                        event=event,
                        name=f"Participant {number}",
                        email="" if phone_only else f"p{number}@{EMAIL_DOMAIN}",
                        phone=f"+420600{number:06d}" if phone_only else "",
                        language=rng.choice(languages),
                        category=category,
                        category_consent=created if category else None,
                        status=status,
                        confirmed=created + timedelta(hours=1) if rng.random() < 0.8 else None,
                        created=created,
                    )
                )
                number += 1
                if len(batch) >= 10_000:
                    Registration.objects.bulk_create(batch, batch_size=2000)
                    batch = []
        Registration.objects.bulk_create(batch, batch_size=2000)
    busiest = per_event.most_common(1)[0][1]
    return {"seconds": round(time.perf_counter() - began, 1), "busiest_event_registrations": busiest}


def reset_hot() -> Any:
    """The hot event open again with 500 free places, its sign-ups and their queued emails gone."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from participation.models import Event, EventStatus, Registration

    now = timezone.now().replace(microsecond=0)
    hot = Event.objects.get(slug=HOT)
    Registration.objects.filter(event=hot).delete()
    DBTaskResult.objects.filter(task_path__startswith="participation.tasks").delete()
    Event.objects.filter(pk=hot.pk).update(
        capacity=HOT_CAPACITY,
        status=EventStatus.PUBLISHED,
        starts=now + timedelta(days=30),
        ends=now + timedelta(days=30, hours=3),
        registration_opens=None,
        registration_closes=None,
    )
    return Event.objects.get(pk=hot.pk)


def prepare() -> dict[str, Any]:
    """Keep every bench event upcoming as the data set ages, reset the hot event, and describe the samples."""
    from django.db.models import F, Max, Min
    from django.utils import timezone

    from participation.models import Event, Registration, RegistrationStatus

    now = timezone.now()
    bench = Event.objects.filter(slug__startswith=EVENT_PREFIX)
    first = bench.aggregate(first=Min("starts"))["first"]
    shifted_days = 0
    if first is not None and first < now + timedelta(days=1):
        shifted_days = (now + timedelta(days=2) - first).days + 1
        bench.update(starts=F("starts") + timedelta(days=shifted_days), ends=F("ends") + timedelta(days=shifted_days))
    hot = reset_hot()
    sample = Event.objects.get(slug=SAMPLE_EVENT)
    spoken = [
        (languages, interpreting)
        for languages, interpreting in Event.objects.upcoming().values_list("languages", "interpreting")
    ]
    upcoming = len(spoken)
    city_events = Event.objects.upcoming().filter(city__slug=SAMPLE_CITY).count()
    registrations = Registration.objects.filter(event__slug__startswith=EVENT_PREFIX)
    statuses = dict(Counter(registrations.values_list("status", flat=True)))
    return {
        "shifted_days": shifted_days,
        "hot": hot.slug,
        "hot_starts": hot.starts.isoformat(),
        "sample_event": sample.slug,
        "sample_event_registrations": sample.registrations.filter(status=RegistrationStatus.REGISTERED).count(),
        "sample_city": SAMPLE_CITY,
        "sample_city_events": city_events,
        "upcoming": upcoming,
        "list_pages": -(-upcoming // PER_PAGE),
        "language_matches": sum(
            1 for languages, interpreting in spoken if FILTER_LANGUAGE in languages or FILTER_LANGUAGE in interpreting
        ),
        "registration_statuses": statuses,
        "last_event_starts": bench.aggregate(last=Max("starts"))["last"].isoformat(),
    }


def tally() -> dict[str, Any]:
    """The hot event's sign-ups as the database holds them."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from participation.models import Event, Registration

    hot = Event.objects.get(slug=HOT)
    rows = Registration.objects.filter(event=hot)
    by_status = dict(Counter(rows.values_list("status", flat=True)))
    registered = by_status.get("registered", 0)
    return {
        "capacity": hot.capacity,
        "rows": rows.count(),
        "registered": registered,
        "waiting": by_status.get("waiting", 0),
        "cancelled": by_status.get("cancelled", 0),
        "overbooked": max(0, registered - (hot.capacity or 0)),
        "duplicate_emails": rows.values("email").annotate(n=Count("pk")).filter(n__gt=1).count(),
        "emails_queued": DBTaskResult.objects.filter(task_path="participation.tasks.send_confirmation").count(),
    }


def rush_level(hot: Any, clients: int, attempts: int) -> dict[str, Any]:
    """One rush: ``clients`` threads share ``attempts`` sign-ups, each thread on its own connection."""
    from django.db import connection

    from participation import services

    lock = threading.Lock()
    tickets = iter(range(attempts))
    gate = threading.Barrier(clients + 1)
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    errors: list[str] = []

    def work() -> None:
        try:
            gate.wait()
            while True:
                with lock:
                    number = next(tickets, None)
                if number is None:
                    return
                sign_up = services.SignUp(f"Racer {number}", f"inproc-{clients}-{number}@{EMAIL_DOMAIN}", "", "uk")
                began = time.perf_counter()
                try:
                    outcome = str(services.register(hot, sign_up).status)
                except services.RegistrationRefused as refused:
                    outcome = f"refused: {refused}"
                except Exception as error:  # counted and shown in the report
                    outcome = "error"
                    with lock:
                        errors.append(f"{type(error).__name__}: {error}"[:300])
                took = (time.perf_counter() - began) * 1000
                with lock:
                    latencies.append(took)
                    outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    done = outcomes.get("registered", 0) + outcomes.get("waiting", 0)
    counted = tally()
    return {
        "clients": clients,
        "attempts": len(latencies),
        "signed_up": done,
        "seconds": round(seconds, 2),
        "per_second": round(done / seconds, 1) if seconds else 0.0,
        "p50": round(percentile(latencies, 50), 1),
        "p95": round(percentile(latencies, 95), 1),
        "max": round(max(latencies, default=0.0), 1),
        "outcomes": dict(outcomes),
        "errors": errors[:10],
        "db": counted,
        "correct": counted["registered"] == HOT_CAPACITY
        and counted["waiting"] == done - HOT_CAPACITY
        and counted["overbooked"] == 0
        and counted["duplicate_emails"] == 0
        and done == attempts
        and not errors,
    }


def rush_in_process(levels: list[int], attempts: int) -> dict[str, Any]:
    """Threads calling services.register directly, at each level of concurrency, the hot event emptied before."""
    from django.db import connection

    out: dict[str, Any] = {"levels": []}
    for clients in levels:
        hot = reset_hot()
        connection.close()
        wait_for_quiet(os.getpid(), QUIET["pct"], QUIET["seconds"])
        level = rush_level(hot, clients, attempts)
        out["levels"].append(level)
        db = level["db"]
        log(
            f"in process, {clients:2d} threads: {level['signed_up']} sign-ups in {level['seconds']} s "
            f"({level['per_second']}/s), p50 {level['p50']} ms p95 {level['p95']} ms; "
            f"db: registered {db['registered']}, waiting {db['waiting']}, overbooked {db['overbooked']}"
        )
    reset_hot()
    return out


def _profile_lines(profiler: cProfile.Profile, top: int = 18) -> dict[str, list[str]]:
    """The functions with the most cumulative time (request plumbing left out) and the most own time."""
    import pstats

    wrappers = (
        "django/test/",
        "django/core/handlers/",
        "django/utils/deprecation.py",
        "middleware",
        "decorators/",
        "integra/pagecache.py",
        "django/shortcuts.py",
        # the template engine's own nodes: what they call (filters, model methods, queries) stays listed
        *(f"django/template/{name}" for name in ("base.py", "loader", "backends/", "defaulttags.py", "smartif.py")),
    )
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename
        for prefix in (str(BASE_DIR / ".venv" / "lib") + "/", str(BASE_DIR) + "/"):
            if short.startswith(prefix):
                short = short[len(prefix) :].split("site-packages/", 1)[-1]
        rows.append((cumulative, own, calls, f"{short}:{line}({name})"))

    def lines(picked: list[tuple[float, float, int, str]]) -> list[str]:
        return [f"{cum * 1000:9.1f} | {own * 1000:8.1f} | {calls:8d} | {where}" for cum, own, calls, where in picked]

    cumulative_rows = sorted((r for r in rows if not any(w in r[3] for w in wrappers)), key=lambda r: -r[0])
    return {
        "by cumulative time": lines(cumulative_rows[:top]),  # request plumbing and template nodes left out
        "by own time": lines(sorted(rows, key=lambda r: -r[1])[:top]),
    }


def pages(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, path) of every measured page."""
    event, city = facts["sample_event"], facts["sample_city"]
    return [
        (f"event list, page 1 of {facts['list_pages']:,}", "/en/events/"),
        ("event list, page 50", "/en/events/?page=50"),
        (f"event list, one city ({facts['sample_city_events']} events)", f"/en/events/?city={city}"),
        (
            f"event list, language {FILTER_LANGUAGE} ({facts['language_matches']:,} events)",
            f"/en/events/?language={FILTER_LANGUAGE}",
        ),
        ("event page, uk", f"/uk/events/{event}/"),
        ("event page, ar", f"/ar/events/{event}/"),
        ("event iCalendar file", f"/en/events/{event}/calendar.ics"),
        (f"city feed ({facts['sample_city_events']} events)", f"/en/events/cities/{city}/calendar.ics"),
    ]


def weighed_pages(facts: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for code in WEIGHED_LANGUAGES:
        rows += [
            (f"event list, {code}", f"/{code}/events/"),
            (f"event list, one city, {code}", f"/{code}/events/?city={facts['sample_city']}"),
            (f"event page, {code}", f"/{code}/events/{facts['sample_event']}/"),
        ]
    return rows


def query_plan(sql: str, params: Any) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [" | ".join(str(part) for part in row) for row in cursor.fetchall()]


def in_process(repeat: int, facts: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out: dict[str, Any] = {}
    # As bench/run.py: wait (bounded) for other processes (e.g. autovacuum after a build) to quieten down.
    out["waited_for_quiet"] = wait_for_quiet(os.getpid(), QUIET["pct"], QUIET["seconds"])

    class QueryTimer:
        """Each query's execute() time, to the microsecond (CaptureQueriesContext rounds to the ms on SQLite)."""

        def __init__(self) -> None:
            self.samples: list[tuple[float, str, Any]] = []

        def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                self.samples.append(((time.perf_counter() - began) * 1000, sql, params))

    anonymous = Client(SERVER_NAME="127.0.0.1", HTTP_COOKIE="sessionid=bench-no-page-cache")
    page_rows: dict[str, Any] = {}
    profiles: dict[str, dict[str, list[str]]] = {}
    slowest_queries: dict[str, tuple[str, Any]] = {}
    for label, path in pages(facts):
        first = anonymous.get(path)
        response = anonymous.get(path)
        samples, timers = [], []
        for _ in range(max(3, repeat // 2)):
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                began = time.perf_counter()
                anonymous.get(path)
                samples.append((time.perf_counter() - began) * 1000)
            timers.append(timer.samples)
        # The same queries in the same order each time: the median of each.
        runs = [run for run in timers if len(run) == len(timers[0])]
        sql = [statistics.median(run[n][0] for run in runs) for n in range(len(timers[0]))]
        slowest = sorted(
            ((ms, timers[0][n][1], timers[0][n][2]) for n, ms in enumerate(sql)), key=lambda sample: -sample[0]
        )[:1]
        if slowest:
            slowest_queries[label] = (slowest[0][1], slowest[0][2])
        # The same requests with the garbage collector paused: what its full collections add to the tail.
        quiet = []
        gc.collect()
        gc.disable()
        try:
            for _ in range(max(3, repeat // 2)):
                began = time.perf_counter()
                anonymous.get(path)
                quiet.append((time.perf_counter() - began) * 1000)
            profiler = cProfile.Profile()
            profiler.enable()
            anonymous.get(path)
            profiler.disable()
        finally:
            gc.enable()
        profiles[label] = _profile_lines(profiler)
        page_rows[label] = {
            "path": path,
            "status": response.status_code,
            "first_status": first.status_code,
            "queries": len(sql),
            "sql_ms": round(sum(sql), 2),
            "p50": round(percentile(samples, 50), 1),
            "p95": round(percentile(samples, 95), 1),
            "p50_gc_off": round(percentile(quiet, 50), 1),
            "p95_gc_off": round(percentile(quiet, 95), 1),
            "kb": round(len(response.content) / 1024, 1),
            "slowest_query": {"ms": round(slowest[0][0], 2), "sql": slowest[0][1][:600]} if slowest else None,
        }
        log(
            f"in process: {label:44} {page_rows[label]['queries']:3} queries {page_rows[label]['sql_ms']:8.1f} ms SQL "
            f"p50 {page_rows[label]['p50']:8.1f} ms  {page_rows[label]['kb']:6.1f} KB  status {response.status_code}"
        )
    out["pages"] = page_rows
    slowest_label = max(page_rows, key=lambda label: page_rows[label]["p50_gc_off"])
    out["slowest_page"] = slowest_label
    out["profiles"] = profiles
    if slowest_label in slowest_queries:
        try:
            out["slowest_plan"] = query_plan(*slowest_queries[slowest_label])
        except Exception as error:  # a plan is a diagnostic, not a result
            out["slowest_plan"] = [f"(no plan: {type(error).__name__}: {error})"]

    # The sign-up POST on its own (no contention), each from another client address (the rate limit).
    hot = reset_hot()
    poster = Client(SERVER_NAME="127.0.0.1")
    path = f"/en/events/{hot.slug}/"
    samples, statuses, post_queries = [], Counter[int](), 0
    for number in range(max(5, repeat)):
        data = {"name": f"Solo {number}", "email": f"solo-{number}@{EMAIL_DOMAIN}", "language": "uk"}
        address = f"10.9.{number // 250}.{number % 250 + 1}"
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = poster.post(path, data, REMOTE_ADDR=address)
            samples.append((time.perf_counter() - began) * 1000)
        post_queries = len(captured.captured_queries)
        statuses[response.status_code] += 1
    out["sign_up_post"] = {
        "path": path,
        "n": len(samples),
        "queries": post_queries,
        "p50": round(percentile(samples, 50), 1),
        "p95": round(percentile(samples, 95), 1),
        "statuses": dict(statuses),
        "kb": round(len(response.content) / 1024, 1),
    }
    reset_hot()
    return out


def code_state() -> dict[str, Any]:
    """The commit measured, and the participation files that differ from it (the bench may run on work in progress)."""

    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], cwd=BASE_DIR, capture_output=True, text=True, check=False)
        return done.stdout.rstrip()

    paths = ("participation", "integra/templates/participation", "lib/ical.py", "lib/ratelimit.py")
    diff = git("diff", "HEAD", "--", *paths)
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed": git("status", "--porcelain", "--", *paths).splitlines(),
        "diff_sha": hashlib.sha1(diff.encode(), usedforsecurity=False).hexdigest()[:12] if diff else "",
    }


def worker_main(args: argparse.Namespace) -> int:
    QUIET["seconds"] = args.quiet_wait
    setup(bench_env(Path(args.db_path)))
    result: dict[str, Any]
    if args.worker == "build":
        result = build(args.seed)
    elif args.worker == "counts":
        result = dict(counts())
    elif args.worker == "prepare":
        result = prepare()
    elif args.worker == "reset":
        result = {"hot": reset_hot().slug}
    elif args.worker == "tally":
        result = tally()
    elif args.worker == "rush":
        result = rush_in_process(levels(args.levels), args.attempts)
    else:
        result = in_process(args.repeat, json.loads(args.facts))
    print(json.dumps(result, default=str))
    return 0


def run_worker(env: dict[str, str], args: argparse.Namespace, action: str, facts: Any = None) -> dict[str, Any]:
    command = [
        python(),
        __file__,
        "--worker",
        action,
        "--seed",
        str(args.seed),
        "--repeat",
        str(args.repeat),
        "--db-path",
        str(args.db_path),
        "--levels",
        args.levels,
        "--attempts",
        str(args.attempts),
        "--facts",
        json.dumps(facts or {}),
        "--quiet-wait",
        str(args.quiet_wait),
    ]
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{action} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    for line in done.stdout.splitlines()[:-1]:
        if line.startswith("[participation bench"):
            print(line, flush=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def levels(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


# ---------------------------------------------------------------- HTTP side


class FormClient:
    """One keep-alive connection with its own cookies: fetches the form's CSRF token, then posts sign-ups."""

    def __init__(self, port: int, timeout: float) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        headers = {"Accept": "text/html", **extra}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def send(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        extra = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        self.conn.request(method, path, body=body, headers=self._headers(extra))
        response = self.conn.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            self.cookies.update({key: morsel.value for key, morsel in jar.items()})
        if response.will_close:
            self.conn.close()
        return response.status, content

    def close(self) -> None:
        self.conn.close()


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERROR = re.compile(r'<p class="error"[^>]*>([^<]+)</p>')


def rush_over_http(port: int, slug: str, clients: int, attempts: int, tag: str, timeout: float = 120) -> dict[str, Any]:
    """N clients, each on its own keep-alive connection with its own CSRF cookie, POST distinct sign-ups."""
    path = f"/en/events/{slug}/"
    lock = threading.Lock()
    tickets = iter(range(attempts))
    gate = threading.Barrier(clients + 1)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    outcomes: Counter[str] = Counter()
    errors: list[str] = []

    def work() -> None:
        client = FormClient(port, timeout)
        token = ""
        try:
            try:
                status, page = client.send("GET", path)
                found = TOKEN.search(page)
                token = found.group(1) if found and status == 200 else ""
                if not token:
                    with lock:
                        errors.append(f"no CSRF token on {path} (status {status})")
            except Exception as error:
                with lock:
                    errors.append(f"GET {path}: {type(error).__name__}: {error}")
            gate.wait()
            while token:
                with lock:
                    number = next(tickets, None)
                if number is None:
                    return
                body = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": token,
                        "name": f"Racer {number}",
                        "email": f"{tag}-{number}@{EMAIL_DOMAIN}",
                        "phone": "",
                        "language": "uk",
                        "category": "",
                        "website": "",
                    }
                )
                began = time.perf_counter()
                try:
                    status, page = client.send("POST", path, body)
                except Exception as error:  # no retry: a lost POST may have been taken
                    with lock:
                        errors.append(f"POST: {type(error).__name__}: {error}")
                        outcomes["connection error"] += 1
                    client.close()
                    client = FormClient(port, timeout)
                    continue
                took = (time.perf_counter() - began) * 1000
                if status == 200 and "waiting list" in page:
                    outcome = "waiting"
                elif status == 200 and "You are signed up" in page:
                    outcome = "registered"
                else:
                    message = ERROR.search(page)
                    outcome = f"{status}: {message.group(1).strip() if message else page[:120]}"
                with lock:
                    latencies.append(took)
                    statuses[status] += 1
                    outcomes[outcome] += 1
        finally:
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout * 20)
    seconds = time.perf_counter() - began
    done = outcomes.get("registered", 0) + outcomes.get("waiting", 0)
    return {
        "clients": clients,
        "attempts": len(latencies),
        "signed_up": done,
        "seconds": round(seconds, 2),
        "per_second": round(done / seconds, 1) if seconds else 0.0,
        "p50": round(percentile(latencies, 50), 1),
        "p95": round(percentile(latencies, 95), 1),
        "max": round(max(latencies, default=0.0), 1),
        "statuses": dict(statuses),
        "outcomes": dict(outcomes),
        "errors": errors[:10],
    }


STATIC_REF = re.compile(r'<(?:link|script|img|source)\b[^>]*?(?:href|src)="(/static/[^"]+)"')
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, int, bytes]:
    """(status, bytes over the wire, body decoded) as a browser asking for gzip gets it."""
    conn.request("GET", path, headers={"Accept": "*/*", "Accept-Encoding": "gzip"})
    response = conn.getresponse()
    wire = response.read()
    body = gzip.decompress(wire) if response.getheader("Content-Encoding") == "gzip" else wire
    return response.status, len(wire), body


def page_weight(port: int, path: str) -> dict[str, Any]:
    """A first visit: the HTML, then every /static/ file it links (and what the CSS links), no cache."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        status, html_wire, html = fetch(conn, path)
        queue = list(dict.fromkeys(STATIC_REF.findall(html.decode("utf-8", "replace"))))
        assets: list[dict[str, Any]] = []
        seen: set[str] = set()
        while queue:
            asset = queue.pop(0)
            if asset in seen:
                continue
            seen.add(asset)
            asset_status, wire, body = fetch(conn, asset)
            assets.append({"path": asset, "status": asset_status, "wire": wire, "bytes": len(body)})
            if asset.split("?")[0].endswith(".css"):
                for ref in CSS_URL.findall(body.decode("utf-8", "replace")):
                    if ref.startswith("data:"):
                        continue
                    target = urllib.parse.urljoin(asset, ref).split("#")[0]
                    if target.startswith("/static/"):
                        queue.append(target)
    finally:
        conn.close()
    html_kb = len(html) / 1024
    total_wire = (html_wire + sum(a["wire"] for a in assets)) / 1024
    total_bytes = (len(html) + sum(a["bytes"] for a in assets)) / 1024
    return {
        "path": path,
        "status": status,
        "html_kb": round(html_kb, 1),
        "html_wire_kb": round(html_wire / 1024, 1),
        "assets": assets,
        "page_wire_kb": round(total_wire, 1),
        "page_kb": round(total_bytes, 1),
        "html_ok": html_kb < GOAL_HTML_KB,
        "page_ok": total_wire < GOAL_PAGE_KB,
    }


def write_settings_module(directory: Path) -> Path:
    """integra.settings with a DummyCache: lib/ratelimit.py then never counts (every client is 127.0.0.1)."""
    path = directory / f"{SETTINGS_MODULE}.py"
    path.write_text(
        '"""Written by bench/participation_bench.py for its sign-up rush only: integra.settings with a DummyCache,\n'
        "so that the sign-up form's rate limit (10 an hour per client address, lib/ratelimit.py) does not refuse\n"
        'the bench\'s clients, who all come from 127.0.0.1. The anonymous page cache is off with it."""\n\n'
        "from integra.settings import *  # noqa: F403\n\n"
        'CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}\n'
    )
    return path


def http_row(label: str, path: str, result: Any, cpu: dict[str, float]) -> dict[str, Any]:
    return {
        "label": label,
        "path": path,
        "requests": result.requests,
        "rps": round(result.throughput, 1),
        "p50": round(result.percentile(50), 1),
        "p95": round(result.percentile(95), 1),
        "max": round(max(result.latencies_ms, default=0), 1),
        "statuses": {int(k): v for k, v in result.statuses.items()},
        "kb": round(result.bytes / result.requests / 1024, 1) if result.requests else 0,
        "cpu_ms_per_request": round(1000 * cpu["server_cpu_s"] / result.requests, 2) if result.requests else 0,
        "other_cpu_pct": cpu.get("other_cpu_pct", 0.0),
    }


# ---------------------------------------------------------------- orchestration


def main() -> int:
    parser = argparse.ArgumentParser(description="Integra participation bench (make bench-participation)")
    parser.add_argument("--worker", choices=["build", "counts", "prepare", "reset", "tally", "rush", "inprocess"])
    parser.add_argument("--facts", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="measured requests per page (bare view: 10x)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--db-path", type=Path, default=BASE_DIR / "var" / "bench" / "participation.sqlite3")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for the pages")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker for the pages")
    parser.add_argument("--rush-workers", type=int, default=4, help="gunicorn workers for the sign-up rush")
    parser.add_argument("--rush-threads", type=int, default=4, help="threads per worker for the sign-up rush")
    parser.add_argument("--levels", default="1,8,32", help="concurrent clients of each rush, comma-separated")
    parser.add_argument("--attempts", type=int, default=ATTEMPTS, help="sign-up attempts per rush")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=15.0,
        help="before each measurement, wait up to this many seconds for other processes to use < 25 %% of the CPUs",
    )
    args = parser.parse_args()
    if args.worker:
        return worker_main(args)
    QUIET["seconds"] = args.quiet_wait

    started = time.perf_counter()
    code = code_state()
    var = BASE_DIR / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    args.db_path = args.db_path.resolve()
    env = bench_env(args.db_path)
    vendor = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    if vendor == "postgresql":
        import psycopg

        url = env["DATABASE_URL"]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
    elif args.rebuild:
        remove_sqlite(args.db_path)

    def migrate() -> None:
        subprocess.run([python(), "manage.py", "migrate", "--no-input", "-v0"], cwd=BASE_DIR, env=env, check=True)

    migrate()
    built = None
    found = run_worker(env, args, "counts")
    if args.rebuild or found != EXPECTED:
        if vendor == "sqlite" and any(found.values()):
            remove_sqlite(args.db_path)  # quicker than deleting 200,000 registrations one signal at a time
            migrate()
        log(
            f"building: {CITIES:,} cities with {EVENTS_PER_CITY} upcoming events each, "
            f"{REGISTRATIONS:,} registrations, one hot event of {HOT_CAPACITY} places"
        )
        built = run_worker(env, args, "build")
        log(f"built in {built['seconds']} s")
        if vendor == "postgresql":  # as autovacuum would soon: plans from statistics, not from empty tables
            import psycopg

            with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
                connection.execute("ANALYZE")
    else:
        log("reusing the existing data set")
    subprocess.run([python(), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    facts = run_worker(env, args, "prepare")
    if facts["shifted_days"]:
        log(f"moved every bench event {facts['shifted_days']} days on, so that all stay upcoming")

    log("in-process measurements: the pages")
    inproc = run_worker(env, args, "inprocess", facts)
    log("in-process rush: threads calling services.register")
    rush_inproc = run_worker(env, args, "rush")

    # Pages over HTTP, one keep-alive client, page cache skipped; then the weight of a first visit.
    targets = [("bare", "/bench/bare/"), *pages(facts)]
    migrate()  # the code may have moved on since the start (work in progress): its schema, too
    port = free_port()
    proc = start_gunicorn(args, env, port, var / "gunicorn-participation.log")
    rows: list[dict[str, Any]] = []
    weights: list[dict[str, Any]] = []
    sampler = None
    try:
        wait_ready(proc, port)
        sampler = MemorySampler(proc.pid)
        sampler.start()
        for label, path in targets:
            wait_for_quiet(proc.pid, QUIET["pct"], QUIET["seconds"])
            warm_up(port, path, args.workers * args.threads, per_client=2, headers=UNCACHED_HEADERS)
            before = cpu_snapshot(proc.pid)
            requests = args.requests * (10 if label == "bare" else 1)
            result = measure(port, path, requests, 1, args.max_seconds, headers=UNCACHED_HEADERS)
            row = http_row(label, path, result, cpu_usage(before, cpu_snapshot(proc.pid)))
            rows.append(row)
            log(
                f"{label:48} p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms  "
                f"{row['rps']:7.1f} req/s  {row['kb']:7.1f} KB  {row['statuses']}"
            )
        for label, path in weighed_pages(facts):
            weight = page_weight(port, path)
            weight["label"] = label
            weights.append(weight)
            log(
                f"weight: {label:28} HTML {weight['html_kb']:6.1f} KB, first visit {weight['page_wire_kb']:6.1f} KB "
                f"over the wire ({weight['page_kb']:.1f} KB uncompressed), {len(weight['assets'])} static files"
            )
    finally:
        if sampler is not None:
            sampler.stop()
        stop_gunicorn(proc)
    bare = float(rows[0]["rps"]) or 1.0
    for measured in rows:
        measured["ratio"] = round(float(measured["rps"]) / bare, 3)
        measured["goals"] = goals(measured["label"], measured["ratio"], measured["p95"])

    # The sign-up rush over HTTP, against a server whose cache is a DummyCache (no rate limit).
    settings_file = write_settings_module(var)
    rush_env = dict(env)
    rush_env["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    rush_env["PYTHONPATH"] = os.pathsep.join(p for p in (str(var), str(BASE_DIR), env.get("PYTHONPATH", "")) if p)
    rush_args = argparse.Namespace(workers=args.rush_workers, threads=args.rush_threads)
    rush_rows: list[dict[str, Any]] = []
    migrate()
    port = free_port()
    proc = start_gunicorn(rush_args, rush_env, port, var / "gunicorn-participation-rush.log")
    try:
        wait_ready(proc, port)
        for clients in levels(args.levels):
            run_worker(env, args, "reset")
            wait_for_quiet(proc.pid, QUIET["pct"], QUIET["seconds"])
            warm_up(port, "/bench/bare/", clients, per_client=2)
            bare_at = measure(port, "/bench/bare/", 1000, clients, args.max_seconds)
            wait_for_quiet(proc.pid, QUIET["pct"], QUIET["seconds"])
            before = cpu_snapshot(proc.pid)
            rush = rush_over_http(port, facts["hot"], clients, args.attempts, f"http-{clients}")
            cpu = cpu_usage(before, cpu_snapshot(proc.pid))
            rush["db"] = run_worker(env, args, "tally")
            rush["bare_rps"] = round(bare_at.throughput, 1)
            rush["ratio"] = round(rush["per_second"] / bare_at.throughput, 3) if bare_at.throughput else 0.0
            rush["cpu_ms_per_sign_up"] = (
                round(1000 * cpu["server_cpu_s"] / rush["attempts"], 2) if rush["attempts"] else 0.0
            )
            rush["other_cpu_pct"] = cpu["other_cpu_pct"]
            said_registered = rush["outcomes"].get("registered", 0)
            db = rush["db"]
            rush["correct"] = (
                db["registered"] == HOT_CAPACITY
                and db["waiting"] == rush["signed_up"] - HOT_CAPACITY
                and db["overbooked"] == 0
                and db["duplicate_emails"] == 0
                and said_registered == db["registered"]
                and rush["signed_up"] == args.attempts
            )
            rush_rows.append(rush)
            log(
                f"HTTP rush, {clients:2d} clients: {rush['signed_up']} sign-ups in {rush['seconds']} s "
                f"({rush['per_second']}/s, {rush['ratio']}x bare at {clients} clients), p50 {rush['p50']} ms "
                f"p95 {rush['p95']} ms; db: registered {db['registered']}, waiting {db['waiting']}, "
                f"overbooked {db['overbooked']}; outcomes {rush['outcomes']}"
            )
    finally:
        stop_gunicorn(proc)
    run_worker(env, args, "reset")

    payload: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(),
        "database": vendor,
        "machine": machine(),
        "code": code,
        "code_changed_during_run": code_state() != code,
        "built": built,
        "rows": found if built is None else run_worker(env, args, "counts"),
        "facts": facts,
        "in_process": inproc,
        "rush_in_process": rush_inproc["levels"],
        "http": rows,
        "weights": weights,
        "rush_http": rush_rows,
        "rush_server": {
            "workers": args.rush_workers,
            "threads": args.rush_threads,
            "settings": f"{SETTINGS_MODULE} ({settings_file.relative_to(BASE_DIR)}): integra.settings with "
            "CACHES = DummyCache, so lib/ratelimit.py never refuses (every bench client is 127.0.0.1)",
        },
        "peak_rss_mb": round(sampler.peak, 1) if sampler else None,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    markdown = render(payload)
    print(markdown)
    results = BENCH_DIR / "results"
    results.mkdir(exist_ok=True)
    stamp = f"participation-{vendor}-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    (results / f"{stamp}.json").write_text(json.dumps(payload, indent=2, default=str, ensure_ascii=False))
    (results / f"{stamp}.md").write_text(markdown + "\n")
    shutil.copyfile(results / f"{stamp}.json", results / "participation.json")
    shutil.copyfile(results / f"{stamp}.md", results / "participation.md")
    overbooked = sum(r["db"]["overbooked"] for r in rush_rows) + sum(
        r["db"]["overbooked"] for r in payload["rush_in_process"]
    )
    pages_ok = all(page["status"] == 200 for page in inproc["pages"].values())
    http_ok = all(set(row["statuses"]) == {200} for row in rows)
    rushes_ok = all(r["correct"] for r in rush_rows) and all(r["correct"] for r in payload["rush_in_process"])
    log(f"results: bench/results/{stamp}.md and .json; overbooked: {overbooked}")
    return 0 if overbooked == 0 and pages_ok and http_ok and rushes_ok else 1


def render(payload: dict[str, Any]) -> str:
    inproc = payload["in_process"]
    facts = payload["facts"]
    statuses = facts["registration_statuses"]
    server = payload["rush_server"]
    lines = [
        f"# Participation bench {payload['timestamp'][:16]} UTC",
        "",
        f"Database: {payload['database']}. Machine: {payload['machine'].get('cpu_count')} CPUs "
        f"({payload['machine'].get('cpu_model', '?')}). Code: {payload['code']['commit']}"
        + (
            f" with uncommitted participation changes (diff {payload['code']['diff_sha']})"
            if payload["code"]["changed"]
            else ""
        )
        + (" - **the participation code changed during the run**" if payload["code_changed_during_run"] else "")
        + ". "
        f"Data: {CITIES:,} cities, one organiser each, {facts['upcoming']:,} upcoming published events "
        f"({EVENTS_PER_CITY} per city and the hot event; {facts['list_pages']:,} list pages of {PER_PAGE}; "
        f"{facts['language_matches']:,} spoken or interpreted in {FILTER_LANGUAGE}), "
        f"{payload['rows']['registrations']:,} registrations ("
        + ", ".join(f"{status} {n:,}" for status, n in sorted(statuses.items()))
        + f"); the hot event has {HOT_CAPACITY} places and is emptied before every rush"
        + (f"; built in {payload['built']['seconds']} s" if payload["built"] else "; data set reused")
        + ".",
        "",
        f"## Sign-ups under a rush: {HOT_CAPACITY} places, {payload['rush_http'][0]['attempts'] if payload['rush_http'] else ATTEMPTS:,} attempts",  # noqa: E501
        "",
        f"Over HTTP: gunicorn, {server['workers']} gthread workers × {server['threads']} threads, DEBUG=0; each client "
        "its own keep-alive connection, its own CSRF cookie and token (fetched with a GET of the event page first), "
        "a distinct email per attempt, real POSTs to the event page. Server settings: "
        f"{server['settings']}. × bare: sign-ups/s over the bare view's req/s with as many clients.",
        "",
        "| Clients | Attempts | Signed up | Sign-ups/s | × bare | p50 ms | p95 ms | max ms | Server CPU ms/attempt "
        "| Statuses | Registered (DB) | Waiting (DB) | Overbooked | Emails queued | Correct |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    for rush in payload["rush_http"]:
        db = rush["db"]
        lines.append(
            f"| {rush['clients']} | {rush['attempts']:,} | {rush['signed_up']:,} | {rush['per_second']} | "
            f"{rush['ratio']} | {rush['p50']} | {rush['p95']} | {rush['max']} | {rush['cpu_ms_per_sign_up']} | "
            f"{rush['statuses']} | {db['registered']} | {db['waiting']} | **{db['overbooked']}** | "
            f"{db['emails_queued']} | {'yes' if rush['correct'] else '**NO**'} |"
        )
    errors = [e for rush in payload["rush_http"] for e in rush["errors"]]
    if errors:
        lines += ["", "Errors: " + "; ".join(errors[:5])]
    lines += [
        "",
        "In process: threads calling `participation.services.register` directly, each on its own connection.",
        "",
        "| Threads | Attempts | Signed up | Sign-ups/s | p50 ms | p95 ms | max ms | Registered (DB) | Waiting (DB) "
        "| Overbooked | Errors | Correct |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for rush in payload["rush_in_process"]:
        db = rush["db"]
        lines.append(
            f"| {rush['clients']} | {rush['attempts']:,} | {rush['signed_up']:,} | {rush['per_second']} | "
            f"{rush['p50']} | {rush['p95']} | {rush['max']} | {db['registered']} | {db['waiting']} | "
            f"**{db['overbooked']}** | {len(rush['errors'])} | {'yes' if rush['correct'] else '**NO**'} |"
        )
    post = inproc["sign_up_post"]
    lines += [
        "",
        f"One sign-up POST on its own (django.test.Client, {post['n']} in a row, each from another client address): "
        f"{post['queries']} queries, p50 {post['p50']} ms, p95 {post['p95']} ms, statuses {post['statuses']}.",
        "",
        "## In process: the pages through django.test.Client (DEBUG=0, no page cache)",
        "",
        "| Page | Status | Queries | SQL ms | p50 ms | p95 ms | p50 ms, GC paused | p95 ms, GC paused | KB "
        "| Slowest query ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, page in inproc["pages"].items():
        slowest = page["slowest_query"]["ms"] if page["slowest_query"] else "–"
        lines.append(
            f"| {label} | {page['status']} | {page['queries']} | {page['sql_ms']} | {page['p50']} | {page['p95']} | "
            f"{page['p50_gc_off']} | {page['p95_gc_off']} | {page['kb']} | {slowest} |"
        )
    lines += [
        "",
        "## Over HTTP (gunicorn, 2 gthread workers × 2 threads, one client, page cache skipped)",
        "",
        "| Page | Requests | req/s | × bare | p50 ms | p95 ms | max ms | KB | Server CPU ms/req | Statuses | Goals |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in payload["http"]:
        lines.append(
            f"| {row['label']} | {row['requests']} | {row['rps']:,} | {row['ratio']} | {row['p50']} | {row['p95']} | "
            f"{row['max']} | {row['kb']} | {row['cpu_ms_per_request']} | {row['statuses']} | {row['goals']} |"
        )
    other = [float(row["other_cpu_pct"]) for row in payload["http"]] + [
        float(rush["other_cpu_pct"]) for rush in payload["rush_http"]
    ]
    lines += [
        "",
        f"Goals (bench/run.py, reported, not asserted): at least {GOAL_RATIO}× the bare view's throughput and "
        f"p95 under {GOAL_P95_MS:.0f} ms. Noise: other processes used {min(other, default=0):.0f}–"
        f"{max(other, default=0):.0f} % of all CPUs during the HTTP measurements (pages and rushes; each waited up "
        f"to {QUIET['seconds']:.0f} s for them to fall under {QUIET['pct']:.0f} %)"
        + (
            "; on PostgreSQL the database server's CPU counts among the other processes, and is not in 'Server CPU ms'."
            if payload["database"] == "postgresql"
            else "."
        ),
        "",
        "## Page weight of the public pages (a first visit, no cache)",
        "",
        "HTML as served (the app does not compress it); the whole page is the HTML plus every /static/ file it "
        "links (and what the CSS links), over the wire as a browser asking for gzip gets them from WhiteNoise. "
        f"Goals: HTML < {GOAL_HTML_KB:.0f} KB, whole page < {GOAL_PAGE_KB:.0f} KB.",
        "",
        "| Page | Status | HTML KB | Static files | Whole page KB over the wire | Uncompressed KB | HTML goal "
        "| Page goal |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for weight in payload["weights"]:
        lines.append(
            f"| {weight['label']} | {weight['status']} | {weight['html_kb']} | {len(weight['assets'])} | "
            f"{weight['page_wire_kb']} | {weight['page_kb']} | {'met' if weight['html_ok'] else '**missed**'} | "
            f"{'met' if weight['page_ok'] else '**missed**'} |"
        )
    if payload["weights"]:
        assets = payload["weights"][0]["assets"]
        lines += [
            "",
            "Static files of a page: "
            + ", ".join(f"{a['path']} {a['wire'] / 1024:.1f} KB ({a['bytes'] / 1024:.1f} KB)" for a in assets)
            + ".",
        ]
    slowest = inproc["slowest_page"]
    profile = inproc["profiles"][slowest]
    page = inproc["pages"][slowest]
    lines += [
        "",
        f"Peak RSS of the page server tree: {payload['peak_rss_mb']} MB. Wall time: {payload['wall_seconds']} s.",
        "",
        f"## Where the time goes: {slowest} (cProfile, one request in process, the garbage collector paused)",
        "",
        f"{page['queries']} queries, {page['sql_ms']} ms of SQL in a {page['p50_gc_off']} ms page (p50 in process, "
        f"garbage collector paused; {page['p50']} ms p50 and {page['p95']} ms p95 with it running).",
        "",
        "```",
        "  cum ms  |  own ms  |   calls  | function (by cumulative time, request plumbing left out)",
        *profile["by cumulative time"],
        "",
        "  cum ms  |  own ms  |   calls  | function (by own time)",
        *profile["by own time"],
        "```",
    ]
    if page["slowest_query"]:
        lines += [
            "",
            f"Its slowest query ({page['slowest_query']['ms']} ms):",
            "",
            "```sql",
            page["slowest_query"]["sql"],
            "```",
            "",
            "```",
            *inproc.get("slowest_plan", []),
            "```",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
