"""All-or-nothing imports of organisations and people, with a per-row error report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lib.tabular import read_table
from lib.text import unique_slug
from network import services
from network.forms import clean_phone_number
from network.models import Area, City, Organisation, OrganisationKind, Person, Visibility
from network.permissions import can_edit_organisation, is_city_team

ORGANISATION_COLUMNS = ["name", "kind", "city", "acronym", "website", "email", "phone", "areas", "description"]
PEOPLE_COLUMNS = ["organisation", "name", "position", "email", "phone", "visibility", "consent"]
YES = {"yes", "y", "true", "1", "ano", "да", "da", "sì", "si", "áno", "evet", "так", "نعم", "بله", "có"}


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _missing_columns(rows: list[dict[str, str]], required: list[str]) -> list[str]:
    present = set(rows[0]) if rows else set()
    return [column for column in required if column not in present]


def import_organisations(user: Any, upload: IO[bytes], name: str) -> ImportResult:
    rows = read_table(upload, name)
    result = ImportResult()
    missing = _missing_columns(rows, ["name", "kind", "city"])
    if missing or not rows:
        result.errors.append((1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing) or "—"}))
        return result
    all_cities = list(City.objects.all())
    cities = {c.slug: c for c in all_cities} | {c.name.lower(): c for c in all_cities}
    areas = {a.code: a for a in Area.objects.all()}
    kinds = {value for value, _label in OrganisationKind.choices}
    existing = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
    seen: set[str] = set()
    prepared: list[tuple[Organisation, list[Area]]] = []
    for line, row in enumerate(rows, start=2):
        problems, organisation, row_areas = _organisation_row(user, row, cities, areas, kinds)
        key = row.get("name", "").strip().lower()
        if key and (key in existing or key in seen):
            problems.append(_("an organisation with this name already exists"))
        seen.add(key)
        if problems:
            result.errors.append((line, "; ".join(problems)))
        elif organisation is not None:
            prepared.append((organisation, row_areas))
    if result.errors:
        return result
    with transaction.atomic():
        for organisation, row_areas in prepared:
            organisation.slug = unique_slug(organisation.name, Organisation, "organisation")
            services.create_organisation(user, _saver(organisation, row_areas))
            result.created += 1
    return result


def _saver(organisation: Organisation, areas: list[Area]) -> Callable[[], Organisation]:
    def save() -> Organisation:
        organisation.save()
        organisation.areas.set(areas)
        return organisation

    return save


def _organisation_row(
    user: Any, row: dict[str, str], cities: dict[str, City], areas: dict[str, Area], kinds: set[str]
) -> tuple[list[str], Organisation | None, list[Area]]:
    problems: list[str] = []
    name = row.get("name", "")
    if not name:
        problems.append(_("the name is empty"))
    elif len(name) > 200:
        problems.append(_("the name is longer than 200 characters"))
    kind = row.get("kind", "").lower()
    if kind not in kinds:
        problems.append(_("unknown type “%(value)s”") % {"value": kind})
    city = cities.get(row.get("city", "").lower()) or cities.get(slugify(row.get("city", "")))
    if city is None:
        problems.append(_("unknown city “%(value)s”") % {"value": row.get("city", "")})
    elif not (user.is_superuser or is_city_team(user, city)):
        problems.append(_("you cannot add organisations in %(city)s") % {"city": city.name})
    website = row.get("website", "")
    if website:
        try:
            URLValidator()(website)
        except ValidationError:
            problems.append(_("the website is not a valid URL"))
    problems += _contact_problems(row)
    row_areas = []
    for code in filter(None, (part.strip() for part in row.get("areas", "").split(";"))):
        if code in areas:
            row_areas.append(areas[code])
        else:
            problems.append(_("unknown area “%(value)s”") % {"value": code})
    if problems or city is None:
        return problems, None, []
    organisation = Organisation(
        name=name,
        kind=kind,
        city=city,
        acronym=row.get("acronym", "")[:30],
        website=website,
        email=row.get("email", ""),
        phone=row.get("phone", ""),
        description=row.get("description", ""),
    )
    return problems, organisation, row_areas


def _contact_problems(row: dict[str, str]) -> list[str]:
    problems = []
    if row.get("email"):
        try:
            validate_email(row["email"])
        except ValidationError:
            problems.append(_("the email address is not valid"))
    if row.get("phone"):
        try:
            clean_phone_number(row["phone"])
        except ValidationError:
            problems.append(_("the phone number is not valid"))
    return problems


def import_people(user: Any, upload: IO[bytes], name: str) -> ImportResult:
    rows = read_table(upload, name)
    result = ImportResult()
    missing = _missing_columns(rows, ["organisation", "name", "consent"])
    if missing or not rows:
        result.errors.append((1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing) or "—"}))
        return result
    organisations = {o.slug: o for o in Organisation.objects.select_related("city")}
    visibilities = {value for value, _label in Visibility.choices}
    seen: set[tuple[str, str]] = set()
    prepared: list[Person] = []
    for line, row in enumerate(rows, start=2):
        problems: list[str] = []
        organisation = organisations.get(row.get("organisation", ""))
        if organisation is None:
            problems.append(_("unknown organisation “%(value)s”") % {"value": row.get("organisation", "")})
        elif not can_edit_organisation(user, organisation):
            problems.append(_("you cannot add people to %(organisation)s") % {"organisation": organisation.name})
        if not row.get("name"):
            problems.append(_("the name is empty"))
        if row.get("consent", "").lower() not in YES:
            problems.append(_("no recorded consent: the consent column must say yes"))
        visibility = row.get("visibility", "") or Visibility.NETWORK
        if visibility not in visibilities:
            problems.append(_("unknown visibility “%(value)s”") % {"value": visibility})
        problems += _contact_problems(row)
        key = (row.get("organisation", ""), row.get("name", "").lower())
        if key in seen:
            problems.append(_("this person appears twice in the file"))
        seen.add(key)
        if problems:
            result.errors.append((line, "; ".join(problems)))
        elif organisation is not None:
            prepared.append(
                Person(
                    organisation=organisation,
                    name=row["name"][:150],
                    position=row.get("position", "")[:150],
                    email=row.get("email", ""),
                    phone=row.get("phone", ""),
                    visibility=visibility,
                )
            )
    if result.errors:
        return result
    with transaction.atomic():
        for person in prepared:
            services.add_person(user, person)
            result.created += 1
    return result
