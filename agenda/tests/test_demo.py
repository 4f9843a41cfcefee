"""The demo labs and agendas load on top of the earlier demos, tell a coherent story, and only once."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from agenda.management.commands.agenda_demo import AS_OF, shift_years
from agenda.models import (
    Agenda,
    AgendaStatus,
    DriverState,
    Goal,
    IndicatorSource,
    IndicatorValue,
    Lab,
    LabGoal,
    Measure,
    MeasureIndicator,
    MeasureStatus,
    ProgressUpdate,
    Scenario,
    ValueType,
)
from audit.models import Challenge, Horizon, Source
from library.models import Kind, Resource, Status

CITIES = {"prague", "sofia", "kosice", "osijek", "rubano"}


def _fake_vectors(sources: Any) -> np.ndarray:
    """Stable stand-in unit vectors: the library demo loads without the embedding model."""
    rows = []
    for source in sources:
        seed = int.from_bytes(hashlib.sha256(source.encode()).digest()[:8], "big")
        vector = np.random.default_rng(seed).normal(size=384).astype(np.float32)
        rows.append(vector / np.linalg.norm(vector))
    return np.vstack(rows)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Evidence and attachments go to a temporary folder; embeddings are stand-ins."""
    from django.core.files.storage import FileSystemStorage

    from audit.models import Photovoice, WalkPoint
    from library import search
    from library.models import Attachment

    storage = FileSystemStorage(location=str(tmp_path / "private"))
    for model, name in ((Photovoice, "photo"), (WalkPoint, "photo"), (Attachment, "file")):
        monkeypatch.setattr(model._meta.get_field(name), "storage", storage)
    monkeypatch.setattr(search, "embed_passages", _fake_vectors)
    monkeypatch.setattr(search, "embed_query", lambda query: _fake_vectors([query])[0])


def _load_demos() -> str:
    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    call_command("library_demo", stdout=io.StringIO())
    call_command("audit_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("agenda_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "labs": Lab.objects.count(),
        "scenarios": Scenario.objects.count(),
        "lab goals": LabGoal.objects.count(),
        "agendas": Agenda.objects.count(),
        "goals": Goal.objects.count(),
        "measures": Measure.objects.count(),
        "indicators": MeasureIndicator.objects.count(),
        "values": IndicatorValue.objects.count(),
        "updates": ProgressUpdate.objects.count(),
        "challenges": Challenge.objects.count(),
        "resources": Resource.objects.count(),
    }


def test_the_demo_agendas_tell_a_year_of_monitoring(db: Any) -> None:
    assert "5 labs and agendas" in _load_demos()

    labs = Lab.objects.all()
    assert set(labs.values_list("city__slug", flat=True)) == CITIES
    for lab in labs:
        assert lab.start.year == 2019 and lab.participant_total >= 15
        assert lab.scenarios.count() == 3
        assert 4 <= lab.drivers.count() <= 6 and any(driver.is_key for driver in lab.drivers.all())
        assert DriverState.objects.filter(scenario__lab=lab).exists()
        assert 2 <= lab.goals.count() <= 3
        assert lab.goals.filter(challenges__isnull=False).exists()
        # The lab added one future challenge to the city's register.
        future = Challenge.objects.get(city=lab.city, source=Source.LAB)
        assert future.horizon == Horizon.FUTURE and future.lab_goals.exists()

    today = timezone.localdate()
    years = shift_years(today)
    agendas = Agenda.objects.all()
    assert agendas.count() == 5
    for agenda in agendas:
        assert agenda.status == AgendaStatus.ADOPTED and agenda.adopted_on and agenda.adopted_by
        assert (agenda.start_year, agenda.end_year, agenda.report_every_months) == (2020 + years, 2022 + years, 6)
        assert agenda.adopted_on <= today
        assert agenda.first_report is not None and agenda.lab is not None
        assert 5 <= agenda.measures.count() <= 8
        for measure in agenda.measures.all():
            assert measure.lead is not None and measure.lead.city_id == agenda.city_id
            assert agenda.start_year <= measure.start.year and measure.end.year <= agenda.end_year
            assert 1 <= measure.milestones.count() <= 3 and 1 <= measure.indicators.count() <= 2
            assert measure.updates.exists()
            latest = measure.updates.first()
            assert latest is not None
            assert measure.status == latest.status and measure.last_reported == latest.created
    osijek = agendas.get(city__slug="osijek")
    assert "Local Integration Plan" in osijek.title and osijek.goals.count() == 6
    kosice = " ".join(Measure.objects.filter(agenda__city__slug="kosice").values_list("title", flat=True)).lower()
    assert "website" in kosice and "welcome kit" in kosice

    # A year of monitoring, moved forward so that it ends this year, none of it in the future.
    updates = ProgressUpdate.objects.all()
    assert updates.count() >= 40
    assert {update.created.year for update in updates} <= {AS_OF.year - 1 + years, AS_OF.year + years}
    assert max(update.created for update in updates) <= timezone.now()
    assert not IndicatorValue.objects.filter(measured_on__gt=today).exists()
    assert updates.filter(author__email="stakeholder@integra.test", organisation__isnull=False).exists()
    assert IndicatorValue.objects.filter(update__isnull=False).exists()

    # Indicators of all three kinds, with values that fit their type.
    indicators = MeasureIndicator.objects.all()
    assert set(indicators.values_list("source", flat=True)) == set(IndicatorSource.values)
    assert not indicators.filter(source=IndicatorSource.FRAMEWORK, framework_indicator__isnull=True).exists()
    assert not indicators.filter(source=IndicatorSource.STATISTIC, statistic__isnull=True).exists()
    for indicator in indicators:
        indicator.full_clean()
    for value in IndicatorValue.objects.filter(indicator__value_type=ValueType.COUNT):
        assert value.value == int(value.value) >= 0

    # As of today some measures are late, a few are stale, most are fine.
    measures = Measure.objects.select_related("agenda")
    overdue = measures.overdue()
    assert overdue.exists() and overdue.count() < measures.count() // 2
    stale = [measure for measure in measures if measure.is_stale()]
    assert 1 <= len(stale) < measures.count() // 2
    assert measures.filter(status=MeasureStatus.DONE, percent_done=100).exists()

    # One measure became an example: a draft good practice written from it.
    example = measures.examples().get()
    assert example.example is not None
    assert example.example.kind == Kind.GOOD_PRACTICE and example.example.status == Status.DRAFT
    assert example.example.city_id == example.agenda.city_id


def test_the_demo_agendas_load_once(db: Any) -> None:
    _load_demos()
    loaded = _counts()
    again = io.StringIO()
    call_command("agenda_demo", stdout=again)
    assert "already present" in again.getvalue()
    assert _counts() == loaded
