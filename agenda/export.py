"""The agenda as a PDF to print and an XLSX to work with, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agenda.models import Agenda
from agenda.progress import Overview, number
from lib import pdf as lib_pdf
from lib.pdf import FontsMissing as FontsMissing
from lib.tabular import xlsx_response


def _date(day: Any) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def rows(overview: Overview, internal: bool) -> list[list[Any]]:
    indicators: dict[int, list[str]] = {}
    for row in overview.indicators:
        latest = row.latest
        indicators.setdefault(row.measure.pk, []).append(
            f"{row.indicator.label}: {number(row.indicator.baseline)} → {number(row.indicator.target)}"
            + (f" ({_('latest')} {number(latest.value)})" if latest else "")
        )
    table = []
    for measure in overview.measures:
        line = [
            measure.goal.title if measure.goal else "",
            measure.title,
            measure.area.name if measure.area else "",
            measure.lead.name if measure.lead else "",
            ", ".join(p.name for p in measure.partners.all()),
            measure.get_involvement_display(),
            float(measure.budget) if measure.budget is not None else "",
            measure.funding_source,
            measure.start,
            measure.end,
            measure.get_status_display(),
            measure.percent_done,
            "; ".join(indicators.get(measure.pk, [])),
        ]
        if internal:
            line.append(measure.internal_notes)
        table.append(line)
    return table


def header(internal: bool) -> list[str]:
    names = [
        _("Goal"),
        _("Measure"),
        _("Area"),
        _("Lead organisation"),
        _("Partners"),
        _("How TCN are involved"),
        _("Budget (EUR)"),
        _("Funding source"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Percent done"),
        _("Indicators"),
    ]
    return [*names, _("Internal notes")] if internal else names


def xlsx(agenda: Agenda, overview: Overview, internal: bool) -> HttpResponse:
    return xlsx_response(f"{agenda.city.slug}-agenda-{agenda.pk}.xlsx", header(internal), rows(overview, internal))


def pdf(agenda: Agenda, overview: Overview) -> bytes:
    """The agenda (A4, Noto Sans): its goals, measures with owners, resources and timeline, and progress."""
    document = lib_pdf.document(f"{agenda.city} · {agenda.title}")
    line = lib_pdf.writer(document)

    line(_("City integration agenda"), 9)
    line(f"{agenda.city}: {agenda.title}", 18, "B", 9)
    status = f"{agenda.period} · {agenda.get_status_display()}"
    if agenda.adopted_on:
        status += " · " + _("adopted on %(date)s by %(body)s") % {
            "date": _date(agenda.adopted_on),
            "body": agenda.adopted_by or "–",
        }
    line(status, 10)
    if agenda.summary:
        document.ln(2)
        line(agenda.summary, 10)
    document.ln(3)
    line(_("Progress"), 13, "B", 7)
    line(" · ".join(f"{label}: {count}" for _value, label, count in overview.counts if count), 10)
    line(
        _("%(overdue)s overdue, %(stale)s without a recent update; %(reached)s of %(indicators)s indicators at target.")
        % {
            "overdue": len(overview.overdue),
            "stale": len(overview.stale),
            "reached": overview.reached,
            "indicators": len(overview.indicators),
        },
        10,
    )
    indicators: dict[int, list[Any]] = {}
    for row in overview.indicators:
        indicators.setdefault(row.measure.pk, []).append(row)
    for goal, measures in overview.by_goal:
        document.ln(3)
        line(goal.title if goal else _("Other measures"), 13, "B", 7)
        for measure in measures:
            line(measure.title, 11, "B")
            facts = [
                f"{_('Lead organisation')}: {measure.lead.name if measure.lead else '–'}",
                f"{_date(measure.start)} – {_date(measure.end)}",
                measure.get_status_display() + f" ({measure.percent_done} %)",
                f"{_('How TCN are involved')}: {measure.get_involvement_display()}",
            ]
            if measure.budget is not None:
                facts.append(f"{_('Budget (EUR)')}: {formats.number_format(measure.budget, 0, force_grouping=True)}")
            line(" · ".join(facts), 9)
            if measure.description:
                line(measure.description[:1200], 9)
            for row in indicators.get(measure.pk, []):
                latest = row.latest
                line(
                    f"• {row.indicator.label}: {number(row.indicator.baseline)} ({row.indicator.baseline_year}) – "
                    f"{number(row.indicator.target)} ({row.indicator.target_year})"
                    + (f"; {_('latest')} {number(latest.value)} ({_date(latest.measured_on)})" if latest else ""),
                    9,
                )
            document.ln(1)
    document.ln(4)
    line(
        _("Made with Integra on %(date)s.") % {"date": _date(timezone.localdate())},
        8,
    )
    return bytes(document.output())
