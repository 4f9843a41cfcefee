"""The audit report of a round: one set of facts, printed as a page and written as a PDF.

Everything is in the reader's language (the active one): the framework's labels through their
per-language names, the report's own words through the translation catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit import compare, scoring
from audit.models import Challenge, Round
from lib import pdf as lib_pdf
from lib.pdf import FontsMissing as FontsMissing


@dataclass
class Report:
    round: Round
    scores: scoring.Level
    earlier: Round | None
    earlier_areas: dict[str, float | None]
    challenges: list[Challenge]
    disputed: list[scoring.QuestionResult]
    evidence: list[scoring.QuestionResult]
    peers: list[compare.Peer]
    made: date
    evidence_counts: list[tuple[str, int]]


def build(assessment: Round) -> Report:
    scores = scoring.round_scores(assessment)
    earlier = (
        Round.objects.filter(
            city=assessment.city, framework__code=assessment.framework.code, year__lt=assessment.year, status="frozen"
        )
        .order_by("-year")
        .first()
    )
    results = [result for area in scores.children for indicator in area.children for result in indicator.children]
    challenges = list(
        Challenge.objects.filter(city=assessment.city)
        .exclude(status="dropped")
        .select_related("area", "indicator")
        .order_by("-severity", "title")
    )
    return Report(
        round=assessment,
        scores=scores,
        earlier=earlier,
        earlier_areas=scoring.area_profile(earlier) if earlier else {},
        challenges=challenges,
        disputed=[result for result in results if result.disputed],
        evidence=[result for result in results if result.agreed and (result.agreed.evidence or result.agreed.comment)],
        peers=compare.peers(assessment, limit=3, mine=scoring.profile_of(scores)["areas"]),
        made=timezone.localdate(),
        evidence_counts=[
            (_("Focus groups"), assessment.focus_groups.count()),
            (_("City walks and safety audits"), assessment.walks.count()),
            (_("Photovoice"), assessment.photovoice.filter(visibility="public").count()),
            (_("Desk research"), assessment.desk_research.count()),
        ],
    )


def _number(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else formats.number_format(value, digits)


def pdf(report: Report) -> bytes:
    """The report as a PDF (A4, Noto Sans), in the active language."""
    from fpdf.enums import XPos, YPos

    assessment = report.round
    document = lib_pdf.document(f"{assessment.city} · {assessment.title}")
    line = lib_pdf.writer(document)

    def heading(text: str) -> None:
        document.ln(3)
        line(text, 13, "B", 7)

    line(_("City integration audit"), 9)
    line(f"{assessment.city}: {assessment.title}", 18, "B", 9)
    line(f"{assessment.framework.name} · {assessment.get_status_display()}", 10)
    if assessment.frozen_at:
        line(
            _("Submitted and frozen on %(date)s: nothing in this round changes any more.")
            % {"date": formats.date_format(timezone.localtime(assessment.frozen_at).date(), "SHORT_DATE_FORMAT")},
            9,
        )
    scores = report.scores
    heading(_("Scores"))
    if scores.score is not None:
        line(_("Total score: %(score)s of 100") % {"score": _number(scores.score)}, 12, "B")
    else:
        line(_("No score yet: no question has an agreed answer."))
    line(
        _("%(answered)s of %(total)s questions answered (%(coverage)s %%)")
        % {"answered": scores.answered, "total": scores.total, "coverage": _number(scores.coverage)}
    )
    document.ln(2)
    # Bars per area, with the earlier round's score as a thin bar below.
    for area in scores.children:
        document.set_font("Noto", "", 9)
        y = document.get_y()
        document.cell(70, 6, area.item.name[:48])
        document.set_fill_color(232, 236, 239)
        document.rect(document.l_margin + 72, y + 1, 90, 4, style="F")
        document.set_fill_color(31, 95, 139)
        if area.score:
            document.rect(document.l_margin + 72, y + 1, 0.9 * area.score, 4, style="F")
        before = report.earlier_areas.get(area.item.code)
        if before:
            document.set_fill_color(138, 109, 31)
            document.rect(document.l_margin + 72, y + 5.2, 0.9 * before, 1.2, style="F")
        document.set_xy(document.l_margin + 165, y)
        document.cell(20, 6, _number(area.score, 1), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if report.earlier:
        line(_("Thin bars: %(round)s.") % {"round": report.earlier.title}, 8)
    heading(_("Scores by area and indicator"))
    with document.table(col_widths=(60, 12, 16), text_align=("LEFT", "RIGHT", "RIGHT"), line_height=5) as table:
        document.set_font("Noto", "B", 9)
        table.row([_("Area or indicator"), _("Score"), _("Answered")])
        document.set_font("Noto", "", 9)
        for area in scores.children:
            table.row([area.item.name, _number(area.score, 1), f"{area.answered}/{area.total}"])
            for indicator in area.children:
                table.row(
                    [
                        f"    {indicator.item.name}",
                        _number(indicator.score, 1),
                        f"{indicator.answered}/{indicator.total}",
                    ]
                )
    if report.disputed:
        heading(_("Where the group disagreed"))
        for result in report.disputed:
            tally = " · ".join(f"{label} {count}" for label, count in result.tally)
            line(f"• {result.question.text} ({tally})", 9)
    heading(_("Evidence"))
    line(" · ".join(f"{label}: {count}" for label, count in report.evidence_counts), 9)
    if report.evidence:
        for result in report.evidence:
            assert result.agreed is not None
            line(result.question.text, 9, "B")
            line(" ".join(part for part in (result.agreed.comment, result.agreed.evidence) if part), 9)
    heading(_("Challenge register"))
    if report.challenges:
        for challenge in report.challenges:
            line(f"• {challenge.title} · {challenge.get_severity_display()} · {challenge.get_status_display()}", 9)
    else:
        line(_("No challenges in the register yet."), 9)
    if report.peers:
        heading(_("Peers to learn from"))
        for peer in report.peers:
            line(f"• {peer.city}: +{_number(peer.mean_improvement, 1)}", 9)
    document.ln(4)
    line(_("Made with Integra on %(date)s.") % {"date": formats.date_format(report.made, "SHORT_DATE_FORMAT")}, 8)
    return bytes(document.output())
