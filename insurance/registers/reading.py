"""Streaming a register file: the header check, then one parsed row at a time, with line numbers."""

import csv
import hashlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from .rows import COLUMNS, PARSERS, RowError

CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_header(header: list[str], kind: str) -> list[str]:
    """Reasons the header row is wrong for ``kind`` (empty when it is right)."""
    expected = COLUMNS[kind]
    found = [column.strip() for column in header]
    problems = []
    if missing := [c for c in expected if c not in found]:
        problems.append(_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
    if unexpected := [c for c in found if c not in expected]:
        problems.append(_("unexpected column(s): %(columns)s") % {"columns": ", ".join(unexpected)})
    if not problems and len(found) != len(set(found)):
        problems.append(_("a column appears twice"))
    if problems:
        problems.append(_("expected: %(columns)s") % {"columns": ",".join(expected)})
    return problems


def parse_fields(fields: list[str], columns: list[str], parse, today: date):
    """One CSV record parsed by its kind's parser; None for an empty line (skipped); RowError if bad."""
    if not fields or fields == [""]:
        return None
    if len(fields) != len(columns):
        raise RowError(
            _("expected %(expected)d fields, found %(found)d")
            % {"expected": len(columns), "found": len(fields)}
        )
    return parse(dict(zip(columns, (f.strip() for f in fields), strict=True)), today)


def empty_file_reason(kind: str) -> str:
    return _("the file is empty: the first line must be the header %(columns)s") % {
        "columns": ",".join(COLUMNS[kind])
    }


def invalid_csv_reason(error: Exception) -> str:
    return _("the line is not valid CSV (%(error)s)") % {"error": error}


def not_utf8_reason() -> str:
    return _("the file is not UTF-8 text from this line on")


class RegisterReader:
    """Yields (line number, parsed row) for every good line; calls ``report(line, reason)`` for bad ones.

    Line 1 is the header. A file that is not UTF-8 is reported at the first line that is not, and
    reading stops there: nothing after it can be trusted. ``lines_read`` counts the data lines so far.
    """

    def __init__(self, path: Path, kind: str, report: Callable[[int, str], None], today: date):
        self.path, self.kind, self.report, self.today = path, kind, report, today
        self.lines_read = 0

    def __iter__(self) -> Iterator[tuple[int, object]]:
        kind, report, today = self.kind, self.report, self.today
        parse = PARSERS[kind]
        with open(self.path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh, strict=True)
            line = 1
            try:
                header = next(reader, None)
                if header is None:
                    report(1, empty_file_reason(kind))
                    return
                if problems := check_header(header, kind):
                    report(1, "; ".join(problems))
                    return
                columns = [column.strip() for column in header]
                while True:
                    line = reader.line_num + 1
                    try:
                        fields = next(reader)
                        self.lines_read = reader.line_num - 1
                    except StopIteration:
                        return
                    except csv.Error as error:
                        report(line, invalid_csv_reason(error))
                        continue
                    try:
                        row = parse_fields(fields, columns, parse, today)
                    except RowError as error:
                        report(line, str(error))
                        continue
                    if row is not None:
                        yield line, row
            except UnicodeDecodeError:
                report(line, not_utf8_reason())
