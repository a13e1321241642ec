"""The shape of every fast import on PostgreSQL, whatever the register kind.

1. Stream the file into an UNLOGGED staging table with COPY (``staging.StagingPass``): lines refused by the
   row parser are reported there and never staged.
2. Check set-wise what a line's shape cannot show: each distinct value (an IIN, a BIN, a pair of dates) is
   checked once in Python by the same functions the row parser uses; rows holding a bad value, or matching a
   kind's suspect condition, are parsed again by the row parser for their exact reason, and unstaged.
3. If nothing is wrong so far, write set-wise (``write``); cross-row problems (duplicates in the file, ids
   imported before with other values, refunds over what is left) are found by ``analyse``.
4. Every error goes into a table of its own and comes back sorted by line, so the report reads exactly like
   the SQLite path's, and memory stays constant however many there are.

Everything runs inside the caller's transaction: a refused file leaves nothing behind, not even the
staging table, and neither does a killed process.
"""

# Table names are this import's own (built from the register's integer key) and column names come from the
# fixed register columns; every value travels as a query parameter.
# ruff: noqa: S608

from __future__ import annotations

import csv
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connection, transaction

from ..reading import parse_fields
from ..rows import PARSERS, RowError
from ..writers import twice_reason
from .staging import StagingPass

logger = logging.getLogger(__name__)

FETCH = 5000
SLICE_PAGES = 4096  # ~200,000 staged rows per INSERT: their foreign-key checks are fired and freed per slice
UNIQUE_VIOLATION = "23505"
WORK_MEM = "64MB"  # per sort or hash: bounded server memory, and no spill to disk for a file's distinct ids


@dataclass(frozen=True)
class ValueCheck:
    """A check of each distinct value of ``key`` (an SQL expression over staged columns); ``valid`` gets
    the key's parts (split on "|") and says whether the row parser would accept them."""

    name: str
    key: str
    valid: Callable[..., bool]


@dataclass
class Counts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0


