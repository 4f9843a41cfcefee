"""Following an agenda up: updates with evidence, overdue and stale flags, reminders, dashboards and exports."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tasks import TaskResultStatus
from PIL import Image

from agenda import progress, services
from agenda.models import (
    Agenda,
    AgendaStatus,
    Goal,
    IndicatorValue,
    Measure,
    MeasureIndicator,
    ProgressUpdate,
    Reminder,
    UpdateEvidence,
)
from agenda.tasks import send_reporting_reminders
from integra.testing import Cast, Plans, add_agenda, make_city, make_organisation, make_user
from network.models import LogEntry, Role, RoleKind

PRAGUE = ZoneInfo("Europe/Prague")
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
NUMERIC_ATTRIBUTE = re.compile(r'\b(?:x|y|x1|x2|y1|y2|cx|cy|width|height|viewBox)="([^"]*)"')


@pytest.fixture
def plans(cast: Cast) -> Plans:
    return add_agenda(cast)


@pytest.fixture(autouse=True)
def private_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Evidence files go to a temporary folder, never to var/private."""
    folder = tmp_path / "private"
    monkeypatch.setattr(UpdateEvidence._meta.get_field("file"), "storage", FileSystemStorage(location=str(folder)))
    return folder


@pytest.fixture
def school_member(cast: Cast) -> Any:
    """A member of another Prague organisation (also in the stakeholder group)."""
    user = make_user("teacher@example.org", second_factor=False)
    Role.objects.create(user=user, kind=RoleKind.ORG_MEMBER, organisation=cast.school)
    return user


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 8), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def update_url(measure: Measure) -> str:
    return f"/en/agenda/measures/{measure.pk}/updates/new/"


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def at(day: date, hour: int = 9) -> Any:
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=PRAGUE), tick=False)


# ---------------------------------------------------------------- progress updates


