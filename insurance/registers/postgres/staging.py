"""Streaming a register file into a staging table with COPY, in constant memory.

The file is read in chunks of about a megabyte. A chunk whose every line has the plain shape of a good line
(one regular expression over the whole chunk) is passed to COPY as it is: that is nearly every chunk of a
real register. Any other chunk is read line by line: plain lines still go straight to COPY, the rest are
read as CSV records and parsed by the very row parser the SQLite path uses (``rows.PARSERS``), which either
reports the line with its reason or stages the cleaned values. Checks that a regular expression cannot make
(real dates, IIN/BIN check digits, cross-row rules) are left to set-wise SQL on the staging table.

Staged rows are numbered by an identity column in file order; ``breaks`` records where the difference
between a row's file line and that number changes (after a blank, bad or multi-line record), so any
staged row's line can be told later without storing a number per row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from itertools import chain

from ..reading import check_header, empty_file_reason, invalid_csv_reason, not_utf8_reason, parse_fields
from ..rows import COLUMNS, PARSERS, RowError

CHUNK = 1 << 20
FLUSH_LINES = 4096

DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
EXTERNAL_ID = r"[A-Za-z0-9._:/-]{1,64}"  # the same rule as rows.EXTERNAL_ID
# A payer name with no spaces at either end and at most 255 characters, bare or quoted ("" inside quotes).
NAME = r'(?:[^\s",\x00](?:[^",\r\n\x00]{0,253}[^\s",\x00])?)?|"(?!\s)(?:[^"\r\n\x00]|""){0,253}(?<!\s)"'
# Plain shapes only: whatever they let through is still checked in SQL; whatever they stop goes to the
# row parser, which has the last word. So they may be stricter than the parser, never looser.
FIELDS = {
    "external_id": EXTERNAL_ID,
    "payment_external_id": EXTERNAL_ID,
    "paid_on": DATE,
    "refunded_on": DATE,
    "iin": r"[0-9]{12}",
    "payer_id": r"[0-9]{12}",
    "amount": r"(?=[0-9.]*[1-9])[0-9]{1,9}(?:\.[0-9]{1,2})?",  # > 0, at most 2 decimals, below a billion
    "kind": r"deduction|contribution",
    "period": r"[0-9]{4}-[0-9]{2}",
    "payer_name": NAME,
}


@lru_cache(maxsize=16)
def line_patterns(columns: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """(one plain line, a run of plain lines each ending in a newline) for this column order."""
    line = ",".join(f"(?:{FIELDS[column]})" for column in columns)
    return re.compile(line), re.compile(f"(?:{line}\\r?\\n)*")


class StagingPass:
    """One pass over a register file; ``run`` writes the staged rows into an open COPY.

    ``report(line, reason)`` receives every line refused here. ``clean(row)`` turns a parsed row back into
    its kind's field texts, for the rare line the parser accepted but the plain shapes did not.
    """

    def __init__(
        self,
        *,
        kind: str,
        today: date,
        report: Callable[[int, str], None],
        clean: Callable[[object], dict[str, str]],
        progress: Callable[[int], None] | None = None,
    ):
        self.kind, self.today, self.report, self.clean, self.progress = kind, today, report, clean, progress
        self.parse = PARSERS[kind]
        self.columns: list[str] = []
        self.physical = 0  # file lines read so far, the header included
        self.staged = 0  # rows sent to COPY; the next one is numbered staged + 1
        self.breaks: list[tuple[int, int]] = []  # (first row number, line − row number) at each change
        self._delta: int | None = None
        self._pending: list[str] = []

    @property
    def lines_read(self) -> int:
        return max(self.physical - 1, 0)

    def read_header(self, fh) -> bool:
        """Read and check the header line; False (with the reason reported on line 1) if it is wrong."""
        raw = fh.readline()
        self.physical = 1
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.report(1, not_utf8_reason())
            return False
        if not text:
            self.report(1, empty_file_reason(self.kind))
            return False
        header = next(csv.reader([text]), [])
        if problems := check_header(header, self.kind):
            self.report(1, "; ".join(problems))
            return False
        self.columns = [column.strip() for column in header]
        return True

    def run(self, fh, copy) -> None:
        """Stage every line after the header (``fh`` is the binary file, positioned after it)."""
        line_rx, chunk_rx = line_patterns(tuple(self.columns))
        while raw := fh.read(CHUNK):
            if not raw.endswith(b"\n"):
                raw += fh.readline()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                # The complete lines before the first bad byte are still staged (and checked).
                good = raw[: raw.rfind(b"\n", 0, error.start) + 1].decode("utf-8")
                self._by_line(good, fh, copy, line_rx)
                self.report(self.physical + 1, not_utf8_reason())
                break
            if not text.endswith("\n"):
                text += "\n"  # the last line of a file without a final newline
            if chunk_rx.fullmatch(text):
                self._whole_chunk(text, copy)
            else:
                self._by_line(text, fh, copy, line_rx)
            self._flush(copy)
            if self.progress:
                self.progress(self.lines_read)
        self._flush(copy)

    def _number(self, count: int) -> None:
        """``count`` rows are staged starting at the next file line."""
        delta = self.physical + 1 - (self.staged + 1)
        if delta != self._delta:
            self.breaks.append((self.staged + 1, delta))
            self._delta = delta
        self.staged += count
        self.physical += count

    def _whole_chunk(self, text: str, copy) -> None:
        self._flush(copy)
        self._number(text.count("\n"))
        copy.write(text.replace("\r\n", "\n") if "\r" in text else text)

    def _by_line(self, text: str, fh, copy, line_rx: re.Pattern) -> None:
        lines = iter([line + "\n" for line in text.split("\n")[:-1]])
        for raw_line in lines:
            body = raw_line[:-2] if raw_line.endswith("\r\n") else raw_line[:-1]
            if line_rx.fullmatch(body):
                self._number(1)
                self._pending.append(body)
            elif not body:
                self.physical += 1  # an empty line is skipped, as csv.reader does
            else:
                self._record(raw_line, chain(lines, _decoded(fh)))
            if len(self._pending) >= FLUSH_LINES:
                self._flush(copy)

    def _record(self, first: str, more: Iterator[str]) -> None:
        """Read one CSV record (it may span lines) with the row parser: report it, or stage it clean."""
        line = self.physical + 1
        reader = csv.reader(chain([first], more), strict=True)
        try:
            fields = next(reader)
        except csv.Error as error:
            self.physical += max(reader.line_num, 1)
            self.report(line, invalid_csv_reason(error))
            return
        self.physical += reader.line_num
        try:
            row = parse_fields(fields, self.columns, self.parse, self.today)
        except RowError as error:
            self.report(line, str(error))
            return
        if row is None:
            return
        values = self.clean(row)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([values[column] for column in self.columns])
        self.physical -= reader.line_num  # number the row by its first line
        self._number(1)
        self.physical += reader.line_num - 1
        self._pending.append(buffer.getvalue())

    def _flush(self, copy) -> None:
        if self._pending:
            self._pending.append("")
            copy.write("\n".join(self._pending))
            self._pending.clear()


def _decoded(fh) -> Iterator[str]:
    """The file's next lines, for a CSV record that goes on past the chunk (a quoted line break)."""
    for raw in iter(fh.readline, b""):
        yield raw.decode("utf-8")


def column_list(kind: str, columns: list[str]) -> str:
    """The staging columns in the file's order (checked against ``COLUMNS`` by ``check_header``)."""
    assert set(columns) == set(COLUMNS[kind])
    return ", ".join(columns)


BOM = codecs.BOM_UTF8
