"""Context statistics: the Eurostat TSV importer, CSV figures, manual entry and the series pages."""

from __future__ import annotations

import gzip
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit import eurostat
from audit.models import StatIndicator, StatValue
from integra.testing import Cast, make_country
from network.models import Country

HEADER = "freq,unit,sex,age,citizen,geo\\TIME_PERIOD\t2017 \t2018 \t2019 "


def _lines(*rows: str, header: str = HEADER) -> io.StringIO:
    return io.StringIO("\n".join([header, *rows]) + "\n")


@pytest.fixture
def employment(cast: Cast) -> StatIndicator:
    for code, name in (("HR", "Croatia"), ("IT", "Italy")):
        make_country(code, name)
    return StatIndicator.objects.create(
        code="employment-rate-non-eu",
        names={"en": "Employment rate of non-EU citizens"},
        unit="%",
        dataset="lfsa_ergan",
        filters={"freq": "A", "unit": "PC", "sex": "T", "age": "Y20-64", "citizen": "NEU27_2020_FOR"},
    )


def _values() -> dict[tuple[str | None, int], tuple[float, str]]:
    return {(v.country_id, v.year): (v.value, v.flags) for v in StatValue.objects.all()}


def test_a_eurostat_file_imports_the_mapped_rows_with_their_flags(employment: StatIndicator) -> None:
    result = eurostat.import_tsv(
        _lines(
            "A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\t58.0 b\t:",
            "A,PC,T,Y20-64,NEU27_2020_FOR,IT\t57.1 p\t: c\t59.0 bu",
            "A,PC,T,Y20-64,NAT,CZ\t75.0\t76.1\t77.0",  # another citizenship: not this indicator
            "A,PC,F,Y20-64,NEU27_2020_FOR,CZ\t50.0\t51.0\t52.0",  # women only: not this indicator
            "A,PC,T,Y20-64,NEU27_2020_FOR,EU27_2020\t57.0\t58.0\t59.0",  # not a country here: skipped
        ),
        "lfsa_ergan",
    )
    assert _values() == {
        ("CZ", 2017): (61.2, ""),
        ("CZ", 2018): (58.0, "b"),
        ("IT", 2017): (57.1, "p"),
        ("IT", 2019): (59.0, "bu"),
    }
    assert (result.lines, result.stored, result.missing, result.other_places) == (5, 4, 2, 1)
    # Importing the same file again changes nothing; a revised figure replaces the old one.
    again = eurostat.import_tsv(_lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\t58.4 p\t:"), "lfsa_ergan")
    assert again.stored == 1
    assert _values()[("CZ", 2018)] == (58.4, "p")
    assert StatValue.objects.count() == 4


@pytest.mark.parametrize(
    ("lines", "line", "reason"),
    [
        (_lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\t58.0\t:", header="freq,unit,geo\t2017"), 1, "time axis"),
        (_lines("x", header="freq,unit,sex,age,citizen,geo\\TIME_PERIOD\t2017Q1"), 1, "year"),
        (
            _lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\t58.0\t:", header="freq,unit,sex,age,geo\\TIME_PERIOD\t2017"),
            1,
            "citizen",
        ),
        (_lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\tsixty\t:"), 2, "sixty"),
        (_lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\t58.0 q\t:"), 2, "flag"),
        (_lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\t58.0"), 2, "cells"),
        (_lines("A,PC,T,Y20-64,CZ\t61.2\t58.0\t1"), 2, "dimensions"),
        (_lines("A,PC,T,Y 20,NEU27_2020_FOR,CZ\t61.2\t58.0\t1"), 2, "dimensions"),
    ],
)
def test_a_malformed_file_imports_nothing_and_says_where(
    employment: StatIndicator, lines: io.StringIO, line: int, reason: str
) -> None:
    good = "A,PC,T,Y20-64,NEU27_2020_FOR,IT\t57.1\t58.0\t59.0\n"
    text = lines.getvalue()
    # A good row first: it must not be stored either.
    head, _newline, rest = text.partition("\n")
    with pytest.raises(eurostat.ImportFailed) as failed:
        eurostat.import_tsv(io.StringIO(f"{head}\n{good}{rest}" if line > 1 else text), "lfsa_ergan")
    lines_reported = [number for number, _reason in failed.value.problems]
    assert lines_reported[0] == (line + 1 if line > 1 else 1)
    assert reason in failed.value.problems[0][1]
    assert not StatValue.objects.exists()


def test_a_dataset_without_a_mapping_is_refused(employment: StatIndicator) -> None:
    with pytest.raises(eurostat.ImportFailed):
        eurostat.import_tsv(_lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t1\t2\t3"), "unknown_set")


def test_the_shipped_samples_import_and_pass_through_domain_figures(db: Any) -> None:
    for code, name in (("BG", "Bulgaria"), ("CZ", "Czechia"), ("HR", "Croatia"), ("IT", "Italy"), ("SK", "Slovakia")):
        make_country(code, name)
    assert len(eurostat.load_mappings()) == 6
    results = {result.dataset: result for result in eurostat.import_samples()}
    assert set(results) == {"migr_pop1ctz", "lfsa_ergan", "lfsa_urgan", "migr_resvalid", "ilc_peps05n"}
    assert all(result.stored > 0 and result.other_places > 0 for result in results.values())
    population = StatValue.objects.get(indicator__code="non-eu-citizens", country="BG", year=2018)
    assert population.value == 70920
    permits = StatValue.objects.get(indicator__code="valid-permits", country="BG", year=2018)
    assert permits.value == 53132
    assert set(StatValue.objects.values_list("country", flat=True)) == {"BG", "CZ", "HR", "IT", "SK"}
    assert eurostat.load_mappings() == []


def test_admins_upload_eurostat_files_plain_or_gzipped(client: Client, cast: Cast, employment: StatIndicator) -> None:
    body = _lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\t58.0 b\t:").getvalue().encode()
    client.force_login(cast.city_team)
    assert client.get("/en/audit/statistics/import/").status_code == 403
    client.force_login(cast.admin)
    upload = SimpleUploadedFile("lfsa_ergan.tsv.gz", gzip.compress(body), "application/gzip")
    response = client.post("/en/audit/statistics/import/", {"file": upload})
    assert response.status_code == 302
    assert _values()[("CZ", 2018)] == (58.0, "b")
    broken = client.post(
        "/cs/audit/statistics/import/",
        {"file": SimpleUploadedFile("lfsa_ergan.tsv", body.replace(b"58.0", b"abc"), "text/tab-separated-values")},
    )
    assert broken.status_code == 400
    assert "abc" in broken.content.decode()
    not_text = client.post(
        "/en/audit/statistics/import/", {"file": SimpleUploadedFile("lfsa_ergan.tsv", b"\xff\xfe\x00bad", "text/plain")}
    )
    assert not_text.status_code == 400


def test_city_teams_import_and_enter_figures_for_their_city_only(
    client: Client, cast: Cast, employment: StatIndicator
) -> None:
    client.force_login(cast.city_team)
    table = "indicator,place,year,value,flags\nemployment-rate-non-eu,prague,2019,64.5,p\n"
    response = client.post(
        "/en/audit/statistics/figures/import/", {"file": SimpleUploadedFile("f.csv", table.encode(), "text/csv")}
    )
    assert response.status_code == 302
    figure = StatValue.objects.get(city=cast.prague)
    assert (figure.year, figure.value, figure.flags, figure.origin) == (2019, 64.5, "p", "csv")
    other = "indicator,place,year,value\nemployment-rate-non-eu,sofia,2019,50\nemployment-rate-non-eu,CZ,2019,50\n"
    refused = client.post(
        "/en/audit/statistics/figures/import/", {"file": SimpleUploadedFile("f.csv", other.encode(), "text/csv")}
    )
    assert refused.status_code == 400
    bad = "indicator,place,year,value\nemployment-rate-non-eu,prague,20x9,50\nnope,prague,2019,1\n"
    bad_response = client.post(
        "/en/audit/statistics/figures/import/", {"file": SimpleUploadedFile("f.csv", bad.encode(), "text/csv")}
    )
    assert bad_response.status_code == 400
    assert [line for line, _reason in bad_response.context["problems"]] == [2, 3]
    assert StatValue.objects.count() == 1
    # By hand: the same year again replaces the figure.
    entered = client.post(
        "/en/audit/statistics/figures/new/",
        {"indicator": employment.pk, "city": cast.prague.pk, "year": 2019, "value": "66", "flags": ""},
    )
    assert entered.status_code == 302
    assert StatValue.objects.get(city=cast.prague).value == 66.0
    wrong_flag = client.post(
        "/en/audit/statistics/figures/new/",
        {"indicator": employment.pk, "city": cast.prague.pk, "year": 2020, "value": "1", "flags": "x"},
    )
    assert wrong_flag.status_code == 200 and wrong_flag.context["form"].errors["flags"]
    client.force_login(cast.org_admin)
    assert client.get("/en/audit/statistics/figures/new/").status_code == 403


def test_the_series_page_draws_every_place_and_tabulates_it(client: Client, employment: StatIndicator) -> None:
    eurostat.import_tsv(
        _lines("A,PC,T,Y20-64,NEU27_2020_FOR,CZ\t61.2\t58.0 b\t:", "A,PC,T,Y20-64,NEU27_2020_FOR,IT\t57.1\t58\t59"),
        "lfsa_ergan",
    )
    response = client.get(employment.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<polyline") == 2
    rows = {row["place"]: [cell["value"] for cell in row["cells"]] for row in response.context["table"]}
    czechia, italy = (Country.objects.get(code=code).name for code in ("CZ", "IT"))
    assert rows == {czechia: [61.2, 58.0, None], italy: [57.1, 58.0, 59.0]}
    assert client.get("/en/audit/statistics/").status_code == 200