def test_the_lead_organisation_reports_with_evidence(
    client: Client, cast: Cast, plans: Plans, private_files: Path
) -> None:
    measure, indicator = plans.measure, plans.indicator
    client.force_login(cast.org_member)
    form = client.get(update_url(measure)).context["form"]
    assert form.initial["status"] == "on_track" and form.initial["percent_done"] == 40
    assert f"value_{indicator.pk}" in form.fields
    response = client.post(
        update_url(measure),
        {
            "status": "at_risk",
            "percent_done": 55,
            "narrative": "Two more offices joined; one interpreter left.",
            "internal_note": "Recruiting a replacement.",
            "measured_on": "2021-03-01",
            f"value_{indicator.pk}": "6",
            "evidence": [
                SimpleUploadedFile("C:\\reports\\report march.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("desk.png", png(), "image/png"),
            ],
        },
    )
    assert response.status_code == 302 and response["Location"] == measure.get_absolute_url()
    update = ProgressUpdate.objects.filter(measure=measure).first()
    assert update is not None
    assert (update.author, update.organisation, update.status, update.percent_done) == (
        cast.org_member,
        cast.ngo,
        "at_risk",
        55,
    )
    assert (update.narrative, update.internal_note) == (
        "Two more offices joined; one interpreter left.",
        "Recruiting a replacement.",
    )
    measure.refresh_from_db()
    assert (measure.status, measure.percent_done, measure.last_reported) == ("at_risk", 55, update.created)
    value = IndicatorValue.objects.get()
    assert (value.indicator, value.value, value.measured_on, value.update) == (
        indicator,
        6.0,
        date(2021, 3, 1),
        update,
    )
    pdf, image = update.evidence.all()
    assert (pdf.name, pdf.content_type, pdf.size) == ("report_march.pdf", "application/pdf", len(PDF))
    assert image.content_type == "image/png" and image.name == "desk.png"
    assert pdf.file.name.startswith("agenda/") and "report" not in pdf.file.name  # stored under a random name
    with pdf.file.open("rb") as stored:
        assert stored.read() == PDF
    assert len(stored_files(private_files)) == 2
    entry = LogEntry.objects.filter(action="agenda.measure.status_changed").latest("pk")
    assert entry.changes == {"status": ["on_track", "at_risk"], "percent_done": 55, "update": update.pk}
    assert (entry.user, entry.object_id, entry.organisation, entry.city) == (
        cast.org_member,
        measure.pk,
        cast.ngo,
        cast.prague,
    )
    # The stakeholders download the evidence; the public does not see it.
    download = client.get(f"/en/agenda/measures/{measure.pk}/evidence/{pdf.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Two more offices joined; one interpreter left." in page and "report_march.pdf" in page
    client.logout()
    assert client.get(f"/en/agenda/measures/{measure.pk}/evidence/{pdf.pk}/").status_code == 404
    assert "report_march.pdf" not in client.get(measure.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "setup.exe: Files of this type cannot be attached."),
        ("report.pdf", b"MZ\x90\x00\x03\x00 not a pdf at all", "report.pdf: The file's content does not match"),
        ("page.pdf", PDF + b"<script>alert(1)</script>", "page.pdf: The file contains web page code"),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_it_refuses_evidence_that_is_not_what_it_claims(
    client: Client, cast: Cast, plans: Plans, private_files: Path, name: str, data: bytes, message: str
) -> None:
    client.force_login(cast.org_member)
    since = LogEntry.objects.latest("pk").pk
    response = client.post(
        update_url(plans.measure),
        {
            "status": "done",
            "percent_done": 100,
            "narrative": "All offices joined.",
            "evidence": SimpleUploadedFile(name, data, "application/pdf"),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["evidence"]
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert "All offices joined." in response.content.decode()  # what was typed is kept
    assert ProgressUpdate.objects.count() == 1 and not UpdateEvidence.objects.exists()
    assert not LogEntry.objects.filter(pk__gt=since).exists()
    plans.measure.refresh_from_db()
    assert (plans.measure.status, plans.measure.percent_done) == ("on_track", 40)
    assert stored_files(private_files) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"percent_done": 101}, "percent_done"),
        ({"percent_done": -1}, "percent_done"),
        ({"status": "finished"}, "status"),
        ({"narrative": ""}, "narrative"),
        ({"value": "2.5", "measured_on": "2021-03-01"}, "value"),  # a count
        ({"value": "-3", "measured_on": "2021-03-01"}, "value"),
        ({"value": "5"}, "measured_on"),  # a value needs its date
    ],
)
def test_it_refuses_an_update_that_does_not_add_up(
    client: Client, cast: Cast, plans: Plans, changes: dict[str, Any], field: str
) -> None:
    data = {"status": "on_track", "percent_done": 60, "narrative": "Going well.", **changes}
    if "value" in data:
        data[f"value_{plans.indicator.pk}"] = data.pop("value")
    field = f"value_{plans.indicator.pk}" if field == "value" else field
    client.force_login(cast.org_admin)
    response = client.post(update_url(plans.measure), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert ProgressUpdate.objects.count() == 1 and not IndicatorValue.objects.exists()
    plans.measure.refresh_from_db()
    assert plans.measure.percent_done == 40


def test_the_services_refuse_an_update_out_of_range(cast: Cast, plans: Plans) -> None:
    with pytest.raises(services.PlanInvalid):
        services.post_update(cast.org_member, plans.measure, status="on_track", percent_done=120, narrative="Too much")
    with pytest.raises(services.PlanInvalid):
        services.post_update(
            cast.org_member,
            plans.measure,
            status="on_track",
            percent_done=50,
            narrative="Half",
            readings=[services.Reading(plans.indicator, 2.5, date(2021, 1, 1))],
        )
    # A value for another measure's indicator is not this owner's to give.
    other = MeasureIndicator.objects.create(
        measure=plans.draft_measure, name="Visitors", baseline=0, baseline_year=2022, target=100, target_year=2024
    )
    with pytest.raises(PermissionDenied):
        services.post_update(
            cast.org_member,
            plans.measure,
            status="on_track",
            percent_done=50,
            narrative="Half",
            readings=[services.Reading(other, 5, date(2021, 1, 1))],
        )
    assert ProgressUpdate.objects.count() == 1 and not IndicatorValue.objects.exists()
    done = services.post_update(cast.org_member, plans.measure, status="done", percent_done=70, narrative="Finished")
    assert done.percent_done == 100  # done is done


def test_only_the_lead_organisation_and_the_city_team_report(
    client: Client, cast: Cast, plans: Plans, school_member: Any
) -> None:
    url = update_url(plans.measure)
    data = {"status": "done", "percent_done": 100, "narrative": "Not mine to say."}
    anonymous = client.post(url, data)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/en/accounts/login/")
    for user in (cast.outsider, school_member, cast.coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, data).status_code == 403, user
        with pytest.raises(PermissionDenied):
            services.post_update(user, plans.measure, status="done", percent_done=100, narrative="No")
    assert ProgressUpdate.objects.count() == 1
    plans.measure.refresh_from_db()
    assert plans.measure.status == "on_track"
    # The lead organisation's members and admins, and the city team, may.
    for user in (cast.org_member, cast.org_admin, cast.city_team):
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    # The page offers the form to those who may use it.
    client.force_login(school_member)
    assert "Post a progress update" not in client.get(plans.measure.get_absolute_url()).content.decode()
    client.force_login(cast.org_admin)
    assert "Post a progress update" in client.get(plans.measure.get_absolute_url()).content.decode()


def test_two_owners_reporting_one_after_the_other_both_keep_their_update(
    client: Client, cast: Cast, plans: Plans
) -> None:
    url = update_url(plans.measure)
    member, admin = Client(), Client()
    member.force_login(cast.org_member)
    admin.force_login(cast.org_admin)
    # Both open the form before either posts.
    assert member.get(url).status_code == 200 and admin.get(url).status_code == 200
    first = member.post(url, {"status": "on_track", "percent_done": 50, "narrative": "Six offices now."})
    second = admin.post(url, {"status": "delayed", "percent_done": 45, "narrative": "Two interpreters are ill."})
    assert first.status_code == 302 and second.status_code == 302
    updates = list(ProgressUpdate.objects.filter(measure=plans.measure))
    assert [(u.author, u.status, u.percent_done) for u in updates] == [
        (cast.org_admin, "delayed", 45),
        (cast.org_member, "on_track", 50),
        (cast.city_team, "on_track", 40),
    ]
    plans.measure.refresh_from_db()
    assert (plans.measure.status, plans.measure.percent_done, plans.measure.last_reported) == (
        "delayed",
        45,
        updates[0].created,
    )
    # The first owner's update changed nothing but the figures; the second one changed the status.
    assert LogEntry.objects.filter(action="agenda.measure.updated").get().user == cast.org_member
    assert LogEntry.objects.filter(action="agenda.measure.status_changed").latest("pk").user == cast.org_admin
    page = client.get(plans.measure.get_absolute_url()).content.decode()
    assert page.index("Two interpreters are ill.") < page.index("Six offices now.") < page.index("Four offices joined.")
    assert "<dt>Status</dt><dd>Delayed" in page


# ---------------------------------------------------------------- overdue and stale


def test_it_flags_overdue_and_stale_measures(cast: Cast, plans: Plans) -> None:
    measure = plans.measure  # 2020 to 2021, the agenda reports every six months
    Measure.objects.filter(pk=measure.pk).update(last_reported=datetime(2020, 3, 1, 12, tzinfo=PRAGUE))
    measure.refresh_from_db()
    assert not measure.is_overdue(date(2021, 12, 31))
    assert measure.is_overdue(date(2022, 1, 1))
    assert not measure.is_stale(date(2020, 9, 1))  # six months to the day
    assert measure.is_stale(date(2020, 9, 2))
    never = Measure.objects.create(
        agenda=plans.agenda, title="Never reported", lead=cast.ngo, start=date(2020, 5, 1), end=date(2020, 6, 30)
    )
    assert not never.is_stale(date(2020, 4, 30))  # not started yet
    assert not never.is_stale(date(2020, 11, 1))
    assert never.is_stale(date(2020, 11, 2))  # six months after its start, and no update
    done = Measure.objects.create(
        agenda=plans.agenda, title="Done early", lead=cast.ngo, start=date(2020, 1, 1), end=date(2020, 2, 1)
    )
    Measure.objects.filter(pk=done.pk).update(status="done")
    done.refresh_from_db()
    assert not done.is_overdue(date(2022, 1, 1)) and not done.is_stale(date(2022, 1, 1))
    overview = progress.overview(plans.agenda, today=date(2020, 11, 2))
    assert overview.overdue == [never]
    assert set(overview.stale) == {measure, never}
    assert list(Measure.objects.overdue(date(2020, 11, 2))) == [never]
    later = progress.overview(plans.agenda, today=date(2022, 1, 1))
    assert set(later.overdue) == {measure, never}


def test_the_pages_show_the_flags_of_the_day(client: Client, cast: Cast, plans: Plans) -> None:
    Measure.objects.filter(pk=plans.measure.pk).update(last_reported=datetime(2020, 3, 1, 12, tzinfo=PRAGUE))
    Measure.objects.create(
        agenda=plans.agenda, title="Never reported", lead=cast.ngo, start=date(2020, 5, 1), end=date(2020, 6, 30)
    )
    with at(date(2020, 11, 2)):
        dashboard = client.get(f"/en/agenda/{plans.agenda.pk}/dashboard/").content.decode()
        measure_page = client.get(plans.measure.get_absolute_url()).content.decode()
        services.post_update(
            cast.org_member, plans.measure, status="on_track", percent_done=60, narrative="Back on track."
        )
        after = client.get(f"/en/agenda/{plans.agenda.pk}/dashboard/").content.decode()
    assert "<dt>Overdue</dt><dd>1</dd>" in dashboard and "<dt>No recent update</dt><dd>2</dd>" in dashboard
    assert "No progress update for longer than the agenda's reporting interval." in measure_page
    assert "<dt>Overdue</dt><dd>1</dd>" in after and "<dt>No recent update</dt><dd>1</dd>" in after


# ---------------------------------------------------------------- reminders


def test_it_reminds_owners_once_a_week_before_each_reporting_date(cast: Cast, plans: Plans) -> None:
    """The agenda's first report is due on 30 June 2020, then every six months."""
    cast.org_member.language = "cs"
    cast.org_member.save()
    signs = Measure.objects.create(
        agenda=plans.agenda, title="Signs in English", start=date(2020, 3, 1), end=date(2020, 12, 31)
    )  # no lead yet: the city team is reminded
    Measure.objects.create(
        agenda=plans.agenda, title="Starts later", lead=cast.ngo, start=date(2020, 9, 1), end=date(2021, 6, 30)
    )
    finished = Measure.objects.create(
        agenda=plans.agenda, title="Finished", lead=cast.ngo, start=date(2020, 1, 1), end=date(2020, 5, 1)
    )
    Measure.objects.filter(pk=finished.pk).update(status="done")
    Agenda.objects.filter(pk=plans.draft.pk).update(first_report=date(2020, 6, 30))  # a draft is not followed up

    with at(date(2020, 6, 20)):  # ten days before: too early
        early = send_reporting_reminders.enqueue()
    assert early.status == TaskResultStatus.SUCCESSFUL and early.return_value == 0
    assert mail.outbox == [] and not Reminder.objects.exists()

    with at(date(2020, 6, 25)):
        sent = send_reporting_reminders.enqueue()
    assert sent.status == TaskResultStatus.SUCCESSFUL and sent.return_value == 3
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"orgadmin@example.org", "member@example.org", "team@example.org"}
    english, czech = by_recipient["orgadmin@example.org"], by_recipient["member@example.org"]
    assert "Interpreter pool for city offices" in english.subject and "30 June 2020" in english.subject
    # Each in the recipient's language: Czech dates and a link into the Czech site.
    assert "Interpreter pool for city offices" in czech.subject and "30. června 2020" in czech.subject
    assert f"/cs/agenda/measures/{plans.measure.pk}/updates/new/" in czech.body
    assert f"/en/agenda/measures/{plans.measure.pk}/updates/new/" in english.body
    assert "Signs in English" in by_recipient["team@example.org"].subject
    assert sorted(Reminder.objects.values_list("measure__title", "due", "recipients")) == [
        ("Interpreter pool for city offices", date(2020, 6, 30), 2),
        ("Signs in English", date(2020, 6, 30), 1),
    ]

    with at(date(2020, 6, 27)):  # a second run sends nothing again
        again = send_reporting_reminders.enqueue()
    assert again.status == TaskResultStatus.SUCCESSFUL and again.return_value == 0
    assert len(mail.outbox) == 3 and Reminder.objects.count() == 2
    assert services.claim_reminder(signs, date(2020, 6, 30), 1) is False

    with at(date(2020, 12, 24)):  # the next reporting date, 30 December, through the daily command
        from django.core.management import call_command

        out = io.StringIO()
        call_command("agenda_reminders", stdout=out)
    assert out.getvalue().startswith("Queued ")
    assert len(mail.outbox) == 3 + 5  # now "Starts later" runs too
    assert Reminder.objects.filter(due=date(2020, 12, 30)).count() == 3


