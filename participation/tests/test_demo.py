"""The demo events load on the network demo, show INTEGRA's attendance, and only once."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from participation import services
from participation.models import Event, Registration


def test_the_demo_events_load_once(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    call_command("demo_data", quiet_logins=True, stdout=io.StringIO())
    out = io.StringIO()
    call_command("participation_demo", stdout=out)
    assert "11 past events with attendance, 5 upcoming" in out.getvalue()
    from participation.models import PhotovoiceEntry

    assert PhotovoiceEntry.objects.filter(call__slug="home-in-kosice", status="approved").count() == 2
    from participation.models import Campaign

    campaign = Campaign.objects.get(slug="osijek-speaks-many-languages")
    assert services.reach(Registration.objects.filter(event__in=campaign.events.all()))["total"] == 84
    kick_off = Event.objects.get(slug="integra-kick-off-sofia-2018")
    assert services.attendance(kick_off)["total"] == 21
    assert not Registration.objects.filter(event=kick_off).exclude(name="").exists()
    course = Event.objects.get(slug="rubano-italian-course")
    assert course.registrations.filter(status="registered").count() == course.capacity
    assert course.registrations.filter(status="waiting").count() == 3
    again = io.StringIO()
    call_command("participation_demo", stdout=again)
    assert "already present" in again.getvalue()
    assert Event.objects.count() == 16
