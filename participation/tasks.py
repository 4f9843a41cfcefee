"""Background work of participation: the emails to participants, each in their own language."""

from __future__ import annotations

from django_tasks import task

from lib import emails
from participation.models import Registration


def _send(template: str, registration_id: int, **extra: str) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.email:
        emails.send(
            template,
            registration.email,
            {"registration": registration, "event": registration.event, **extra},
            language=registration.language,
        )


@task()
def send_confirmation(registration_id: int) -> None:
    _send("registration-confirm", registration_id)


@task()
def send_promotion(registration_id: int) -> None:
    _send("registration-promoted", registration_id)


@task()
def release_unconfirmed() -> int:
    from participation import services

    return services.release_unconfirmed()


@task()
def anonymise_past() -> int:
    from django.conf import settings

    from participation import services

    return services.anonymise_past(settings.PARTICIPANT_DATA_MONTHS)


@task()
def send_reminders() -> int:
    """The day before: a reminder to everyone with a place, in their language."""
    from participation import services

    due = services.reminders_due()
    for registration in due:
        _send("registration-reminder", registration.pk)
    return len(due)


@task()
def send_message(registration_id: int, subject: str, body: str) -> None:
    _send("registration-message", registration_id, subject=subject, body=body)