# ---------------------------------------------------------------- dashboards


def test_the_overview_counts_measures_and_indicators(client: Client, cast: Cast, plans: Plans) -> None:
    agenda = plans.agenda
    done = Measure.objects.create(
        agenda=agenda, title="Waiting room", lead=cast.partner, start=date(2020, 1, 1), end=date(2020, 12, 31)
    )
    Measure.objects.filter(pk=done.pk).update(status="done", percent_done=100, budget=Decimal("1000.50"))
    delayed = Measure.objects.create(
        agenda=agenda, title="Signs", lead=cast.partner, start=date(2020, 1, 1), end=date(2022, 12, 31), budget=500
    )
    Measure.objects.filter(pk=delayed.pk).update(status="delayed")
    IndicatorValue.objects.create(indicator=plans.indicator, measured_on=date(2020, 12, 31), value=6)
    falling = MeasureIndicator.objects.create(
        measure=done, name="Days of waiting", baseline=30, baseline_year=2019, target=10, target_year=2020
    )
    IndicatorValue.objects.create(indicator=falling, measured_on=date(2020, 6, 30), value=20)
    IndicatorValue.objects.create(indicator=falling, measured_on=date(2020, 12, 31), value=8)
    unmeasured = MeasureIndicator.objects.create(
        measure=delayed,
        name="Signs put up",
        value_type="count",
        baseline=0,
        baseline_year=2019,
        target=50,
        target_year=2022,
    )
    overview = progress.overview(agenda, today=date(2021, 1, 15))
    assert {value: count for value, _label, count in overview.counts} == {
        "not_started": 0,
        "on_track": 1,
        "at_risk": 0,
        "delayed": 1,
        "done": 1,
        "dropped": 0,
    }
    assert overview.total == 3 and overview.budget == 1500.5
    rows = {row.indicator.pk: row for row in overview.indicators}
    assert (rows[plans.indicator.pk].progress, rows[plans.indicator.pk].reached) == (50.0, False)
    assert rows[falling.pk].latest.value == 8  # type: ignore[union-attr]
    assert (rows[falling.pk].progress, rows[falling.pk].reached) == (100.0, True)  # past the target, downwards
    assert (rows[unmeasured.pk].progress, rows[unmeasured.pk].reached) == (None, False)
    assert overview.reached == 1
    goal = Goal.objects.get(agenda=agenda)
    assert [(g, [m.title for m in ms]) for g, ms in overview.by_goal] == [
        (goal, ["Interpreter pool for city offices"]),
        (None, ["Waiting room", "Signs"]),
    ]
    segments = overview.segments
    assert [part["status"] for part in segments] == ["on_track", "delayed", "done"]
    assert sum(float(part["width"]) for part in segments) == pytest.approx(700, abs=0.2)
    client.force_login(cast.city_team)
    page = client.get(f"/en/agenda/{agenda.pk}/dashboard/").content.decode()
    assert "<dt>Measures</dt><dd>3</dd>" in page
    assert "<dt>Indicators at target</dt><dd>1 / 3</dd>" in page
    assert "Days of waiting" in page


