"""Frameworks as data: validation, import, export, versions in use, the shipped three."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from audit import frameworks, services
from audit.models import Framework, Option, Question, ReferenceScore
from audit.testing import small_data
from integra.testing import Cast, make_country


def test_a_framework_imports_as_rows_and_exports_to_the_same_data(small: Framework) -> None:
    assert [area.code for area in small.areas.all()] == ["services", "safety"]
    assert Question.objects.filter(indicator__area__framework=small).count() == 4
    days = Question.objects.get(code="days")
    assert (days.worst, days.best) == (60.0, 0.0)
    assert Option.objects.filter(question__code="web").count() == 3
    exported = frameworks.export_framework(small)
    # The download is a valid framework file describing exactly what was imported.
    assert frameworks.validate(json.loads(json.dumps(exported))) == frameworks.validate(small_data())
    second = frameworks.import_framework(exported | {"version": 2})
    assert frameworks.export_framework(second)["areas"] == exported["areas"]
    assert Framework.objects.filter(code="small").count() == 2


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["areas"][0].update(weight=0), "areas[0].weight"),
        (lambda d: d["areas"][0].update(weight=-2), "areas[0].weight"),
        (lambda d: d["areas"][0]["indicators"][0].update(weight="heavy"), "areas[0].indicators[0].weight"),
        (
            lambda d: d["areas"][0]["indicators"][0]["questions"][0]["options"][0].update(score=140),
            "areas[0].indicators[0].questions[0].options[0].score",
        ),
        (
            lambda d: d["areas"][0]["indicators"][0]["questions"][0]["options"][0].update(score=-5),
            "areas[0].indicators[0].questions[0].options[0].score",
        ),
        (
            lambda d: d["areas"][0]["indicators"][0]["questions"][0].update(options=[]),
            "areas[0].indicators[0].questions[0].options",
        ),
        (
            lambda d: d["areas"][0]["indicators"][1]["questions"][0].update(rule={"worst": 5, "best": 5}),
            "areas[0].indicators[1].questions[0].rule",
        ),
        (lambda d: d["areas"][1].update(code="services"), "areas[1].code"),
        (lambda d: d["areas"][0].update(names={"cs": "Jen česky"}), "areas[0].names"),
        (lambda d: d["areas"][0]["indicators"][0].update(data_type="feeling"), "areas[0].indicators[0].data_type"),
        (lambda d: d.update(format="something-else"), "format"),
        (lambda d: d.update(areas=[]), "areas"),
    ],
)
def test_an_invalid_framework_is_refused_whole_with_where_the_problem_is(db: Any, change: Any, problem: str) -> None:
    data = small_data()
    change(data)
    with pytest.raises(frameworks.FrameworkInvalid) as refused:
        frameworks.import_framework(data)
    assert any(line.startswith(problem) for line in refused.value.problems), refused.value.problems
    assert not Framework.objects.exists()
    assert not Question.objects.exists()


def test_a_version_used_by_a_round_cannot_be_replaced(cast: Cast, small: Framework) -> None:
    services.open_round(cast.city_team, cast.prague, small, 2018, "Baseline 2018")
    with pytest.raises(frameworks.FrameworkInUse):
        frameworks.import_framework(small_data(), replace=True)
    with pytest.raises(frameworks.FrameworkInUse):
        frameworks.import_framework(small_data())
    newer = frameworks.import_framework(small_data() | {"version": 2})
    small.refresh_from_db()
    assert newer.is_current and not small.is_current


def test_an_unused_version_is_replaced_only_when_asked(small: Framework) -> None:
    with pytest.raises(frameworks.FrameworkInUse):
        frameworks.import_framework(small_data())
    data = small_data()
    data["names"]["en"] = "Renamed checklist"
    replaced = frameworks.import_framework(data, replace=True)
    assert Framework.objects.get().names["en"] == "Renamed checklist" == replaced.name


def test_the_shipped_frameworks_are_valid_and_load(db: Any) -> None:
    for code, name in (("BG", "Bulgaria"), ("HR", "Croatia"), ("IT", "Italy"), ("CZ", "Czechia"), ("SK", "Slovakia")):
        make_country(code, name)
    loaded = frameworks.load_shipped()
    codes = {framework.code for framework in loaded}
    assert codes == {"integra-checklist", "intercultural-city-index", "national-policy-index"}
    checklist = Framework.objects.get(code="integra-checklist")
    questions = Question.objects.filter(indicator__area__framework=checklist)
    assert 28 <= questions.count() <= 32
    assert checklist.areas.count() == 4
    index = Framework.objects.get(code="intercultural-city-index")
    assert index.areas.filter().count() == 3
    assert sum(area.indicators.count() for area in index.areas.all()) == 14
    national = Framework.objects.get(code="national-policy-index")
    assert national.areas.count() == 8
    # Reference scores as published; unknown countries have no row (never a zero).
    references = {(r.country_id, r.year): r.score for r in ReferenceScore.objects.filter(framework=national)}
    assert references == {("BG", 2020): 40.0, ("HR", 2020): 39.0, ("IT", 2015): 59.0}
    # Every shipped text is in the six interface languages.
    for question in Question.objects.all():
        assert set(question.texts) == {"en", "bg", "cs", "hr", "it", "sk"}, question.code
    # Loading again adds nothing.
    assert frameworks.load_shipped() == []


def test_the_framework_page_and_the_json_download(client: Client, small: Framework) -> None:
    page = client.get(small.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Is the city&#x27;s website available in TCN languages?" in html
    czech = client.get("/cs/audit/frameworks/small/v1/").content.decode()
    assert "Small checklist [cs]" in czech
    download = client.get("/en/audit/frameworks/small/v1.json")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert json.loads(download.content)["code"] == "small"


def test_only_platform_admins_import_and_a_bad_file_lists_its_problems(client: Client, cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.city_team)
    assert client.get("/en/audit/frameworks/import/").status_code == 403
    client.force_login(cast.admin)
    bad = small_data()
    bad["areas"][0]["weight"] = 0
    response = client.post(
        "/en/audit/frameworks/import/",
        {"file": SimpleUploadedFile("bad.json", json.dumps(bad).encode(), "application/json")},
    )
    assert response.status_code == 400
    assert "areas[0].weight" in response.content.decode()
    broken = client.post(
        "/cs/audit/frameworks/import/", {"file": SimpleUploadedFile("x.json", b"{not json", "application/json")}
    )
    assert broken.status_code == 400
    assert not Framework.objects.exists()
    good = client.post(
        "/en/audit/frameworks/import/",
        {"file": SimpleUploadedFile("small.json", json.dumps(small_data()).encode(), "application/json")},
    )
    assert good.status_code == 302
    assert Framework.objects.get().code == "small"


def test_a_framework_round_trips_through_xlsx(client: Client, cast: Cast, small: Framework) -> None:
    import io

    from openpyxl import load_workbook

    download = client.get("/en/audit/frameworks/small/v1.xlsx")
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(download.content))
    assert workbook.sheetnames == ["framework", "questions", "reference"]
    # Edited by hand: a new version with another weight.
    workbook["framework"]["B4"] = 2
    sheet = workbook["questions"]
    weight_column = [cell.value for cell in sheet[1]].index("question_weight") + 1
    sheet.cell(row=2, column=weight_column, value=5)
    edited = io.BytesIO()
    workbook.save(edited)
    client.force_login(cast.admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/en/audit/frameworks/import/", {"file": SimpleUploadedFile("small.xlsx", edited.getvalue())}
    )
    assert response.status_code == 302
    second = Framework.objects.get(code="small", version=2)
    first_data, second_data = frameworks.export_framework(small), frameworks.export_framework(second)
    assert second_data["areas"][0]["indicators"][0]["questions"][0]["weight"] == 5.0
    second_data["areas"][0]["indicators"][0]["questions"][0]["weight"] = 3.0
    assert second_data["areas"] == first_data["areas"]
    assert second_data["names"] == first_data["names"]
    # A workbook with a broken score imports nothing and says where.
    sheet.cell(row=2, column=[cell.value for cell in sheet[1]].index("score") + 1, value=250)
    workbook["framework"]["B4"] = 3
    broken = io.BytesIO()
    workbook.save(broken)
    refused = client.post("/en/audit/frameworks/import/", {"file": SimpleUploadedFile("small.xlsx", broken.getvalue())})
    assert refused.status_code == 400
    assert "options[0].score" in refused.content.decode()
    assert not Framework.objects.filter(version=3).exists()
    junk = client.post("/en/audit/frameworks/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert junk.status_code == 400
