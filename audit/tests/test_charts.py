"""The SVG charts keep dots in their coordinates in every language (Czech writes 3,5)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from audit import services
from audit.models import Option, Question
from integra.testing import Cast, add_audit

NUMERIC_ATTRIBUTE = re.compile(r'\b(?:x|y|cx|cy|width|height|points|viewBox)="([^"]*)"')


@pytest.mark.parametrize("language", ["cs", "bg", "hr", "it", "sk", "ar"])
def test_chart_coordinates_are_not_localised(client: Client, cast: Cast, language: str) -> None:
    audit = add_audit(cast)
    web = Question.objects.get(code="web")
    services.save_agreed(cast.city_team, audit.open_round, web, option=Option.objects.get(question=web, code="partly"))
    services.save_agreed(
        cast.city_team, audit.open_round, Question.objects.get(code="days"), number=21
    )  # 65 points: a fraction in the bar's width
    client.force_login(cast.city_team)
    pages = [
        f"/{language}/audit/rounds/{audit.open_round.pk}/",
        f"/{language}/audit/rounds/{audit.open_round.pk}/compare/",
        f"/{language}/audit/rounds/{audit.open_round.pk}/report/",
        f"/{language}/audit/statistics/employment-rate-non-eu/",
    ]
    for page in pages:
        html = client.get(page).content.decode()
        svg = html[html.index("<svg") : html.index("</svg>")]
        values = NUMERIC_ATTRIBUTE.findall(svg)
        assert values, page
        assert [v for v in values if "," in v and not re.fullmatch(r"[\d. ,-]+", v)] == [], page
        assert [v for v in values if re.search(r"\d,\d", v) and " " not in v] == [], (page, values)
