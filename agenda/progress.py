"""Where an agenda stands: status counts, overdue and stale measures, indicators against targets, timeline.

Each function reads a fixed number of queries whatever the agenda's size; the rest is done here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone

from agenda.models import (
    CLOSED,
    Agenda,
    AgendaStatus,
    IndicatorValue,
    Measure,
    MeasureIndicator,
    MeasureStatus,
)
from network.models import City


def number(value: float | None) -> str:
    """A figure in the reader's format: whole numbers without decimals, others with one."""
    if value is None:
        return "–"
    return formats.number_format(value, 0 if float(value).is_integer() else 1)


def short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class Value(NamedTuple):
    """One measured value of an indicator, as the pages show it."""

    measured_on: date
    value: float


@dataclass
class IndicatorRow:
    indicator: MeasureIndicator
    measure: Measure
    values: list[Value]
    from_statistics: bool = False  # the values are the context statistics' figures, none entered by hand

    @property
    def latest(self) -> Value | None:
        return self.values[-1] if self.values else None

    @property
    def progress(self) -> float | None:
        latest = self.latest
        return self.indicator.progress(latest.value if latest else None)

    @property
    def baseline_text(self) -> str:
        return number(self.indicator.baseline)

    @property
    def target_text(self) -> str:
        return number(self.indicator.target)

    @property
    def latest_text(self) -> str:
        latest = self.latest
        return number(latest.value) if latest else "–"

    @property
    def percent(self) -> int | None:
        share = self.progress
        return None if share is None else round(share)

    @property
    def reached(self) -> bool:
        latest = self.latest
        if latest is None:
            return False
        rising = self.indicator.target >= self.indicator.baseline
        return latest.value >= self.indicator.target if rising else latest.value <= self.indicator.target


@dataclass
class Overview:
    """An agenda's measures with their flags; indicators are read only by the pages that show them."""

    agenda: Agenda
    measures: list[Measure]
    counts: list[tuple[str, str, int]]
    overdue: list[Measure]
    stale: list[Measure]
    today: date
    budget: float = 0.0
    by_goal: list[tuple[Any, list[Measure]]] = field(default_factory=list)

    @cached_property
    def indicators(self) -> list[IndicatorRow]:
        return indicator_rows(self.agenda, {m.pk: m for m in self.measures})

    @property
    def total(self) -> int:
        return len(self.measures)

    @property
    def reached(self) -> int:
        return sum(1 for row in self.indicators if row.reached)

    @property
    def segments(self) -> list[dict[str, Any]]:
        return status_segments(self.counts)


def status_segments(counts: list[tuple[str, str, int]], width: float = 700) -> list[dict[str, Any]]:
    """One stacked bar of the status counts (SVG coordinates as strings, never localised)."""
    total = sum(count for _value, _label, count in counts) or 1
    parts, x = [], 0.0
    for value, label, count in counts:
        if count:
            share = count / total * width
            parts.append({"status": value, "label": label, "count": count, "x": f"{x:.1f}", "width": f"{share:.1f}"})
            x += share
    return parts


def measures_of(agenda: Agenda, detail: bool = False) -> QuerySet[Measure]:
    """The agenda's measures; ``detail`` adds their long texts and partners (the exports print them)."""
    measures = agenda.measures.select_related("goal", "area", "lead")
    if detail:
        return measures.prefetch_related("partners")
    return measures.defer("description", "internal_notes", "staff", "funding_source")


def overview(agenda: Agenda, today: date | None = None, measures: list[Measure] | None = None) -> Overview:
    """Counts, flags and goals of the agenda's measures. Each measure gets ``flag`` ("overdue",
    "stale" or "") and ``status_label``, so that pages need not compare measures row by row."""
    today = today or timezone.localdate()
    measures = measures if measures is not None else list(measures_of(agenda))
    labels = {value: str(label) for value, label in MeasureStatus.choices}
    prefix = reverse("agenda:measure", args=[0])[: -len("0/")]
    # Late and stale are flags of a plan being carried out: not of a draft, nor of an archived one.
    followed = agenda.status == AgendaStatus.ADOPTED
    goals: dict[int | None, tuple[Any, list[Measure]]] = {}
    for measure in measures:
        measure.agenda = agenda  # one agenda object for all: is_stale reads its interval
        measure.status_label = labels[measure.status]  # type: ignore[attr-defined]
        measure.url = f"{prefix}{measure.pk}/"  # type: ignore[attr-defined]
        measure.short_title = short(measure.title)  # type: ignore[attr-defined]
        measure.flag = (  # type: ignore[attr-defined]
            ("overdue" if measure.is_overdue(today) else "stale" if measure.is_stale(today) else "") if followed else ""
        )
        goals.setdefault(measure.goal_id, (measure.goal, []))[1].append(measure)
    tally = Counter(m.status for m in measures)
    ordered_goals = sorted(goals.values(), key=lambda item: (item[0] is None, item[0].position if item[0] else 0))
    return Overview(
        agenda=agenda,
        measures=measures,
        counts=[(value, labels[value], tally.get(value, 0)) for value in MeasureStatus.values],
        overdue=[m for m in measures if followed and m.is_overdue(today)],
        stale=[m for m in measures if followed and m.is_stale(today)],
        today=today,
        budget=float(sum(m.budget for m in measures if m.budget is not None)),
        by_goal=ordered_goals,
    )


