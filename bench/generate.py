"""Build (or check) the large synthetic data set the bench runs against.

Run by ``bench/run.py`` in its own Django process, with the bench's environment
(``SQLITE_PATH`` or ``DATABASE_URL``), after ``manage.py migrate``::

    python bench/generate.py status --scale 1.0   # row counts, and whether they are the expected ones
    python bench/generate.py build --scale 1.0    # insert everything (the tables must be empty)

Both print one JSON object on the last line of stdout. Rows are written with raw
``executemany`` through Django's connection in batches, with explicit primary keys,
so the same code serves SQLite and PostgreSQL. Everything comes from one seeded
``random.Random``: the same scale and seed always give the same rows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")

import django  # noqa: E402

django.setup()

from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402

from lib.text import fold  # noqa: E402
from network.models import (  # noqa: E402
    Area,
    City,
    Country,
    MemberRole,
    Membership,
    Network,
    NetworkKind,
    NetworkText,
    Organisation,
    OrganisationKind,
    Person,
    Provenance,
    Tie,
    Visibility,
)

GENERATOR_VERSION = 1
BATCH = 5000
BENCH_NETWORK_SLUG = "bench-200"
BENCH_NETWORK_SIZE = 200
SEARCH_WORD = "mosaic"  # occurs in about one organisation name in twenty (the "Mosaic" core word)

COUNTRIES = [
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("BG", "Bulgaria"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DK", "Denmark"),
    ("EE", "Estonia"),
    ("ES", "Spain"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("GR", "Greece"),
    ("HR", "Croatia"),
    ("HU", "Hungary"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia"),
    ("MT", "Malta"),
    ("NL", "Netherlands"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("RO", "Romania"),
    ("SE", "Sweden"),
    ("SI", "Slovenia"),
    ("SK", "Slovakia"),
    ("NO", "Norway"),
    ("CH", "Switzerland"),
    ("RS", "Serbia"),
]
CITY_HEADS = [
    "Nova",
    "Stara",
    "Bela",
    "Zelen",
    "Gor",
    "Dol",
    "Vel",
    "Mal",
    "Kras",
    "Lip",
    "Bor",
    "Dub",
    "Jas",
    "Brez",
    "Trav",
    "Ros",
    "Sol",
    "Kam",
    "Vod",
    "Luk",
    "Pol",
    "Sren",
    "Rad",
    "Mir",
    "Slav",
    "Dan",
    "Mar",
    "Ost",
    "Fel",
    "Alt",
    "Neu",
    "Bad",
    "Sankt",
    "Porto",
    "Monte",
    "Villa",
    "Castel",
    "Fonte",
    "Aigue",
    "Bel",
]
CITY_TAILS = [
    "grad",
    "vice",
    "ov",
    "ec",
    "ano",
    "heim",
    "burg",
    "dorf",
    "ville",
    "mont",
    "polje",
    "sko",
    "ica",
    "ara",
    "ino",
    "stad",
    "by",
    "berg",
    "hausen",
    "ona",
    "ija",
    "ovo",
    "ach",
]
ORG_HEADS = [
    "Open",
    "New",
    "United",
    "Bright",
    "Civic",
    "Blue",
    "Green",
    "Silver",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Old Town",
    "River",
    "Harbour",
    "Mountain",
    "Valley",
    "Lakeside",
    "Bridge",
]
ORG_CORES = [
    "Hands",
    "Horizons",
    "Roots",
    "Paths",
    "Voices",
    "Doors",
    "Steps",
    "Neighbours",
    "Futures",
    "Welcome",
    "Together",
    "Compass",
    "Lantern",
    "Harvest",
    "Anchor",
    "Circle",
    "Mosaic",
    "Atlas",
    "Beacon",
    "Commons",
]
KIND_WORDS: dict[str, list[str]] = {
    "municipality": ["Municipality"],
    "municipal_department": ["Social Affairs Department", "Education Department", "Housing Department"],
    "council": ["City Council"],
    "region": ["Regional Office"],
    "state_body": ["State Agency"],
    "migration_office": ["Migration Office"],
    "foreign_police": ["Foreign Police Unit"],
    "labour_office": ["Labour Office"],
    "ombudsperson": ["Ombuds Office"],
    "international": ["International Mission"],
    "ngo": ["Association", "Initiative", "Foundation"],
    "charity": ["Charity", "Relief Fund"],
    "research": ["Institute", "Research Centre"],
    "media": ["Media Lab", "Radio"],
    "faith": ["Parish Community", "Faith Circle"],
    "migrant_association": ["Migrants' Association", "Diaspora Club"],
    "employer": ["Cooperative", "Enterprises"],
    "school": ["School", "Language School"],
    "reception": ["Reception Cooperative"],
    "other": ["Network Hub"],
}
FIRST_NAMES = [
    "Anna",
    "Petr",
    "Maria",
    "Ivan",
    "Elena",
    "Marco",
    "Giulia",
    "Tomas",
    "Jana",
    "Luca",
    "Sofia",
    "Nikola",
    "Ana",
    "Milan",
    "Olena",
    "Dmytro",
    "Fatima",
    "Ahmad",
    "Linh",
    "Minh",
    "Zeynep",
    "Emre",
    "Katarina",
    "Marek",
    "Eva",
    "Pavel",
    "Laura",
    "Paolo",
    "Iva",
    "Goran",
    "Mira",
    "Andrei",
    "Ioana",
    "Lukas",
    "Lea",
    "Jonas",
    "Sara",
    "David",
    "Nora",
    "Ali",
]
LAST_NAMES = [
    "Novak",
    "Horvat",
    "Rossi",
    "Ivanova",
    "Petrov",
    "Kovac",
    "Dvorak",
    "Bianchi",
    "Georgiev",
    "Nguyen",
    "Yilmaz",
    "Shevchenko",
    "Kowalski",
    "Popescu",
    "Müller",
    "Svoboda",
    "Ferrari",
    "Dimitrova",
    "Tran",
    "Karimi",
    "Hosseini",
    "Bondarenko",
    "Marin",
    "Babic",
    "Romano",
    "Stoyanov",
    "Kral",
    "Varga",
    "Demir",
    "Le",
]
POSITIONS = ["Director", "Project manager", "Social worker", "Coordinator", "Volunteer lead", "Head of unit", ""]
SIG_TOPICS = ["Stakeholder Integration Group", "Housing Working Group", "Language Round Table", "Employment Forum"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def targets(scale: float) -> dict[str, int]:
    """The row counts a data set of this scale must have (memberships vary and are checked loosely)."""
    cities = max(20, round(1000 * scale))
    networks = max(10, round(2000 * scale))
    return {
        "countries": len(COUNTRIES),
        "cities": cities,
        "organisations": max(400, round(50_000 * scale)),
        "people": max(100, round(200_000 * scale)),
        "ties": max(300, round(300_000 * scale)),
        "networks": networks,  # one of them is the 200-member cross-border network
    }


def counts() -> dict[str, int]:
    return {
        "countries": Country.objects.count(),
        "areas": Area.objects.count(),
        "cities": City.objects.count(),
        "organisations": Organisation.objects.count(),
        "organisation_areas": Organisation.areas.through.objects.count(),
        "people": Person.objects.count(),
        "ties": Tie.objects.count(),
        "networks": Network.objects.count(),
        "memberships": Membership.objects.count(),
    }


def status(scale: float) -> dict[str, Any]:
    try:
        actual = counts()
    except Exception as error:  # no tables yet
        return {"match": False, "reason": f"cannot count rows: {error}", "counts": {}}
    expected = targets(scale)
    mismatched = {k: (actual.get(k), v) for k, v in expected.items() if actual.get(k) != v}
    bench = Network.objects.filter(slug=BENCH_NETWORK_SLUG).first()
    bench_members = bench.memberships.count() if bench else 0
    reason = ""
    if mismatched:
        reason = "row counts differ from the expected ones (actual, expected): " + json.dumps(mismatched)
    elif bench_members != BENCH_NETWORK_SIZE:
        reason = f"network {BENCH_NETWORK_SLUG!r} has {bench_members} members, not {BENCH_NETWORK_SIZE}"
    elif actual["memberships"] < 5 * (expected["networks"] - 1):
        reason = "too few memberships"
    return {"match": not reason, "reason": reason, "counts": actual, "expected": expected, **pick_samples()}


def pick_samples() -> dict[str, Any]:
    """What the bench asks for: a real organisation's slug and a search word that occurs."""
    if not Organisation.objects.exists():
        return {}
    # A typical organisation: the one in the middle of the id range that has ties, people and a network.
    middle = (Organisation.objects.order_by("-id").values_list("id", flat=True).first() or 0) // 2
    candidates = (
        Organisation.objects.filter(
            id__gte=middle, ties_out__isnull=False, people__isnull=False, memberships__isnull=False
        )
        .order_by("id")
        .values_list("slug", flat=True)
    )
    profile = candidates.first() or Organisation.objects.order_by("id").values_list("slug", flat=True).first()
    return {
        "profile_slug": profile,
        "search_word": SEARCH_WORD,
        "search_matches": Organisation.objects.search(SEARCH_WORD).count(),
    }