def test_the_network_dashboard_lists_cities_with_an_adopted_agenda(client: Client, cast: Cast, plans: Plans) -> None:
    response = client.get("/en/agenda/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row.city, row.agendas, row.total) for row in rows] == [(cast.prague, 1, 1)]
    assert rows[0].counts == {"on_track": 1}  # the draft's measure is not counted
    totals = response.context["totals"]
    assert (totals["agendas"], totals["total"], totals["overdue"], totals["examples"]) == (1, 1, 1, 0)
    page = response.content.decode()
    assert '<a href="/en/agenda/cities/prague/">Prague</a>' in page
    assert "Sofia" not in page
    sofia = Agenda.objects.create(
        city=cast.sofia,
        title="Sofia agenda",
        start_year=2021,
        end_year=2023,
        status=AgendaStatus.ADOPTED,
        adopted_on=date(2020, 12, 1),
    )
    Measure.objects.create(agenda=sofia, title="Mentors", start=date(2021, 1, 1), end=date(2099, 1, 1))
    rows = client.get("/en/agenda/").context["rows"]
    assert [(row.city.name, row.total, row.overdue) for row in rows] == [("Prague", 1, 1), ("Sofia", 1, 0)]


def add_measures(plans: Plans, count: int, start: int = 0) -> None:
    """Measures with everything the pages show: a goal, partners, an indicator with values, an update."""
    agenda, cast_lead = plans.agenda, plans.measure.lead
    partners = list(plans.measure.partners.all())
    for n in range(start, start + count):
        goal = Goal.objects.create(agenda=agenda, title=f"Goal {n}", position=n + 1)
        measure = Measure.objects.create(
            agenda=agenda,
            goal=goal,
            title=f"Measure {n}",
            lead=cast_lead,
            budget=1000 + n,
            start=date(2020, 1 + n % 12, 1),
            end=date(2021, 1 + n % 12, 28),
        )
        measure.partners.set(partners)
        indicator = MeasureIndicator.objects.create(
            measure=measure, name=f"Indicator {n}", baseline=0, baseline_year=2019, target=10, target_year=2021
        )
        IndicatorValue.objects.create(indicator=indicator, measured_on=date(2020, 6, 30), value=n % 10)
        ProgressUpdate.objects.create(measure=measure, status="on_track", percent_done=10, narrative=f"Update {n}")


def add_cities(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        city = make_city(f"city-{n}", f"City {n}", "IT")
        agenda = Agenda.objects.create(
            city=city, title=f"Agenda {n}", start_year=2020, end_year=2022, status=AgendaStatus.ADOPTED
        )
        lead = make_organisation(city, f"Association {n}")
        Measure.objects.create(
            agenda=agenda, title=f"Measure {n}", lead=lead, start=date(2020, 1, 1), end=date(2021, 1, 1)
        )


@pytest.mark.parametrize("page", ["agenda", "timeline", "dashboard", "progress", "network"])
def test_it_keeps_queries_constant_in_the_size_of_the_agenda(
    client: Client, cast: Cast, plans: Plans, page: str, django_assert_max_num_queries: Any
) -> None:
    url = {
        "agenda": f"/en/agenda/{plans.agenda.pk}/",
        "timeline": f"/en/agenda/{plans.agenda.pk}/timeline/",
        "dashboard": f"/en/agenda/{plans.agenda.pk}/dashboard/",
        "progress": f"/en/agenda/{plans.agenda.pk}/progress/",
        "network": "/en/agenda/",
    }[page]
    client.force_login(cast.city_team)
    add_measures(plans, 2)
    add_cities(2)
    client.get(url)  # caches warmed
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_measures(plans, 30, start=2)
    add_cities(30, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert ("City 29" if page == "network" else "Measure 31") in response.content.decode()


# ---------------------------------------------------------------- exports and charts


def test_it_exports_the_agenda_as_a_pdf(client: Client, cast: Cast, plans: Plans) -> None:
    from pypdf import PdfReader

    IndicatorValue.objects.create(indicator=plans.indicator, measured_on=date(2020, 12, 31), value=6)
    response = client.get(f"/en/agenda/{plans.agenda.pk}/agenda.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="prague-agenda-{plans.agenda.pk}-en.pdf"'
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Prague Integration Agenda 2020-2022",
        "Offices speak newcomers' languages",
        "Interpreter pool for city offices",
        "Ukrainian Initiative",
        "adopted on 10/12/2019 by City council",
    ):
        assert expected in text, expected
    # Baseline and target with a visible mark between them (a glyph the font lacks would vanish).
    assert re.search(r"Offices with an interpreter on call: 0 \(2019\) \S+ 12 \(2021\); latest 6 ", text), text
    assert "Budget line not yet confirmed." not in text


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_pdf_has_every_glyph_it_needs_in_every_language(
    client: Client, cast: Cast, plans: Plans, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    IndicatorValue.objects.create(indicator=plans.indicator, measured_on=date(2020, 12, 31), value=6)
    Measure.objects.filter(pk=plans.measure.pk).update(budget=Decimal("125000"))
    try:
        with caplog.at_level("WARNING", logger="fpdf"):
            response = client.get(f"/{language}/agenda/{plans.agenda.pk}/agenda.pdf")
    finally:
        translation.activate("en")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    missing = [
        record.getMessage() for record in caplog.records if "missing the following glyphs" in record.getMessage()
    ]
    assert missing == []


def test_without_fonts_the_pdf_says_why(client: Client, plans: Plans, settings: Any, tmp_path: Path) -> None:
    settings.PDF_FONT_DIR = tmp_path
    response = client.get(f"/en/agenda/{plans.agenda.pk}/agenda.pdf")
    assert response.status_code == 503
    assert "its fonts are missing" in response.content.decode()
    assert client.get(f"/en/agenda/{plans.agenda.pk}/").status_code == 200


def test_it_exports_the_agenda_as_a_spreadsheet(client: Client, cast: Cast, plans: Plans) -> None:
    from openpyxl import load_workbook

    def sheet(response: Any) -> list[list[Any]]:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        workbook = load_workbook(io.BytesIO(response.content))
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]

    url = f"/en/agenda/{plans.agenda.pk}/agenda.xlsx"
    public = sheet(client.get(url))
    assert len(public) == 2
    header, row = public
    assert header[:2] == ["Goal", "Measure"] and "Internal notes" not in header and len(header) == 13
    record = dict(zip(header, row, strict=True))
    assert record["Measure"] == "Interpreter pool for city offices"
    assert record["Goal"] == "Offices speak newcomers' languages"
    assert record["Lead organisation"] == "Ukrainian Initiative"
    assert record["Partners"] == "Integration Centre Prague"
    assert (record["Status"], record["Percent done"]) == ("On track", 40)
    assert record["Indicators"] == "Offices with an interpreter on call: 0 → 12"
    assert "Budget line not yet confirmed." not in row
    # The internal notes are the city team's: not for outsiders, nor for the stakeholders who follow the work.
    for reader in (cast.outsider, cast.org_member, cast.coordinator):
        client.force_login(reader)
        header, row = sheet(client.get(url))
        assert "Internal notes" not in header and "Budget line not yet confirmed." not in row, reader
    client.force_login(cast.city_team)
    header, row = sheet(client.get(url))
    assert header[-1] == "Internal notes" and row[-1] == "Budget line not yet confirmed."


@pytest.mark.parametrize("language", ["cs", "bg", "hr", "it", "sk"])
def test_chart_coordinates_are_not_localised(client: Client, cast: Cast, plans: Plans, language: str) -> None:
    add_measures(plans, 3)
    Measure.objects.filter(title="Measure 1").update(status="done")
    client.force_login(cast.city_team)
    pages = [
        f"/{language}/agenda/{plans.agenda.pk}/timeline/",
        f"/{language}/agenda/{plans.agenda.pk}/",
        f"/{language}/agenda/{plans.agenda.pk}/dashboard/",
        f"/{language}/agenda/{plans.agenda.pk}/progress/",
        f"/{language}/agenda/",
        f"/{language}/agenda/labs/{plans.lab.pk}/",
    ]
    try:
        for page in pages:
            html = client.get(page).content.decode()
            svg = html[html.index("<svg") : html.index("</svg>")]
            values = NUMERIC_ATTRIBUTE.findall(svg)
            assert values, page
            assert [value for value in values if re.search(r"\d,\d", value)] == [], (page, values)
            assert [value for value in values if not re.fullmatch(r"[\d. -]+", value)] == [], (page, values)
        timeline = client.get(pages[0]).content.decode()
        assert re.search(r'<rect class="bar[^"]*" x="\d+\.\d"', timeline)  # fractions there are, with dots
    finally:
        translation.activate("en")
