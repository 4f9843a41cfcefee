"""Reading and writing spreadsheets safely: CSV and XLSX in, CSV and XLSX out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UnreadableFile(ValueError):
    """The file could not be read as a table; the message says why, in the user's language."""


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection: text that starts like a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(header))
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def read_table(upload: IO[bytes], name: str) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts keyed by lower-cased header."""
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(upload)
    return _read_csv(upload.read())


def _read_csv(raw: bytes) -> list[dict[str, str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("The file is not encoded as UTF-8. Save it as “CSV UTF-8” and try again.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    return _rows(list(reader))


def _read_xlsx(upload: IO[bytes]) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise UnreadableFile(_("This file is not a valid XLSX spreadsheet.")) from None
    sheet = workbook.worksheets[0]
    table = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _rows(table)


def _rows(table: list[list[str]]) -> list[dict[str, str]]:
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise UnreadableFile(_("The file is empty."))
    header = [cell.strip().lower() for cell in table[0]]
    return [
        {header[i]: (row[i].strip() if i < len(row) else "") for i in range(len(header)) if header[i]}
        for row in table[1:]
    ]
