"""Registers uploaded by Fund staff in admin: stored in media, imported by a Celery task, progress in the cache.

The import itself is ``importer.register_import``, the same service ``manage.py import_register`` calls, so
an upload keeps the public contract: the whole file or nothing, every bad line reported as "line N: reason",
the same file again adds nothing. The import runs in one transaction, so its progress cannot be read from the
register row until it commits; it is kept in the cache instead (Redis in production), where the admin page
reads it.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from insurance.models import PaymentRegister, RegisterStatus

from .importer import RegisterBusy, register_import
from .reading import CHUNK

logger = logging.getLogger(__name__)

PROGRESS_TTL = 6 * 3600  # longer than any import; a crashed one's progress expires by itself


class UploadRefused(Exception):
    """The upload cannot become an import; the message says why, in the user's language."""


def progress_key(register_id: int) -> str:
    return f"register-progress:{register_id}"


def progress_save(register_id: int, *, rows: int, phase: str) -> None:
    cache.set(progress_key(register_id), {"rows": rows, "phase": phase}, PROGRESS_TTL)


def progress_of(register: PaymentRegister) -> dict:
    """{"rows": rows checked so far, "total": rows in the file, "percent": 0–100, "phase": …}."""
    total = register.rows_total
    if register.status in (RegisterStatus.PENDING, RegisterStatus.PROCESSING):
        found = cache.get(progress_key(register.pk)) or {}
        rows, phase = found.get("rows", register.rows_processed), found.get("phase", "")
    else:
        rows, phase = register.rows_processed, ""
    percent = min(100, rows * 100 // total) if total else (100 if register.finished_at else 0)
    return {"rows": rows, "total": total, "percent": percent, "phase": phase}


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _refusal(register: PaymentRegister) -> str | None:
    """Why a file already received as ``register`` cannot be uploaded again (None: it may be retried)."""
    if register.status == RegisterStatus.IMPORTED:
        return _(
            "This file was already imported on %(date)s (%(name)s); importing it again would add nothing."
        ) % {"date": date_format(timezone.localtime(register.finished_at), "DATETIME_FORMAT"),
             "name": register.file_name}  # fmt: skip
    if register.status in (RegisterStatus.PENDING, RegisterStatus.PROCESSING):
        return _("This file is being imported right now (%(name)s).") % {"name": register.file_name}
    return None


def register_upload(*, kind: str, upload, uploaded_by) -> PaymentRegister:
    """Store an uploaded register and enqueue its import (after commit). Raises UploadRefused.

    A file refused before may be sent again (its record is reused: nothing of it was written); one imported
    or being imported is refused here, with the reason, before anything is stored.
    """
    if upload.size == 0:
        raise UploadRefused(_("The submitted file is empty."))
    sha256 = _sha256(upload)
    existing = PaymentRegister.objects.filter(sha256=sha256).first()
    if existing and (reason := _refusal(existing)):
        raise UploadRefused(reason)
    register = existing or PaymentRegister(sha256=sha256)
    old_file = register.file.name if existing else ""
    register.kind, register.file_name, register.uploaded_by = kind, upload.name[:255], uploaded_by
    register.file.save(upload.name, upload, save=False)  # outside the transaction: removed if it fails
    try:
        with transaction.atomic():
            if existing:
                # Compare-and-set: two staff members retrying the same refused file start one import.
                reset = PaymentRegister.objects.filter(pk=existing.pk, status=RegisterStatus.REJECTED).update(
                    kind=kind, file_name=register.file_name, file=register.file.name, uploaded_by=uploaded_by,
                    status=RegisterStatus.PENDING, error_count=0, error_report="", rows_total=0,
                    rows_processed=0, rows_created=0, rows_unchanged=0, started_at=None, finished_at=None,
                )  # fmt: skip
                if not reset:
                    raise UploadRefused(_refusal(PaymentRegister.objects.get(pk=existing.pk)) or "")
                register.refresh_from_db()
            else:
                register.status = RegisterStatus.PENDING
                register.full_clean(exclude=["file"])
                register.save()
            language = translation.get_language()
            transaction.on_commit(lambda: _enqueue(register.pk, language))
    except (IntegrityError, ValidationError) as error:  # the same file uploaded at the same moment
        register.file.delete(save=False)
        raise UploadRefused(
            _("This file is being imported right now (%(name)s).") % {"name": upload.name}
        ) from error
    except BaseException:
        register.file.delete(save=False)
        raise
    if old_file and old_file != register.file.name:
        register.file.storage.delete(old_file)
    return register


def _enqueue(register_id: int, language: str | None) -> None:
    from .tasks import enqueue

    enqueue(register_id, language)


def count_data_lines(path) -> int:
    with open(path, "rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(CHUNK), b""))
    return max(lines - 1, 0)


def register_import_stored(*, register_id: int) -> str:
    """Import an uploaded register (the Celery task's one call); returns the register's status.

    Idempotent: only a waiting register is imported (``register_import`` claims it by compare-and-set), so a
    repeated message does nothing. If the import stops on an unexpected error, its transaction has written
    nothing; the register is marked refused with the reason, and the error is raised again for the log.
    """
    register = PaymentRegister.objects.get(pk=register_id)
    if register.status != RegisterStatus.PENDING:
        return register.status
    try:
        path = register.file.path
        PaymentRegister.objects.filter(pk=register.pk).update(rows_total=count_data_lines(path))
        register.refresh_from_db()
        progress_save(register.pk, rows=0, phase="reading")
        register_import(
            path=path,
            kind=register.kind,
            file_name=register.file_name,
            uploaded_by=register.uploaded_by,
            register=register,
            progress=lambda rows: progress_save(register.pk, rows=rows, phase="reading"),
            on_phase=lambda phase, done, total: progress_save(
                register.pk, rows=register.rows_total, phase=phase
            ),
        )
    except RegisterBusy:
        return RegisterStatus.PROCESSING
    except Exception as error:
        logger.exception("register %s: the import stopped", register.pk)
        PaymentRegister.objects.filter(
            pk=register.pk, status__in=[RegisterStatus.PENDING, RegisterStatus.PROCESSING]
        ).update(
            status=RegisterStatus.REJECTED,
            error_report=_("The import stopped before the end, and nothing was written: %(error)s")
            % {"error": error},
            finished_at=timezone.now(),
        )
        raise
    finally:
        cache.delete(progress_key(register.pk))
    register.refresh_from_db()
    return register.status