class Writer:
    """Raw batched inserts through Django's connection, values adapted per backend."""

    def __init__(self) -> None:
        self.cursor = connection.cursor()
        self.json_cache: dict[str, Any] = {}

    def insert(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        qn = connection.ops.quote_name
        table = qn(model._meta.db_table)
        names = ", ".join(qn(getattr(model._meta.get_field(c), "column", c)) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names come from model meta
        total = 0
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                self.cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            self.cursor.executemany(sql, batch)
            total += len(batch)
        return total

    def json(self, model: type[models.Model], field: str, value: Any) -> Any:
        return model._meta.get_field(field).get_db_prep_save(value, connection)  # type: ignore[union-attr]


def build(scale: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    want = targets(scale)
    ops = connection.ops
    started = time.perf_counter()
    steps: dict[str, float] = {}
    base_time = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    base_day = date(2015, 1, 1)
    day_cache: dict[int, Any] = {}
    stamp_cache: dict[int, Any] = {}

    def day(offset: int) -> Any:
        if offset not in day_cache:
            day_cache[offset] = ops.adapt_datefield_value(base_day + timedelta(days=offset))
        return day_cache[offset]

    def stamp(offset_hours: int) -> Any:
        if offset_hours not in stamp_cache:
            stamp_cache[offset_hours] = ops.adapt_datetimefield_value(base_time - timedelta(hours=offset_hours))
        return stamp_cache[offset_hours]

    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("PRAGMA synchronous=OFF")
            c.execute("PRAGMA cache_size=-262144")  # 256 MB page cache while writing
            c.execute("PRAGMA temp_store=MEMORY")

    if Organisation.objects.exists() or City.objects.exists():
        raise SystemExit("generate: the bench tables are not empty; run with --rebuild")

    fixture = json.loads((BASE_DIR / "network" / "fixtures" / "vocabularies.json").read_text())
    w = Writer()
    mark = time.perf_counter()

    with transaction.atomic():
        # Vocabularies: ~30 countries (the fixture's names where it has them), the 14 areas of work.
        country_rows = []
        for code, name in COUNTRIES:
            names = fixture["countries"].get(code) or {"en": name}
            country_rows.append((code, w.json(Country, "names", names)))
        w.insert(Country, ["code", "names"], country_rows)
        existing_areas = dict(Area.objects.values_list("code", "id"))
        area_rows = []
        next_area = max(existing_areas.values(), default=0) + 1
        for code, names in fixture["areas"].items():
            if code not in existing_areas:
                area_rows.append((next_area, code, w.json(Area, "names", names)))
                existing_areas[code] = next_area
                next_area += 1
        w.insert(Area, ["id", "code", "names"], area_rows)
        area_ids = sorted(existing_areas.values())

        # Cities: spread over the countries, with a skewed size (a few big cities, many small ones).
        city_names: list[str] = []
        seen: set[str] = set()
        city_country: list[str] = []
        city_rows = []
        empty_names = w.json(City, "names", {})
        for i in range(want["cities"]):
            code = COUNTRIES[i % len(COUNTRIES)][0] if i < len(COUNTRIES) else rng.choice(COUNTRIES)[0]
            name = rng.choice(CITY_HEADS) + rng.choice(CITY_TAILS)
            while name in seen:
                name = (
                    rng.choice(CITY_HEADS)
                    + rng.choice(CITY_TAILS)
                    + " "
                    + rng.choice(["Nord", "Sud", "Ost", "West", "Novo", "Gornji", "Donji", "Maggiore", "Minore"])
                )
                if name in seen:
                    name = f"{name} {i}"
            seen.add(name)
            city_names.append(name)
            city_country.append(code)
            population = int(rng.paretovariate(1.2) * 8000)
            city_rows.append(
                (
                    i + 1,
                    name,
                    f"{slug(name)}-{code.lower()}",
                    code,
                    empty_names,
                    population,
                    int(population * rng.uniform(0.01, 0.15)),
                    "",
                    fold(name),
                    1,
                )
            )
        w.insert(
            City,
            [
                "id",
                "name",
                "slug",
                "country",
                "names",
                "population",
                "foreign_residents",
                "context",
                "search_text",
                "version",
            ],
            city_rows,
        )
        city_weights = [row[5] ** 0.5 for row in city_rows]
        steps["vocabularies+cities"] = time.perf_counter() - mark
        mark = time.perf_counter()

        # Organisations: five per city first, the rest spread by city size.
        n_orgs = want["organisations"]
        kinds = [k.value for k in OrganisationKind]
        org_city: list[int] = []
        for i in range(n_orgs):
            if i < 5 * want["cities"]:
                org_city.append(i % want["cities"] + 1)
            else:
                org_city.append(rng.choices(range(1, want["cities"] + 1), weights=city_weights)[0])
        org_names: list[str] = []
        org_rows = []
        org_area_rows = []
        orgs_by_city: dict[int, list[int]] = {}
        for i in range(n_orgs):
            pk = i + 1
            kind = rng.choice(kinds)
            city = org_city[i]
            orgs_by_city.setdefault(city, []).append(pk)
            cname = city_names[city - 1]
            shape = rng.random()
            if kind in ("municipality", "council", "region", "labour_office", "migration_office", "foreign_police"):
                name = f"{cname} {rng.choice(KIND_WORDS[kind])}"
                if shape < 0.5:
                    name = f"{name} {rng.choice(ORG_HEADS)} {rng.choice(ORG_CORES)} Desk"
            elif shape < 0.6:
                name = f"{rng.choice(ORG_HEADS)} {rng.choice(ORG_CORES)} {rng.choice(KIND_WORDS[kind])}"
            else:
                name = f"{rng.choice(ORG_CORES)} {rng.choice(KIND_WORDS[kind])} {cname}"
            org_names.append(name)
            acronym = "".join(word[0] for word in name.split() if word[0].isupper())[:8] if rng.random() < 0.4 else ""
            website = f"https://{slug(name)[:40]}.example.org" if rng.random() < 0.7 else ""
            email = f"info@{slug(name)[:30]}.example.org" if rng.random() < 0.6 else ""
            phone = (
                f"+{rng.randint(30, 49)} {rng.randint(100, 999)} {rng.randint(100000, 999999)}"
                if rng.random() < 0.5
                else ""
            )
            description = (
                f"{name} works with newcomers in {cname} on " + ", ".join(rng.sample(list(fixture["areas"]), 2)) + "."
                if rng.random() < 0.5
                else ""
            )
            created = rng.randint(0, 24 * 900)
            org_rows.append(
                (
                    pk,
                    name,
                    acronym,
                    f"{slug(name)[:200]}-{pk}",
                    kind,
                    city,
                    website,
                    email,
                    phone,
                    description,
                    rng.random() < 0.1,
                    fold(f"{name} {acronym}"),
                    stamp(created),
                    stamp(created // 2),
                    1,
                )
            )
            if rng.random() < 0.6:
                for area in rng.sample(area_ids, rng.randint(1, 3)):
                    org_area_rows.append((pk, area))
        w.insert(
            Organisation,
            [
                "id",
                "name",
                "acronym",
                "slug",
                "kind",
                "city",
                "website",
                "email",
                "phone",
                "description",
                "is_tcn_led",
                "search_text",
                "created",
                "updated",
                "version",
            ],
            org_rows,
        )
        through = Organisation.areas.through
        w.insert(through, ["organisation", "area"], org_area_rows)
        del org_rows
        steps["organisations"] = time.perf_counter() - mark
        mark = time.perf_counter()

        # People: a mix of visibilities, about four per organisation.
        visibilities = [Visibility.PUBLIC.value] * 10 + [Visibility.NETWORK.value] * 7 + [Visibility.PRIVATE.value] * 3

        def people() -> Iterable[tuple[Any, ...]]:
            for i in range(want["people"]):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                org = i % n_orgs + 1 if i < n_orgs else rng.randint(1, n_orgs)
                yield (
                    i + 1,
                    org,
                    None,
                    f"{first} {last}",
                    rng.choice(POSITIONS),
                    f"{first.lower()}.{slug(last)}{i}@example.org",
                    "",
                    rng.choice(visibilities),
                    stamp(rng.randint(0, 24 * 700)),
                    1,
                )

        w.insert(
            Person,
            ["id", "organisation", "user", "name", "position", "email", "phone", "visibility", "created", "version"],
            people(),
        )
        steps["people"] = time.perf_counter() - mark
        mark = time.perf_counter()

        # Networks: local groups (SIGs) of 5-15 organisations of one city, round the cities,
        # plus one 200-member cross-border partnership.
        network_rows: list[tuple[Any, ...]] = []
        membership_rows: list[tuple[Any, ...]] = []
        membership_id = 0
        roles = [MemberRole.MEMBER.value] * 6 + [
            MemberRole.ADVISOR.value,
            MemberRole.OBSERVER.value,
            MemberRole.PARTNER.value,
        ]

        def members(network_id: int, orgs: list[int]) -> None:
            nonlocal membership_id
            for position, org in enumerate(orgs):
                membership_id += 1
                role = MemberRole.COORDINATOR.value if position == 0 else rng.choice(roles)
                placed = rng.random() < 0.7
                membership_rows.append(
                    (
                        membership_id,
                        network_id,
                        org,
                        role,
                        day(rng.randint(0, 3600)) if rng.random() < 0.8 else None,
                        rng.randint(1, 5) if placed else None,
                        rng.randint(1, 5) if placed else None,
                    )
                )

        n_sigs = want["networks"] - 1
        for n in range(n_sigs):
            pk = n + 1
            city = n % want["cities"] + 1
            round_ = n // want["cities"]
            topic = SIG_TOPICS[round_ % len(SIG_TOPICS)]
            local = orgs_by_city[city]
            chosen = rng.sample(local, min(len(local), rng.randint(5, 15)))
            start = rng.randint(0, 3000)
            network_rows.append(
                (
                    pk,
                    f"{city_names[city - 1]} {topic}",
                    "SIG" if round_ == 0 else "",
                    f"sig-{city_rows[city - 1][2]}-{round_ + 1}",
                    NetworkKind.SIG.value,
                    city,
                    chosen[0],
                    "",
                    "",
                    day(start),
                    day(start + rng.randint(365, 1500)) if rng.random() < 0.5 else None,
                    "",
                    stamp(rng.randint(0, 24 * 600)),
                    stamp(rng.randint(0, 24 * 30)),
                    1,
                )
            )
            members(pk, chosen)
        bench_pk = n_sigs + 1
        # The cross-border network: 200 organisations from every country, half of them already in a SIG.
        in_sigs = sorted({row[2] for row in membership_rows})
        pool = set(rng.sample(in_sigs, min(len(in_sigs), BENCH_NETWORK_SIZE // 2)))
        while len(pool) < BENCH_NETWORK_SIZE:
            pool.add(rng.randint(1, n_orgs))
        bench_members = sorted(pool)
        rng.shuffle(bench_members)
        network_rows.append(
            (
                bench_pk,
                "Bench Cross-border Partnership",
                "BENCH",
                BENCH_NETWORK_SLUG,
                NetworkKind.PARTNERSHIP.value,
                None,
                bench_members[0],
                "AMIF",
                "101000000",
                day(2000),
                day(3200),
                "https://bench.example.org",
                stamp(100),
                stamp(1),
                1,
            )
        )
        members(bench_pk, bench_members)
        w.insert(
            Network,
            [
                "id",
                "name",
                "acronym",
                "slug",
                "kind",
                "city",
                "lead",
                "funding",
                "grant_number",
                "start",
                "end",
                "website",
                "created",
                "updated",
                "version",
            ],
            network_rows,
        )
        w.insert(
            Membership, ["id", "network", "organisation", "role", "joined", "influence", "interest"], membership_rows
        )
        w.insert(
            NetworkText,
            ["network", "language", "description", "provenance"],
            [(bench_pk, "en", "A synthetic cross-border partnership of 200 organisations.", Provenance.ORIGINAL.value)],
        )
        steps["networks+memberships"] = time.perf_counter() - mark
        mark = time.perf_counter()

        # Ties: distinct (source, target) pairs, source != target; mostly within the city, some across.
        pairs: set[tuple[int, int]] = set()
        n_ties = want["ties"]
        while len(pairs) < n_ties:
            source = rng.randint(1, n_orgs)
            if rng.random() < 0.7:
                local = orgs_by_city[org_city[source - 1]]
                target = local[rng.randrange(len(local))]
            else:
                target = rng.randint(1, n_orgs)
            if target != source:
                pairs.add((source, target))

        def ties() -> Iterable[tuple[Any, ...]]:
            for pk, (source, target) in enumerate(sorted(pairs), start=1):
                area = None if rng.random() < 0.3 else area_ids[rng.randrange(len(area_ids))]
                since = day(rng.randint(0, 3600)) if rng.random() < 0.6 else None
                yield (pk, source, target, area, since, "")

        w.insert(Tie, ["id", "source", "target", "area", "since", "description"], ties())
        steps["ties"] = time.perf_counter() - mark
        mark = time.perf_counter()

        # PostgreSQL: move the id sequences past the explicit ids.
        if connection.vendor == "postgresql":
            sql = ops.sequence_reset_sql(
                no_style(), [Area, City, Organisation, through, Person, Network, Membership, NetworkText, Tie]
            )
            with connection.cursor() as c:
                for statement in sql:
                    c.execute(statement)

    mark = time.perf_counter()
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            # No ANALYZE here: Django never runs it, so a production SQLite file has no planner
            # statistics either. Only fold the write-ahead log back into the file.
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # PostgreSQL's autovacuum analyses freshly loaded tables on its own; do it now.
            c.execute("ANALYZE")
    steps["finish"] = time.perf_counter() - mark
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "steps": {k: round(v, 1) for k, v in steps.items()},
        "seed": seed,
        "scale": scale,
        "generator_version": GENERATOR_VERSION,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["status", "build"])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()
    if args.action == "build":
        result = build(args.scale, args.seed)
        result.update(status(args.scale))
    else:
        result = status(args.scale)
    result["vendor"] = connection.vendor
    if connection.vendor == "sqlite":
        import sqlite3

        result["engine"] = f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        result["engine"] = f"PostgreSQL {version} (database {connection.settings_dict['NAME']})"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
