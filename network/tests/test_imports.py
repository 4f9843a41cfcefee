from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from integra.testing import Cast
from network.models import Consent, Organisation, Person


def _csv(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client: Client, kind: str, name: str, content: bytes, language: str = "en") -> Any:
    return client.post(f"/{language}/import/", {"kind": kind, "file": SimpleUploadedFile(name, content)})


HEADER = ["name", "kind", "city", "website", "areas"]


def test_it_imports_organisations_from_csv(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    content = _csv(
        [
            HEADER,
            ["Kulturní klub Žižkov", "ngo", "prague", "https://klub.example.org", "education"],
            ["Prague Mosque Community", "faith", "Prague", "", ""],
        ]
    )
    response = _upload(client, "organisations", "orgs.csv", content)
    assert response.status_code == 302
    club = Organisation.objects.get(name="Kulturní klub Žižkov")
    assert club.slug == "kulturni-klub-zizkov"
    assert [a.code for a in club.areas.all()] == ["education"]
    assert Organisation.objects.filter(name="Prague Mosque Community", kind="faith").exists()


def test_it_imports_organisations_from_xlsx(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    response = _upload(
        client, "organisations", "orgs.xlsx", _xlsx([HEADER, ["Excel Club", "ngo", "prague", None, None]])
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Excel Club").exists()


def test_it_imports_nothing_when_one_row_is_wrong(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    before = Organisation.objects.count()
    content = _csv(
        [
            HEADER,
            ["Good Club", "ngo", "prague", "", ""],
            ["Bad Club", "spaceship", "atlantis", "not a url", "nope"],
            ["Ukrainian Initiative", "ngo", "prague", "", ""],
            ["Good Club", "ngo", "prague", "", ""],
        ]
    )
    response = _upload(client, "organisations", "orgs.csv", content)
    assert response.status_code == 400
    assert Organisation.objects.count() == before
    errors = dict(response.context["result"].errors)
    assert set(errors) == {3, 4, 5}
    assert "spaceship" in errors[3] and "atlantis" in errors[3] and "URL" in errors[3] and "nope" in errors[3]
    assert "already exists" in errors[4]
    assert "already exists" in errors[5]


def test_it_reports_errors_in_the_users_language(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    response = _upload(client, "organisations", "orgs.csv", _csv([["name", "kind"], ["X", "ngo"]]), language="cs")
    assert response.status_code == 400
    ((line, problem),) = response.context["result"].errors
    assert line == 1 and problem == "Chybějící sloupce: city"


def test_it_refuses_a_file_in_the_wrong_encoding(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    content = _csv([HEADER, ["Klub Žižkov", "ngo", "prague", "", ""]], encoding="cp1250")
    response = _upload(client, "organisations", "orgs.csv", content)
    assert response.status_code == 200
    assert "UTF-8" in str(response.context["form"].errors["file"])
    assert not Organisation.objects.filter(name__startswith="Klub").exists()


def test_it_refuses_wrong_types_and_oversized_files(client: Client, cast: Cast, settings: Any) -> None:
    client.force_login(cast.city_team)
    assert "file" in _upload(client, "organisations", "orgs.exe", b"MZ...").context["form"].errors
    assert "file" in _upload(client, "organisations", "orgs.xlsx", b"not a zip").context["form"].errors
    settings.IMPORT_MAX_BYTES = 10
    assert "file" in _upload(client, "organisations", "orgs.csv", _csv([HEADER] * 5)).context["form"].errors


def test_it_refuses_organisations_in_cities_the_user_does_not_run(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    response = _upload(client, "organisations", "orgs.csv", _csv([HEADER, ["Sofia Club", "ngo", "sofia", "", ""]]))
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Sofia Club").exists()


def test_it_imports_people_only_with_consent(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    header = ["organisation", "name", "email", "consent"]
    refused = _upload(client, "people", "people.csv", _csv([header, [cast.ngo.slug, "Anna", "anna@example.org", "no"]]))
    assert refused.status_code == 400
    assert not Person.objects.filter(name="Anna").exists()
    accepted = _upload(
        client, "people", "people.csv", _csv([header, [cast.ngo.slug, "Anna", "anna@example.org", "yes"]])
    )
    assert accepted.status_code == 302
    assert Consent.objects.filter(person__name="Anna").count() == 1


def test_it_refuses_people_in_other_organisations(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    header = ["organisation", "name", "consent"]
    response = _upload(client, "people", "people.csv", _csv([header, [cast.school.slug, "Karel", "yes"]]))
    assert response.status_code == 400


def test_it_neutralises_formulas_in_exports(client: Client, cast: Cast) -> None:
    Organisation.objects.filter(pk=cast.ngo.pk).update(name='=HYPERLINK("http://evil")', acronym="+1", phone="-2")
    csv_text = client.get("/en/organisations/export.csv").content.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(csv_text)) if "HYPERLINK" in r[0])
    assert row[0].startswith("'=") and row[1] == "'+1"
    workbook = load_workbook(io.BytesIO(client.get("/en/organisations/export.xlsx").content))
    sheet = workbook.active
    assert sheet is not None
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://evil")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_it_exports_only_people_the_user_may_see(client: Client, cast: Cast) -> None:
    cast.person.visibility = "private"
    cast.person.save()
    client.force_login(cast.outsider)
    assert "Olena" not in client.get("/en/people/export.csv").content.decode()
    client.force_login(cast.org_admin)
    assert "Olena" in client.get("/en/people/export.csv").content.decode()
