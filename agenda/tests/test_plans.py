"""The agenda: drafted, edited without losing anyone's work, adopted by the rules, archived, shown to the public."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from agenda import services
from agenda.models import Agenda, AgendaStatus, Goal, Measure, MeasureIndicator, Milestone, ProgressUpdate
from integra.testing import Cast, Plans, add_agenda
from network.models import LogEntry

AGENDA = {
    "title": "Brno Integration Agenda",
    "summary": "Five goals for five years.",
    "start_year": 2025,
    "end_year": 2029,
    "first_report": "2025-06-30",
    "report_every_months": 6,
}


@pytest.fixture
def plans(cast: Cast) -> Plans:
    return add_agenda(cast)


def messages_of(response: Any) -> list[str]:
    """The messages shown on the page a redirect led to (the request is made with ``follow=True``)."""
    return [str(message) for message in response.context["messages"]]


def measure_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Welcome desk at the city hall",
        "description": "Open every weekday.",
        "involvement": "involve",
        "budget": "25000",
        "staff": "two social workers",
        "funding_source": "AMIF",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "internal_notes": "Ask the mayor's office for a room.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def indicator_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": "own",
        "name": "Share of offices with signs in English",
        "value_type": "percent",
        "unit": "%",
        "baseline": 10,
        "baseline_year": 2019,
        "target": 80,
        "target_year": 2022,
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- creating and editing


def test_it_starts_an_agenda_as_a_draft(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    form = client.get("/en/agenda/cities/prague/agendas/new/").context["form"]
    assert "version" not in form.fields
    response = client.post("/en/agenda/cities/prague/agendas/new/", AGENDA)
    agenda = Agenda.objects.get()
    assert response.status_code == 302 and response["Location"] == agenda.get_absolute_url()
    assert (agenda.city, agenda.status, agenda.created_by, agenda.version) == (
        cast.prague,
        AgendaStatus.DRAFT,
        cast.city_team,
        1,
    )
    assert (agenda.start_year, agenda.end_year, agenda.first_report) == (2025, 2029, date(2025, 6, 30))
    entry = LogEntry.objects.get(action="agenda.agenda.created")
    assert (entry.object_id, entry.city, entry.changes["title"]) == (agenda.pk, cast.prague, "Brno Integration Agenda")
    page = client.get(agenda.get_absolute_url()).content.decode()
    assert "Brno Integration Agenda" in page and "2025–2029" in page
    # Only the city team starts one.
    client.force_login(cast.org_admin)
    assert client.post("/en/agenda/cities/prague/agendas/new/", {**AGENDA, "title": "Not mine"}).status_code == 403
    assert Agenda.objects.count() == 1


def test_it_refuses_a_period_that_ends_before_it_starts(client: Client, cast: Cast, plans: Plans) -> None:
    client.force_login(cast.city_team)
    created = client.post("/en/agenda/cities/prague/agendas/new/", {**AGENDA, "start_year": 2029, "end_year": 2025})
    assert created.status_code == 200
    assert created.context["form"].errors["end_year"] == ["The period cannot end before it starts."]
    assert not Agenda.objects.filter(title="Brno Integration Agenda").exists()
    edited = client.post(
        f"/en/agenda/{plans.draft.pk}/edit/", {**AGENDA, "start_year": 2027, "end_year": 2023, "version": 1}
    )
    assert edited.status_code == 200
    assert edited.context["form"].errors["end_year"] == ["The period cannot end before it starts."]
    plans.draft.refresh_from_db()
    assert (plans.draft.start_year, plans.draft.end_year, plans.draft.version) == (2023, 2027, 1)
    with pytest.raises(services.PlanInvalid):
        services.draft_agenda(cast.city_team, plans.lab, "Backwards", 2027, 2023)
    assert not Agenda.objects.filter(title="Backwards").exists()


def test_two_editors_at_once_lose_nothing(client: Client, cast: Cast, plans: Plans) -> None:
    draft = plans.draft
    url = f"/en/agenda/{draft.pk}/edit/"
    client.force_login(cast.city_team)
    other = Client()
    other.force_login(cast.admin)
    # Both open the form at version 1.
    assert client.get(url).context["form"].initial["version"] == 1
    assert other.get(url).context["form"].initial["version"] == 1
    first = client.post(url, {**AGENDA, "title": "Prague agenda 2023-2027", "version": 1})
    assert first.status_code == 302
    second = other.post(url, {**AGENDA, "title": "Prague agenda, the admin's version", "version": 1})
    assert second.status_code == 200
    assert "Someone else changed this record while you were editing it." in second.content.decode()
    # What the second editor typed is still in the form, and the first edit is kept.
    assert second.context["form"]["title"].value() == "Prague agenda, the admin's version"
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Prague agenda 2023-2027", 2)
    changes = LogEntry.objects.filter(action="agenda.agenda.changed")
    assert changes.count() == 1
    assert changes.get().changes["title"] == ["Prague agenda 2023-2027 (draft)", "Prague agenda 2023-2027"]
    # Reloaded at version 2, the second editor saves.
    assert other.post(url, {**AGENDA, "title": "Prague agenda, agreed", "version": 2}).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Prague agenda, agreed", 3)


def test_two_editors_of_a_measure_lose_nothing(client: Client, cast: Cast, plans: Plans) -> None:
    measure = plans.draft_measure
    url = f"/en/agenda/measures/{measure.pk}/edit/"
    client.force_login(cast.city_team)
    assert client.post(url, measure_data(title="Welcome desk", lead=cast.ngo.pk, version=1)).status_code == 302
    stale = client.post(url, measure_data(title="Welcome point", version=1))
    assert stale.status_code == 200
    assert "Someone else changed this record" in stale.content.decode()
    measure.refresh_from_db()
    assert (measure.title, measure.lead, measure.version) == ("Welcome desk", cast.ngo, 2)
    assert measure.internal_notes == "Ask the mayor's office for a room."
    assert LogEntry.objects.filter(action="agenda.measure.changed", object_id=measure.pk).count() == 1


def test_it_adds_measures_and_refuses_an_end_before_the_start(client: Client, cast: Cast, plans: Plans) -> None:
    agenda = plans.draft
    client.force_login(cast.city_team)
    refused = client.post(f"/en/agenda/{agenda.pk}/measures/new/", measure_data(start="2024-06-01", end="2024-05-31"))
    assert refused.status_code == 200
    assert refused.context["form"].errors["end"] == ["A measure cannot end before it starts."]
    assert "A measure cannot end before it starts." in refused.content.decode()
    assert not Measure.objects.filter(title="Welcome desk at the city hall").exists()
    added = client.post(
        f"/en/agenda/{agenda.pk}/measures/new/", measure_data(lead=cast.ngo.pk, partners=[cast.partner.pk])
    )
    measure = Measure.objects.get(title="Welcome desk at the city hall")
    assert added.status_code == 302 and added["Location"] == measure.get_absolute_url()
    assert (measure.agenda, measure.lead, measure.budget, measure.status) == (agenda, cast.ngo, 25000, "not_started")
    assert list(measure.partners.all()) == [cast.partner]
    entry = LogEntry.objects.get(action="agenda.measure.created", object_id=measure.pk)
    assert (entry.city, entry.organisation) == (cast.prague, cast.ngo)
    # Editing it to end before it starts is refused too.
    edited = client.post(
        f"/en/agenda/measures/{measure.pk}/edit/", measure_data(start="2024-06-01", end="2024-01-31", version=1)
    )
    assert edited.status_code == 200 and "end" in edited.context["form"].errors
    measure.refresh_from_db()
    assert (measure.start, measure.end, measure.version) == (date(2024, 1, 1), date(2024, 12, 31), 1)
    # An organisation of another city cannot lead it.
    foreign = client.post(f"/en/agenda/{agenda.pk}/measures/new/", measure_data(title="Far", lead=cast.sofia_ngo.pk))
    assert foreign.status_code == 200 and "lead" in foreign.context["form"].errors


def test_it_adds_goals_and_milestones(client: Client, cast: Cast, plans: Plans) -> None:
    client.force_login(cast.city_team)
    response = client.post(f"/en/agenda/{plans.draft.pk}/goals/new/", {"title": "Newcomers find their way"})
    goal = Goal.objects.get(title="Newcomers find their way")
    assert response.status_code == 302 and (goal.agenda, goal.position) == (plans.draft, 0)
    response = client.post(
        f"/en/agenda/measures/{plans.measure.pk}/milestones/new/", {"title": "Pool running", "due": "2020-09-01"}
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.measure, milestone.due) == (plans.measure, date(2020, 9, 1))
    assert LogEntry.objects.filter(action="agenda.goal.created", object_id=goal.pk).exists()
    assert LogEntry.objects.filter(action="agenda.milestone.created", object_id=milestone.pk).exists()


# ---------------------------------------------------------------- indicators


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value_type": "percent", "target": 150}, "target", "A percentage must be between 0 and 100."),
        (
            {"value_type": "count", "baseline": 0, "target": 2.5},
            "target",
            "A count must be a whole number, zero or more.",
        ),
        ({"value_type": "yes_no", "baseline": 0, "target": 2}, "target", "Enter 1 for yes or 0 for no."),
        ({"value_type": "number", "target_year": 2018}, "target_year", "The target year cannot come before"),
        ({"source": "framework", "name": ""}, "framework_indicator", "Choose the audit indicator."),
        ({"source": "statistic", "name": ""}, "statistic", "Choose the context indicator."),
        ({"source": "own", "name": "  "}, "name", "Name your indicator."),
    ],
)
def test_it_refuses_an_indicator_that_does_not_add_up(
    client: Client, cast: Cast, plans: Plans, changes: dict[str, Any], field: str, message: str
) -> None:
    client.force_login(cast.city_team)
    response = client.post(f"/en/agenda/measures/{plans.measure.pk}/indicators/new/", indicator_data(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and any(error.startswith(message) for error in errors[field]), errors
    assert list(MeasureIndicator.objects.all()) == [plans.indicator]


def test_it_adds_an_indicator_that_fits_its_type(client: Client, cast: Cast, plans: Plans) -> None:
    client.force_login(cast.city_team)
    response = client.post(f"/en/agenda/measures/{plans.measure.pk}/indicators/new/", indicator_data())
    assert response.status_code == 302 and response["Location"] == plans.measure.get_absolute_url()
    indicator = MeasureIndicator.objects.exclude(pk=plans.indicator.pk).get()
    assert (indicator.measure, indicator.value_type, indicator.baseline, indicator.target) == (
        plans.measure,
        "percent",
        10,
        80,
    )
    assert indicator.label == "Share of offices with signs in English"
    assert LogEntry.objects.filter(action="agenda.measureindicator.created", object_id=indicator.pk).exists()
    assert "Share of offices with signs in English" in client.get(plans.measure.get_absolute_url()).content.decode()


# ---------------------------------------------------------------- status


def test_an_agenda_goes_from_draft_to_adopted_by_the_rules(client: Client, cast: Cast, plans: Plans) -> None:
    draft = plans.draft
    url = f"/en/agenda/{draft.pk}/status/"
    today = timezone.localdate()
    adopt = {"status": "adopted", "adopted_on": today.isoformat(), "adopted_by": "Council"}
    client.force_login(cast.city_team)
    # Without a first reporting date, nobody would be reminded to report: not adoptable.
    unplanned = client.post(url, adopt, follow=True)
    assert unplanned.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert messages_of(unplanned) == [
        "Set the first reporting date before adoption: owners are reminded before each one."
    ]
    edit = {**AGENDA, "title": draft.title, "start_year": 2023, "end_year": 2027, "first_report": "2023-06-30"}
    saved = client.post(f"/en/agenda/{draft.pk}/edit/", {**edit, "version": 1}, follow=True)
    assert messages_of(saved) == ["The agenda was saved."]
    # A measure without a lead organisation keeps the agenda from being adopted.
    leaderless = client.post(url, adopt, follow=True)
    assert messages_of(leaderless) == [
        "Every measure needs a lead organisation before adoption. Missing for: Welcome desk"
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.adopted_on, draft.version) == (AgendaStatus.DRAFT, None, 2)
    # Into consultation.
    consulted = client.post(url, {"status": "consulted"}, follow=True)
    assert messages_of(consulted) == ["The agenda's status was changed."]
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (AgendaStatus.CONSULTED, 3)
    # Archiving is not a step from consultation.
    skipped = client.post(url, {"status": "archived"}, follow=True)
    assert len(messages_of(skipped)) == 1 and "archived is not one of the available choices" in messages_of(skipped)[0]
    Measure.objects.filter(pk=plans.draft_measure.pk).update(lead=cast.ngo)
    # The adoption needs its date, and not one in the future.
    undated = client.post(url, {"status": "adopted", "adopted_by": "Council"}, follow=True)
    assert messages_of(undated) == ["Give the date the agenda was adopted."]
    future = client.post(url, {"status": "adopted", "adopted_on": (today + timedelta(days=1)).isoformat()}, follow=True)
    assert messages_of(future) == ["The adoption date cannot be in the future."]
    draft.refresh_from_db()
    assert draft.status == AgendaStatus.CONSULTED
    adopted = client.post(
        url, {"status": "adopted", "adopted_on": today.isoformat(), "adopted_by": " City council "}, follow=True
    )
    assert messages_of(adopted) == ["The agenda's status was changed."]
    draft.refresh_from_db()
    assert (draft.status, draft.adopted_on, draft.adopted_by) == (AgendaStatus.ADOPTED, today, "City council")
    # Adopted, it can only be archived.
    back = client.post(url, {"status": "draft"}, follow=True)
    assert "draft is not one of the available choices" in messages_of(back)[0]
    assert messages_of(client.post(url, {"status": "archived"}, follow=True)) == ["The agenda's status was changed."]
    draft.refresh_from_db()
    assert draft.status == AgendaStatus.ARCHIVED
    steps = [e.changes["status"] for e in LogEntry.objects.filter(action="agenda.agenda.status_changed").order_by("pk")]
    assert steps == [["draft", "consulted"], ["consulted", "adopted"], ["adopted", "archived"]]


def test_only_the_city_team_changes_an_agendas_status(client: Client, cast: Cast, plans: Plans) -> None:
    url = f"/en/agenda/{plans.draft.pk}/status/"
    # The stakeholders and coordinators follow the draft but may not move it; to an outsider it does not exist.
    for user, status in ((cast.org_admin, 403), (cast.coordinator, 403), (cast.outsider, 404)):
        client.force_login(user)
        assert client.post(url, {"status": "consulted"}).status_code == status, user
    with pytest.raises(PermissionDenied):
        services.set_status(cast.org_admin, plans.draft, AgendaStatus.CONSULTED)
    plans.draft.refresh_from_db()
    assert plans.draft.status == AgendaStatus.DRAFT
    assert not LogEntry.objects.filter(action="agenda.agenda.status_changed").exists()


# ---------------------------------------------------------------- archived


@pytest.fixture
def archived(cast: Cast, plans: Plans) -> Agenda:
    return services.set_status(cast.city_team, plans.agenda, AgendaStatus.ARCHIVED)


ARCHIVED = "This agenda is archived; it can no longer be changed."


def test_an_archived_agenda_takes_no_new_parts(client: Client, cast: Cast, plans: Plans, archived: Agenda) -> None:
    client.force_login(cast.city_team)
    goal = client.post(f"/en/agenda/{archived.pk}/goals/new/", {"title": "Late goal"}, follow=True)
    assert goal.redirect_chain == [(archived.get_absolute_url(), 302)] and messages_of(goal) == [ARCHIVED]
    measure = client.post(f"/en/agenda/{archived.pk}/measures/new/", measure_data(title="Late measure"), follow=True)
    assert measure.redirect_chain == [(archived.get_absolute_url(), 302)] and messages_of(measure) == [ARCHIVED]
    indicator = client.post(f"/en/agenda/measures/{plans.measure.pk}/indicators/new/", indicator_data(), follow=True)
    assert messages_of(indicator) == [ARCHIVED]
    milestone = client.post(
        f"/en/agenda/measures/{plans.measure.pk}/milestones/new/", {"title": "Late", "due": "2022-01-01"}, follow=True
    )
    assert messages_of(milestone) == [ARCHIVED]
    assert not Goal.objects.filter(title="Late goal").exists()
    assert not Measure.objects.filter(title="Late measure").exists()
    assert MeasureIndicator.objects.count() == 1 and not Milestone.objects.exists()
    # Its page offers no edits any more.
    page = client.get(archived.get_absolute_url()).content.decode()
    assert "Edit the agenda" not in page and "Add a measure" not in page


def test_an_archived_agenda_refuses_measure_edits_and_updates(
    client: Client, cast: Cast, plans: Plans, archived: Agenda
) -> None:
    client.force_login(cast.city_team)
    edit = client.post(
        f"/en/agenda/measures/{plans.measure.pk}/edit/", measure_data(title="Renamed late", version=1), follow=True
    )
    assert edit.status_code == 200
    assert ARCHIVED in messages_of(edit)
    client.force_login(cast.org_member)
    update = client.post(
        f"/en/agenda/measures/{plans.measure.pk}/updates/new/",
        {"status": "done", "percent_done": 100, "narrative": "Finished."},
    )
    assert update.status_code == 200
    assert ARCHIVED in update.context["form"].non_field_errors()
    with pytest.raises(services.AgendaArchived):
        measure = Measure.objects.select_related("agenda").get(pk=plans.measure.pk)
        services.post_update(cast.org_member, measure, status="done", percent_done=100, narrative="Finished.")
    plans.measure.refresh_from_db()
    assert (plans.measure.title, plans.measure.status, plans.measure.version) == (
        "Interpreter pool for city offices",
        "on_track",
        1,
    )
    assert ProgressUpdate.objects.count() == 1


def test_an_archived_agenda_refuses_edits_with_a_message(
    client: Client, cast: Cast, plans: Plans, archived: Agenda
) -> None:
    client.force_login(cast.city_team)
    response = client.post(
        f"/en/agenda/{archived.pk}/edit/",
        {**AGENDA, "title": "Renamed after archiving", "version": archived.version},
        follow=True,
    )
    # Refused like every other change to an archived agenda: a clear message (on the form or the page), nothing saved.
    assert response.status_code == 200
    form = response.context.get("form")
    shown = messages_of(response) + (list(form.non_field_errors()) if form is not None else [])
    assert ARCHIVED in shown
    archived.refresh_from_db()
    assert archived.title == "Prague Integration Agenda 2020-2022"
    assert not LogEntry.objects.filter(action="agenda.agenda.changed").exists()


# ---------------------------------------------------------------- who sees what


def test_the_public_sees_an_agenda_once_it_is_out_of_draft(client: Client, cast: Cast, plans: Plans) -> None:
    adopted = client.get(plans.agenda.get_absolute_url())
    assert adopted.status_code == 200
    page = adopted.content.decode()
    assert "Prague Integration Agenda 2020-2022" in page and "Interpreter pool for city offices" in page
    assert "Budget line not yet confirmed." not in page
    assert client.get(f"/en/agenda/{plans.agenda.pk}/progress/").status_code == 200
    assert client.get(plans.measure.get_absolute_url()).status_code == 200
    for url in (
        f"/en/agenda/{plans.draft.pk}/",
        f"/en/agenda/{plans.draft.pk}/progress/",
        f"/en/agenda/{plans.draft.pk}/timeline/",
        f"/en/agenda/{plans.draft.pk}/dashboard/",
        f"/en/agenda/{plans.draft.pk}/agenda.pdf",
        f"/en/agenda/{plans.draft.pk}/agenda.xlsx",
        f"/en/agenda/measures/{plans.draft_measure.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    city = client.get("/en/agenda/cities/prague/").content.decode()
    assert "Prague Integration Agenda 2020-2022" in city and "Prague agenda 2023-2027" not in city
    # In consultation it is public, but has no progress page yet.
    services.set_status(cast.city_team, plans.draft, AgendaStatus.CONSULTED)
    assert client.get(f"/en/agenda/{plans.draft.pk}/").status_code == 200
    assert client.get(f"/en/agenda/{plans.draft.pk}/progress/").status_code == 404
    # The stakeholders follow the draft work.
    client.force_login(cast.org_member)
    assert client.get(f"/en/agenda/{plans.draft.pk}/").status_code == 200
    client.force_login(cast.outsider)
    draft = Agenda.objects.create(city=cast.prague, title="Quiet draft", start_year=2030, end_year=2031)
    assert client.get(f"/en/agenda/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("viewer", ["anonymous", "city_team"])
def test_the_public_progress_page_keeps_internal_things_out(
    client: Client, cast: Cast, plans: Plans, viewer: str
) -> None:
    services.post_update(
        cast.org_member,
        plans.measure,
        status="at_risk",
        percent_done=45,
        narrative="One interpreter left; we are recruiting.",
        internal_note="Salary too low to keep interpreters.",
    )
    if viewer != "anonymous":
        client.force_login(getattr(cast, viewer))
    page = client.get(f"/en/agenda/{plans.agenda.pk}/progress/").content.decode()
    assert "Interpreter pool for city offices" in page
    assert "One interpreter left; we are recruiting." in page  # the latest update's narrative
    assert "At risk" in page and "45 %" in page
    secrets = [
        "Budget line not yet confirmed.",  # the measure's internal notes
        "Salary too low to keep interpreters.",  # internal notes of updates
        "The NGO asks for more funds.",
        "member@example.org",  # who posted
        "Olena",
    ]
    if viewer == "anonymous":
        secrets.append("team@example.org")  # (the signed-in team member sees their own address in the menu)
    assert [secret for secret in secrets if secret in page] == []


def test_the_measure_page_shows_internal_notes_to_the_city_team_only(client: Client, cast: Cast, plans: Plans) -> None:
    url = plans.measure.get_absolute_url()
    internal = ["Budget line not yet confirmed.", "The NGO asks for more funds."]
    public = client.get(url).content.decode()
    assert "Four offices joined." in public
    assert [text for text in [*internal, "team@example.org"] if text in public] == []
    # A stakeholder following the work sees who reported, not the team's internal notes.
    client.force_login(cast.org_member)
    stakeholder = client.get(url).content.decode()
    assert "team@example.org" in stakeholder
    assert [text for text in internal if text in stakeholder] == []
    client.force_login(cast.city_team)
    team = client.get(url).content.decode()
    assert [text for text in internal if text not in team] == []
