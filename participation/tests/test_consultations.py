"""Public consultations: open questionnaires their team lists, answered anonymously, with a rate limit."""

from __future__ import annotations

import pytest
from django.test import Client

from integra.testing import Cast
from surveys.models import Survey, SurveyLink, SurveyQuestion, SurveyResponse


@pytest.fixture
def survey(cast: Cast) -> Survey:
    survey = Survey.objects.create(
        city=cast.prague,
        languages=["cs", "uk", "ar"],
        titles={"cs": "Jak se vám žije v Praze?", "uk": "Як вам живеться в Празі?", "ar": "كيف هي حياتك في براغ؟"},
        status="open",
    )
    SurveyQuestion.objects.create(
        survey=survey,
        kind="single",
        texts={"cs": "Cítíte se vítáni?", "uk": "Чи почуваєтеся ви бажаними?", "ar": "هل تشعر بالترحيب؟"},
        options=[
            {"code": "yes", "labels": {"cs": "Ano", "uk": "Так", "ar": "نعم"}},
            {"code": "no", "labels": {"cs": "Ne", "uk": "Ні", "ar": "لا"}},
        ],
    )
    return survey


def test_only_open_public_consultations_are_listed(client: Client, survey: Survey) -> None:
    public = SurveyLink.objects.create(survey=survey, label="Web", public=True)
    SurveyLink.objects.create(survey=survey, label="SIG members only", token="private-token")
    page = client.get("/uk/events/consultations/").content.decode()
    assert "Як вам живеться в Празі?" in page and public.get_absolute_url() in page and "private-token" not in page
    assert f"{public.get_absolute_url()}?lang=ar" in page
    survey.status = "closed"
    survey.save()
    assert "Як вам живеться в Празі?" not in client.get("/uk/events/consultations/").content.decode()


def test_answers_from_one_connection_are_limited(client: Client, survey: Survey) -> None:
    from surveys.views import ANSWERS_PER_HOUR

    link = SurveyLink.objects.create(survey=survey, label="Web", public=True)
    question = survey.questions.get()
    for _ in range(ANSWERS_PER_HOUR):
        assert client.post(f"/uk{link.get_absolute_url()[3:]}", {f"q{question.pk}": "yes"}).status_code == 200
    refused = client.post(f"/uk{link.get_absolute_url()[3:]}", {f"q{question.pk}": "yes"})
    assert refused.status_code == 400
    assert SurveyResponse.objects.filter(survey=survey).count() == ANSWERS_PER_HOUR
