"""The organisers' side: putting up an event, the list of who signed up, check-in, attendance in aggregate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from integra.testing import Cast, Events, add_events, make_user
from network.models import LogEntry, Role, RoleKind
from participation import services
from participation.models import Event, Registration


@pytest.fixture
def events(cast: Cast) -> Events:
    return add_events(cast)


def _event_data(**changes: object) -> dict[str, object]:
    starts = timezone.localtime() + timedelta(days=30)
    data: dict[str, object] = {
        "organiser": "",
        "kind": "training",
        "title": "Czech for parents",
        "description": "Six evenings, with childcare.",
        "text_language": "en",
        "languages": ["cs", "uk"],
        "interpreting": ["ar"],
        "starts": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "Europe/Prague",
        "venue": "Primary School Vlna",
        "capacity": 15,
        "status": "published",
    }
    data.update(changes)
    return data


def test_an_organisation_puts_up_an_event(client: Client, cast: Cast, events: Events) -> None:
    client.force_login(cast.org_admin)
    response = client.post("/en/events/new/", _event_data(organiser=cast.ngo.pk))
    assert response.status_code == 302
    event = Event.objects.get(titles__en="Czech for parents")
    assert event.city == cast.prague and event.organiser == cast.ngo and event.languages == ["cs", "uk"]
    assert LogEntry.objects.filter(action="participation.event.created", object_id=event.pk).exists()
    assert client.get(event.get_absolute_url()).status_code == 200


def test_bad_events_are_refused(client: Client, cast: Cast, events: Events) -> None:
    client.force_login(cast.org_admin)
    starts = timezone.localtime() + timedelta(days=30)
    backwards = _event_data(organiser=cast.ngo.pk, ends=(starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    assert "An event cannot end before it starts." in client.post("/en/events/new/", backwards).content.decode()
    nowhere = _event_data(organiser=cast.ngo.pk, venue="")
    assert "Give a venue, a link to join online, or both." in client.post("/en/events/new/", nowhere).content.decode()
    foreign = _event_data(organiser=cast.sofia_ngo.pk)
    assert client.post("/en/events/new/", foreign).status_code == 200  # refused on the form: not theirs
    assert not Event.objects.filter(titles__en="Czech for parents").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("outsider", 403), ("org_member", 200), ("org_admin", 200), ("city_team", 200), ("coordinator", 200)],
)
def test_only_the_events_people_see_the_list(
    client: Client, cast: Cast, events: Events, role: str, status: int
) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(f"/en/events/{events.cafe.slug}/participants/").status_code == status


def test_another_organisations_member_is_refused(client: Client, cast: Cast, events: Events) -> None:
    teacher = make_user("teacher@example.org", second_factor=False)
    Role.objects.create(user=teacher, kind=RoleKind.ORG_MEMBER, organisation=cast.school)
    client.force_login(teacher)
    assert client.get(f"/en/events/{events.cafe.slug}/participants/").status_code == 403


def test_check_in_at_the_door(client: Client, cast: Cast, events: Events) -> None:
    registration = services.register(events.cafe, services.SignUp("Olena", "olena@example.org", "", "uk"))
    client.force_login(cast.org_member)
    found = client.get(f"/en/events/{events.cafe.slug}/participants/", {"q": registration.token}).content.decode()
    assert "Olena" in found
    client.post(f"/en/events/{events.cafe.slug}/participants/{registration.pk}/check-in/")
    registration.refresh_from_db()
    assert registration.checked_in is not None
    assert LogEntry.objects.filter(action="participation.registration.checked_in").exists()


def test_attendance_hides_groups_that_could_single_someone_out(cast: Cast, events: Events) -> None:
    events.cafe.capacity = None
    events.cafe.save()
    people = [("tcn", 6), ("ngo", 5), ("media", 1)]
    number = 0
    for category, count in people:
        for _ in range(count):
            number += 1
            registration = services.register(
                events.cafe, services.SignUp(f"P{number}", f"p{number}@example.org", "", "en", category)
            )
            services.check_in(registration)
    figures = services.attendance(events.cafe)
    rows = dict(figures["rows"])
    assert figures["total"] == 12
    # Media (1) is hidden, and so is the smallest shown group: otherwise the total would give it away.
    assert rows["Media"] is None and rows["NGOs"] is None and rows["Third-country nationals"] == 6
    assert Registration.objects.filter(category="media").count() == 1


def test_organisers_write_to_everyone_signed_up(client: Client, cast: Cast, events: Events) -> None:
    from django.core import mail

    services.register(events.cafe, services.SignUp("Olena", "olena@example.org", "", "uk"))
    services.register(events.cafe, services.SignUp("Minh", "", "+420 777 000 111", "vi"))
    cancelled = services.register(events.cafe, services.SignUp("Gone", "gone@example.org", "", "en"))
    services.cancel(cancelled)
    mail.outbox.clear()
    client.force_login(cast.org_member)
    response = client.post(
        f"/en/events/{events.cafe.slug}/message/", {"subject": "Room change", "body": "We meet in room 2."}
    )
    assert response.status_code == 302
    assert [(m.to, m.subject) for m in mail.outbox] == [(["olena@example.org"], "Room change")]
    assert "We meet in room 2." in mail.outbox[0].body
    assert LogEntry.objects.filter(action="participation.event.messaged").exists()


def test_the_door_code_opens_the_participant_in_the_organisers_list(client: Client, events: Events) -> None:
    registration = services.register(events.cafe, services.SignUp("Olena", "olena@example.org", "", "uk"))
    page = client.get(registration.get_absolute_url()).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<path" in svg and registration.token not in svg  # the code is in the picture, not the markup
    from lib.qr import qr_svg

    url = f"http://testserver/en/events/{events.cafe.slug}/participants/?q={registration.token}"
    assert svg + "</svg>" == str(qr_svg(url)).strip()


def test_calendar_feed_per_organisation(client: Client, cast: Cast, events: Events) -> None:
    body = client.get(f"/en/events/organisations/{cast.ngo.slug}/calendar.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 1 and "Language café" in body
