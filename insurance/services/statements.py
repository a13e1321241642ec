"""Issuing the documents a request ends with: the Appendix-2 statement (A2) or a reasoned refusal (A1.9).

A document is an immutable snapshot: rows, status, names and IIN as they were at issue, and its PDF,
rendered once from the same template as the page and stored with its SHA-256 (R8).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from insurance.coverage import assess_person
from insurance.identity import IdentityCheck
from insurance.models import (
    ConsumerStatus,
    Refusal,
    RefusalGround,
    RequestStatus,
    Stage,
    Statement,
    StatementRequest,
)
from insurance.security.signing import sign_pdf
from insurance.statements.codes import REFUSAL_PREFIX, STATEMENT_PREFIX, document_number, verification_code
from insurance.statements.documents import pdf_file_name, refusal_pdf, statement_pdf
from insurance.statements.snapshot import assessment_snapshot, load_receipts, statement_rows

from .stages import stage_record

MAX_CODE_TRIES = 5


def _unused(make, exists) -> str:
    """A fresh random number or code; the unique constraint stays the last word on a collision."""
    for _try in range(MAX_CODE_TRIES):
        value = make()
        if not exists(value):
            return value
    raise RuntimeError("could not draw an unused document number")


def _numbering(model, prefix: str, issued_at: datetime) -> dict:
    issued_on = timezone.localdate(issued_at)
    return {
        "number": _unused(
            lambda: document_number(prefix, issued_on), lambda v: model.objects.filter(number=v).exists()
        ),
        "verification_code": _unused(
            verification_code, lambda v: model.objects.filter(verification_code=v).exists()
        ),
    }


def _store_pdf(document, pdf: bytes) -> None:
    """Stored once: the bytes anyone can later check against the SHA-256 on /verify/<code>/.

    Signed once here with the Fund's certificate (PAdES; insurance/security/signing.py), so opening the
    document later costs nothing and /verify/ can check the signature of any copy."""
    pdf = sign_pdf(pdf)
    document.pdf.save(pdf_file_name(document), ContentFile(pdf), save=False)
    document.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    document.save(update_fields=["pdf", "pdf_sha256"])


def _finish(request: StatementRequest, *, status: str, ground: int | None, at: datetime) -> None:
    request.status = status
    request.refusal_ground = ground
    request.completed_at = at
    request.last_error = ""
    request.save(update_fields=["status", "refusal_ground", "completed_at", "last_error", "updated_at"])
    stage = Stage.COMPLETED if status == RequestStatus.COMPLETED else Stage.REFUSED
    stage_record(request=request, stage=stage, occurred_at=at, detail={"ground": ground} if ground else {})


@transaction.atomic
def statement_issue(*, request: StatementRequest, issued_at: datetime) -> Statement:
    """A2: the rows of the requested period, the status and the arrears note on the issue date."""
    person = request.person
    assessment = assess_person(person, timezone.localdate(issued_at))
    rows = statement_rows(load_receipts(person, request.period_from, request.period_to))
    statement = Statement(
        request=request,
        person=person,
        issued_at=issued_at,
        language=request.language,
        full_name=person.full_name,
        iin=person.iin,
        status=ConsumerStatus.CONSUMER if assessment.is_consumer else ConsumerStatus.NOT_CONSUMER,
        period_from=request.period_from,
        period_to=request.period_to,
        rows=rows,
        assessment=assessment_snapshot(assessment),
        **_numbering(Statement, STATEMENT_PREFIX, issued_at),
    )
    statement.full_clean(exclude=["rows"])  # no payments in the period is an answer too: an empty table
    statement.save()
    _store_pdf(statement, statement_pdf(statement))
    stage_record(
        request=request,
        stage=Stage.DOCUMENT_ISSUED,
        occurred_at=issued_at,
        detail={"document": "statement", "number": statement.number, "rows": len(rows)},
    )
    _finish(request, status=RequestStatus.COMPLETED, ground=None, at=issued_at)
    return statement


@transaction.atomic
def refusal_issue(
    *, request: StatementRequest, ground: RefusalGround, reasons: str, issued_at: datetime
) -> Refusal:
    """A1.9: a reasoned electronic refusal in the cabinet, numbered and verifiable like a statement."""
    person = request.person
    refusal = Refusal(
        request=request,
        person=person,
        issued_at=issued_at,
        language=request.language,
        full_name=person.full_name,
        iin=person.iin,
        ground=ground,
        reasons=reasons,
        **_numbering(Refusal, REFUSAL_PREFIX, issued_at),
    )
    refusal.full_clean()
    refusal.save()
    _store_pdf(refusal, refusal_pdf(refusal))
    stage_record(
        request=request,
        stage=Stage.DOCUMENT_ISSUED,
        occurred_at=issued_at,
        detail={"document": "refusal", "number": refusal.number, "ground": int(ground)},
    )
    _finish(request, status=RequestStatus.REFUSED, ground=int(ground), at=issued_at)
    return refusal


def _field_names(fields) -> str:
    names = {"last_name": _("last name"), "first_name": _("first name"), "patronymic": _("patronymic")}
    return ", ".join(str(names[f]) for f in fields)


def refusal_reasons(ground: RefusalGround, identity: IdentityCheck, language: str) -> str:
    """The reasons written on the refusal, in the language of the request."""
    with translation.override(language):
        if ground == RefusalGround.NO_CONSENT:
            return _(
                "You did not give consent to access your restricted personal data (Personal Data Law, "
                "article 8). Without it the Fund may not obtain your identity document data and the data on "
                "deductions and contributions needed for the statement."
            )
        if identity.not_found:
            return _(
                "The state register of individuals has no record for your IIN, so your identity data "
                "could not be confirmed."
            )
        parts = []
        if identity.differing_fields:
            parts.append(
                _(
                    "The identity data the Fund holds for you differ from the state register of individuals: %(fields)s."
                )
                % {"fields": _field_names(identity.differing_fields)}
            )
        if identity.document_invalid:
            parts.append(
                _("According to the state register of individuals your identity document is not valid.")
            )
        return " ".join(parts)
