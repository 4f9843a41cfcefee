from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from participation.tasks import anonymise_past, release_unconfirmed, send_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily participation housekeeping: give back places of unconfirmed sign-ups and "
        "anonymise registrations of events that ended PARTICIPANT_DATA_MONTHS ago, remind participants "
        "the day before (run it hourly from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for task in (release_unconfirmed, anonymise_past, send_reminders):
            self.stdout.write(f"Queued {task.enqueue().id}")