def indicator_rows(agenda: Agenda, measures: dict[int, Measure]) -> list[IndicatorRow]:
    indicators = list(
        MeasureIndicator.objects.filter(measure__agenda=agenda).select_related("framework_indicator", "statistic")
    )
    values: dict[int, list[Value]] = defaultdict(list)
    readings = IndicatorValue.objects.filter(indicator__measure__agenda=agenda).order_by("measured_on", "pk")
    for indicator_id, measured_on, value in readings.values_list("indicator_id", "measured_on", "value"):
        values[indicator_id].append(Value(measured_on, value))
    figures = statistic_figures(agenda.city, {i.statistic_id for i in indicators if i.statistic_id})
    rows = []
    for indicator in indicators:
        measure = measures.get(indicator.measure_id)
        if measure is None:
            continue
        entered = values.get(indicator.pk, [])
        if not entered and indicator.statistic_id and indicator.statistic_id in figures:
            derived = [Value(date(year, 12, 31), value) for year, value in figures[indicator.statistic_id]]
            rows.append(IndicatorRow(indicator, measure, derived, from_statistics=True))
        else:
            rows.append(IndicatorRow(indicator, measure, entered))
    return rows


def statistic_figures(city: City, statistic_ids: set[int]) -> dict[int, list[tuple[int, float]]]:
    """Each context indicator's yearly figures for the city, else for its country (one query)."""
    if not statistic_ids:
        return {}
    from audit.models import StatValue

    by_place: dict[tuple[int, bool], dict[int, float]] = defaultdict(dict)
    for figure in StatValue.objects.filter(indicator__in=statistic_ids).filter(
        Q(city=city) | Q(city__isnull=True, country=city.country_id)
    ):
        by_place[(figure.indicator_id, figure.city_id is not None)][figure.year] = figure.value
    found = {}
    for statistic in statistic_ids:
        series = by_place.get((statistic, True)) or by_place.get((statistic, False))
        if series:
            found[statistic] = sorted(series.items())
    return found


# ---------------------------------------------------------------- across the network


@dataclass
class CityRow:
    city: City
    agendas: int
    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(value, 0) for value in MeasureStatus.values]


def network_rows(page: Iterable[City], today: date | None = None) -> list[CityRow]:
    """Measures of each city's adopted agendas by status, with how many are overdue (four queries)."""
    today = today or timezone.localdate()
    cities = list(page)
    ids = [city.pk for city in cities]
    adopted = Measure.objects.filter(agenda__city__in=ids, agenda__status=AgendaStatus.ADOPTED)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in adopted.values("agenda__city", "status").annotate(n=Count("pk")).order_by():
        counts[row["agenda__city"]][row["status"]] = row["n"]
    overdue = dict(
        adopted.filter(~Q(status__in=CLOSED), end__lt=today)
        .values("agenda__city")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("agenda__city", "n")
    )
    agendas = dict(
        Agenda.objects.filter(city__in=ids, status=AgendaStatus.ADOPTED)
        .values("city")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("city", "n")
    )
    return [CityRow(city, agendas.get(city.pk, 0), counts.get(city.pk, {}), overdue.get(city.pk, 0)) for city in cities]


def network_totals(today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    adopted = Measure.objects.filter(agenda__status=AgendaStatus.ADOPTED)
    tally = dict(adopted.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n"))
    counts = [(value, str(label), tally.get(value, 0)) for value, label in MeasureStatus.choices]
    return {
        "counts": counts,
        "segments": status_segments(counts),
        "total": sum(tally.values()),
        "overdue": adopted.filter(~Q(status__in=CLOSED), end__lt=today).count(),
        "agendas": Agenda.objects.filter(status=AgendaStatus.ADOPTED).count(),
        "examples": adopted.filter(is_example=True).count(),
    }


# ---------------------------------------------------------------- timeline


@dataclass
class Bar:
    measure: Measure
    x: str
    width: str
    y: str
    label_y: str


@dataclass
class Timeline:
    bars: list[Bar]
    years: list[tuple[int, str]]
    today_x: str | None
    height: int
    width: int = 960
    label_width: int = 0
    row: int = 22


def timeline(agenda: Agenda, measures: list[Measure], today: date | None = None) -> Timeline:
    """Bars from each measure's start to its end over the agenda's period (coordinates as strings)."""
    today = today or timezone.localdate()
    first = min([date(agenda.start_year, 1, 1), *(m.start for m in measures)])
    last = max([date(agenda.end_year, 12, 31), *(m.end for m in measures)])
    span = max(1, (last - first).days)
    left, width, row = 10, 940, 22

    def x(day: date) -> float:
        return left + (day - first).days / span * width

    bars = []
    for index, measure in enumerate(measures):
        start, end = x(measure.start), x(measure.end)
        top = 30 + index * row
        bars.append(Bar(measure, f"{start:.1f}", f"{max(2.0, end - start):.1f}", f"{top}", f"{top + 14}"))
    years = [(year, f"{x(date(year, 1, 1)):.1f}") for year in range(first.year + (first.month > 1), last.year + 1)]
    today_x = f"{x(today):.1f}" if first <= today <= last else None
    return Timeline(bars=bars, years=years, today_x=today_x, height=40 + len(measures) * row)


def latest_updates(measures: list[Measure]) -> dict[int, Any]:
    """Each measure's latest progress update (one query)."""
    from agenda.models import ProgressUpdate

    latest: dict[int, Any] = {}
    updates = ProgressUpdate.objects.filter(measure__in=[m.pk for m in measures]).only(
        "measure_id", "narrative", "created"
    )
    for update in updates.order_by("-created", "-pk"):
        latest.setdefault(update.measure_id, update)
    return latest
