"""`make bench-agenda`: the city integration agenda at scale.

1. Builds (or reuses) its own database - ``var/bench/agenda.sqlite3``, or the PostgreSQL database in
   ``DATABASE_URL`` - holding one city with an adopted agenda of 500 measures (10 goals, starts and ends
   across 2020-2026, every status, some overdue, lead organisations from 20 organisations of the city,
   0-2 partners each), 500 indicators with 4 values each (2,000 values) and 1,000 progress updates; and
   1,000 other cities with an adopted agenda of 5 measures each, so the network dashboard lists 1,001
   cities (21 pages of 50). A city-team user of the big city is made too. Everything is seeded; statuses
   are drawn against the day of the build, so "overdue" and "stale" grow as the data set ages.
2. Measures in this process: ``progress.overview``, ``measures_of`` and ``indicator_rows`` of the big agenda,
   ``progress.timeline`` and ``progress.latest_updates`` over its measures, ``progress.network_rows`` for a
   page of 50 cities and ``progress.network_totals`` over the whole network; then every page with
   ``django.test.Client``: query count, SQL time, page time with the garbage collector running and paused,
   size, and a cProfile of each page (the slowest one in the report, all of them in the JSON).
3. Serves the app with gunicorn (DEBUG=0, as bench/run.py) and times, one client over one keep-alive
   connection with the page cache skipped: the agenda page (anonymous and as the city team), its timeline,
   dashboard and public progress page, and the network dashboard (pages 1 and 10), against the bare view.
4. Writes ``bench/results/agenda.md`` and ``agenda.json`` (plus time-stamped copies).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BASE_DIR))

from load import MemorySampler, cpu_snapshot, cpu_usage, measure, wait_for_quiet, warm_up  # noqa: E402
from run import (  # noqa: E402
    GOAL_P95_MS,
    GOAL_RATIO,
    UNCACHED_HEADERS,
    bench_env,
    free_port,
    goals,
    machine,
    python,
    start_gunicorn,
    stop_gunicorn,
    wait_ready,
)

CITIES = 1000  # other cities, each with a small adopted agenda
SMALL_MEASURES = 5  # measures of each small agenda
MEASURES = 500  # measures of the big agenda
GOALS = 10
ORGANISATIONS = 20  # of the big city, the measures' leads and partners
VALUES_PER_INDICATOR = 4  # one indicator per measure: 2,000 values
UPDATES = 1000
PER_PAGE = 50  # agenda.views.plans.CITIES_PER_PAGE
PREFIX = "agenda-bench-"
HOME = f"{PREFIX}city-0000"
TEAM_EMAIL = "team@agenda-bench.invalid"
COUNTRIES = ("BG", "CZ", "HR", "IT", "SK")
QUIET_PCT, QUIET_SECONDS = 25.0, 15.0  # before measuring: other processes under 25 % of the CPUs, or 15 s passed


def log(message: str) -> None:
    print(f"[agenda bench {datetime.now(UTC):%H:%M:%S} UTC] {message}", flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def timed(call: Callable[[], Any], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return {
        "n": repeat,
        "p50": round(percentile(samples, 50), 2),
        "p95": round(percentile(samples, 95), 2),
        "mean": round(statistics.fmean(samples), 2),
    }


# ---------------------------------------------------------------- Django side


def setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def counts() -> dict[str, int]:
    from agenda.models import Agenda, AgendaStatus, IndicatorValue, Measure, MeasureIndicator, ProgressUpdate
    from network.models import City, Role, RoleKind

    home = Measure.objects.filter(agenda__city__slug=HOME)
    return {
        "cities": City.objects.filter(slug__startswith=PREFIX).count(),
        "adopted_agendas": Agenda.objects.filter(city__slug__startswith=PREFIX, status=AgendaStatus.ADOPTED).count(),
        "measures": Measure.objects.filter(agenda__city__slug__startswith=PREFIX).count(),
        "home_measures": home.count(),
        "home_indicators": MeasureIndicator.objects.filter(measure__in=home).count(),
        "home_values": IndicatorValue.objects.filter(indicator__measure__in=home).count(),
        "home_updates": ProgressUpdate.objects.filter(measure__in=home).count(),
        "team_roles": Role.objects.filter(user__email=TEAM_EMAIL, kind=RoleKind.CITY_TEAM, city__slug=HOME).count(),
    }


EXPECTED = {
    "cities": CITIES + 1,
    "adopted_agendas": CITIES + 1,
    "measures": MEASURES + CITIES * SMALL_MEASURES,
    "home_measures": MEASURES,
    "home_indicators": MEASURES,
    "home_values": MEASURES * VALUES_PER_INDICATOR,
    "home_updates": UPDATES,
    "team_roles": 1,
}

WORDS = (
    "language courses for newcomers",
    "a one-stop shop for residence permits",
    "mentoring by local volunteers",
    "recognition of foreign diplomas",
    "school places for migrant children",
    "an intercultural mediators' pool",
    "job fairs with local employers",
    "housing advice in five languages",
    "a migrant advisory council",
    "health-care navigators",
    "anti-discrimination training for city staff",
    "a welcome guide and website",
)


def status_for(rng: random.Random, start: date, end: date, today: date) -> tuple[str, int]:
    """A plausible status and percent done for a measure's period seen from ``today``."""
    from agenda.models import MeasureStatus as S

    if start > today:
        return S.NOT_STARTED, 0
    draw = rng.random()
    if end < today:  # its period is over: mostly closed, the rest overdue
        if draw < 0.68:
            return S.DONE, 100
        if draw < 0.8:
            return S.DROPPED, rng.randint(0, 60)
        return rng.choice([S.ON_TRACK, S.AT_RISK, S.DELAYED, S.DELAYED, S.NOT_STARTED]), rng.randint(0, 95)
    if draw < 0.1:
        return S.DONE, 100
    if draw < 0.15:
        return S.NOT_STARTED, 0
    share = (today - start).days / max(1, (end - start).days)
    status = S.ON_TRACK if draw < 0.65 else S.AT_RISK if draw < 0.85 else S.DELAYED
    return status, max(0, min(99, round(share * 100 + rng.uniform(-25, 10))))


