import sys
import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from insurance.models import MinimumWage
from insurance.registers.generator import Plan, generate


class Command(BaseCommand):
    help = (
        "Write realistic persons, categories, payments and refunds registers (CSV) for N people over M "
        "months into DIR, streamed in constant memory; the same --seed gives the same files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True)
        parser.add_argument("--months", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=None,
            help="the day the registers are produced (YYYY-MM-DD; default today): nothing is paid after it",
        )

    def handle(self, *args, people, months, out, seed, until, **options):
        wages = dict(MinimumWage.objects.values_list("year", "amount"))
        if not wages:
            raise CommandError("No minimum wages in the reference data: run migrate first.")
        plan = Plan(people=people, months=months, seed=seed, until=until or timezone.localdate(), wages=wages)
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                sys.stderr.write(f"\r{done}/{total} blocks of people written")
                sys.stderr.flush()

        try:
            totals = generate(plan, out, progress)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        rows = ", ".join(f"{kind} {count:,}" for kind, count in totals.rows.items())
        self.stdout.write(f"{out}: {rows} rows in {time.monotonic() - started:.1f} s (seed {seed}).")
