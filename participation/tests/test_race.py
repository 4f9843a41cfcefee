"""Many people signing up at once never overfill an event (threads on real connections, both databases)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import close_old_connections, connection

from integra.testing import add_events, build_cast
from participation import services
from participation.models import Registration, RegistrationStatus

PEOPLE = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_exceed_the_places() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.fail("the race test needs a file-based test database (integra/settings_test.py)")
    events = add_events(build_cast())
    start = threading.Barrier(PEOPLE)
    outcomes: list[Any] = []

    def sign_up(number: int) -> None:
        try:
            start.wait()
            registration = services.register(
                events.cafe, services.SignUp(f"Person {number}", f"p{number}@example.org", "", "en")
            )
            outcomes.append(registration.status)
        except Exception as error:  # every failure is reported below
            outcomes.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(number,)) for number in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    registered = Registration.objects.filter(event=events.cafe, status=RegistrationStatus.REGISTERED).count()
    waiting = Registration.objects.filter(event=events.cafe, status=RegistrationStatus.WAITING).count()
    assert (registered, waiting) == (events.cafe.capacity, PEOPLE - events.cafe.capacity)


@pytest.mark.django_db(transaction=True)
def test_the_same_person_twice_at_once_is_registered_once() -> None:
    events = add_events(build_cast())
    start = threading.Barrier(4)
    outcomes: list[Any] = []

    def sign_up() -> None:
        try:
            start.wait()
            outcomes.append(services.register(events.cafe, services.SignUp("Olena", "olena@example.org", "", "uk")))
        except services.AlreadyRegistered as refused:
            outcomes.append(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(o, Registration) for o in outcomes) == 1
    assert sum(isinstance(o, services.AlreadyRegistered) for o in outcomes) == 3
    assert Registration.objects.filter(email="olena@example.org").count() == 1
