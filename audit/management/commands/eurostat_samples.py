"""Write the sample Eurostat TSV files to audit/statistics/ (deterministic; see audit/samples.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from audit.eurostat import SAMPLES
from audit.samples import write_samples


class Command(BaseCommand):
    help = "Write the sample Eurostat TSV files for the five partner countries to audit/statistics/."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in write_samples(SAMPLES):
            self.stdout.write(f"wrote {path}")
