"""Importing a register: the whole file or nothing, every bad line reported, re-import adds nothing.

The file is read once. Rows are checked in batches against the file so far and against the database, and
written in the same transaction; after the first bad line the rest is still checked (so every bad line is
reported) but nothing more is written, and the transaction is rolled back at the end. The register record
itself, with its error report, is kept either way so Fund staff can see what was refused and why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insurance.models import PaymentRegister, RegisterKind, RegisterStatus

from . import postgres, writers
from .reading import RegisterReader, file_sha256

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
MAX_STORED_ERRORS = 100_000
STALE_IMPORT = timedelta(hours=2)


class RegisterBusy(Exception):
    """Another process is importing the same file right now."""


@dataclass
class ImportResult:
    register: PaymentRegister
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    already_imported: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class _Rejected(Exception):
    pass


def _claim(sha256: str, kind: str, file_name: str, uploaded_by, register: PaymentRegister | None):
    """The register record to import into, marked processing; or (record, True) if already imported."""
    if register is None:
        try:
            register, _created = PaymentRegister.objects.get_or_create(
                sha256=sha256, defaults={"kind": kind, "file_name": file_name, "uploaded_by": uploaded_by}
            )
        except IntegrityError:
            register = PaymentRegister.objects.get(sha256=sha256)
    if register.status == RegisterStatus.IMPORTED:
        return register, True
    if register.kind != kind:
        raise ValueError(
            _("This file was received before as a %(kind)s register.") % {"kind": register.get_kind_display()}
        )
    claimable = [RegisterStatus.PENDING, RegisterStatus.REJECTED]
    stale = timezone.now() - STALE_IMPORT
    claimed = (
        PaymentRegister.objects.filter(pk=register.pk, status__in=claimable).update(
            status=RegisterStatus.PROCESSING, started_at=timezone.now(), rows_processed=0
        )
    ) or (
        PaymentRegister.objects.filter(
            pk=register.pk, status=RegisterStatus.PROCESSING, started_at__lt=stale
        ).update(started_at=timezone.now(), rows_processed=0)
    )
    if not claimed:
        raise RegisterBusy(_("This file is being imported right now."))
    register.refresh_from_db()
    return register, False


def register_import(
    *,
    path: Path,
    kind: str,
    file_name: str | None = None,
    uploaded_by=None,
    register: PaymentRegister | None = None,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_phase: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Import ``path`` as a register of ``kind`` (persons, payments, refunds or categories).

    ``progress(lines read)`` follows the reading; ``on_phase(name, done, total)`` the later phases of the
    PostgreSQL path ("checking", "writing"); ``on_error(message)`` gets every "line N: reason" in line order.
    """
    if kind not in RegisterKind.values:
        raise ValueError(f"unknown register kind {kind!r}")
    path = Path(path)
    register, done = _claim(file_sha256(path), kind, file_name or path.name, uploaded_by, register)
    result = ImportResult(register=register, already_imported=done)
    if done:
        return result

    def emit(line: int, reason: str) -> None:
        # The "line N: reason" form is the contract (DESIGN): tools read it, so it is never translated.
        message = f"line {line}: {reason}"
        if len(result.errors) < MAX_STORED_ERRORS:
            result.errors.append(message)
        if on_error:
            on_error(message)

    today = timezone.localdate()
    try:
        with transaction.atomic():
            if postgres.handles(kind):
                job = postgres.fast_import(
                    kind, register=register, today=today, emit=emit, progress=progress, phase=on_phase
                )
                counts = job.run(path)
                result.rows, result.error_count = counts.rows, counts.errors
                result.created, result.updated, result.unchanged = (
                    counts.created,
                    counts.updated,
                    counts.unchanged,
                )
            else:
                _import_in_batches(path, kind, register, today, result, emit, progress)
            if result.error_count:
                raise _Rejected
    except _Rejected:
        pass
    _finish(register, result)
    return result


def _import_in_batches(path, kind, register, today, result: ImportResult, emit, progress) -> None:
    """The portable path (SQLite): batches checked against the file so far and the database, then written."""
    waiting: list[tuple[int, str]] = []

    def report(line: int, reason: str) -> None:
        waiting.append((line, reason))
        result.error_count += 1

    def flush() -> None:
        """Pass on the errors found so far in line order (a batch's checks come after its reading)."""
        for line, reason in sorted(waiting):
            emit(line, reason)
        waiting.clear()

    writer = writers.for_kind(kind, register, report)
    reader = RegisterReader(path, kind, report, today)
    rows = iter(reader)
    while batch := list(islice(rows, BATCH_SIZE)):
        errors_before = result.error_count
        writer.check(batch)
        flush()
        if result.error_count == 0:
            writer.write()
        elif errors_before == 0:
            logger.info("register %s: first bad line found, checking the rest", register.pk)
        if progress:
            progress(reader.lines_read)
    flush()
    result.rows = reader.lines_read
    result.created, result.updated, result.unchanged = writer.created, writer.updated, writer.unchanged


def _finish(register: PaymentRegister, result: ImportResult) -> None:
    register.status = RegisterStatus.REJECTED if result.error_count else RegisterStatus.IMPORTED
    register.rows_total = result.rows
    register.rows_processed = result.rows
    register.rows_created = 0 if result.error_count else result.created + result.updated
    register.rows_unchanged = 0 if result.error_count else result.unchanged
    register.error_count = result.error_count
    report = "\n".join(result.errors)
    if result.error_count > len(result.errors):
        report += "\n" + _("… and %(count)d more errors") % {"count": result.error_count - len(result.errors)}
    register.error_report = report
    register.finished_at = timezone.now()
    register.save()
