"""Signing up without an account: places, the waiting list, double opt-in, the private link, bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from integra.testing import Cast, Events, add_events
from participation import services
from participation.models import Registration, RegistrationStatus


@pytest.fixture
def events(cast: Cast) -> Events:
    return add_events(cast)


def _sign_up(client: Client, event: Any, language: str = "en", **data: Any) -> Any:
    form = {"name": "Olena", "email": "olena@example.org", "phone": "", "language": "uk", **data}
    return client.post(f"/{language}/events/{event.slug}/", form)


def test_it_lists_upcoming_published_events_by_language(client: Client, events: Events) -> None:
    page = client.get("/en/events/").content.decode()
    assert "Language café" in page and "Round table on housing" in page and "City walk (draft)" not in page
    arabic = client.get("/en/events/?language=ar").content.decode()
    assert "Language café" in arabic and "Round table on housing" not in arabic
    assert client.get("/en/events/draft-walk/").status_code == 404


def test_a_newcomer_signs_up_and_confirms_by_email(client: Client, events: Events) -> None:
    response = _sign_up(client, events.cafe, language="uk")
    assert response.status_code == 200
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.REGISTERED and registration.confirmed is None
    assert registration.language == "uk" and registration.category == ""
    assert [message.to for message in mail.outbox] == [["olena@example.org"]]
    assert registration.get_absolute_url() in mail.outbox[0].body
    page = client.get(registration.get_absolute_url())
    assert page.status_code == 200 and "olena@example.org" in page.content.decode()
    client.post(f"/uk/events/registrations/{registration.token}/confirm/")
    registration.refresh_from_db()
    assert registration.confirmed is not None


def test_the_category_is_kept_only_with_consent(client: Client, events: Events) -> None:
    refused = _sign_up(client, events.cafe, category="tcn")
    assert refused.status_code == 400 and not Registration.objects.exists()
    _sign_up(client, events.cafe, category="tcn", consent="on")
    registration = Registration.objects.get()
    assert registration.category == "tcn" and registration.category_consent is not None


def test_a_full_event_puts_people_on_the_waiting_list_and_moves_it_up(client: Client, events: Events) -> None:
    for number in range(3):
        _sign_up(client, events.cafe, name=f"Person {number}", email=f"p{number}@example.org")
    first, second, third = Registration.objects.order_by("pk")
    assert [r.status for r in (first, second, third)] == ["registered", "registered", "waiting"]
    mail.outbox.clear()
    client.post(f"/en/events/registrations/{first.token}/cancel/")
    third.refresh_from_db()
    assert third.status == RegistrationStatus.REGISTERED
    assert [message.to for message in mail.outbox] == [["p2@example.org"]]
    assert Registration.objects.filter(event=events.cafe, status="registered").count() == 2


def test_bad_sign_ups_change_nothing(client: Client, events: Events) -> None:
    assert _sign_up(client, events.closed).status_code == 400
    assert "Registration for this event is closed." in _sign_up(client, events.closed).content.decode()
    assert _sign_up(client, events.cafe, email="", phone="").status_code == 400
    _sign_up(client, events.cafe)
    twice = _sign_up(client, events.cafe, email="OLENA@example.org")
    assert twice.status_code == 400 and "already registered" in twice.content.decode()
    assert Registration.objects.count() == 1


def test_a_robot_filling_the_trap_is_thanked_and_ignored(client: Client, events: Events) -> None:
    response = _sign_up(client, events.cafe, website="http://spam.example")
    assert response.status_code == 200 and not Registration.objects.exists() and mail.outbox == []


def test_refusals_are_in_the_participants_language(client: Client, events: Events) -> None:
    assert "Registrace na tuto akci je uzavřena." in _sign_up(client, events.closed, language="cs").content.decode()
    assert "Реєстрацію на цей захід закрито." in _sign_up(client, events.closed, language="uk").content.decode()


def test_a_phone_number_is_enough(client: Client, events: Events) -> None:
    assert _sign_up(client, events.cafe, phone="+420 777 000 111", email="").status_code == 200
    registration = Registration.objects.get()
    # A phone number cannot be confirmed by email: the organiser calls if needed.
    assert registration.confirmed is not None and mail.outbox == []


def test_a_sign_up_script_is_shown_as_text(client: Client, events: Events) -> None:
    _sign_up(client, events.cafe, name="<script>alert(1)</script>")
    registration = Registration.objects.get()
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_participant_downloads_and_deletes_their_data(client: Client, events: Events) -> None:
    _sign_up(client, events.cafe)
    registration = Registration.objects.get()
    data = json.loads(client.get(f"/en/events/registrations/{registration.token}/data.json").content)
    assert data["email"] == "olena@example.org" and data["status"] == "registered"
    erased = client.post(f"/en/events/registrations/{registration.token}/erase/")
    assert erased.status_code == 200 and not Registration.objects.exists()
    gone = client.get(registration.get_absolute_url())
    assert gone.status_code == 404 and "This link does not work" in gone.content.decode()


def test_an_invalid_link_gets_a_clear_page(client: Client, events: Events) -> None:
    response = client.get("/uk/events/registrations/not-a-token/")
    assert response.status_code == 404
    assert client.post("/en/events/registrations/not-a-token/cancel/").status_code == 404


def test_unconfirmed_places_are_given_back(cast: Cast, events: Events) -> None:
    from datetime import timedelta

    from django.utils import timezone

    early = timezone.now() - timedelta(hours=60)
    holder = services.register(events.cafe, services.SignUp("A", "a@example.org", "", "en"), now=early)
    services.register(events.cafe, services.SignUp("B", "b@example.org", "", "en"), now=early)
    waiting = services.register(events.cafe, services.SignUp("C", "c@example.org", "", "en"))
    services.confirm(Registration.objects.get(email="b@example.org"))
    assert services.release_unconfirmed() == 1
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == "cancelled" and waiting.status == "registered"


def test_calendars_are_valid_icalendar(client: Client, events: Events) -> None:
    one = client.get(f"/en/events/{events.cafe.slug}/calendar.ics")
    assert one["Content-Type"].startswith("text/calendar")
    body = one.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Language café" in body and "DTSTART:" in body and body.count("BEGIN:VEVENT") == 1
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    city = client.get("/en/events/cities/prague/calendar.ics").content.decode()
    assert city.count("BEGIN:VEVENT") == 2 and "City walk (draft)" not in city


def test_too_many_sign_ups_from_one_connection_are_refused(client: Client, events: Events) -> None:
    from participation.views import SIGN_UPS_PER_HOUR

    events.cafe.capacity = None
    events.cafe.save()
    for number in range(SIGN_UPS_PER_HOUR):
        assert _sign_up(client, events.cafe, email=f"p{number}@example.org").status_code == 200
    refused = _sign_up(client, events.cafe, email="one-more@example.org")
    assert refused.status_code == 400 and "Too many sign-ups" in refused.content.decode()
    assert Registration.objects.count() == SIGN_UPS_PER_HOUR


def test_past_registrations_are_anonymised_and_the_figures_stay(cast: Cast, events: Events) -> None:
    from datetime import timedelta

    from django.utils import timezone

    registration = services.register(
        events.cafe, services.SignUp("Olena", "olena@example.org", "+420 777 000 111", "uk", "tcn")
    )
    services.check_in(registration)
    token = registration.token
    assert services.anonymise_past(6, now=timezone.now() + timedelta(days=100)) == 0
    assert services.anonymise_past(6, now=timezone.now() + timedelta(days=200)) == 1
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.phone) == ("", "", "")
    assert registration.anonymised and registration.token != token
    assert registration.category == "tcn" and registration.checked_in is not None
    assert services.attendance(events.cafe)["total"] == 1


def test_a_reminder_goes_out_the_day_before_in_the_participants_language(cast: Cast, events: Events) -> None:
    from datetime import timedelta

    import time_machine

    from participation.tasks import send_reminders

    services.register(events.cafe, services.SignUp("Olena", "olena@example.org", "", "uk"))
    services.register(events.cafe, services.SignUp("Minh", "minh@example.org", "", "vi"))
    services.register(events.cafe, services.SignUp("Late", "late@example.org", "", "en"))  # waiting list
    mail.outbox.clear()
    with time_machine.travel(events.cafe.starts - timedelta(days=2)):
        send_reminders.enqueue()
    assert mail.outbox == []
    with time_machine.travel(events.cafe.starts - timedelta(hours=20)):
        send_reminders.enqueue()
        send_reminders.enqueue()
    assert sorted(m.to[0] for m in mail.outbox) == ["minh@example.org", "olena@example.org"]
    ukrainian = next(m for m in mail.outbox if m.to == ["olena@example.org"])
    assert ukrainian.subject.startswith("Завтра:") and "Мовне кафе" in ukrainian.subject


def test_a_course_participant_downloads_a_certificate(client: Client, cast: Cast, events: Events) -> None:
    from pypdf import PdfReader

    events.cafe.kind = "training"
    events.cafe.save()
    registration = services.register(events.cafe, services.SignUp("Olena Kovalenko", "olena@example.org", "", "uk"))
    url = f"/uk/events/registrations/{registration.token}/certificate.pdf"
    assert client.get(url).status_code == 404  # not checked in yet
    services.check_in(registration)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    import io

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Olena Kovalenko" in text and "Мовне кафе" in text


def test_a_large_network_gets_a_city_search_box_instead_of_a_list(
    client: Client, events: Events, monkeypatch: pytest.MonkeyPatch
) -> None:
    from participation import views

    monkeypatch.setattr(views, "MAX_CITY_OPTIONS", 0)
    page = client.get("/en/events/?city=prag").content.decode()
    assert '<input type="search" name="city"' in page and '<option value="prague"' not in page
    assert "Language café" in page
    assert "Language café" not in client.get("/en/events/?city=sofia").content.decode()
