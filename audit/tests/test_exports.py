"""CSV and XLSX downloads of a round, a challenge register and a statistic."""

from __future__ import annotations

import csv
import io

from django.test import Client
from openpyxl import load_workbook

from audit import services
from audit.models import Option, Question
from integra.testing import Cast, add_audit


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_round_downloads_question_by_question(client: Client, cast: Cast) -> None:
    audit = add_audit(cast)
    web = Question.objects.get(code="web")
    services.save_agreed(cast.city_team, audit.open_round, web, option=Option.objects.get(question=web, code="yes"))
    services.save_answer(cast.org_member, audit.open_round, web, option=Option.objects.get(question=web, code="no"))
    client.force_login(cast.city_team)
    rows = _csv(client.get(f"/en/audit/rounds/{audit.open_round.pk}/export.csv").content)
    assert [row["question"] for row in rows] == ["web", "desk", "days", "feel-safe"]
    assert rows[0]["agreed_answer"] == "Yes" and rows[0]["score"] == "100.0" and rows[0]["respondents"] == "1"
    assert rows[1]["score"] == "" and rows[0]["area_score"] == "100.0"
    workbook = load_workbook(io.BytesIO(client.get(f"/en/audit/rounds/{audit.open_round.pk}/export.xlsx").content))
    assert workbook.active.max_row == 5
    assert client.get(f"/en/audit/rounds/{audit.open_round.pk}/export.pdf").status_code == 404
    # An open round stays hidden from outsiders, in every format.
    client.logout()
    assert client.get(f"/en/audit/rounds/{audit.open_round.pk}/export.csv").status_code == 404


def test_the_register_and_a_statistic_download_as_the_imports_read_them(client: Client, cast: Cast) -> None:
    add_audit(cast)
    challenges = _csv(client.get("/en/audit/cities/prague/challenges/export.csv").content)
    assert [row["title"] for row in challenges] == ["Signage only in Czech"]
    figures = _csv(client.get("/en/audit/statistics/employment-rate-non-eu/export.csv").content)
    assert {(row["place"], row["year"], row["value"]) for row in figures} == {
        ("CZ", "2017", "61.2"),
        ("CZ", "2018", "63.0"),
        ("prague", "2017", "65.2"),
        ("prague", "2018", "67.0"),
    }
    assert list(figures[0]) == ["indicator", "place", "year", "value", "flags"]
