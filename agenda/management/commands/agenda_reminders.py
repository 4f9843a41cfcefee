from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from agenda.tasks import send_reporting_reminders


class Command(BaseCommand):
    help = "Queue the reminders to measure owners before reporting dates (run it daily, e.g. from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_reporting_reminders.enqueue()
        self.stdout.write(f"Queued {result.id}")