def random_period(rng: random.Random) -> tuple[date, date]:
    first, last = date(2020, 1, 1), date(2026, 12, 31)
    start = first + timedelta(days=rng.randint(0, (date(2025, 12, 31) - first).days))
    end = min(last, start + timedelta(days=rng.randint(90, 1500)))
    return start, end


def build(seed: int) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from agenda.models import (
        Agenda,
        AgendaStatus,
        Goal,
        IndicatorValue,
        Involvement,
        Measure,
        MeasureIndicator,
        ProgressUpdate,
        ValueType,
    )
    from lib.text import fold
    from network.models import Area, City, Country, Organisation, Role, RoleKind

    rng = random.Random(seed)
    today = timezone.localdate()
    began = time.perf_counter()
    with transaction.atomic():
        Agenda.objects.filter(city__slug__startswith=PREFIX).delete()
        User.objects.filter(email__endswith="@agenda-bench.invalid").delete()
        Organisation.objects.filter(slug__startswith=PREFIX).delete()
        City.objects.filter(slug__startswith=PREFIX).delete()
        for code in COUNTRIES:
            Country.objects.get_or_create(code=code, defaults={"names": {"en": code}})
        areas = list(Area.objects.all())
        if not areas:
            areas = Area.objects.bulk_create(
                Area(code=f"{PREFIX}area-{n}", names={"en": f"Area {n}"}) for n in range(8)
            )
        cities = City.objects.bulk_create(
            City(
                name=f"Agenda bench city {n:04d}",
                slug=f"{PREFIX}city-{n:04d}",
                country_id=COUNTRIES[n % len(COUNTRIES)],
                search_text=fold(f"Agenda bench city {n:04d}"),
            )
            for n in range(CITIES + 1)
        )
        home = cities[0]
        kinds = ("municipal_department", "ngo", "ngo", "charity", "labour_office", "migration_office")
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench organisation {n:02d}",
                slug=f"{PREFIX}org-{n:02d}",
                kind=kinds[n % len(kinds)],
                city=home,
                search_text=fold(f"Bench organisation {n:02d}"),
            )
            for n in range(ORGANISATIONS)
        )
        team = User.objects.create_user(TEAM_EMAIL, None, name="Bench city team")
        Role.objects.create(user=team, kind=RoleKind.CITY_TEAM, city=home)

        # The big agenda.
        agenda = Agenda.objects.create(
            city=home,
            title="Integration agenda 2020-2026",
            summary="Ten goals and five hundred measures, followed up twice a year.\nSeeded for the bench.",
            start_year=2020,
            end_year=2026,
            status=AgendaStatus.ADOPTED,
            adopted_on=date(2020, 3, 1),
            adopted_by="City council",
            first_report=date(2020, 6, 30),
            report_every_months=6,
            created_by=team,
        )
        goals = Goal.objects.bulk_create(
            Goal(
                agenda=agenda,
                title=f"Goal {n + 1}: {WORDS[n % len(WORDS)].capitalize()} reach everyone who needs them",
                description="What the lab set out to change, and for whom. " * 3,
                position=n,
            )
            for n in range(GOALS)
        )
        measures = []
        for n in range(MEASURES):
            phase = rng.choice(["pilot", "city-wide", "phase 2"])
            start, end = random_period(rng)
            status, percent = status_for(rng, start, end, today)
            measures.append(
                Measure(
                    agenda=agenda,
                    goal=None if n % 50 == 49 else goals[n % GOALS],  # a few under "Other measures"
                    title=f"Measure {n + 1:03d}: {WORDS[n % len(WORDS)]} ({phase})",
                    description="What the measure does, for whom, and how. " * 5,
                    area=rng.choice([None, *areas]),
                    lead=rng.choice(organisations),
                    involvement=rng.choice(Involvement.values),
                    budget=None if n % 7 == 0 else rng.randrange(5_000, 500_000, 500),
                    staff="two social workers, half time",
                    funding_source=rng.choice(["AMIF", "ESF+", "City budget", ""]),
                    start=start,
                    end=end,
                    internal_notes="Only the team sees this." if n % 3 == 0 else "",
                    status=status,
                    percent_done=percent,
                    is_example=n % 40 == 0,
                )
            )
        measures = Measure.objects.bulk_create(measures)
        Partner = Measure.partners.through
        Partner.objects.bulk_create(
            Partner(measure_id=m.pk, organisation_id=o.pk)
            for m in measures
            for o in rng.sample([o for o in organisations if o.pk != m.lead_id], rng.randint(0, 2))
        )

        # Progress updates: spread over measures that have started, dated within their period.
        started = [m for m in measures if m.start <= today]
        updates: list[ProgressUpdate] = []
        created: list[datetime] = []
        for n in range(UPDATES):
            m = rng.choice(started)
            latest_day = min(m.end, today)
            day = m.start + timedelta(days=rng.randint(0, max(0, (latest_day - m.start).days)))
            created.append(datetime(day.year, day.month, day.day, 9, n % 60, tzinfo=UTC))
            updates.append(
                ProgressUpdate(
                    measure=m,
                    author=team,
                    organisation_id=m.lead_id,
                    status=m.status,
                    percent_done=m.percent_done,
                    narrative=f"Update {n + 1}. "
                    + "Sessions held, people reached, what went well and what did not. " * rng.randint(2, 6),
                    internal_note="Budget question for the team." if n % 5 == 0 else "",
                )
            )
        updates = ProgressUpdate.objects.bulk_create(updates, batch_size=500)
        for update, when in zip(updates, created, strict=True):
            update.created = when  # auto_now_add set "now" on insert
        ProgressUpdate.objects.bulk_update(updates, ["created"], batch_size=250)
        last: dict[int, datetime] = {}
        for update in updates:
            last[update.measure_id] = max(update.created, last.get(update.measure_id, update.created))
        reported = [m for m in measures if m.pk in last]
        for m in reported:
            m.last_reported = last[m.pk]
        Measure.objects.bulk_update(reported, ["last_reported"], batch_size=250)

        # One indicator per measure, four values each.
        types = (ValueType.NUMBER, ValueType.PERCENT, ValueType.COUNT)
        indicators = []
        for n, m in enumerate(measures):
            value_type = types[n % len(types)]
            if value_type == ValueType.PERCENT:
                baseline, target, unit = float(rng.randint(5, 40)), float(rng.randint(50, 90)), "%"
            elif value_type == ValueType.COUNT:
                baseline, target, unit = float(rng.randint(0, 50)), float(rng.randint(100, 400)), "people"
            else:
                baseline, target, unit = round(rng.uniform(20, 60), 1), round(rng.uniform(0, 15), 1), "days"
            indicators.append(
                MeasureIndicator(
                    measure=m,
                    name=f"Indicator of measure {n + 1:03d}",
                    value_type=value_type,
                    unit=unit,
                    baseline=baseline,
                    baseline_year=2020,
                    target=target,
                    target_year=2026,
                )
            )
        indicators = MeasureIndicator.objects.bulk_create(indicators)
        values = []
        for indicator in indicators:
            for k in range(VALUES_PER_INDICATOR):
                share = (k + 1) / VALUES_PER_INDICATOR * rng.uniform(0.4, 1.2)
                value = indicator.baseline + (indicator.target - indicator.baseline) * share
                if indicator.value_type == ValueType.PERCENT:
                    value = max(0.0, min(100.0, round(value, 1)))
                elif indicator.value_type == ValueType.COUNT:
                    value = float(max(0, round(value)))
                else:
                    value = round(max(0.0, value), 1)
                values.append(IndicatorValue(indicator=indicator, measured_on=date(2021 + k, 12, 31), value=value))
        IndicatorValue.objects.bulk_create(values, batch_size=1000)

        # The other cities' small agendas.
        small = Agenda.objects.bulk_create(
            (
                Agenda(
                    city=city,
                    title=f"Integration agenda of {city.name}",
                    start_year=2021,
                    end_year=2026,
                    status=AgendaStatus.ADOPTED,
                    adopted_on=date(2021, 1, 15),
                    adopted_by="City council",
                    first_report=date(2021, 6, 30),
                )
                for city in cities[1:]
            ),
            batch_size=500,
        )
        others = []
        for other in small:
            for k in range(SMALL_MEASURES):
                start, end = random_period(rng)
                status, percent = status_for(rng, start, end, today)
                others.append(
                    Measure(
                        agenda=other,
                        title=f"Measure {k + 1}: {rng.choice(WORDS)}",
                        start=start,
                        end=end,
                        status=status,
                        percent_done=percent,
                        is_example=rng.random() < 0.02,
                    )
                )
        Measure.objects.bulk_create(others, batch_size=1000)
    return {"seconds": round(time.perf_counter() - began, 1), "agenda": agenda.pk}


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


