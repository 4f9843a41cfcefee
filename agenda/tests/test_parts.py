"""The small parts of labs and agendas: edited and removed by the city team only, logged, never in an archive."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from agenda.models import AgendaStatus, Driver, DriverState, Measure, MeasureIndicator, Milestone, ProgressUpdate
from integra.testing import Cast, Plans, add_agenda
from network.models import LogEntry


@pytest.fixture
def plans(cast: Cast) -> Plans:
    return add_agenda(cast)


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_city_team_marks_a_milestone_reached(client: Client, cast: Cast, plans: Plans) -> None:
    milestone = Milestone.objects.create(measure=plans.measure, title="First office on call", due="2020-06-30")
    client.force_login(cast.city_team)
    url = f"/en/agenda/parts/milestone/{milestone.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "First office on call", "due": "2020-06-30", "reached": "2020-05-20"})
    assert response.status_code == 302 and response["Location"] == plans.measure.get_absolute_url()
    milestone.refresh_from_db()
    assert str(milestone.reached) == "2020-05-20"
    assert LogEntry.objects.filter(action="agenda.milestone.changed", object_id=milestone.pk).exists()


def test_an_edited_indicator_still_fits_its_type(client: Client, cast: Cast, plans: Plans) -> None:
    client.force_login(cast.city_team)
    url = f"/en/agenda/parts/indicator/{plans.indicator.pk}/edit/"
    data = {
        "source": "own",
        "name": "Offices with an interpreter on call",
        "value_type": "count",
        "baseline": 0,
        "baseline_year": 2019,
        "target": 12.5,
        "target_year": 2021,
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "A count must be a whole number" in refused.content.decode()
    assert client.post(url, {**data, "target": 15}).status_code == 302
    plans.indicator.refresh_from_db()
    assert plans.indicator.target == 15


def test_removing_a_driver_takes_its_states_and_is_logged(client: Client, cast: Cast, plans: Plans) -> None:
    driver = plans.lab.drivers.get()
    client.force_login(cast.city_team)
    url = f"/en/agenda/parts/driver/{driver.pk}/delete/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Labour shortage" in confirm.content.decode()
    assert DriverState.objects.filter(driver=driver).exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == plans.lab.get_absolute_url()
    assert not Driver.objects.filter(pk=driver.pk).exists()
    assert not DriverState.objects.filter(driver_id=driver.pk).exists()
    assert LogEntry.objects.filter(action="agenda.driver.deleted", object_id=driver.pk).exists()


def test_removing_a_measure_returns_to_its_agenda(client: Client, cast: Cast, plans: Plans) -> None:
    client.force_login(cast.city_team)
    response = client.post(f"/en/agenda/parts/measure/{plans.measure.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == plans.agenda.get_absolute_url()
    assert not Measure.objects.filter(pk=plans.measure.pk).exists()
    assert not ProgressUpdate.objects.filter(measure_id=plans.measure.pk).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("outsider", 404), ("org_member", 403), ("coordinator", 403), ("city_team", 200), ("admin", 200)],
)
def test_only_the_city_team_edits_lab_parts(client: Client, cast: Cast, plans: Plans, role: str, status: int) -> None:
    driver = plans.lab.drivers.get()
    client.force_login(getattr(cast, role))
    assert client.get(f"/en/agenda/parts/driver/{driver.pk}/edit/").status_code == status
    assert client.get(f"/en/agenda/parts/driver/{driver.pk}/delete/").status_code == status


def test_the_public_cannot_reach_the_parts(client: Client, cast: Cast, plans: Plans) -> None:
    response = client.post(f"/en/agenda/parts/indicator/{plans.indicator.pk}/delete/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert MeasureIndicator.objects.filter(pk=plans.indicator.pk).exists()
    client.force_login(cast.city_team)
    assert client.get(f"/en/agenda/parts/nothing/{plans.indicator.pk}/edit/").status_code == 404
    # A scenario is edited on its own page; it is only removed here.
    assert client.get(f"/en/agenda/parts/scenario/{plans.scenario.pk}/edit/").status_code == 404


def test_an_archived_agenda_keeps_its_parts(client: Client, cast: Cast, plans: Plans) -> None:
    plans.agenda.status = AgendaStatus.ARCHIVED
    plans.agenda.save()
    client.force_login(cast.city_team)
    edit = client.get(f"/en/agenda/parts/indicator/{plans.indicator.pk}/edit/", follow=True)
    assert "This agenda is archived; it can no longer be changed." in _messages(edit)
    removed = client.post(f"/en/agenda/parts/indicator/{plans.indicator.pk}/delete/", follow=True)
    assert "This agenda is archived; it can no longer be changed." in _messages(removed)
    assert MeasureIndicator.objects.filter(pk=plans.indicator.pk).exists()
    assert not LogEntry.objects.filter(action__endswith=".deleted").exists()
