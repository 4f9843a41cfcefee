"""The City Integration Lab: recorded by the city team, read by its stakeholders, drafted into an agenda."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from agenda.models import (
    Agenda,
    AgendaStatus,
    Driver,
    Goal,
    Lab,
    LabGoal,
    Measure,
    Proposal,
    Scenario,
    SwotItem,
)
from audit.models import Challenge, Horizon, Source
from integra.testing import Cast, Plans, add_agenda, make_organisation, make_user
from network.models import Area, LogEntry, Role, RoleKind

LAB = {
    "title": "Integration Lab 2024",
    "start": "2024-04-10",
    "end": "2024-04-11",
    "place": "Prague city hall",
    "horizon_years": 5,
    "notes": "Two days, three scenarios.",
    "n_tcn": 7,
    "n_ngo": 5,
    "n_media": "",
}


@pytest.fixture
def plans(cast: Cast) -> Plans:
    return add_agenda(cast)


def messages_of(response: Any) -> list[str]:
    from django.contrib.messages import get_messages

    return [str(message) for message in get_messages(response.wsgi_request)]


def outside_member(cast: Cast) -> Any:
    """A member of a Prague organisation that is not in the city's stakeholder group."""
    club = make_organisation(cast.prague, "Prague Chess Club")
    user = make_user("club@example.org", second_factor=False)
    Role.objects.create(user=user, kind=RoleKind.ORG_MEMBER, organisation=club)
    return user