def team_session(user: Any) -> str:
    """A stored session signed in as ``user``, its second factor marked as seen (the HTTP client's cookie)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.middleware import ENROLLED_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[ENROLLED_KEY] = user.pk
    store.create()
    return str(store.session_key)


def pages(pk: int) -> list[tuple[str, str, bool]]:
    """(label, path, signed in as the city team) of every measured page."""
    return [
        (f"agenda page ({MEASURES} measures, {GOALS} goals)", f"/en/agenda/{pk}/", False),
        ("agenda page, signed in as the city team", f"/en/agenda/{pk}/", True),
        (f"timeline ({MEASURES} bars and table rows)", f"/en/agenda/{pk}/timeline/", False),
        (
            f"dashboard ({MEASURES} indicators, {MEASURES * VALUES_PER_INDICATOR:,} values)",
            f"/en/agenda/{pk}/dashboard/",
            False,
        ),
        (f"public progress page ({UPDATES:,} updates)", f"/en/agenda/{pk}/progress/", False),
        (f"network dashboard, page 1 of {CITIES + 1:,} cities", "/en/agenda/", False),
        ("network dashboard, page 10", "/en/agenda/?page=10", False),
    ]


def in_process(repeat: int) -> dict[str, Any]:
    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from accounts.models import User
    from agenda import progress
    from agenda.models import Agenda, AgendaStatus
    from network.models import City

    agenda = Agenda.objects.get(city__slug=HOME)
    team = User.objects.get(email=TEAM_EMAIL)
    out: dict[str, Any] = {"agenda": agenda.pk, "functions": {}}
    # As bench/run.py: wait (bounded) for other processes (e.g. autovacuum after a build) to quieten down.
    out["waited_for_quiet"] = wait_for_quiet(os.getpid(), QUIET_PCT, QUIET_SECONDS)

    class QueryTimer:
        """Each query's execute() time, to the microsecond (CaptureQueriesContext rounds to the ms on SQLite)."""

        def __init__(self) -> None:
            self.samples: list[tuple[float, str]] = []

        def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                self.samples.append(((time.perf_counter() - began) * 1000, sql))

    def queries_of(call: Callable[[], Any]) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured.captured_queries)

    cities = City.objects.filter(agendas__status=AgendaStatus.ADOPTED).distinct().order_by("name")
    paginator = Paginator(cities, PER_PAGE)
    first_page = list(paginator.page(1).object_list)
    tenth_page = list(paginator.page(10).object_list)
    measures = list(progress.measures_of(agenda).order_by("start", "end", "pk"))
    with translation.override("en"):
        overview = progress.overview(agenda)
        calls: dict[str, Callable[[], Any]] = {
            "overview": lambda: progress.overview(agenda),
            "measures_of": lambda: list(progress.measures_of(agenda)),
            "indicator_rows": lambda: progress.indicator_rows(agenda, {m.pk: m for m in overview.measures}),
            "timeline": lambda: progress.timeline(agenda, measures),
            "latest_updates": lambda: progress.latest_updates(overview.measures),
            "network_rows_page1": lambda: progress.network_rows(first_page),
            "network_rows_page10": lambda: progress.network_rows(tenth_page),
            "network_totals": lambda: progress.network_totals(),
            "network_page_of_cities": lambda: list(Paginator(cities, PER_PAGE).get_page(10).object_list),
        }
        for name, call in calls.items():
            call()  # warm
            out["functions"][name] = timed(call, repeat)
            out["functions"][name]["queries"] = queries_of(call)
    out["overview_facts"] = {
        "measures": overview.total,
        "overdue": len(overview.overdue),
        "stale": len(overview.stale),
        "indicators": len(overview.indicators),
        "reached": overview.reached,
        "goals": len(overview.by_goal),
        "counts": {value: count for value, _label, count in overview.counts},
    }
    out["network_pages"] = paginator.num_pages
    out["network_cities"] = paginator.count

    # Every page through the test client: queries, SQL time, page time, size; then a profile of each.
    session_key = team_session(team)
    out["team_session"] = session_key
    anonymous = Client(SERVER_NAME="127.0.0.1", HTTP_COOKIE="sessionid=bench-no-page-cache")
    signed_in = Client(SERVER_NAME="127.0.0.1", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={session_key}")
    page_rows: dict[str, Any] = {}
    profiles: dict[str, dict[str, list[str]]] = {}
    for label, path, as_team in pages(agenda.pk):
        client = signed_in if as_team else anonymous
        first = client.get(path)
        response = client.get(path)
        samples, timers = [], []
        for _ in range(max(3, repeat // 2)):
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                began = time.perf_counter()
                client.get(path)
                samples.append((time.perf_counter() - began) * 1000)
            timers.append(timer.samples)
        # The same queries in the same order each time: the median of each, so that a garbage collection
        # landing in one query's row decoding does not make it "the slowest".
        runs = [run for run in timers if len(run) == len(timers[0])]
        sql = [statistics.median(run[n][0] for run in runs) for n in range(len(timers[0]))]
        slowest = sorted(((ms, timers[0][n][1]) for n, ms in enumerate(sql)), key=lambda sample: -sample[0])[:1]
        # The same requests with the garbage collector paused: what its full collections add to the tail.
        quiet = []
        gc.collect()
        gc.disable()
        try:
            for _ in range(max(3, repeat // 2)):
                began = time.perf_counter()
                client.get(path)
                quiet.append((time.perf_counter() - began) * 1000)
            # Profiled with the collector paused too, so that a collection does not land on whichever function
            # happened to allocate when it ran.
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(path)
            profiler.disable()
        finally:
            gc.enable()
        profiles[label] = _profile_lines(profiler)
        page_rows[label] = {
            "path": path,
            "signed_in": as_team,
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
    out["pages"] = page_rows
    slowest_label = max(page_rows, key=lambda label: page_rows[label]["p50_gc_off"])
    out["slowest_page"] = slowest_label
    out["profiles"] = profiles
    return out


def code_state() -> dict[str, Any]:
    """The commit measured, and the agenda files that differ from it (the bench may run on work in progress)."""

    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], cwd=BASE_DIR, capture_output=True, text=True, check=False)
        return done.stdout.rstrip()

    paths = ("agenda", "integra/templates/agenda")
    diff = git("diff", "HEAD", "--", *paths)
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed": git("status", "--porcelain", "--", *paths).splitlines(),
        "diff_sha": hashlib.sha1(diff.encode(), usedforsecurity=False).hexdigest()[:12] if diff else "",
    }


def worker_main(args: argparse.Namespace) -> int:
    setup(bench_env(Path(args.db_path)))
    if args.worker == "build":
        result = build(args.seed)
    elif args.worker == "counts":
        result = counts()
    else:
        result = in_process(args.repeat)
    print(json.dumps(result, default=str))
    return 0


def run_worker(env: dict[str, str], args: argparse.Namespace, action: str) -> dict[str, Any]:
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
    ]
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{action} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- orchestration


def main() -> int:
    parser = argparse.ArgumentParser(description="Integra agenda bench (make bench-agenda)")
    parser.add_argument("--worker", choices=["build", "counts", "inprocess"])
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--db-path", type=Path, default=BASE_DIR / "var" / "bench" / "agenda.sqlite3")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    if args.worker:
        return worker_main(args)

    started = time.perf_counter()
    code = code_state()
    (BASE_DIR / "var" / "bench").mkdir(parents=True, exist_ok=True)
    env = bench_env(args.db_path.resolve())
    vendor = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    if vendor == "postgresql":
        import psycopg

        url = env["DATABASE_URL"]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([python(), "manage.py", "migrate", "--no-input", "-v0"], cwd=BASE_DIR, env=env, check=True)
    built = None
    found = run_worker(env, args, "counts")
    if args.rebuild or found != EXPECTED:
        log(
            f"building: one agenda of {MEASURES} measures ({MEASURES * VALUES_PER_INDICATOR:,} indicator values, "
            f"{UPDATES:,} updates), {CITIES:,} other cities with {SMALL_MEASURES} measures each"
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
    log("in-process measurements")
    inproc = run_worker(env, args, "inprocess")
    for label, page in inproc["pages"].items():
        log(
            f"in process: {label:48} {page['queries']:3} queries  {page['sql_ms']:7.1f} ms SQL  "
            f"p50 {page['p50']:7.1f} ms  {page['kb']:7.1f} KB  status {page['status']}"
        )
    team_headers = {"Cookie": f"sessionid={inproc['team_session']}"}
    targets = [("bare", "/bench/bare/", None)] + [
        (label, path, team_headers if as_team else UNCACHED_HEADERS) for label, path, as_team in pages(inproc["agenda"])
    ]
    port = free_port()
    proc = start_gunicorn(args, env, port, BASE_DIR / "var" / "bench" / "gunicorn-agenda.log")
    rows: list[dict[str, Any]] = []
    sampler = None
    try:
        wait_ready(proc, port)
        sampler = MemorySampler(proc.pid)
        sampler.start()
        for label, path, headers in targets:
            wait_for_quiet(proc.pid, QUIET_PCT, QUIET_SECONDS)
            warm_up(port, path, args.workers * args.threads, per_client=2, headers=headers)
            before = cpu_snapshot(proc.pid)
            requests = args.requests * (10 if label == "bare" else 1)
            result = measure(port, path, requests, 1, args.max_seconds, headers=headers)
            cpu = cpu_usage(before, cpu_snapshot(proc.pid))
            row: dict[str, Any] = {
                "label": label,
                "path": path,
                "signed_in": headers is team_headers,
                "requests": result.requests,
                "rps": round(result.throughput, 1),
                "p50": round(result.percentile(50), 1),
                "p95": round(result.percentile(95), 1),
                "max": round(max(result.latencies_ms, default=0), 1),
                "statuses": {int(k): v for k, v in result.statuses.items()},
                "bytes": round(result.bytes / result.requests) if result.requests else 0,
                "kb": round(result.bytes / result.requests / 1024, 1) if result.requests else 0,
                "cpu_ms_per_request": round(1000 * cpu["server_cpu_s"] / result.requests, 2) if result.requests else 0,
            }
            rows.append(row)
            log(
                f"{label:48} p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms  "
                f"{row['rps']:7.1f} req/s  {row['kb']:7.1f} KB  {row['statuses']}"
            )
    finally:
        if sampler is not None:
            sampler.stop()
        stop_gunicorn(proc)
    bare = float(rows[0]["rps"]) or 1.0
    for measured in rows:
        measured["ratio"] = round(float(measured["rps"]) / bare, 3)
        measured["goals"] = goals(measured["label"], measured["ratio"], measured["p95"])
    payload: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(),
        "database": vendor,
        "machine": machine(),
        "code": code,
        "code_changed_during_run": code_state() != code,
        "built": built,
        "rows": found if built is None else run_worker(env, args, "counts"),
        "in_process": {key: value for key, value in inproc.items() if key != "team_session"},
        "http": rows,
        "peak_rss_mb": round(sampler.peak, 1) if sampler else None,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    markdown = render(payload)
    print(markdown)
    results = BENCH_DIR / "results"
    results.mkdir(exist_ok=True)
    stamp = f"agenda-{vendor}-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    (results / f"{stamp}.json").write_text(json.dumps(payload, indent=2, default=str))
    (results / f"{stamp}.md").write_text(markdown + "\n")
    shutil.copyfile(results / f"{stamp}.json", results / "agenda.json")
    shutil.copyfile(results / f"{stamp}.md", results / "agenda.md")
    pages_ok = all(page["status"] == 200 for page in inproc["pages"].values())
    return 0 if pages_ok and all(set(row["statuses"]) == {200} for row in rows) else 1


def render(payload: dict[str, Any]) -> str:
    inproc = payload["in_process"]
    facts = inproc["overview_facts"]
    lines = [
        f"# Agenda bench {payload['timestamp'][:16]} UTC",
        "",
        f"Database: {payload['database']}. Machine: {payload['machine'].get('cpu_count')} CPUs. "
        f"Code: {payload['code']['commit']}"
        + (
            f" with uncommitted agenda changes (diff {payload['code']['diff_sha']})"
            if payload["code"]["changed"]
            else ""
        )
        + (" - **the agenda code changed during the run**" if payload["code_changed_during_run"] else "")
        + ". "
        f"Data: one city's adopted agenda of {facts['measures']} measures under {GOALS} goals "
        f"({facts['overdue']} overdue, {facts['stale']} without a recent update; by status "
        + ", ".join(f"{status} {n}" for status, n in facts["counts"].items())
        + f"), leads from {ORGANISATIONS} organisations, {facts['indicators']} indicators with "
        f"{MEASURES * VALUES_PER_INDICATOR:,} values ({facts['reached']} at target), {UPDATES:,} progress updates; "
        f"{CITIES:,} other cities with an adopted agenda of {SMALL_MEASURES} measures each: the network dashboard "
        f"lists {inproc['network_cities']:,} cities on {inproc['network_pages']} pages of {PER_PAGE}.",
        "",
        "## In process: agenda.progress",
        "",
        "| Step | Queries | n | p50 ms | p95 ms | mean ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, label in (
        ("overview", f"overview(agenda), as the agenda page calls it ({MEASURES} measures)"),
        ("measures_of", f"measures_of(agenda): the {MEASURES} measures as the pages list them"),
        (
            "indicator_rows",
            f"indicator_rows(): {MEASURES} indicators, {MEASURES * VALUES_PER_INDICATOR:,} values",
        ),
        ("timeline", f"timeline(agenda, measures): {MEASURES} bars"),
        ("latest_updates", f"latest_updates(measures): {UPDATES:,} updates read"),
        ("network_rows_page1", f"network_rows(): page 1, {PER_PAGE} cities"),
        ("network_rows_page10", f"network_rows(): page 10, {PER_PAGE} cities"),
        ("network_totals", f"network_totals(): {MEASURES + CITIES * SMALL_MEASURES:,} measures"),
        ("network_page_of_cities", "the page of cities itself (count + page 10, as the view's Paginator)"),
    ):
        item = inproc["functions"][key]
        lines.append(f"| {label} | {item['queries']} | {item['n']} | {item['p50']} | {item['p95']} | {item['mean']} |")
    lines += [
        "",
        "## In process: the pages through django.test.Client (DEBUG=0, no page cache)",
        "",
        "| Page | Status | Queries | SQL ms | p50 ms | p95 ms | p50 ms, GC paused | p95 ms, GC paused | KB "
        "| Slowest query ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes = [
        "",
        "SQL ms: the sum of each query's median execute() time over the requests (on SQLite rows are read after it, "
        "in the page time). p50/p95: "
        f"{max(3, inproc['functions']['overview']['n'] // 2)} requests each, the garbage collector on, as served.",
    ]
    for label, page in inproc["pages"].items():
        slowest = page["slowest_query"]["ms"] if page["slowest_query"] else "–"
        lines.append(
            f"| {label} | {page['status']} | {page['queries']} | {page['sql_ms']} | {page['p50']} | {page['p95']} | "
            f"{page['p50_gc_off']} | {page['p95_gc_off']} | {page['kb']} | {slowest} |"
        )
    lines += notes
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
    lines += [
        "",
        f"Goals (bench/run.py, reported, not asserted): at least {GOAL_RATIO}× the bare view's throughput and "
        f"p95 under {GOAL_P95_MS:.0f} ms.",
    ]
    slowest = inproc["slowest_page"]
    profile = inproc["profiles"][slowest]
    page = inproc["pages"][slowest]
    lines += [
        "",
        f"Peak RSS of the server tree: {payload['peak_rss_mb']} MB. Wall time: {payload['wall_seconds']} s.",
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
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
