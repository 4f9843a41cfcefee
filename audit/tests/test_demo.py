from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from audit import compare, scoring
from audit.models import Answer, Challenge, Framework, Round, RoundStatus


def test_the_demo_audit_loads_once(db: Any) -> None:
    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    call_command("audit_demo", stdout=io.StringIO())
    counts = (Round.objects.count(), Challenge.objects.count(), Answer.objects.count(), Framework.objects.count())
    call_command("audit_demo", stdout=io.StringIO())
    assert (
        Round.objects.count(),
        Challenge.objects.count(),
        Answer.objects.count(),
        Framework.objects.count(),
    ) == counts

    assert Framework.objects.count() == 3
    frozen = Round.objects.filter(status=RoundStatus.FROZEN, framework__code="integra-checklist")
    assert sorted(frozen.values_list("city__slug", "year")) == sorted(
        (city, year) for city in ("kosice", "osijek", "prague", "rubano", "sofia") for year in (2018, 2019)
    )
    # The baseline leaves questions unanswered: coverage shows it, the score does not count them.
    baseline = frozen.get(city__slug="osijek", year=2018)
    assert 0 < baseline.profile["answered"] < baseline.profile["questions"]
    followup = frozen.get(city__slug="osijek", year=2019)
    assert followup.profile["answered"] == followup.profile["questions"]
    # Osijek's urban environment (signage) improved by the follow-up.
    assert followup.profile["areas"]["urban-environment"] > baseline.profile["areas"]["urban-environment"]
    # Prague has an open round its stakeholder can answer, and peers to learn from.
    open_round = Round.objects.get(city__slug="prague", status=RoundStatus.OPEN)
    assert open_round.respondents.filter(user__email="stakeholder@integra.test").exists()
    assert scoring.round_scores(open_round).answered > 0
    assert compare.peers(open_round)
    assert Challenge.objects.filter(city__slug="osijek", title__icontains="signage").exists()
    assert Challenge.objects.exclude(indicator=None).exists()
    questionnaire = Round.objects.get(city__slug="prague", year=2019).questionnaires.get()
    assert questionnaire.responses.count() == 24 and set(questionnaire.languages) == {"cs", "en", "uk", "vi"}


def test_the_demo_baselines_carry_evidence(db: Any) -> None:
    from audit.models import CityWalk, FocusGroup, Photovoice

    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    call_command("audit_demo", stdout=io.StringIO())
    baselines = Round.objects.filter(framework__code="integra-checklist", year=2018)
    assert baselines.count() == 5
    for baseline in baselines:
        assert FocusGroup.objects.filter(round=baseline).count() == 2
        assert CityWalk.objects.get(round=baseline).points.count() == 3
        assert Photovoice.objects.filter(round=baseline, visibility="public").count() == 3
    assert Photovoice.objects.filter(keep_location=True).count() == 0