def test_it_records_a_lab_with_its_participant_counts(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    assert client.get("/en/agenda/cities/prague/labs/new/").status_code == 200
    response = client.post("/en/agenda/cities/prague/labs/new/", LAB)
    lab = Lab.objects.get()
    assert response.status_code == 302 and response["Location"] == lab.get_absolute_url()
    assert (lab.city, lab.created_by, lab.title) == (cast.prague, cast.city_team, "Integration Lab 2024")
    assert (lab.start, lab.end, lab.horizon_years) == (date(2024, 4, 10), date(2024, 4, 11), 5)
    # Counts only, and only the categories that were filled in.
    assert lab.participants == {"tcn": 7, "ngo": 5}
    assert lab.participant_total == 12
    entry = LogEntry.objects.get(action="agenda.lab.created")
    assert (entry.object_id, entry.city, entry.user) == (lab.pk, cast.prague, cast.city_team)
    page = client.get(lab.get_absolute_url()).content.decode()
    assert "<dt>Participants</dt><dd>12</dd>" in page
    assert "Prague city hall" in page


def test_it_refuses_a_lab_that_ends_before_it_starts(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    response = client.post("/en/agenda/cities/prague/labs/new/", {**LAB, "start": "2024-04-11", "end": "2024-04-10"})
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == ["The last day cannot come before the first."]
    assert "The last day cannot come before the first." in response.content.decode()
    assert not Lab.objects.exists()
    assert not LogEntry.objects.filter(action__startswith="agenda.").exists()


def test_it_edits_a_lab_and_refuses_an_end_before_the_start(client: Client, cast: Cast, plans: Plans) -> None:
    lab = plans.lab
    client.force_login(cast.city_team)
    form = client.get(f"/en/agenda/labs/{lab.pk}/edit/").context["form"]
    assert form.initial["version"] == 1 and form["n_ngo"].value() == 8
    edited = {**LAB, "title": "Integration Lab 2019", "start": "2019-03-12", "end": "2019-03-14", "version": 1}
    bad = client.post(f"/en/agenda/labs/{lab.pk}/edit/", {**edited, "end": "2019-03-01"})
    assert bad.status_code == 200 and "end" in bad.context["form"].errors
    lab.refresh_from_db()
    assert (lab.end, lab.version) == (date(2019, 3, 13), 1)
    saved = client.post(f"/en/agenda/labs/{lab.pk}/edit/", edited)
    assert saved.status_code == 302
    lab.refresh_from_db()
    assert (lab.end, lab.version, lab.participants) == (date(2019, 3, 14), 2, {"tcn": 7, "ngo": 5})
    change = LogEntry.objects.get(action="agenda.lab.changed")
    assert change.changes["end"] == ["2019-03-13", "2019-03-14"]
    assert "title" not in change.changes


def test_it_builds_the_drivers_scenarios_and_swot_of_a_lab(client: Client, cast: Cast, plans: Plans) -> None:
    lab = plans.lab
    since = LogEntry.objects.latest("pk").pk  # the set-up logged an update
    labour = Driver.objects.get(name="Labour shortage")
    education = Area.objects.get(code="education")
    client.force_login(cast.city_team)
    added = client.post(
        f"/en/agenda/labs/{lab.pk}/drivers/new/",
        {"name": "Housing costs", "description": "Rents rise faster than wages.", "impact": 4, "uncertainty": 5},
    )
    assert added.status_code == 302 and added["Location"] == lab.get_absolute_url()
    housing = Driver.objects.get(name="Housing costs")
    assert housing.lab == lab and housing.is_key
    # A rating outside 1 to 5 is refused.
    refused = client.post(f"/en/agenda/labs/{lab.pk}/drivers/new/", {"name": "Weather", "impact": 9, "uncertainty": 1})
    assert refused.status_code == 200 and "impact" in refused.context["form"].errors
    assert not Driver.objects.filter(name="Weather").exists()

    scenario_form = client.get(f"/en/agenda/labs/{lab.pk}/scenarios/new/").context["form"]
    assert {f"driver_{housing.pk}", f"driver_{labour.pk}", f"area_{education.pk}"} <= set(scenario_form.fields)
    response = client.post(
        f"/en/agenda/labs/{lab.pk}/scenarios/new/",
        {
            "name": "Closed city",
            "narrative": "Rents push newcomers to the suburbs.",
            "likelihood": "low",
            f"driver_{housing.pk}": "Rents double",
            f"driver_{labour.pk}": "",
            f"area_{education.pk}": "Schools in the suburbs need Czech classes",
        },
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get(name="Closed city")
    assert (scenario.lab, scenario.likelihood, scenario.position) == (lab, "low", 1)
    assert [(s.driver, s.state) for s in scenario.states.all()] == [(housing, "Rents double")]
    assert [(i.area, i.text) for i in scenario.implications.all()] == [
        (education, "Schools in the suburbs need Czech classes")
    ]
    # Editing the scenario replaces its states and implications.
    response = client.post(
        f"/en/agenda/scenarios/{scenario.pk}/edit/",
        {
            "name": "Closed city",
            "narrative": "Rents push newcomers to the suburbs.",
            "likelihood": "medium",
            f"driver_{housing.pk}": "",
            f"driver_{labour.pk}": "Employers leave",
            f"area_{education.pk}": "",
        },
    )
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.likelihood == "medium"
    assert [(s.driver, s.state) for s in scenario.states.all()] == [(labour, "Employers leave")]
    assert not scenario.implications.exists()

    swot = client.post(
        f"/en/agenda/labs/{lab.pk}/swot/new/", {"kind": "W", "area": education.pk, "text": "Few teachers of Czech"}
    )
    assert swot.status_code == 302
    item = SwotItem.objects.get(text="Few teachers of Czech")
    assert (item.lab, item.kind, item.area) == (lab, "W", education)

    logged = LogEntry.objects.filter(pk__gt=since).order_by("pk")
    actions = list(logged.values_list("action", "object_id"))
    assert actions == [
        ("agenda.driver.created", housing.pk),
        ("agenda.scenario.created", scenario.pk),
        ("agenda.scenario.changed", scenario.pk),
        ("agenda.swotitem.created", item.pk),
    ]
    assert set(logged.values_list("city", flat=True)) == {cast.prague.pk}
    page = client.get(lab.get_absolute_url()).content.decode()
    assert "Housing costs" in page and "Key driver" in page
    assert "Labour shortage: Employers leave" in page
    assert "Few teachers of Czech" in page


def test_a_lab_goal_adds_a_future_challenge_to_the_register(client: Client, cast: Cast, plans: Plans) -> None:
    lab = plans.lab
    known = Challenge.objects.get(title="Few interpreters in offices")
    sofia = Challenge.objects.create(city=cast.sofia, title="A challenge of Sofia")
    client.force_login(cast.city_team)
    form = client.get(f"/en/agenda/labs/{lab.pk}/goals/new/").context["form"]
    assert list(form.fields["challenges"].queryset) == [known]  # only Prague's register
    refused = client.post(f"/en/agenda/labs/{lab.pk}/goals/new/", {"title": "Borrowed goal", "challenges": [sofia.pk]})
    assert refused.status_code == 200 and "challenges" in refused.context["form"].errors
    response = client.post(
        f"/en/agenda/labs/{lab.pk}/goals/new/",
        {
            "title": "Schools welcome newcomers",
            "description": "Every pupil learns Czech in the first year.",
            "challenges": [known.pk],
            "new_challenge": "  More pupils without Czech  ",
        },
    )
    assert response.status_code == 302
    goal = LabGoal.objects.get(title="Schools welcome newcomers")
    new = Challenge.objects.get(title="More pupils without Czech")
    assert (new.city, new.horizon, new.source, new.created_by) == (
        cast.prague,
        Horizon.FUTURE,
        Source.LAB,
        cast.city_team,
    )
    assert set(goal.challenges.all()) == {known, new}
    assert LogEntry.objects.filter(action="agenda.labgoal.created", object_id=goal.pk).count() == 1
    challenge_type = ContentType.objects.get_for_model(Challenge)
    logged = LogEntry.objects.get(content_type=challenge_type, object_id=new.pk)
    assert logged.action.endswith(".challenge.created") and logged.city == cast.prague
    # The challenge register shows it.
    register = client.get("/en/audit/cities/prague/challenges/").content.decode()
    assert "More pupils without Czech" in register
    # A goal without a new challenge adds none.
    client.post(f"/en/agenda/labs/{lab.pk}/goals/new/", {"title": "Another goal", "new_challenge": ""})
    assert Challenge.objects.filter(city=cast.prague).count() == 2
    assert not LabGoal.objects.get(title="Another goal").challenges.exists()


def test_it_adds_proposals_with_a_lead_of_the_city(client: Client, cast: Cast, plans: Plans) -> None:
    goal = LabGoal.objects.get(lab=plans.lab)
    education = Area.objects.get(code="education")
    client.force_login(cast.city_team)
    foreign = client.post(
        f"/en/agenda/lab-goals/{goal.pk}/proposals/new/", {"title": "Sofia leads", "lead": cast.sofia_ngo.pk}
    )
    assert foreign.status_code == 200 and "lead" in foreign.context["form"].errors
    response = client.post(
        f"/en/agenda/lab-goals/{goal.pk}/proposals/new/",
        {
            "title": "Interpreters by video call",
            "description": "For the languages without an interpreter on site.",
            "area": education.pk,
            "lead": cast.partner.pk,
            "resources_needed": "Tablets for ten offices",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Interpreters by video call")
    assert (proposal.goal, proposal.lead, proposal.area) == (goal, cast.partner, education)
    assert proposal.resources_needed == "Tablets for ten offices"
    assert LogEntry.objects.filter(action="agenda.proposal.created", object_id=proposal.pk).exists()
    assert not Proposal.objects.filter(title="Sofia leads").exists()
    page = client.get(plans.lab.get_absolute_url()).content.decode()
    assert "Interpreters by video call" in page and "Tablets for ten offices" in page


def test_it_drafts_the_agenda_from_the_labs_goals_and_proposals(client: Client, cast: Cast, plans: Plans) -> None:
    lab = plans.lab
    education = Area.objects.get(code="education")
    second = LabGoal.objects.create(lab=lab, title="Schools welcome newcomers")
    Proposal.objects.create(
        goal=second, title="Czech classes", area=education, lead=cast.school, resources_needed="Four teachers"
    )
    Proposal.objects.create(goal=second, title="Welcome pack for parents")
    client.force_login(cast.city_team)
    form = client.get(f"/en/agenda/labs/{lab.pk}/draft-agenda/").context["form"]
    assert (form.initial["start_year"], form.initial["end_year"]) == (2020, 2024)  # the year after, for 5 years
    refused = client.post(
        f"/en/agenda/labs/{lab.pk}/draft-agenda/", {"title": "Backwards", "start_year": 2025, "end_year": 2024}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["end_year"] == ["The period cannot end before it starts."]
    assert not Agenda.objects.filter(title="Backwards").exists()

    response = client.post(
        f"/en/agenda/labs/{lab.pk}/draft-agenda/", {"title": "Agenda 2025-2029", "start_year": 2025, "end_year": 2029}
    )
    agenda = Agenda.objects.get(title="Agenda 2025-2029")
    assert response.status_code == 302 and response["Location"] == agenda.get_absolute_url()
    assert (agenda.status, agenda.lab, agenda.city, agenda.created_by) == (
        AgendaStatus.DRAFT,
        lab,
        cast.prague,
        cast.city_team,
    )
    goals = list(Goal.objects.filter(agenda=agenda))
    assert [(g.title, g.position) for g in goals] == [
        ("Offices speak newcomers' languages", 0),
        ("Schools welcome newcomers", 1),
    ]
    assert [c.title for c in goals[0].challenges.all()] == ["Few interpreters in offices"]
    measures = {m.title: m for m in Measure.objects.filter(agenda=agenda)}
    assert set(measures) == {"Interpreter pool", "Czech classes", "Welcome pack for parents"}
    interpreters, classes = measures["Interpreter pool"], measures["Czech classes"]
    assert (interpreters.goal, interpreters.lead, interpreters.internal_notes) == (goals[0], cast.ngo, "2 interpreters")
    assert (classes.goal, classes.lead, classes.area, classes.internal_notes) == (
        goals[1],
        cast.school,
        education,
        "Four teachers",
    )
    assert (classes.start, classes.end) == (date(2025, 1, 1), date(2029, 12, 31))
    assert classes.proposal == Proposal.objects.get(title="Czech classes")
    assert [c.title for c in interpreters.challenges.all()] == ["Few interpreters in offices"]
    assert measures["Welcome pack for parents"].lead is None
    drafted = LogEntry.objects.get(action="agenda.agenda.drafted")
    assert drafted.object_id == agenda.pk and drafted.changes == {"lab": lab.pk, "goals": 2}
    assert "Agenda 2025-2029" in client.get(lab.get_absolute_url()).content.decode()


def test_a_lab_is_seen_by_the_city_team_and_its_stakeholders_only(client: Client, cast: Cast, plans: Plans) -> None:
    url = plans.lab.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Integration Lab 2019" not in client.get("/en/agenda/cities/prague/").content.decode()
    for user in (cast.outsider, outside_member(cast)):
        client.force_login(user)
        assert client.get(url).status_code == 404
    # A member of an organisation in Prague's stakeholder group reads the lab, but may not change it.
    client.force_login(cast.org_member)
    page = client.get(url)
    assert page.status_code == 200
    assert "Labour shortage" in page.content.decode()
    assert "Edit the lab" not in page.content.decode()
    assert "Integration Lab 2019" in client.get("/en/agenda/cities/prague/").content.decode()
    # The coordinator of a network with a Prague member reads it too.
    client.force_login(cast.coordinator)
    assert client.get(url).status_code == 200
    client.force_login(cast.city_team)
    assert "Edit the lab" in client.get(url).content.decode()


LAB_FORMS = [
    "/en/agenda/cities/prague/labs/new/",
    "/en/agenda/labs/{lab}/edit/",
    "/en/agenda/labs/{lab}/drivers/new/",
    "/en/agenda/labs/{lab}/scenarios/new/",
    "/en/agenda/labs/{lab}/swot/new/",
    "/en/agenda/labs/{lab}/goals/new/",
    "/en/agenda/labs/{lab}/draft-agenda/",
    "/en/agenda/scenarios/{scenario}/edit/",
    "/en/agenda/lab-goals/{goal}/proposals/new/",
]


@pytest.mark.parametrize("form", LAB_FORMS)
def test_only_the_city_team_opens_the_lab_forms(client: Client, cast: Cast, plans: Plans, form: str) -> None:
    url = form.format(lab=plans.lab.pk, scenario=plans.scenario.pk, goal=LabGoal.objects.get(lab=plans.lab).pk)
    since = LogEntry.objects.latest("pk").pk
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/en/accounts/login/?next=")
    assert client.post(url, {"title": "x", "name": "x"}).status_code == 302
    sneaky = {"title": "Sneaky", "name": "Sneaky", "impact": 3, "uncertainty": 3, "start": "2024-01-01"}
    # A stakeholder reads the lab but may not change it; to an outsider the lab does not exist.
    outsider = 403 if "/cities/" in url else 404
    for user, status in ((cast.org_member, 403), (cast.coordinator, 403), (cast.outsider, outsider)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.post(url, sneaky).status_code == status, user
    client.force_login(cast.city_team)
    assert client.get(url).status_code == 200
    assert not LogEntry.objects.filter(pk__gt=since).exists()
    assert not Lab.objects.filter(title="Sneaky").exists()
    assert not Driver.objects.filter(name="Sneaky").exists()
