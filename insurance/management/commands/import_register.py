import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from insurance.models import RegisterKind
from insurance.registers.importer import RegisterBusy, register_import


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most once per percent."""

    def __init__(self, stream, total: int, width: int = 30):
        self.stream, self.total, self.width, self.shown = stream, max(total, 1), width, -1

    def __call__(self, done: int) -> None:
        percent = min(100, done * 100 // self.total)
        if percent != self.shown and self.stream.isatty():
            filled = self.width * percent // 100
            self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {percent:3d}%  {done:,} rows")
            self.stream.flush()
            self.shown = percent

    def close(self) -> None:
        if self.shown >= 0:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Import a register (CSV, UTF-8, header row): whole file or nothing; the same file again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=RegisterKind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--language", default="en", choices=["kk", "ru", "en"], help="language of the report"
        )

    def handle(self, *args, kind, file, language, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        translation.activate(language)
        bar = ProgressBar(sys.stderr, max(count_lines(file) - 1, 0))
        try:
            result = register_import(
                path=file, kind=kind, progress=bar, on_error=lambda message: self.stderr.write(message)
            )
        except (RegisterBusy, ValueError) as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        if result.already_imported:
            self.stdout.write(
                f"{file.name}: already imported on {result.register.finished_at:%Y-%m-%d %H:%M}; nothing new."
            )
            return
        if not result.ok:
            self.stderr.write(f"{file.name}: refused, {result.error_count} bad line(s); nothing was written.")
            sys.exit(1)
        self.stdout.write(
            f"{file.name}: {result.rows} rows; {result.created} added, {result.updated} updated, "
            f"{result.unchanged} already present."
        )
