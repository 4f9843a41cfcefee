"""`make bench-audit`: the audit at scale.

1. Builds (or reuses) its own database - ``var/bench/audit.sqlite3``, or the PostgreSQL database
   in ``DATABASE_URL`` - holding a framework of 200 indicators (four areas of 50, one question
   each: 180 choices and 20 numbers), one city's round answered by 30 respondents (6,000 answers)
   with 200 agreed answers, and 1,000 other cities with a frozen 2018 and 2019 round each. Those
   2,000 rounds are written with their stored profiles directly (random area scores, seeded):
   comparisons read only the profiles, and computing one is what "freeze" below measures.
2. Measures in this process: scoring the 200-indicator round with its 6,000 respondent answers,
   freezing it (scores + stored profile), the network average and peer search over the 1,000
   cities, and the team's agree page (200 questions with the group's answers) rendered by its view.
3. Serves the app with gunicorn (DEBUG=0, as bench/run.py) and times, one client over one
   keep-alive connection with the page cache skipped: the round page, the comparison page, the
   comparison with another city, the rounds API, against the bare view.
4. Writes ``bench/results/audit.md`` and ``audit.json`` (plus time-stamped copies).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BASE_DIR))

from load import MemorySampler, cpu_snapshot, cpu_usage, measure, warm_up  # noqa: E402
from run import (  # noqa: E402
    UNCACHED_HEADERS,
    bench_env,
    free_port,
    machine,
    python,
    start_gunicorn,
    stop_gunicorn,
    wait_ready,
)

CITIES = 1000
INDICATORS = 200
RESPONDENTS = 30
CODE = "bench-200"
SIX = ("en", "bg", "cs", "hr", "it", "sk")


def log(message: str) -> None:
    print(f"[audit bench {datetime.now(UTC):%H:%M:%S} UTC] {message}", flush=True)


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


def texts(english: str) -> dict[str, str]:
    return {code: english for code in SIX}


def framework_data() -> dict[str, Any]:
    areas = []
    for a in range(4):
        indicators = []
        for i in range(INDICATORS // 4):
            n = a * (INDICATORS // 4) + i
            question: dict[str, Any]
            if n % 10 == 9:
                question = {
                    "code": f"q{n}",
                    "texts": texts(f"Question {n}: how many?"),
                    "kind": "number",
                    "unit": texts("%"),
                    "rule": {"worst": 0, "best": 100},
                }
            else:
                question = {
                    "code": f"q{n}",
                    "texts": texts(f"Question {n}?"),
                    "kind": "choice",
                    "options": [
                        {"code": "no", "labels": texts("No"), "score": 0},
                        {"code": "partly", "labels": texts("Partly"), "score": 50},
                        {"code": "yes", "labels": texts("Yes"), "score": 100},
                    ],
                }
            indicators.append(
                {
                    "code": f"i{n}",
                    "names": texts(f"Indicator {n}"),
                    "weight": 1 + n % 3,
                    "data_type": ("fact", "input", "impact")[n % 3],
                    "questions": [question],
                }
            )
        areas.append({"code": f"area-{a}", "names": texts(f"Area {a}"), "weight": 1, "indicators": indicators})
    return {
        "format": "integra-framework/1",
        "code": CODE,
        "version": 1,
        "scope": "city",
        "names": texts("Bench framework"),
        "areas": areas,
    }


# ---------------------------------------------------------------- Django side


def setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def counts() -> dict[str, int]:
    from audit.models import AgreedAnswer, Answer, Round

    return {
        "rounds": Round.objects.filter(framework__code=CODE).count(),
        "answers": Answer.objects.count(),
        "agreed": AgreedAnswer.objects.count(),
    }


EXPECTED = {"rounds": 2 * CITIES + 1, "answers": INDICATORS * RESPONDENTS, "agreed": INDICATORS}


def build(seed: int) -> dict[str, Any]:
    from django.db import transaction

    from accounts.models import User
    from audit import frameworks
    from audit.models import AgreedAnswer, Answer, Framework, Question, Respondent, Round, RoundStatus
    from network.models import City, Country, Organisation, Role, RoleKind

    rng = random.Random(seed)
    began = time.perf_counter()
    with transaction.atomic():
        Round.objects.filter(framework__code=CODE).delete()
        Framework.objects.filter(code=CODE).delete()
        for code in ("BG", "CZ", "HR", "IT", "SK"):
            Country.objects.get_or_create(code=code, defaults={"names": {"en": code}})
        City.objects.filter(slug__startswith="bench-city-").delete()
        cities = City.objects.bulk_create(
            City(
                name=f"Bench city {n:04d}", slug=f"bench-city-{n:04d}", country_id=("BG", "CZ", "HR", "IT", "SK")[n % 5]
            )
            for n in range(CITIES + 1)
        )
        home = cities[0]
        framework = frameworks.import_framework(framework_data())
        questions = list(Question.objects.filter(indicator__area__framework=framework).prefetch_related("options"))
        organisation = Organisation.objects.create(
            name="Bench stakeholder", slug="bench-stakeholder", kind="ngo", city=home
        )
        User.objects.filter(email__endswith="@bench.invalid").delete()
        users = [
            User.objects.create_user(f"respondent{n}@bench.invalid", None, name=f"Respondent {n}")
            for n in range(RESPONDENTS)
        ]
        Role.objects.bulk_create(Role(user=u, kind=RoleKind.ORG_MEMBER, organisation=organisation) for u in users)
        target = Round.objects.create(city=home, framework=framework, year=2020, title="Bench round 2020")
        respondents = Respondent.objects.bulk_create(
            Respondent(round=target, user=u, organisation=organisation) for u in users
        )

        def value(question: Any) -> dict[str, Any]:
            if question.kind == "number":
                return {"number": float(rng.randint(0, 100))}
            return {"option": rng.choice(list(question.options.all()))}

        Answer.objects.bulk_create(
            Answer(round=target, question=q, respondent=r, **value(q)) for r in respondents for q in questions
        )
        AgreedAnswer.objects.bulk_create(AgreedAnswer(round=target, question=q, **value(q)) for q in questions)
        rounds = []
        for city in cities[1:]:
            base = {f"area-{a}": round(rng.uniform(10, 90), 2) for a in range(4)}
            later = {code: round(min(100, max(0, score + rng.uniform(-15, 25))), 2) for code, score in base.items()}
            for year, areas in ((2018, base), (2019, later)):
                profile = {
                    "total": round(sum(areas.values()) / 4, 2),
                    "answered": INDICATORS,
                    "questions": INDICATORS,
                    "areas": areas,
                }
                rounds.append(
                    Round(
                        city=city,
                        framework=framework,
                        year=year,
                        title=f"Round {year}",
                        status=RoundStatus.FROZEN,
                        profile=profile,
                    )
                )
        Round.objects.bulk_create(rounds, batch_size=500)
    return {"seconds": round(time.perf_counter() - began, 1)}


def in_process(repeat: int) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django.utils import translation

    from accounts.models import User
    from audit import compare, scoring, services, views
    from audit.models import Round, RoundStatus

    target = Round.objects.get(framework__code=CODE, year=2020)
    if target.is_frozen:
        Round.objects.filter(pk=target.pk).update(status=RoundStatus.OPEN, profile={})
        target.refresh_from_db()
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-admin@bench.invalid", None
    )
    out: dict[str, Any] = {}
    out["round_scores"] = timed(lambda: scoring.round_scores(target), repeat)
    by_city = compare.frozen_profiles(CODE)
    out["frozen_profiles"] = timed(lambda: compare.frozen_profiles(CODE), repeat)
    out["network_average"] = timed(lambda: compare.network_average(by_city, exclude=target.city_id), repeat)
    out["peers"] = timed(lambda: compare.peers(target, by_city=by_city), repeat)
    found = compare.peers(target, by_city=by_city)
    out["peers_found"] = len(found)
    factory = RequestFactory()

    def agree_page() -> None:
        request = factory.get(f"/en/audit/rounds/{target.pk}/agree/")
        request.user = admin
        request.session = {}  # type: ignore[assignment]
        from django.contrib.messages.storage.fallback import FallbackStorage

        request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
        with translation.override("en"):
            response = views.round_agree(request, target.pk)
        assert response.status_code == 200, response.status_code

    out["agree_page_view"] = timed(agree_page, max(3, repeat // 4))
    began = time.perf_counter()
    services.freeze(admin, target)
    out["freeze_ms"] = round((time.perf_counter() - began) * 1000, 1)
    target.refresh_from_db()
    out["profile_total"] = target.profile["total"]
    anonymous = AnonymousUser()
    out["can_view_frozen"] = bool(views.permissions.can_view(anonymous, target))
    out["target_round"] = target.pk
    return out


TSV_LINES = 1_000_000


def write_tsv(path: Path, lines: int, seed: int) -> None:
    """A Eurostat-shaped file of ``lines`` rows: 8 year columns, flags and gaps, 40 geographies."""
    rng = random.Random(seed)
    geos = ["BG", "CZ", "HR", "IT", "SK", *(f"X{n:02d}" for n in range(35))]
    with path.open("w", encoding="utf-8") as out:
        out.write("freq,unit,sex,age,citizen,geo\\TIME_PERIOD\t" + "\t".join(f"{y} " for y in range(2013, 2021)) + "\n")
        for n in range(lines):
            age = f"Y{n // 40 % 500:03d}-{n // 20000 % 50:02d}"
            citizen = "NEU27_2020_FOR" if n % 5 == 0 else f"C{n % 97}"
            cells = []
            for _year in range(8):
                draw = rng.random()
                cells.append(":" if draw < 0.05 else f"{draw * 100:.1f} b" if draw > 0.95 else f"{draw * 100:.1f}")
            out.write(f"A,PC,T,{age},{citizen},{geos[n % 40]}\t" + "\t".join(cells) + "\n")


def tsv_import(path: Path) -> dict[str, Any]:
    from audit import eurostat
    from audit.models import StatIndicator, StatValue
    from network.models import Country

    for code in ("BG", "CZ", "HR", "IT", "SK"):
        Country.objects.get_or_create(code=code, defaults={"names": {"en": code}})
    StatIndicator.objects.filter(code="bench-employment").delete()
    StatIndicator.objects.create(
        code="bench-employment",
        names={"en": "Bench"},
        dataset="bench_tsv",
        filters={"freq": "A", "unit": "PC", "sex": "T", "age": "Y020-00", "citizen": "NEU27_2020_FOR"},
    )
    before = proc_status("VmHWM"), proc_status("VmRSS")
    began = time.perf_counter()
    with path.open(encoding="utf-8") as lines:
        result = eurostat.import_tsv(lines, "bench_tsv")
    seconds = time.perf_counter() - began
    stored = StatValue.objects.filter(indicator__code="bench-employment").count()
    return {
        "lines": result.lines,
        "seconds": round(seconds, 2),
        "lines_per_second": round(result.lines / seconds),
        "stored": stored,
        "rss_before_mb": before[1],
        "peak_before_mb": before[0],
        "peak_after_mb": proc_status("VmHWM"),
        "file_mb": round(path.stat().st_size / 2**20, 1),
    }


def proc_status(field_name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def worker_main(args: argparse.Namespace) -> int:
    setup(bench_env(Path(args.db_path)))
    if args.worker == "build":
        result = build(args.seed)
    elif args.worker == "counts":
        result = counts()
    elif args.worker == "tsv":
        result = tsv_import(Path(args.tsv))
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
    parser = argparse.ArgumentParser(description="Integra audit bench (make bench-audit)")
    parser.add_argument("--worker", choices=["build", "counts", "inprocess", "tsv"])
    parser.add_argument("--tsv", default=str(BASE_DIR / "var" / "bench" / "eurostat-1m.tsv"))
    parser.add_argument("--tsv-lines", type=int, default=TSV_LINES)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--db-path", type=Path, default=BASE_DIR / "var" / "bench" / "audit.sqlite3")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    if args.worker:
        return worker_main(args)

    started = time.perf_counter()
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
    if args.rebuild or run_worker(env, args, "counts") != EXPECTED:
        log(
            f"building: {CITIES:,} cities x 2 frozen rounds, "
            f"one round of {INDICATORS} indicators x {RESPONDENTS} respondents"
        )
        built = run_worker(env, args, "build")
        log(f"built in {built['seconds']} s")
    else:
        log("reusing the existing data set")
    subprocess.run([python(), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    log("in-process measurements")
    inproc = run_worker(env, args, "inprocess")
    tsv = Path(args.tsv)
    if not tsv.exists() or sum(1 for _ in tsv.open()) != args.tsv_lines + 1:
        log(f"writing a {args.tsv_lines:,}-line Eurostat-shaped file")
        write_tsv(tsv, args.tsv_lines, args.seed)
    log("streaming import of the TSV file (fresh process)")
    inproc["tsv"] = run_worker(env, args, "tsv")
    log(f"TSV: {inproc['tsv']}")
    target = inproc["target_round"]
    pages = [
        ("bare", "/bench/bare/"),
        ("round page (200 indicators, 30 respondents)", f"/en/audit/rounds/{target}/"),
        ("comparison and peers over 1,000 cities", f"/en/audit/rounds/{target}/compare/"),
        ("comparison with another city", f"/en/audit/rounds/{target}/compare/?with=bench-city-0500"),
        ("rounds API, first page", f"/api/v1/rounds/?framework__code={CODE}"),
    ]
    port = free_port()
    proc = start_gunicorn(args, env, port, BASE_DIR / "var" / "bench" / "gunicorn-audit.log")
    rows: list[dict[str, Any]] = []
    sampler = None
    try:
        wait_ready(proc, port)
        sampler = MemorySampler(proc.pid)
        sampler.start()
        for label, path in pages:
            headers = None if label == "bare" else UNCACHED_HEADERS
            warm_up(port, path, args.workers * args.threads, per_client=2, headers=headers)
            before = cpu_snapshot(proc.pid)
            requests = args.requests * (10 if label == "bare" else 1)
            result = measure(port, path, requests, 1, args.max_seconds, headers=headers)
            cpu = cpu_usage(before, cpu_snapshot(proc.pid))
            row: dict[str, Any] = {
                "label": label,
                "path": path,
                "requests": result.requests,
                "rps": round(result.throughput, 1),
                "p50": round(result.percentile(50), 1),
                "p95": round(result.percentile(95), 1),
                "max": round(max(result.latencies_ms, default=0), 1),
                "statuses": {int(k): v for k, v in result.statuses.items()},
                "bytes": round(result.bytes / result.requests) if result.requests else 0,
                "cpu_ms_per_request": round(1000 * cpu["server_cpu_s"] / result.requests, 2) if result.requests else 0,
            }
            rows.append(row)
            log(
                f"{label:48} p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms  "
                f"{row['rps']:7.1f} req/s  {row['statuses']}"
            )
    finally:
        if sampler is not None:
            sampler.stop()
        stop_gunicorn(proc)
    bare = float(rows[0]["rps"]) or 1.0
    for measured in rows:
        measured["ratio"] = round(float(measured["rps"]) / bare, 3)
    payload: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(),
        "database": vendor,
        "machine": machine(),
        "built": built,
        "in_process": inproc,
        "http": rows,
        "peak_rss_mb": round(sampler.peak, 1) if sampler else None,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    markdown = render(payload)
    print(markdown)
    results = BENCH_DIR / "results"
    results.mkdir(exist_ok=True)
    stamp = f"audit-{vendor}-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    (results / f"{stamp}.json").write_text(json.dumps(payload, indent=2, default=str))
    (results / f"{stamp}.md").write_text(markdown + "\n")
    shutil.copyfile(results / f"{stamp}.json", results / "audit.json")
    shutil.copyfile(results / f"{stamp}.md", results / "audit.md")
    return 0 if all(set(row["statuses"]) == {200} for row in rows) else 1


def render(payload: dict[str, Any]) -> str:
    inproc = payload["in_process"]
    lines = [
        f"# Audit bench {payload['timestamp'][:16]} UTC",
        "",
        f"Database: {payload['database']}. Machine: {payload['machine'].get('cpu_count')} CPUs. "
        f"Data: a framework of {INDICATORS} indicators; one round with {RESPONDENTS} respondents "
        f"({INDICATORS * RESPONDENTS:,} answers) and {INDICATORS} agreed answers; {CITIES:,} other cities with two "
        "frozen rounds each (profiles written directly, seeded random scores).",
        "",
        "## In process",
        "",
        "| Step | n | p50 ms | p95 ms | mean ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in (
        ("round_scores", f"score the round ({INDICATORS} indicators, {RESPONDENTS * INDICATORS:,} answers read)"),
        ("frozen_profiles", f"read the {2 * CITIES:,} frozen profiles"),
        ("network_average", "network average over their latest rounds"),
        ("peers", f"peer search over {CITIES:,} cities"),
        (
            "agree_page_view",
            "agree page, first area: the view and its template (50 questions with the group's answers)",
        ),
    ):
        item = inproc[key]
        lines.append(f"| {label} | {item['n']} | {item['p50']} | {item['p95']} | {item['mean']} |")
    tsv = inproc["tsv"]
    lines += [
        "",
        f"Streaming import of a {tsv['lines']:,}-line Eurostat TSV ({tsv['file_mb']} MB, 8 year columns, 40 "
        f"geographies): {tsv['seconds']} s, {tsv['lines_per_second']:,} lines/s, {tsv['stored']} figures stored; "
        f"process peak RSS {tsv['peak_before_mb']} MB before the import and {tsv['peak_after_mb']} MB after "
        f"(goal: flat, under 200 MB).",
    ]
    lines += [
        "",
        f"Freezing the round (scores and the stored profile, once): {inproc['freeze_ms']} ms. "
        f"Peers found: {inproc['peers_found']}.",
        "",
        "## Over HTTP (gunicorn, 2 gthread workers × 2 threads, one client, page cache skipped)",
        "",
        "| Page | Requests | req/s | × bare | p50 ms | p95 ms | max ms | Server CPU ms/req | Statuses |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in payload["http"]:
        lines.append(
            f"| {row['label']} | {row['requests']} | {row['rps']:,} | {row['ratio']} | {row['p50']} | {row['p95']} | "
            f"{row['max']} | {row['cpu_ms_per_request']} | {row['statuses']} |"
        )
    lines += ["", f"Peak RSS of the server tree: {payload['peak_rss_mb']} MB. Wall time: {payload['wall_seconds']} s."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
