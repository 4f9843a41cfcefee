"""The audit report: a printable page and a PDF, in the reader's language."""

from __future__ import annotations

import io
from pathlib import Path

from django.test import Client, override_settings

from audit import services
from audit.models import Option, Question
from integra.testing import Audit, Cast, add_audit


def _answered(cast: Cast) -> Audit:
    audit = add_audit(cast)
    web = Question.objects.get(code="web")
    services.save_agreed(
        cast.city_team,
        audit.open_round,
        web,
        option=Option.objects.get(question=web, code="yes"),
        evidence="Council resolution 12/2018",
    )
    services.freeze(cast.city_team, audit.open_round)
    return audit


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_report_page_shows_scores_evidence_and_challenges_in_the_readers_language(
    client: Client, cast: Cast
) -> None:
    audit = _answered(cast)
    page = client.get(f"/cs/audit/rounds/{audit.open_round.pk}/report/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Council resolution 12/2018" in html
    assert "Signage only in Czech" in html
    assert "<svg" in html
    assert "Baseline 2017" in html  # the earlier round is compared
    assert page.context["report"].scores.score == 100.0


def test_the_report_downloads_as_a_pdf(client: Client, cast: Cast) -> None:
    audit = _answered(cast)
    response = client.get(f"/bg/audit/rounds/{audit.open_round.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "-bg.pdf" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    # Bulgarian words of the report, the framework's own labels and the round's evidence.
    assert "Регистър на предизвикателствата" in text
    assert "Signage only in Czech" in text
    assert "Council resolution 12/2018" in text


@override_settings(PDF_FONT_DIR=Path("/nonexistent"))
def test_without_fonts_the_pdf_says_why_and_the_page_still_works(client: Client, cast: Cast) -> None:
    audit = _answered(cast)
    response = client.get(f"/en/audit/rounds/{audit.open_round.pk}/report.pdf")
    assert response.status_code == 503
    assert "fonts" in response.content.decode()
    assert client.get(f"/en/audit/rounds/{audit.open_round.pk}/report/").status_code == 200


def test_an_open_rounds_report_is_hidden_from_outsiders(client: Client, cast: Cast) -> None:
    audit = add_audit(cast)
    assert client.get(f"/en/audit/rounds/{audit.open_round.pk}/report/").status_code == 404
    assert client.get(f"/en/audit/rounds/{audit.open_round.pk}/report.pdf").status_code == 404
    assert client.get(f"/en/audit/rounds/{audit.frozen_round.pk}/report.pdf").status_code == 200
