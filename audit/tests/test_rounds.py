"""Rounds: who may open, answer, agree and freeze; scores with coverage; the pages end to end."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from audit import scoring, services
from audit.models import AgreedAnswer, Answer, Framework, Indicator, Option, Question, Round
from integra.testing import Cast
from network.models import LogEntry


def q(code: str) -> Question:
    return Question.objects.get(code=code)


def option(question: str, code: str) -> Option:
    return Option.objects.get(question__code=question, code=code)


@pytest.fixture
def assessment(cast: Cast, small: Framework) -> Round:
    return services.open_round(cast.city_team, cast.prague, small, 2018, "Baseline 2018")


def test_weighted_means_leave_unanswered_questions_out(cast: Cast, assessment: Round) -> None:
    empty = scoring.round_scores(assessment)
    assert empty.score is None and empty.answered == 0 and empty.total == 4 and empty.coverage == 0
    services.save_agreed(cast.city_team, assessment, q("web"), option=option("web", "yes"))  # 100, weight 3
    services.save_agreed(cast.city_team, assessment, q("desk"), option=option("desk", "no"))  # 0, weight 1
    scores = scoring.round_scores(assessment)
    services_area, safety = scores.children
    information, speed = services_area.children
    assert information.score == 75.0  # (3*100 + 1*0) / 4
    assert speed.score is None and speed.answered == 0
    assert services_area.score == 75.0  # the unanswered indicator is left out, not a zero
    assert safety.score is None
    assert scores.score == 75.0
    assert (scores.answered, scores.total, scores.coverage) == (2, 4, 50.0)
    # A number scores by its linear rule: 60 days or more is 0, 0 days is 100 (lower is better).
    services.save_agreed(cast.city_team, assessment, q("days"), number=15)
    speed = scoring.round_scores(assessment).children[0].children[1]
    assert speed.score == 75.0
    services.save_agreed(cast.city_team, assessment, q("days"), number=90, version=1)
    assert scoring.round_scores(assessment).children[0].children[1].score == 0.0
    services.save_agreed(cast.city_team, assessment, q("feel-safe"), option=option("feel-safe", "partly"))
    final = scoring.round_scores(assessment)
    # services = (1*75 + 2*0) / 3 = 25; safety = 50; total = (25 + 50) / 2
    assert final.children[0].score == 25.0
    assert final.score == 37.5
    assert final.coverage == 100.0


def test_a_city_team_adds_its_own_indicator_for_its_rounds_only(cast: Cast, small: Framework) -> None:
    area = small.areas.get(code="services")
    own = Indicator.objects.create(area=area, code="prague-own", names={"en": "Prague's own"}, city=cast.prague)
    Question.objects.create(indicator=own, code="own-q", texts={"en": "Own question?"}, kind="number", worst=0, best=10)
    prague = services.open_round(cast.city_team, cast.prague, small, 2019, "Follow-up 2019")
    sofia = Round.objects.create(city=cast.sofia, framework=small, year=2019, title="Sofia 2019")
    assert prague.questions().filter(code="own-q").exists()
    assert not sofia.questions().filter(code="own-q").exists()
    assert scoring.round_scores(prague).total == 5


def test_only_the_city_team_opens_agrees_and_freezes(cast: Cast, small: Framework, assessment: Round) -> None:
    for user in (cast.org_admin, cast.outsider, cast.coordinator):
        with pytest.raises(PermissionDenied):
            services.open_round(user, cast.prague, small, 2019, "Follow-up")
        with pytest.raises(PermissionDenied):
            services.save_agreed(user, assessment, q("web"), option=option("web", "yes"))
        with pytest.raises(PermissionDenied):
            services.freeze(user, assessment)
    with pytest.raises(PermissionDenied):
        services.open_round(cast.city_team, cast.sofia, small, 2019, "Not my city")
    with pytest.raises(services.AnswerInvalid):
        services.open_round(cast.city_team, cast.prague, small, 2018, "Baseline again")


def test_only_invited_stakeholders_answer_on_their_own(cast: Cast, assessment: Round) -> None:
    with pytest.raises(PermissionDenied):
        services.save_answer(cast.org_member, assessment, q("web"), option=option("web", "yes"))
    # Only members of the city's stakeholder group can be invited.
    with pytest.raises(services.AnswerInvalid):
        services.invite(cast.city_team, assessment, cast.outsider, cast.ngo)
    with pytest.raises(PermissionDenied):
        services.invite(cast.org_admin, assessment, cast.org_member, cast.ngo)
    services.invite(cast.city_team, assessment, cast.org_member, cast.ngo)
    services.invite(cast.city_team, assessment, cast.org_admin, cast.ngo)
    services.save_answer(cast.org_member, assessment, q("web"), option=option("web", "yes"), comment="Since 2017")
    services.save_answer(cast.org_admin, assessment, q("web"), option=option("web", "no"))
    # An answer that does not fit its question is refused.
    with pytest.raises(services.AnswerInvalid):
        services.save_answer(cast.org_member, assessment, q("web"), option=option("desk", "yes"))
    with pytest.raises(services.AnswerInvalid):
        services.save_answer(cast.org_member, assessment, q("days"), option=option("web", "yes"))
    with pytest.raises(services.AnswerInvalid):
        services.save_answer(cast.org_member, assessment, q("web"), number=3)
    assert Answer.objects.filter(round=assessment).count() == 2
    result = scoring.round_scores(assessment).children[0].children[0].children[0]
    # Respondents' answers do not score; their disagreement is shown.
    assert result.score is None
    assert result.spread == 100.0 and result.disputed
    # Withdrawing an answer: all empty.
    services.save_answer(cast.org_admin, assessment, q("web"))
    assert Answer.objects.filter(round=assessment).count() == 1


def test_a_frozen_round_changes_no_more(cast: Cast, assessment: Round) -> None:
    services.invite(cast.city_team, assessment, cast.org_member, cast.ngo)
    services.save_agreed(cast.city_team, assessment, q("web"), option=option("web", "yes"))
    services.freeze(cast.city_team, assessment)
    assessment.refresh_from_db()
    assert assessment.is_frozen and assessment.frozen_at is not None
    with pytest.raises(services.RoundFrozen):
        services.save_agreed(cast.city_team, assessment, q("web"), option=option("web", "no"), version=1)
    with pytest.raises(services.RoundFrozen):
        services.save_answer(cast.org_member, assessment, q("web"), option=option("web", "no"))
    with pytest.raises(services.RoundFrozen):
        services.freeze(cast.city_team, assessment)
    with pytest.raises(services.RoundFrozen):
        services.invite(cast.city_team, assessment, cast.org_admin, cast.ngo)
    assert AgreedAnswer.objects.get().option == option("web", "yes")
    assert LogEntry.objects.filter(action="audit.round_frozen").count() == 1


def test_two_team_members_agreeing_at_once_lose_nothing(cast: Cast, assessment: Round) -> None:
    services.save_agreed(cast.city_team, assessment, q("web"), option=option("web", "partly"), version=0)
    # A second form opened before that save still says version 0: refused, not overwritten.
    with pytest.raises(services.StaleAnswer):
        services.save_agreed(cast.admin, assessment, q("web"), option=option("web", "no"), version=0)
    assert AgreedAnswer.objects.get().option == option("web", "partly")
    services.save_agreed(cast.admin, assessment, q("web"), option=option("web", "no"), version=1)
    assert AgreedAnswer.objects.get().version == 2


def test_the_whole_round_in_the_browser_pages(client: Client, cast: Cast, small: Framework) -> None:
    client.force_login(cast.city_team)
    response = client.post(
        "/cs/audit/rounds/new/",
        {"city": cast.prague.pk, "framework": small.pk, "year": 2018, "title": "Výchozí stav 2018"},
    )
    assessment = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == assessment.get_absolute_url()
    page = client.get(f"/cs/audit/rounds/{assessment.pk}/").content.decode()
    assert "Ukrainian Initiative" in page  # offered for invitation: a SIG member organisation
    key = f"{cast.org_member.pk}:{cast.ngo.pk}"
    assert client.post(f"/en/audit/rounds/{assessment.pk}/invite/", {"respondent": key}).status_code == 302
    # The respondent answers on their own; a non-number is refused with the answers kept.
    client.force_login(cast.org_member)
    sheet = client.get(f"/en/audit/rounds/{assessment.pk}/answers/")
    assert sheet.status_code == 200
    web, days = q("web"), q("days")
    bad = client.post(
        f"/cs/audit/rounds/{assessment.pk}/answers/",
        {f"q{web.pk}": option("web", "yes").pk, f"q{days.pk}": "dvacet", f"c{web.pk}": "Od roku 2017"},
    )
    assert bad.status_code == 400
    assert "Od roku 2017" in bad.content.decode()
    assert not Answer.objects.exists()
    good = client.post(
        f"/cs/audit/rounds/{assessment.pk}/answers/",
        {f"q{web.pk}": option("web", "yes").pk, f"q{days.pk}": "20,5", f"c{web.pk}": "Od roku 2017"},
    )
    assert good.status_code == 302
    assert Answer.objects.get(question=days).number == 20.5
    # Someone who is not invited may not answer, nor agree: to them the open round does not exist.
    client.force_login(cast.org_admin)
    assert client.get(f"/en/audit/rounds/{assessment.pk}/answers/").status_code == 404
    assert client.get(f"/en/audit/rounds/{assessment.pk}/agree/").status_code == 404
    # The respondent sees the round but may not agree.
    client.force_login(cast.org_member)
    assert client.get(f"/en/audit/rounds/{assessment.pk}/agree/").status_code == 403
    # The team agrees: the group's answer is offered; then freezes.
    client.force_login(cast.city_team)
    agree = client.get(f"/en/audit/rounds/{assessment.pk}/agree/")
    assert agree.status_code == 200
    assert agree.context["form"].initial[f"q{web.pk}"] == str(option("web", "yes").pk)
    saved = client.post(
        f"/en/audit/rounds/{assessment.pk}/agree/",
        {f"q{web.pk}": option("web", "yes").pk, f"v{web.pk}": 0, f"q{days.pk}": "30", f"v{days.pk}": 0},
    )
    assert saved.status_code == 302
    assert AgreedAnswer.objects.count() == 2
    assert client.post(f"/en/audit/rounds/{assessment.pk}/freeze/").status_code == 302
    # Frozen: public, with its scores; the forms are closed.
    client.logout()
    public = client.get(f"/en/audit/rounds/{assessment.pk}/")
    assert public.status_code == 200
    # information 100 (web only), speed 50 (30 days), services = (1 * 100 + 2 * 50) / 3; safety unanswered
    assert public.context["scores"].score == pytest.approx(200 / 3, abs=0.01)
    assert "<svg" in public.content.decode()
    client.force_login(cast.city_team)
    assert client.post(f"/en/audit/rounds/{assessment.pk}/agree/", {}).status_code == 302
    assert AgreedAnswer.objects.count() == 2


def test_an_open_round_is_hidden_from_outsiders(client: Client, cast: Cast, assessment: Round) -> None:
    assert client.get(assessment.get_absolute_url()).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert "Baseline 2018" not in client.get("/en/audit/").content.decode()
    client.force_login(cast.coordinator)  # coordinates a network with a Prague member
    assert client.get(assessment.get_absolute_url()).status_code == 200
    client.force_login(cast.city_team)
    assert "Baseline 2018" in client.get("/en/audit/").content.decode()


def test_the_sheets_go_an_area_at_a_time(client: Client, cast: Cast, assessment: Round) -> None:
    services.invite(cast.city_team, assessment, cast.org_member, cast.ngo)
    client.force_login(cast.org_member)
    first = client.get(f"/en/audit/rounds/{assessment.pk}/answers/")
    assert [row["question"].code for row in first.context["rows"]] == ["web", "desk", "days"]
    safety = client.get(f"/en/audit/rounds/{assessment.pk}/answers/", {"area": "safety"})
    assert [row["question"].code for row in safety.context["rows"]] == ["feel-safe"]
    assert client.get(f"/en/audit/rounds/{assessment.pk}/answers/", {"area": "nowhere"}).status_code == 404
    # "Save and go to the next area" saves this area and opens the next one.
    web = q("web")
    moved = client.post(
        f"/en/audit/rounds/{assessment.pk}/answers/",
        {"area": "services", f"q{web.pk}": option("web", "partly").pk, "next": "1"},
    )
    assert moved.status_code == 302 and moved["Location"].endswith("?area=safety")
    assert Answer.objects.get().option == option("web", "partly")


def test_a_respondents_answers_are_in_their_data_export(client: Client, cast: Cast, assessment: Round) -> None:
    services.invite(cast.city_team, assessment, cast.org_member, cast.ngo)
    services.save_answer(cast.org_member, assessment, q("web"), option=option("web", "yes"), comment="Since 2017")
    client.force_login(cast.org_member)
    exported = client.get("/en/me/data.json").json()
    assert exported["audit_answers"] == [
        {
            "round": str(assessment),
            "organisation": cast.ngo.name,
            "question": "web",
            "answer": "Yes",
            "comment": "Since 2017",
            "evidence": "",
            "updated": Answer.objects.get().updated.isoformat(),
        }
    ]
    client.force_login(cast.city_team)
    assert client.get("/en/me/data.json").json()["audit_answers"] == []