class FastImport:
    kind: str
    value_checks: tuple[ValueCheck, ...] = ()
    suspect: str = "false"  # an SQL condition on a staged row ``s`` that the row parser must look at

    def __init__(
        self,
        *,
        register,
        today: date,
        emit: Callable[[int, str], None],
        progress: Callable[[int], None] | None = None,
        phase: Callable[[str, int, int], None] | None = None,
    ):
        self.register, self.today, self.emit = register, today, emit
        self.progress, self.phase = progress, phase or (lambda name, done, total: None)
        self._tables: list[str] = []
        self.stage, self.lines, self.errors = self.table("stage"), self.table("lines"), self.table("errors")
        self.bad, self.dups = self.table("bad"), self.table("dups")
        self.checked = {check.name: self.table(check.name) for check in self.value_checks}
        self.counts = Counts()
        self.staged = self.unstaged = 0
        self.columns: list[str] = []
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self._spooled = csv.writer(self._spool)

    # The parts each kind fills in.

    def clean(self, row) -> dict[str, str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def analyse(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # The common flow.

    def run(self, path: Path) -> Counts:
        with connection.cursor() as cursor:
            self.cursor = cursor
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            # An exception rolls the transaction back, and the tables with it; so does a killed process.
            with self._spool:
                if self._stage_file(path):
                    cursor.execute(f"ANALYZE {self.stage}")
                    self._check_values()
                    self._check_suspects()
                    if self.counts.errors:
                        self.analyse()  # to report every bad line; nothing is written
                    else:
                        self.write()
                self._emit_errors()
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(self._tables)}")
        return self.counts

    def table(self, name: str) -> str:
        """The name of one of this import's own tables (dropped at the end, or with the transaction)."""
        table = f"register_{name}_{int(self.register.pk)}"
        self._tables.append(table)
        return table

    @contextmanager
    def immediate_constraints(self, table: str):
        """Check ``table``'s foreign keys at the end of each statement rather than at commit, so the
        pending checks of a ten-million-row import never pile up in the server's memory."""
        self.cursor.execute(
            "SELECT string_agg(quote_ident(conname), ', ') FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' AND condeferred",
            [table],
        )
        names = self.cursor.fetchone()[0]
        if names:
            self.cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
        yield
        if names:
            self.cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")

    @contextmanager
    def row_checks_skipped(self):
        """Skip the per-row foreign-key triggers of the writes, when this database role may.

        Every row written joins the referenced people and payers (``lock_referenced`` locks them
        ``FOR KEY SHARE``, as those triggers would, row by row) and the register is this import's own,
        locked by its claim: the triggers could only say again what the joins already guarantee, and they
        are most of the cost of a large import (docs/decisions.md). A role that may not set
        ``session_replication_role`` (not a superuser, and not granted ``SET`` on it) keeps the triggers.
        """
        try:
            with transaction.atomic():
                self.cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError as error:
            logger.info("register %s: foreign keys checked row by row (%s)", self.stage, error)
            yield False
            return
        try:
            yield True
        finally:
            self.cursor.execute("SET LOCAL session_replication_role = origin")

    def error(self, line: int, reason: str) -> None:
        self._spooled.writerow((line, reason))
        self.counts.errors += 1

    def line_of(self, seq: str) -> str:
        """SQL: the file line of the staged row numbered ``seq``."""
        return (
            f"({seq} + (SELECT b.delta FROM {self.lines} b WHERE b.first_seq <= {seq} "
            "ORDER BY b.first_seq DESC LIMIT 1))"
        )

    def rows(self, query: str, params=()) -> Iterator[tuple]:
        """Stream a query's rows through a server-side cursor (constant memory)."""
        with connection.connection.cursor(name=f"{self.stage}_read") as stream:
            stream.itersize = FETCH
            stream.execute(query, params)
            yield from stream

    def reparse(self, values: dict[str, str | None]):
        """The row parser's verdict on a staged row: the parsed row, or RowError with its reason."""
        fields = [values[column] or "" for column in self.columns]
        return parse_fields(fields, self.columns, PARSERS[self.kind], self.today)

    def insert_in_slices(self, table: str, insert: str, params: list, *, conflict: str) -> int:
        """Run ``insert`` (an INSERT … SELECT from the staging table ``s`` whose WHERE ends with
        "s.ctid >= %s::tid AND s.ctid < %s::tid") over slices of the staging table; return the rows added.

        A plain INSERT costs far less than ON CONFLICT's speculative one, so each slice is tried plain in a
        savepoint first; a slice that hits a unique key (a row stored before, or twice in the file) is run
        again with ``conflict`` (… DO NOTHING), which skips those rows for ``analyse`` to account for.
        """
        self.cursor.execute(f"SELECT pg_relation_size('{self.stage}') / current_setting('block_size')::int")
        pages = self.cursor.fetchone()[0]
        inserted = 0
        with (
            self.row_checks_skipped() as skipped,
            nullcontext() if skipped else self.immediate_constraints(table),
        ):
            for start in range(0, pages + 1, SLICE_PAGES):
                bounds = [f"({start},0)", f"({start + SLICE_PAGES},0)"]
                try:
                    with transaction.atomic():
                        self.cursor.execute(insert, [*params, *bounds])
                except IntegrityError as error:
                    if getattr(error.__cause__, "sqlstate", None) != UNIQUE_VIOLATION:
                        raise
                    self.cursor.execute(f"{insert} {conflict}", [*params, *bounds])
                inserted += self.cursor.rowcount
                self.phase("writing", inserted, self.staged)
        return inserted

    def copy_rows(self, table: str, columns: str, rows) -> None:
        with self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    # The steps.

    def _stage_file(self, path: Path) -> int:
        cursor = self.cursor
        reading = StagingPass(
            kind=self.kind, today=self.today, report=self.error, clean=self.clean, progress=self.progress
        )
        cursor.execute(f"CREATE TEMP TABLE {self.errors} (line bigint NOT NULL, reason text NOT NULL)")
        cursor.execute(
            f"CREATE TEMP TABLE {self.lines} (first_seq bigint PRIMARY KEY, delta bigint NOT NULL)"
        )
        cursor.execute(f"CREATE TEMP TABLE {self.bad} (name text NOT NULL, value text NOT NULL)")
        with open(path, "rb") as fh:
            if reading.read_header(fh):
                self.columns = reading.columns
                columns = ", ".join(f"{column} text" for column in self.columns)
                cursor.execute(
                    f"CREATE UNLOGGED TABLE {self.stage} "
                    f"(seq bigint GENERATED ALWAYS AS IDENTITY, {columns}) WITH (autovacuum_enabled = off)"
                )
                self.phase("reading", 0, 0)
                copy_sql = f"COPY {self.stage} ({', '.join(self.columns)}) FROM STDIN (FORMAT csv)"
                with cursor.copy(copy_sql) as copy:
                    reading.run(fh, copy)
        self.counts.rows = reading.lines_read
        self.copy_rows(self.lines, "first_seq, delta", reading.breaks)
        self.staged = reading.staged
        return reading.staged

    def _check_values(self) -> None:
        """Each distinct value checked once (kept, with its first row, for the writes); the bad ones
        remembered in ``bad``."""
        for check in self.value_checks:
            self.phase("checking", 0, 0)
            table = self.checked[check.name]
            self.cursor.execute(
                f"CREATE TEMP TABLE {table} AS SELECT {check.key} AS value, min(seq) AS first_seq "
                f"FROM {self.stage} GROUP BY 1"
            )
            bad = []
            for (key,) in self.rows(f"SELECT value FROM {table}"):
                if not check.valid(*key.split("|")):
                    bad.append((check.name, key))
                    if len(bad) >= FETCH:
                        self.copy_rows(self.bad, "name, value", bad)
                        bad.clear()
            self.copy_rows(self.bad, "name, value", bad)

    def _check_suspects(self) -> None:
        """Rows with a bad value or a suspect condition: parsed again for their reason, and unstaged."""
        conditions = [self.suspect] + [
            f"({check.key}) IN (SELECT value FROM {self.bad} WHERE name = '{check.name}')"
            for check in self.value_checks
        ]
        columns = ", ".join(f"s.{column}" for column in self.columns)
        query = (
            f"SELECT s.ctid::text, {self.line_of('s.seq')}, {columns} FROM {self.stage} s "
            f"WHERE {' OR '.join(f'({c})' for c in conditions)} ORDER BY s.seq"
        )
        found = 0
        accepted = []  # lines the parser takes after all: none, unless a check here is stricter than it
        for ctid, line, *values in self.rows(query):
            found += 1
            try:
                self.reparse(dict(zip(self.columns, values, strict=True)))
            except RowError as error:
                self.error(line, str(error))
            else:
                logger.warning(
                    "register %s: line %s was suspect but the row parser accepts it", self.stage, line
                )
                accepted.append(ctid)
        if found == len(accepted):
            return
        self.cursor.execute(
            f"DELETE FROM {self.stage} s WHERE ({' OR '.join(f'({c})' for c in conditions)}) "
            "AND s.ctid <> ALL(%s::tid[])",
            [accepted],
        )
        self.unstaged = self.cursor.rowcount

    def _duplicates(self, column: str, label: Callable[[str], str]) -> None:
        """Every later occurrence of a ``column`` value that appears more than once in the file."""
        self.cursor.execute(
            f"CREATE TEMP TABLE {self.dups} AS SELECT {column} AS value, min(seq) AS first_seq "
            f"FROM {self.stage} GROUP BY 1 HAVING count(*) > 1"
        )
        query = (
            f"SELECT {self.line_of('s.seq')}, s.{column}, {self.line_of('d.first_seq')} FROM {self.stage} s "
            f"JOIN {self.dups} d ON d.value = s.{column} AND s.seq > d.first_seq ORDER BY s.seq"
        )
        for line, value, first in self.rows(query):
            self.error(line, twice_reason(label(value), first))

    def _emit_errors(self) -> None:
        """All errors, in line order, to the caller (which stores and prints them)."""
        if not self.counts.errors:
            return
        self._spool.flush()
        self._spool.seek(0)
        with self.cursor.copy(f"COPY {self.errors} (line, reason) FROM STDIN (FORMAT csv)") as copy:
            while chunk := self._spool.read(1 << 16):
                copy.write(chunk)
        for line, reason in self.rows(f"SELECT line, reason FROM {self.errors} ORDER BY line"):
            self.emit(line, reason)
