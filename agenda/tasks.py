"""Background work of the agenda: reminders to measure owners before each reporting date."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lib import emails


@task()
def send_reporting_reminders() -> int:
    """Email each open measure's owners once per reporting date, in their own language; returns how many."""
    from agenda.services import claim_reminder, reminder_recipients, reminders_due

    sent = 0
    for measure, due in reminders_due(timezone.localdate()):
        recipients = reminder_recipients(measure)
        if not claim_reminder(measure, due, len(recipients)):
            continue
        for user in recipients:
            emails.send(
                "reporting-reminder",
                user.email,
                {"measure": measure, "agenda": measure.agenda, "due": due},
                language=user.language or settings.LANGUAGE_CODE,
            )
            sent += 1
    return sent
