"""One matrix: every URL × every role × the status it must answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from integra.testing import Cast, add_agenda, add_audit, add_events, add_library

ROLES = ["anonymous", "outsider", "org_member", "org_admin", "city_team", "coordinator", "admin"]
PUBLIC = dict.fromkeys(ROLES, 200)


def _only(allowed: set[str], anonymous: int = 302, refused: int = 403) -> dict[str, int]:
    return {role: 200 if role in allowed else (anonymous if role == "anonymous" else refused) for role in ROLES}


ORG_EDITORS = {"org_admin", "city_team", "admin"}
SIG_MANAGERS = {"city_team", "admin"}
PARTNERSHIP_MANAGERS = {"coordinator", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous"}
# The practice belongs to a partnership member in Prague: Prague's team and the partnership's coordinator.
LIBRARY_EDITORS = {"city_team", "coordinator", "admin"}
# Prague's labs and draft agendas: its team, the partnership's coordinator and its stakeholder group (the NGO).
PLAN_READERS = {"org_member", "org_admin", "city_team", "coordinator", "admin"}
PLANNERS = {"city_team", "admin"}
# Planning forms on an object: the object is hidden from outsiders (404), refused to its readers (403).
PLAN_FORM = {**_only(PLANNERS), "outsider": 404}

MATRIX: list[tuple[str, dict[str, int]]] = [
    ("/en/", PUBLIC),
    ("/en/cities/", PUBLIC),
    ("/en/cities/prague/", PUBLIC),
    ("/en/cities/prague/graph/", PUBLIC),
    ("/en/organisations/", PUBLIC),
    ("/en/organisations/{ngo}/", PUBLIC),
    ("/en/organisations/export.csv", PUBLIC),
    ("/en/networks/", PUBLIC),
    ("/en/networks/integra/", PUBLIC),
    ("/en/networks/integra/graph/", PUBLIC),
    ("/en/networks/sig-prague/map/", PUBLIC),
    ("/en/figures/", PUBLIC),
    ("/en/privacy/", PUBLIC),
    ("/api/v1/organisations/", PUBLIC),
    ("/en/organisations/{ngo}/edit/", _only(ORG_EDITORS)),
    ("/en/organisations/{ngo}/people/new/", _only(ORG_EDITORS)),
    ("/en/organisations/{ngo}/ties/new/", _only(ORG_EDITORS)),
    ("/en/organisations/{ngo}/invite/", _only(ORG_EDITORS)),
    ("/en/organisations/{school}/edit/", _only({"city_team", "admin"})),
    ("/en/organisations/{sofia_ngo}/edit/", _only({"admin"})),
    ("/en/people/{person}/edit/", _only(ORG_EDITORS | {"org_member"})),
    ("/en/people/{person}/erase/", _only(ORG_EDITORS | {"org_member"})),
    ("/en/cities/prague/organisations/new/", _only({"city_team", "admin"})),
    ("/en/cities/sofia/organisations/new/", _only({"admin"})),
    ("/en/cities/prague/networks/new/", _only({"city_team", "admin"})),
    ("/en/cities/sofia/networks/new/", _only({"admin"})),
    ("/en/networks/sig-prague/edit/", _only(SIG_MANAGERS)),
    ("/en/networks/sig-prague/members/add/", _only(SIG_MANAGERS)),
    ("/en/networks/sig-prague/meetings/new/", _only(SIG_MANAGERS)),
    ("/en/networks/integra/edit/", _only(PARTNERSHIP_MANAGERS)),
    ("/en/networks/integra/members/add/", _only(PARTNERSHIP_MANAGERS)),
    ("/en/log/", _only({"city_team", "coordinator", "admin"})),
    ("/en/import/", _only({"org_admin", "city_team", "admin"})),
    ("/en/me/", _only(SIGNED_IN)),
    ("/en/me/data.json", _only(SIGNED_IN)),
    ("/en/me/erase/", _only(SIGNED_IN)),
    ("/en/me/token/", _only(SIGNED_IN)),
    ("/en/people/export.csv", _only(SIGNED_IN)),
    ("/en/admin/", _only({"admin"}, refused=302)),
    ("/en/library/", PUBLIC),
    ("/en/library/?q=café", PUBLIC),
    ("/en/library/{practice}/", PUBLIC),
    ("/en/library/flows/", PUBLIC),
    ("/en/library/export.csv", PUBLIC),
    ("/en/library/export/dictionary/", PUBLIC),
    ("/en/library/feed/en/", PUBLIC),
    ("/api/v1/resources/", PUBLIC),
    ("/api/v1/search/?q=cafe", PUBLIC),
    ("/en/library/new/", _only({"org_member", "org_admin", "city_team", "admin"})),
    ("/en/library/review/", _only(SIGNED_IN)),
    ("/en/library/{draft}/", _only({"org_member", "org_admin", "city_team", "admin"}, anonymous=404, refused=404)),
    ("/en/library/{practice}/edit/", _only(LIBRARY_EDITORS)),
    ("/en/library/{practice}/versions/cs/", _only(LIBRARY_EDITORS)),
    ("/en/library/{practice}/versions/en/history/", _only(LIBRARY_EDITORS)),
    ("/en/library/{practice}/attachments/new/", _only(LIBRARY_EDITORS)),
    ("/en/library/{practice}/quality/", _only({"coordinator", "admin"})),
    ("/en/library/{practice}/adaptations/new/", _only({"org_member", "org_admin", "city_team", "admin"})),
    ("/en/audit/", PUBLIC),
    ("/en/audit/frameworks/small/v1/", PUBLIC),
    ("/en/audit/frameworks/small/v1.json", PUBLIC),
    ("/en/audit/frameworks/import/", _only({"admin"})),
    ("/en/audit/rounds/new/", _only({"city_team", "admin"})),
    ("/en/audit/rounds/{frozen_round}/compare/", PUBLIC),
    ("/en/audit/rounds/{frozen_round}/report/", PUBLIC),
    ("/en/audit/rounds/{frozen_round}/evidence/", PUBLIC),
    ("/en/audit/rounds/{open_round}/evidence/", _only({"org_member", "city_team", "coordinator", "admin"}, 404, 404)),
    (
        "/en/audit/rounds/{open_round}/evidence/photovoice/new/",
        {**_only({"city_team", "admin"}, 302, 404), **dict.fromkeys(("org_member", "coordinator"), 403)},
    ),
    ("/en/audit/rounds/{frozen_round}/report.pdf", PUBLIC),
    ("/en/audit/rounds/{frozen_round}/export.csv", PUBLIC),
    ("/en/audit/rounds/{open_round}/report/", _only({"org_member", "city_team", "coordinator", "admin"}, 404, 404)),
    ("/en/audit/frameworks/small/v1.xlsx", PUBLIC),
    ("/en/audit/cities/prague/challenges/", PUBLIC),
    ("/en/audit/cities/prague/challenges/new/", _only({"city_team", "admin"})),
    ("/en/audit/statistics/", PUBLIC),
    ("/api/v1/frameworks/", PUBLIC),
    ("/api/v1/rounds/", PUBLIC),
    ("/api/v1/challenges/", PUBLIC),
    ("/api/v1/statistics/", PUBLIC),
    ("/api/v1/figures/", PUBLIC),
    ("/en/surveys/", _only({"city_team", "admin"})),
    ("/en/surveys/new/", _only({"city_team", "admin"})),
    ("/en/surveys/{survey}/", _only({"city_team", "admin"})),
    ("/en/surveys/{survey}/results/", _only({"city_team", "admin"})),
    ("/en/surveys/{survey}/questions/new/", _only({"city_team", "admin"})),
    ("/uk/surveys/answer/test-link-token/", PUBLIC),
    ("/en/audit/statistics/import/", _only({"admin"})),
    ("/en/audit/statistics/figures/import/", _only({"city_team", "admin"})),
    ("/en/audit/statistics/figures/new/", _only({"city_team", "admin"})),
    ("/en/audit/rounds/{frozen_round}/", PUBLIC),
    # An open round exists only for its team, its invited respondents and the coordinators following the city.
    ("/en/audit/rounds/{open_round}/", _only({"org_member", "city_team", "coordinator", "admin"}, 404, 404)),
    (
        "/en/audit/rounds/{open_round}/answers/",
        {**_only({"org_member"}, 302, 404), **dict.fromkeys(("city_team", "coordinator", "admin"), 403)},
    ),
    (
        "/en/audit/rounds/{open_round}/agree/",
        {**_only({"city_team", "admin"}, 302, 404), **dict.fromkeys(("org_member", "coordinator"), 403)},
    ),
    ("/en/agenda/", PUBLIC),
    ("/en/agenda/cities/prague/", PUBLIC),
    ("/en/agenda/{agenda}/", PUBLIC),
    ("/en/agenda/{agenda}/timeline/", PUBLIC),
    ("/en/agenda/{agenda}/dashboard/", PUBLIC),
    ("/en/agenda/{agenda}/progress/", PUBLIC),
    ("/en/agenda/{agenda}/agenda.pdf", PUBLIC),
    ("/en/agenda/{agenda}/agenda.xlsx", PUBLIC),
    ("/en/agenda/measures/{measure}/", PUBLIC),
    ("/en/agenda/{draft_agenda}/", _only(PLAN_READERS, 404, 404)),
    ("/en/agenda/{draft_agenda}/progress/", dict.fromkeys(ROLES, 404)),
    ("/en/agenda/measures/{draft_measure}/", _only(PLAN_READERS, 404, 404)),
    ("/en/agenda/labs/{lab}/", _only(PLAN_READERS, 404, 404)),
    ("/en/agenda/cities/prague/labs/new/", _only(PLANNERS)),
    ("/en/agenda/cities/sofia/labs/new/", _only({"admin"})),
    ("/en/agenda/cities/prague/agendas/new/", _only(PLANNERS)),
    ("/en/agenda/labs/{lab}/edit/", PLAN_FORM),
    ("/en/agenda/labs/{lab}/drivers/new/", PLAN_FORM),
    ("/en/agenda/labs/{lab}/scenarios/new/", PLAN_FORM),
    ("/en/agenda/scenarios/{scenario}/edit/", PLAN_FORM),
    ("/en/agenda/labs/{lab}/swot/new/", PLAN_FORM),
    ("/en/agenda/labs/{lab}/goals/new/", PLAN_FORM),
    ("/en/agenda/labs/{lab}/draft-agenda/", PLAN_FORM),
    ("/en/agenda/{agenda}/edit/", _only(PLANNERS)),
    ("/en/agenda/{agenda}/goals/new/", _only(PLANNERS)),
    ("/en/agenda/{agenda}/measures/new/", _only(PLANNERS)),
    ("/en/agenda/{draft_agenda}/edit/", PLAN_FORM),
    ("/en/agenda/measures/{measure}/edit/", _only(PLANNERS)),
    ("/en/agenda/measures/{measure}/indicators/new/", _only(PLANNERS)),
    ("/en/agenda/measures/{measure}/milestones/new/", _only(PLANNERS)),
    # The measure is led by the NGO: its admin and member report on it, as does the city team.
    ("/en/agenda/measures/{measure}/updates/new/", _only({"org_member", "org_admin", "city_team", "admin"})),
    ("/en/agenda/adopt/{practice}/", _only(PLANNERS)),
    ("/en/agenda/parts/indicator/{indicator}/edit/", _only(PLANNERS)),
    ("/en/agenda/parts/measure/{measure}/delete/", _only(PLANNERS)),
    ("/en/agenda/parts/scenario/{scenario}/delete/", PLAN_FORM),
    ("/api/v1/agendas/", PUBLIC),
    ("/api/v1/measures/", PUBLIC),
    ("/api/v1/progress-updates/", PUBLIC),
    ("/api/v1/labs/", {**_only(SIGNED_IN), "anonymous": 401}),
    ("/en/events/", PUBLIC),
    ("/uk/events/language-cafe-prague/", PUBLIC),
    ("/en/events/language-cafe-prague/calendar.ics", PUBLIC),
    ("/en/events/cities/prague/calendar.ics", PUBLIC),
    ("/en/events/draft-walk/", dict.fromkeys(ROLES, 404)),
    ("/en/events/registrations/no-such-token/", dict.fromkeys(ROLES, 404)),
    ("/en/events/manage/", _only(SIGNED_IN)),
    ("/ar/events/consultations/", PUBLIC),
    ("/api/v1/events/", PUBLIC),
    ("/api/v1/consultations/", PUBLIC),
    ("/api/v1/initiatives/", PUBLIC),
    ("/en/events/campaigns/", PUBLIC),
    ("/en/events/campaigns/prague-speaks/", PUBLIC),
    ("/en/events/reach/", PUBLIC),
    ("/tr/events/initiatives/", PUBLIC),
    ("/uk/events/initiatives/neighbours-help/", PUBLIC),
    ("/en/events/initiatives/neighbours-help/edit/", _only({"org_member", "org_admin", "city_team", "admin"})),
    ("/uk/events/photovoice/my-street/", PUBLIC),
    ("/en/events/photovoice/my-street/queue/", _only({"org_member", "org_admin", "city_team", "admin"})),
    ("/en/events/new/", _only({"org_member", "org_admin", "city_team", "admin"})),
    # The café is organised by the NGO in Prague: its people, Prague's team and the partnership's coordinator.
    ("/en/events/language-cafe-prague/participants/", _only(PLAN_READERS)),
    ("/en/events/language-cafe-prague/edit/", _only(PLAN_READERS)),
]


def _user(cast: Cast, role: str) -> Any:
    return None if role == "anonymous" else getattr(cast, role)


@pytest.mark.parametrize("url,expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_it_answers_each_role_as_the_matrix_says(
    client: Client, cast: Cast, url: str, expected: dict[str, int]
) -> None:
    shelf = add_library(cast)
    audit = add_audit(cast)
    plans = add_agenda(cast)
    add_events(cast)
    path = url.format(
        agenda=plans.agenda.pk,
        draft_agenda=plans.draft.pk,
        measure=plans.measure.pk,
        draft_measure=plans.draft_measure.pk,
        lab=plans.lab.pk,
        scenario=plans.scenario.pk,
        indicator=plans.indicator.pk,
        open_round=audit.open_round.pk,
        survey=audit.survey.pk,
        frozen_round=audit.frozen_round.pk,
        ngo=cast.ngo.slug,
        school=cast.school.slug,
        sofia_ngo=cast.sofia_ngo.slug,
        person=cast.person.pk,
        practice=shelf.practice.slug,
        draft=shelf.draft.slug,
    )
    answers = {}
    for role in ROLES:
        client.logout()
        user = _user(cast, role)
        if user is not None:
            client.force_login(user)
        answers[role] = client.get(path).status_code
    assert answers == expected


API_WRITES = [
    ("patch", "/api/v1/organisations/{ngo}/", {"acronym": "UI"}, ORG_EDITORS),
    ("patch", "/api/v1/networks/sig-prague/", {"website": "https://sig.example.org"}, SIG_MANAGERS),
    ("patch", "/api/v1/networks/integra/", {"website": "https://integra.example.org"}, PARTNERSHIP_MANAGERS),
    ("patch", "/api/v1/resources/language-cafe/", {"year": 2018}, LIBRARY_EDITORS),
]


@pytest.mark.parametrize("method,url,data,allowed", API_WRITES, ids=[u for _m, u, _d, _a in API_WRITES])
def test_it_scopes_api_writes_by_role(
    cast: Cast, method: str, url: str, data: dict[str, Any], allowed: set[str]
) -> None:
    from rest_framework.test import APIClient

    add_library(cast)
    path = url.format(ngo=cast.ngo.slug)
    answers = {}
    for role in ROLES:
        api = APIClient()
        user = _user(cast, role)
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        answers[role] = getattr(api, method)(path, data, format="json").status_code
    expected = {role: 200 if role in allowed else (401 if role == "anonymous" else 403) for role in ROLES}
    assert answers == expected
