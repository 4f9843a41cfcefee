"""Context statistics: Eurostat's bulk TSV format streamed in, CSV rows, and the shipped mappings.

Eurostat's bulk TSV: one header line whose first cell names the dimensions and the time axis
(``freq,unit,sex,age,citizen,geo\\TIME_PERIOD``), then a tab and one column per year; each row's
first cell holds the row's dimension codes, comma-separated, and each value cell a number with
optional flags (``58.0 b``) or ``:`` for missing (``: c`` when confidential).

The importer reads the file line by line and keeps only the values a context indicator maps to
(its ``dataset`` and dimension ``filters``), so memory stays flat whatever the file's size. Every
line is checked; a file with any problem (wrong header, a row of the wrong shape, a malformed
code, a non-numeric value, an unknown flag) imports nothing, and the problems are reported with
their line numbers. Rows of countries the platform does not hold (Eurostat's files cover 40
geographies and aggregates such as EU27_2020) are counted and skipped.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import StatIndicator, StatOrigin, StatValue
from network.models import Area, City, Country

FLAGS = frozenset("bcdefnprsuz")  # Eurostat's flag letters
CODE = re.compile(r"^[A-Za-z0-9_\-.]+$")
YEAR = re.compile(r"^\d{4}$")
DIMENSION = re.compile(r"^[a-z_]+$")
MAX_PROBLEMS = 20
MAPPINGS = Path(__file__).resolve().parent / "statistics" / "indicators.json"
SAMPLES = Path(__file__).resolve().parent / "statistics"


class ImportFailed(ValueError):
    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"{line}: {reason}" for line, reason in problems))
        self.problems = problems


@dataclass
class ImportResult:
    dataset: str
    lines: int = 0
    stored: int = 0
    missing: int = 0
    other_places: int = 0
    indicators: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _parse_cell(text: str) -> tuple[float | None, str]:
    """(value, flags) of one cell; ``None`` for missing. Raises ValueError with the reason."""
    text = text.strip()
    if text.startswith(":"):
        value: float | None = None
        flags = text[1:].strip()
    else:
        number, _sep, flags = text.partition(" ")
        try:
            value = float(number)
        except ValueError:
            raise ValueError(_("“%(text)s” is not a number") % {"text": text[:40]}) from None
        flags = flags.strip()
    if flags and not set(flags) <= FLAGS:
        raise ValueError(_("unknown flag “%(flags)s”") % {"flags": flags[:10]})
    return value, flags


def import_tsv(lines: Iterable[str], dataset: str) -> ImportResult:
    """Import the values of the indicators mapped to ``dataset`` from Eurostat TSV ``lines``."""
    began = time.perf_counter()
    result = ImportResult(dataset=dataset)
    problems: list[tuple[int, str]] = []
    indicators = list(StatIndicator.objects.filter(dataset=dataset))
    if not indicators:
        raise ImportFailed(
            [(0, _("No context indicator is mapped to the dataset %(dataset)s.") % {"dataset": dataset})]
        )
    countries = set(Country.objects.values_list("code", flat=True))
    stream = iter(lines)
    header = next(stream, "").lstrip("\ufeff").rstrip("\r\n")
    cells = header.split("\t")
    dimensions_cell, _backslash, time_axis = cells[0].partition("\\")
    dimensions = [d.strip() for d in dimensions_cell.split(",")]
    years = [cell.strip() for cell in cells[1:]]
    if not _backslash or time_axis.strip().upper() not in ("TIME_PERIOD", "TIME"):
        problems.append((1, _("the first cell must name the dimensions and the time axis, like freq,geo\\TIME_PERIOD")))
    elif not all(DIMENSION.match(d) for d in dimensions) or "geo" not in dimensions:
        problems.append((1, _("the dimensions must be lower-case names and include geo")))
    elif not years or not all(YEAR.match(y) for y in years):
        problems.append((1, _("every column after the first must be a year (only annual data is read)")))
    else:
        for indicator in indicators:
            unknown = sorted(set(indicator.filters) - set(dimensions))
            if unknown:
                problems.append(
                    (
                        1,
                        _("the file has no dimension %(names)s that indicator %(code)s filters on")
                        % {"names": ", ".join(unknown), "code": indicator.code},
                    )
                )
    if problems:
        raise ImportFailed(problems)
    geo = dimensions.index("geo")
    matchers = [
        (indicator, [(dimensions.index(key), str(value)) for key, value in indicator.filters.items()])
        for indicator in indicators
    ]
    width = len(years) + 1
    found: dict[tuple[int, str, int], tuple[float, str]] = {}
    number = 1
    for number, raw in enumerate(stream, start=2):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        result.lines += 1
        row = line.split("\t")
        if len(row) != width:
            problems.append(
                (number, _("expected %(expected)d cells, found %(found)d") % {"expected": width, "found": len(row)})
            )
        else:
            codes = row[0].split(",")
            if len(codes) != len(dimensions) or not all(CODE.match(code) for code in codes):
                problems.append((number, _("the codes “%(codes)s” do not fit the dimensions") % {"codes": row[0][:80]}))
            else:
                matched = [indicator for indicator, conditions in matchers if all(codes[i] == v for i, v in conditions)]
                place = codes[geo]
                keep = bool(matched) and place in countries
                if matched and not keep:
                    result.other_places += 1
                for column, cell in enumerate(row[1:]):
                    try:
                        value, flags = _parse_cell(cell)
                    except ValueError as error:
                        problems.append((number, f"{years[column]}: {error}"))
                        continue
                    if value is None:
                        result.missing += keep
                    elif keep:
                        for indicator in matched:
                            found[(indicator.pk, place, int(years[column]))] = (value, flags)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ImportFailed(problems)
    result.stored = _store(found)
    result.indicators = [indicator.code for indicator in indicators]
    result.seconds = round(time.perf_counter() - began, 2)
    return result


@transaction.atomic
def _store(found: dict[tuple[int, str, int], tuple[float, str]]) -> int:
    """Upsert country figures: one read of the existing ones, then bulk updates and inserts."""
    if not found:
        return 0
    indicator_ids = {key[0] for key in found}
    existing = {
        (v.indicator_id, v.country_id, v.year): v
        for v in StatValue.objects.filter(indicator_id__in=indicator_ids, city__isnull=True)
    }
    changed, created = [], []
    for (indicator_id, country, year), (value, flags) in found.items():
        current = existing.get((indicator_id, country, year))
        if current is None:
            created.append(
                StatValue(
                    indicator_id=indicator_id,
                    country_id=country,
                    year=year,
                    value=value,
                    flags=flags,
                    origin=StatOrigin.EUROSTAT,
                )
            )
        elif (current.value, current.flags) != (value, flags):
            current.value, current.flags, current.origin = value, flags, StatOrigin.EUROSTAT
            changed.append(current)
    StatValue.objects.bulk_create(created, batch_size=500)
    StatValue.objects.bulk_update(changed, ["value", "flags", "origin", "updated"], batch_size=500)
    return len(created) + len(changed)


def import_rows(rows: list[dict[str, str]], origin: str = StatOrigin.CSV) -> int:
    """Figures from a table with the columns indicator, place (country code or city slug), year, value, flags.

    All rows are checked first; any problem imports nothing (``ImportFailed`` with the row numbers).
    """
    indicators = {i.code: i for i in StatIndicator.objects.all()}
    countries = set(Country.objects.values_list("code", flat=True))
    cities = {c.slug: c for c in City.objects.all()}
    problems: list[tuple[int, str]] = []
    clean = []
    for number, row in enumerate(rows, start=2):
        indicator = indicators.get(row.get("indicator", ""))
        place = row.get("place", "")
        if indicator is None:
            problems.append((number, _("unknown indicator “%(code)s”") % {"code": row.get("indicator", "")[:60]}))
            continue
        if place.upper() not in countries and place not in cities:
            problems.append((number, _("“%(place)s” is neither a country code nor a city") % {"place": place[:60]}))
            continue
        year_text = row.get("year", "")
        if not YEAR.match(year_text):
            problems.append((number, _("“%(year)s” is not a year") % {"year": year_text[:20]}))
            continue
        try:
            value, flags = _parse_cell(f"{row.get('value', '')} {row.get('flags', '')}".strip())
        except ValueError as error:
            problems.append((number, str(error)))
            continue
        if value is None:
            problems.append((number, _("the value is missing")))
            continue
        clean.append((indicator, place, int(year_text), value, flags))
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    with transaction.atomic():
        for indicator, place, year, value, flags in clean:
            where: dict[str, Any] = (
                {"country_id": place.upper(), "city": None}
                if place.upper() in countries
                else {"city": cities[place], "country": None}
            )
            StatValue.objects.update_or_create(
                indicator=indicator, year=year, **where, defaults={"value": value, "flags": flags, "origin": origin}
            )
    return len(clean)


def load_mappings() -> list[StatIndicator]:
    """Create the shipped context indicators (``statistics/indicators.json``) that are not there yet."""
    created = []
    areas = {area.code: area for area in Area.objects.all()}
    for item in json.loads(MAPPINGS.read_text(encoding="utf-8")):
        indicator, made = StatIndicator.objects.get_or_create(
            code=item["code"],
            defaults={
                "names": item["names"],
                "unit": item.get("unit", ""),
                "area": areas.get(item.get("area", "")),
                "source": item.get("source", ""),
                "dataset": item.get("dataset", ""),
                "filters": item.get("filters", {}),
                "higher_is_better": item.get("higher_is_better"),
            },
        )
        if made:
            created.append(indicator)
    return created


def import_samples() -> list[ImportResult]:
    """Import the sample Eurostat files shipped in ``statistics/`` (made by this project, see its README)."""
    results = []
    for path in sorted(SAMPLES.glob("*.tsv")):
        with path.open(encoding="utf-8") as lines:
            results.append(import_tsv(lines, path.stem))
    return results
