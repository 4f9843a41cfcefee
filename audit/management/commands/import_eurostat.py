"""Import a Eurostat bulk TSV file (plain or .gz) for the context indicators mapped to its dataset."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.eurostat import ImportFailed, import_tsv


class Command(BaseCommand):
    help = "Import a Eurostat bulk TSV file; the dataset code defaults to the file name (lfsa_ergan.tsv.gz)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dataset", default="")

    def handle(self, *args: Any, path: Path, dataset: str, **options: Any) -> None:
        name = dataset or path.name.split(".")[0]
        opener: Any = gzip.open if path.suffix == ".gz" else open
        try:
            with opener(path, "rt", encoding="utf-8") as lines:
                result = import_tsv(lines, name)
        except ImportFailed as failed:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  line {line}: {reason}" for line, reason in failed.problems)
            ) from None
        self.stdout.write(
            f"{name}: {result.lines:,} lines read, "
            f"{result.stored:,} figures stored for {', '.join(result.indicators)}, "
            f"{result.missing:,} missing, {result.other_places:,} rows of other geographies skipped, {result.seconds} s"
        )
