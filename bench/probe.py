"""Count the SQL queries each bench page runs, in a Django process of its own.

Reads a JSON list of ``[label, path]`` pairs on stdin, calls each path with
``django.test.Client`` (same settings module and environment as the served app)
twice: the first call is captured as the "cold" count (it fills caches such as the
graph cache), the second as the steady-state count the load test sees. For the
slowest query of the steady-state call it also asks the database for its plan.
Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

DECLARE = re.compile(r"^DECLARE\s+.*?\s+CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+(.*)$", re.IGNORECASE | re.DOTALL)


def plain_select(sql: str) -> str | None:
    """The SELECT to re-run for timing and plans (PostgreSQL iterators come as DECLARE ... CURSOR FOR SELECT)."""
    match = DECLARE.match(sql)
    if match:
        sql = match.group(1)
    return sql if sql.lstrip().upper().startswith(("SELECT", "WITH")) else None


def explain(sql: str) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            rows = cursor.fetchall()
    except Exception as error:
        return [f"(no plan: {error})"]
    if connection.vendor == "sqlite":
        return [f"{row[0]}|{row[1]}| {row[-1]}" for row in rows]
    return [row[0] for row in rows]


def timed(sql: str, repeat: int = 3) -> float | None:
    """Best-of-n wall time of one query, fetching every row (ms)."""
    best = float("inf")
    try:
        with connection.cursor() as cursor:
            for _ in range(repeat):
                start = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                best = min(best, time.perf_counter() - start)
    except Exception:
        return None
    return round(best * 1000, 2)


def probe(client: Client, path: str) -> dict[str, Any]:
    result: dict[str, Any] = {"path": path}
    for phase in ("cold", "warm"):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            try:
                response = client.get(path)
                status = response.status_code
                error = ""
            except Exception as exc:  # the page crashed: report it like a 500
                status, error = 500, f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - start
        queries: list[dict[str, Any]] = [
            {"sql": q["sql"], "ms": round(float(q["time"]) * 1000, 2)} for q in captured.captured_queries
        ]
        result[phase] = {
            "status": status,
            "error": error,
            "queries": len(queries),
            "sql_ms": round(sum(q["ms"] for q in queries), 1),
            "page_ms": round(elapsed * 1000, 1),
        }
        if phase == "warm":
            slowest = sorted(queries, key=lambda q: -q["ms"])[:3]
            for query in slowest:
                select = plain_select(query["sql"])
                query["ms_full_fetch"] = timed(select) if select else None
                if query is slowest[0] and select:
                    query["plan"] = explain(select)
            result["slowest"] = slowest
            result["all_sql"] = [q["sql"][:300] for q in queries]
    return result


def main() -> None:
    pages = json.load(sys.stdin)
    # DEBUG=0 with ALLOWED_HOSTS=127.0.0.1,localhost: present the same host the load client uses.
    client = Client(SERVER_NAME="127.0.0.1")
    # Rows marked "(no page cache)" are requested with a session cookie, as the load client does.
    uncached = Client(SERVER_NAME="127.0.0.1", HTTP_COOKIE="sessionid=bench-no-page-cache")
    out = {label: probe(uncached if label.endswith("(no page cache)") else client, path) for label, path in pages}
    print(json.dumps({"vendor": connection.vendor, "pages": out}))


if __name__ == "__main__":
    main()
