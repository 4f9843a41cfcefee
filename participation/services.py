"""Signing up for events: places never overbooked, a waiting list that moves up by itself, double opt-in.

``register`` locks the event row for the length of its transaction (PostgreSQL: ``SELECT … FOR
UPDATE``; SQLite: every write transaction begins IMMEDIATE, so sign-ups already queue one after the
other), counts the places taken and only then writes the registration. A unique constraint refuses
the same email twice on the same event, whatever the timing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models import ACTIVE, Event, EventStatus, Registration, RegistrationStatus

# A place held by a sign-up whose email is not confirmed is given back after this long.
CONFIRM_WITHIN = timedelta(hours=48)


class RegistrationRefused(Exception):
    """A sign-up that cannot be taken; ``message`` says why, in the participant's language."""

    message: Any = _("This registration cannot be taken.")

    def __str__(self) -> str:
        return str(self.message)


class RegistrationClosed(RegistrationRefused):
    message = _("Registration for this event is closed.")


class AlreadyRegistered(RegistrationRefused):
    message = _("This email address is already registered for this event. Use the link in your confirmation email.")


@dataclass
class SignUp:
    name: str
    email: str
    phone: str
    language: str
    category: str = ""


def register(event: Event, sign_up: SignUp, now: datetime | None = None) -> Registration:
    """Take a place, or a place on the waiting list when the event is full."""
    now = now or timezone.now()
    email = sign_up.email.strip().lower()
    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            if not locked.registration_open(now):
                raise RegistrationClosed()
            active = locked.registrations.filter(status__in=ACTIVE)
            if email and active.filter(email=email).exists():
                raise AlreadyRegistered()
            taken = active.filter(status=RegistrationStatus.REGISTERED).count()
            full = locked.capacity is not None and taken >= locked.capacity
            registration = Registration.objects.create(
                event=locked,
                name=sign_up.name.strip(),
                email=email,
                phone=sign_up.phone.strip(),
                language=sign_up.language,
                category=sign_up.category,
                category_consent=now if sign_up.category else None,
                status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
                confirmed=None if email else now,
                created=now,
            )
    except IntegrityError as error:
        raise AlreadyRegistered() from error
    if email:
        _send_later("send_confirmation", registration.pk)
    return registration


def confirm(registration: Registration, now: datetime | None = None) -> Registration:
    """The participant opened the link in the confirmation email (double opt-in)."""
    if registration.confirmed is None and registration.status in ACTIVE:
        registration.confirmed = now or timezone.now()
        registration.save(update_fields=["confirmed"])
    return registration


