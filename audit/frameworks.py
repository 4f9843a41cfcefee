"""Frameworks as files: validate, import and export the "integra-framework/1" JSON format.

The format (one framework version per file) is documented in ``audit/frameworks/README.md``; the
three shipped frameworks live beside it. Validation collects every problem with its path
("areas[2].indicators[0].weight: …") and imports nothing when there is one: a framework with
weights that make no sense or options outside 0-100 can never be saved.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import (
    Framework,
    FrameworkArea,
    Indicator,
    Option,
    Question,
    QuestionKind,
    ReferenceScore,
    Scope,
)
from network.models import Country

FORMAT = "integra-framework/1"
SHIPPED = Path(__file__).resolve().parent / "frameworks"
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
DATA_TYPES = {"fact", "input", "impact"}


class FrameworkInvalid(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class FrameworkInUse(ValueError):
    pass


@dataclass
class _Checker:
    problems: list[str] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def texts(self, path: str, value: Any, required: bool = True) -> dict[str, str]:
        if value is None and not required:
            return {}
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            self.add(path, _("expected an object of texts per language code"))
            return {}
        known = {code for code, _name in settings.LANGUAGES}
        unknown = sorted(set(value) - known)
        if unknown:
            self.add(path, _("unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)})
        if required and not (value.get("en") or "").strip():
            self.add(path, _("an English text is required"))
        return {k: v.strip() for k, v in value.items() if v.strip()}

    def code(self, path: str, value: Any, seen: set[str]) -> str:
        if not isinstance(value, str) or not CODE.match(value):
            self.add(path, _("a code is lower-case letters, digits and hyphens"))
            return ""
        if value in seen:
            self.add(path, _("the code %(code)s is used twice") % {"code": value})
        seen.add(value)
        return value

    def number(self, path: str, value: Any, low: float | None = None, high: float | None = None) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.add(path, _("expected a number"))
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.add(path, _("must be between %(low)s and %(high)s") % {"low": low, "high": high})
            return None
        return float(value)

    def weight(self, path: str, value: Any) -> float:
        number = self.number(path, 1 if value is None else value)
        if number is not None and not 0 < number <= 1000:
            self.add(path, _("a weight must be above 0 and at most 1000"))
        return number or 1.0

    def items(self, path: str, value: Any, minimum: int = 1) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.add(path, _("expected a list of objects"))
            return []
        if len(value) < minimum:
            self.add(path, _("needs at least %(count)d") % {"count": minimum})
        return value


def validate(data: Any) -> dict[str, Any]:
    """The framework as clean data, or ``FrameworkInvalid`` with every problem found."""
    check = _Checker()
    if not isinstance(data, dict):
        raise FrameworkInvalid([_("The file is not a framework (expected a JSON object).")])
    if data.get("format") != FORMAT:
        check.add("format", _("expected %(format)s") % {"format": FORMAT})
    areas: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    clean: dict[str, Any] = {
        "code": check.code("code", data.get("code"), set()),
        "version": int(check.number("version", data.get("version", 1), 1, 100000) or 1),
        "scope": data.get("scope", Scope.CITY),
        "names": check.texts("names", data.get("names")),
        "descriptions": check.texts("descriptions", data.get("descriptions"), required=False),
        "areas": areas,
        "reference": references,
    }
    if clean["scope"] not in Scope.values:
        check.add("scope", _("expected city or country"))
    area_codes: set[str] = set()
    for a, area in enumerate(check.items("areas", data.get("areas"))):
        path = f"areas[{a}]"
        clean_area: dict[str, Any] = {
            "code": check.code(f"{path}.code", area.get("code"), area_codes),
            "names": check.texts(f"{path}.names", area.get("names")),
            "weight": check.weight(f"{path}.weight", area.get("weight")),
            "indicators": [],
        }
        indicator_codes: set[str] = set()
        for i, indicator in enumerate(check.items(f"{path}.indicators", area.get("indicators"))):
            ipath = f"{path}.indicators[{i}]"
            data_type = indicator.get("data_type", "input")
            if data_type not in DATA_TYPES:
                check.add(f"{ipath}.data_type", _("expected fact, input or impact"))
            clean_indicator: dict[str, Any] = {
                "code": check.code(f"{ipath}.code", indicator.get("code"), indicator_codes),
                "names": check.texts(f"{ipath}.names", indicator.get("names")),
                "weight": check.weight(f"{ipath}.weight", indicator.get("weight")),
                "data_type": data_type,
                "questions": [],
            }
            question_codes: set[str] = set()
            for q, question in enumerate(check.items(f"{ipath}.questions", indicator.get("questions"))):
                clean_indicator["questions"].append(
                    _question(check, f"{ipath}.questions[{q}]", question, question_codes)
                )
            clean_area["indicators"].append(clean_indicator)
        areas.append(clean_area)
    for r, reference in enumerate(check.items("reference", data.get("reference") or [], minimum=0)):
        rpath = f"reference[{r}]"
        area_code = reference.get("area")
        if area_code is not None and area_code not in area_codes:
            check.add(f"{rpath}.area", _("no area has the code %(code)s") % {"code": area_code})
        references.append(
            {
                "country": str(reference.get("country", "")).upper(),
                "year": int(check.number(f"{rpath}.year", reference.get("year"), 1900, 2100) or 0),
                "area": area_code,
                "score": check.number(f"{rpath}.score", reference.get("score"), 0, 100),
                "source": str(reference.get("source", ""))[:200],
            }
        )
    if check.problems:
        raise FrameworkInvalid(check.problems)
    return clean


def _question(check: _Checker, path: str, question: dict[str, Any], seen: set[str]) -> dict[str, Any]:
    kind = question.get("kind", QuestionKind.CHOICE)
    clean: dict[str, Any] = {
        "code": check.code(f"{path}.code", question.get("code"), seen),
        "texts": check.texts(f"{path}.texts", question.get("texts")),
        "help": check.texts(f"{path}.help", question.get("help"), required=False),
        "kind": kind,
        "weight": check.weight(f"{path}.weight", question.get("weight")),
        "unit": {},
        "worst": None,
        "best": None,
        "options": [],
    }
    if kind == QuestionKind.CHOICE:
        options = check.items(f"{path}.options", question.get("options"), minimum=2)
        codes: set[str] = set()
        for o, option in enumerate(options):
            score = option.get("score")
            if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
                check.add(f"{path}.options[{o}].score", _("a score is a whole number from 0 to 100"))
                score = 0
            clean["options"].append(
                {
                    "code": check.code(f"{path}.options[{o}].code", option.get("code"), codes),
                    "labels": check.texts(f"{path}.options[{o}].labels", option.get("labels")),
                    "score": score,
                }
            )
    elif kind == QuestionKind.NUMBER:
        given = question.get("rule")
        rule: dict[str, Any] = given if isinstance(given, dict) else {}
        worst = check.number(f"{path}.rule.worst", rule.get("worst"))
        best = check.number(f"{path}.rule.best", rule.get("best"))
        if worst is not None and best is not None and worst == best:
            check.add(f"{path}.rule", _("the values scoring 0 and 100 must differ"))
        clean.update(worst=worst, best=best, unit=check.texts(f"{path}.unit", question.get("unit"), required=False))
    else:
        check.add(f"{path}.kind", _("expected choice or number"))
    return clean


@transaction.atomic
def import_framework(data: Any, replace: bool = False) -> Framework:
    """Create the framework version ``data`` describes (validated first; all or nothing).

    An existing version is replaced only with ``replace`` and only while no round uses it.
    Importing a version makes it the current one of its code.
    """
    clean = validate(data)
    existing = Framework.objects.filter(code=clean["code"], version=clean["version"]).first()
    if existing is not None:
        if existing.rounds.exists():
            raise FrameworkInUse(
                _("Version %(version)s of %(code)s is used by assessment rounds; import it as a new version.")
                % {"version": clean["version"], "code": clean["code"]}
            )
        if not replace:
            raise FrameworkInUse(
                _("Version %(version)s of %(code)s exists already.")
                % {"version": clean["version"], "code": clean["code"]}
            )
        existing.delete()
    countries = {c.code for c in Country.objects.all()}
    unknown = sorted({r["country"] for r in clean["reference"]} - countries)
    if unknown:
        raise FrameworkInvalid([_("reference: unknown countries %(codes)s") % {"codes": ", ".join(unknown)}])
    Framework.objects.filter(code=clean["code"]).update(is_current=False)
    framework = Framework.objects.create(
        code=clean["code"],
        version=clean["version"],
        scope=clean["scope"],
        names=clean["names"],
        descriptions=clean["descriptions"],
        is_current=True,
    )
    areas = {}
    for a, area in enumerate(clean["areas"]):
        area_row = FrameworkArea.objects.create(
            framework=framework, code=area["code"], names=area["names"], weight=area["weight"], position=a
        )
        areas[area["code"]] = area_row
        for i, indicator in enumerate(area["indicators"]):
            indicator_row = Indicator.objects.create(
                area=area_row,
                code=indicator["code"],
                names=indicator["names"],
                weight=indicator["weight"],
                data_type=indicator["data_type"],
                position=i,
            )
            for q, question in enumerate(indicator["questions"]):
                question_row = Question.objects.create(
                    indicator=indicator_row,
                    code=question["code"],
                    texts=question["texts"],
                    help=question["help"],
                    kind=question["kind"],
                    weight=question["weight"],
                    unit=question["unit"],
                    worst=question["worst"],
                    best=question["best"],
                    position=q,
                )
                Option.objects.bulk_create(
                    Option(question=question_row, code=o["code"], labels=o["labels"], score=o["score"], position=n)
                    for n, o in enumerate(question["options"])
                )
    for reference in clean["reference"]:
        ReferenceScore.objects.create(
            framework=framework,
            country_id=reference["country"],
            year=reference["year"],
            area=areas.get(reference["area"]) if reference["area"] else None,
            score=reference["score"],
            source=reference["source"],
        )
    return framework


def export_framework(framework: Framework) -> dict[str, Any]:
    """The framework version as "integra-framework/1" data (the cities' own indicators left out)."""
    areas = []
    for area in framework.areas.prefetch_related("indicators__questions__options"):
        indicators = []
        for indicator in area.indicators.all():
            if indicator.city_id is not None:
                continue
            questions = []
            for question in indicator.questions.all():
                item: dict[str, Any] = {"code": question.code, "texts": question.texts}
                if question.help:
                    item["help"] = question.help
                item.update(kind=question.kind, weight=question.weight)
                if question.kind == QuestionKind.CHOICE:
                    item["options"] = [
                        {"code": o.code, "labels": o.labels, "score": o.score} for o in question.options.all()
                    ]
                else:
                    if question.unit:
                        item["unit"] = question.unit
                    item["rule"] = {"worst": question.worst, "best": question.best}
                questions.append(item)
            indicators.append(
                {
                    "code": indicator.code,
                    "names": indicator.names,
                    "weight": indicator.weight,
                    "data_type": indicator.data_type,
                    "questions": questions,
                }
            )
        areas.append({"code": area.code, "names": area.names, "weight": area.weight, "indicators": indicators})
    data: dict[str, Any] = {
        "format": FORMAT,
        "code": framework.code,
        "version": framework.version,
        "scope": framework.scope,
        "names": framework.names,
        "descriptions": framework.descriptions,
        "areas": areas,
    }
    references = [
        {
            "country": r.country_id,
            "year": r.year,
            "area": r.area.code if r.area else None,
            "score": r.score,
            "source": r.source,
        }
        for r in framework.references.select_related("area")
    ]
    if references:
        data["reference"] = references
    return data


def load_shipped(replace: bool = False) -> list[Framework]:
    """Import the frameworks shipped in ``audit/frameworks/`` that are not there yet."""
    loaded = []
    for path in sorted(SHIPPED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not replace and Framework.objects.filter(code=data.get("code"), version=data.get("version", 1)).exists():
            continue
        loaded.append(import_framework(data, replace=replace))
    return loaded


# ---------------------------------------------------------------- XLSX

LEVEL_TEXTS = (("area", "names"), ("indicator", "names"), ("question", "texts"), ("help", "help"), ("unit", "unit"))


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def export_xlsx(framework: Framework) -> bytes:
    """The framework as a workbook: a "framework" sheet of facts, a "questions" sheet with one row per
    option (or per number question) and a "reference" sheet. ``import_xlsx`` reads it back."""
    import io

    from openpyxl import Workbook

    data = export_framework(framework)
    languages = [code for code in _languages() if _used(data, code)]
    workbook = Workbook()
    facts = workbook.active
    facts.title = "framework"
    facts.append(["field", "value", *languages])
    facts.append(["format", FORMAT])
    facts.append(["code", data["code"]])
    facts.append(["version", data["version"]])
    facts.append(["scope", data["scope"]])
    facts.append(["names", "", *(data["names"].get(code, "") for code in languages)])
    facts.append(["descriptions", "", *(data.get("descriptions", {}).get(code, "") for code in languages)])
    sheet = workbook.create_sheet("questions")
    header = ["area", "area_weight", "indicator", "indicator_weight", "data_type", "question", "question_weight"]
    header += ["kind", "worst", "best", "option", "score"]
    header += [f"{level}_{code}" for level, _key in LEVEL_TEXTS for code in languages]
    header += [f"option_{code}" for code in languages]
    sheet.append(header)
    for area in data["areas"]:
        for indicator in area["indicators"]:
            for question in indicator["questions"]:
                texts = {
                    "area": area["names"],
                    "indicator": indicator["names"],
                    "question": question["texts"],
                    "help": question.get("help", {}),
                    "unit": question.get("unit", {}),
                }
                base = [area["code"], area["weight"], indicator["code"], indicator["weight"], indicator["data_type"]]
                base += [question["code"], question["weight"], question["kind"]]
                rule = question.get("rule", {})
                labelled = [texts[level].get(code, "") for level, _key in LEVEL_TEXTS for code in languages]
                for option in question.get("options") or [None]:
                    row = [*base, rule.get("worst"), rule.get("best")]
                    row += [option["code"], option["score"]] if option else ["", ""]
                    row += labelled
                    row += [option["labels"].get(code, "") for code in languages] if option else [""] * len(languages)
                    sheet.append(row)
    references = workbook.create_sheet("reference")
    references.append(["country", "year", "area", "score", "source"])
    for item in data.get("reference", []):
        references.append([item["country"], item["year"], item["area"] or "", item["score"], item["source"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _used(data: dict[str, Any], code: str) -> bool:
    return code == "en" or code in data["names"]


def _number(value: Any) -> Any:
    """A cell's number as the JSON would hold it (an integer when whole)."""
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "."))
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def import_xlsx(upload: Any, replace: bool = False) -> Framework:
    """Read a workbook made by ``export_xlsx`` (or written by hand in that shape) and import it."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        facts_rows = list(workbook["framework"].iter_rows(values_only=True))
        question_rows = list(workbook["questions"].iter_rows(values_only=True))
        reference_rows = list(workbook["reference"].iter_rows(values_only=True)) if "reference" in workbook else []
    except KeyError as missing:
        raise FrameworkInvalid([_("The workbook has no sheet %(sheet)s.") % {"sheet": missing}]) from None
    except Exception:
        raise FrameworkInvalid([_("This file is not a valid XLSX spreadsheet.")]) from None
    if not facts_rows or not question_rows:
        raise FrameworkInvalid([_("The workbook is empty.")])
    languages = [str(cell) for cell in facts_rows[0][2:] if cell]
    facts = {str(row[0]): row for row in facts_rows[1:] if row and row[0]}

    def texts(row: tuple[Any, ...] | None) -> dict[str, str]:
        if row is None:
            return {}
        return {code: str(value) for code, value in zip(languages, row[2:], strict=False) if value}

    data: dict[str, Any] = {
        "format": facts.get("format", (None, FORMAT))[1],
        "code": facts.get("code", (None, ""))[1],
        "version": _number(facts.get("version", (None, 1))[1]),
        "scope": facts.get("scope", (None, "city"))[1],
        "names": texts(facts.get("names")),
        "descriptions": texts(facts.get("descriptions")),
        "areas": [],
    }
    header = [str(cell or "") for cell in question_rows[0]]
    areas: dict[str, dict[str, Any]] = {}
    indicators: dict[tuple[str, str], dict[str, Any]] = {}
    questions: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in question_rows[1:]:
        cell = dict(zip(header, row, strict=False))
        if not any(value not in (None, "") for value in cell.values()):
            continue

        def labels(level: str, cell: dict[str, Any] = cell) -> dict[str, str]:
            return {code: str(cell[f"{level}_{code}"]) for code in _languages() if cell.get(f"{level}_{code}")}

        area_code, indicator_code, question_code = (str(cell.get(k) or "") for k in ("area", "indicator", "question"))
        if area_code not in areas:
            areas[area_code] = {
                "code": area_code,
                "names": labels("area"),
                "weight": _number(cell.get("area_weight")),
                "indicators": [],
            }
            data["areas"].append(areas[area_code])
        if (area_code, indicator_code) not in indicators:
            indicator = {
                "code": indicator_code,
                "names": labels("indicator"),
                "weight": _number(cell.get("indicator_weight")),
                "data_type": cell.get("data_type") or "input",
                "questions": [],
            }
            indicators[(area_code, indicator_code)] = indicator
            areas[area_code]["indicators"].append(indicator)
        key = (area_code, indicator_code, question_code)
        if key not in questions:
            question: dict[str, Any] = {
                "code": question_code,
                "texts": labels("question"),
                "help": labels("help"),
                "kind": cell.get("kind") or "choice",
                "weight": _number(cell.get("question_weight")),
            }
            if question["kind"] == "number":
                question["unit"] = labels("unit")
                question["rule"] = {"worst": _number(cell.get("worst")), "best": _number(cell.get("best"))}
            else:
                question["options"] = []
            questions[key] = question
            indicators[(area_code, indicator_code)]["questions"].append(question)
        if questions[key]["kind"] != "number" and cell.get("option") not in (None, ""):
            questions[key]["options"].append(
                {"code": str(cell["option"]), "labels": labels("option"), "score": _number(cell.get("score"))}
            )
    if reference_rows:
        data["reference"] = [
            {
                "country": row[0],
                "year": _number(row[1]),
                "area": row[2] or None,
                "score": _number(row[3]),
                "source": row[4] or "",
            }
            for row in reference_rows[1:]
            if row and row[0]
        ]
    return import_framework(data, replace=replace)
