"""Queue the platform-wide figures for the background worker (run it from cron, e.g. hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from network.tasks import compute_platform_figures


class Command(BaseCommand):
    help = "Queue a recomputation of the platform-wide network figures."

    def handle(self, *args: Any, **options: Any) -> None:
        result = compute_platform_figures.enqueue()
        self.stdout.write(f"Queued as {result.id}.")