def cancel(registration: Registration) -> Registration | None:
    """Cancel a sign-up; a place it frees goes to the first on the waiting list, who is told."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return None
        freed = current.status == RegistrationStatus.REGISTERED
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status"])
        registration.status = current.status
        promoted = _promote(locked) if freed else None
    if promoted is not None and (promoted.email or promoted.phone):
        _send_later("send_promotion", promoted.pk)
    return promoted


def _promote(event: Event) -> Registration | None:
    if event.status == EventStatus.CANCELLED:
        return None
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    if event.capacity is not None and taken >= event.capacity:
        return None
    first = event.registrations.filter(status=RegistrationStatus.WAITING).order_by("created", "pk").first()
    if first is not None:
        first.status = RegistrationStatus.REGISTERED
        first.save(update_fields=["status"])
    return first


def release_unconfirmed(now: datetime | None = None) -> int:
    """Give back the places of sign-ups not confirmed within ``CONFIRM_WITHIN``; returns how many."""
    cutoff = (now or timezone.now()) - CONFIRM_WITHIN
    stale = Registration.objects.filter(status__in=ACTIVE, confirmed=None, created__lt=cutoff)
    released = 0
    for registration in stale.select_related("event"):
        cancel(registration)
        released += 1
    return released


def _send_later(task_name: str, registration_id: int) -> None:
    """Queue an email; called after the sign-up's own transaction, so the task row commits on its own
    (or with the caller's transaction, if there is one)."""
    from participation import tasks

    getattr(tasks, task_name).enqueue(registration_id)


def check_in(registration: Registration, now: datetime | None = None) -> Registration:
    """At the door: the participant came (a sign-up on the waiting list who came gets the place)."""
    if registration.checked_in is None and registration.status in ACTIVE:
        registration.checked_in = now or timezone.now()
        registration.save(update_fields=["checked_in"])
    return registration


MIN_CELL = 5


def attendance(event: Event) -> dict[str, Any]:
    """People who came to one event, by self-declared category; cells under ``MIN_CELL`` are hidden,
    and one more when a single hidden cell could be worked out from the total."""
    figures = reach(event.registrations.all())
    figures["total"] = event.registrations.exclude(checked_in=None).count()  # the organisers' own count
    return figures


def anonymise_past(months: int, now: datetime | None = None) -> int:
    """Strip who they were from the registrations of events that ended ``months`` ago; the figures
    (category, whether they came) stay. Returns how many registrations were anonymised."""
    from participation.models import _token

    cutoff = (now or timezone.now()) - timedelta(days=round(months * 30.44))
    done = 0
    for registration in Registration.objects.filter(event__ends__lt=cutoff, anonymised=False).only("pk"):
        Registration.objects.filter(pk=registration.pk).update(
            name="", email="", phone="", token=f"anonymised-{_token()}", anonymised=True
        )
        done += 1
    return done


def reminders_due(now: datetime | None = None) -> list[Registration]:
    """Registrations with a place for events starting within the next day, not reminded yet (claimed
    here, so that a second run of the task sends nothing)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded=None,
        event__status=EventStatus.PUBLISHED,
        event__starts__gt=now,
        event__starts__lte=now + timedelta(days=1),
    ).exclude(email="")
    claimed = []
    for registration in due.select_related("event"):
        if Registration.objects.filter(pk=registration.pk, reminded=None).update(reminded=now):
            claimed.append(registration)
    return claimed


def reach(registrations: Any) -> dict[str, Any]:
    """People who came, by category, over a set of registrations; hidden as ``attendance`` hides them."""
    from collections import Counter

    from network.models import AttendeeCategory

    tally = Counter(registrations.exclude(checked_in=None).values_list("category", flat=True))
    rows = [(str(label), tally.get(value, 0)) for value, label in AttendeeCategory.choices]
    rows.append((str(_("Not declared")), tally.get("", 0)))
    hidden = {label for label, count in rows if 0 < count < MIN_CELL}
    shown = sorted((count, label) for label, count in rows if count >= MIN_CELL)
    if len(hidden) == 1 and shown:
        hidden.add(shown[0][1])
    total = sum(tally.values())
    return {
        "total": total if total == 0 or total >= MIN_CELL else None,
        "rows": [(label, None if label in hidden else count) for label, count in rows if count],
    }


def message_registrants(event: Event, subject: str, body: str) -> int:
    """Queue the organisers' message to everyone signed up with an email; returns how many."""
    from participation import tasks

    recipients = list(event.registrations.filter(status__in=ACTIVE).exclude(email="").values_list("pk", flat=True))
    for registration_id in recipients:
        tasks.send_message.enqueue(registration_id, subject, body)
    return len(recipients)


def programme_figures() -> dict[str, Any]:
    """The programme's participation figures for the platform's figures page; small counts hidden."""
    came = Registration.objects.exclude(checked_in=None).filter(event__status=EventStatus.PUBLISHED)

    def shown(count: int) -> int | None:
        return count if count == 0 or count >= MIN_CELL else None

    return {
        "events_held": came.values("event").distinct().count(),
        "people_reached": shown(came.count()),
        "tcn_reached": shown(came.filter(category="tcn").count()),
        "local_government_reached": shown(came.filter(category="local_government").count()),
    }
