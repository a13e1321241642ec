"""What the API does, on top of the services the cabinet and admin use (CONVENTIONS 1).

A statement request from the e-government gateway goes through ``statement_request_create`` like one from
the cabinet, with channel "api": the same registration time (A1.7), due time (R8), identity check (R6) and
consent rule (A1.9 (5)). Every read of a person's data is written to the access log with the key's name.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insurance.auth.limits import client_address
from insurance.models import AccessLog, Channel, Person, StatementRequest
from insurance.registers.uploads import UploadRefused, register_upload
from insurance.services.statement_requests import statement_request_create
from insurance.statements.periods import default_period

from .models import ApiKey, ApiRegisterUpload, ApiStatementRequest


def api_access_record(*, request, subject: Person, what: str, object_ref: str) -> None:
    """Personal Data Law art. 8: who (the key) read whose data, what, from where."""
    api_key: ApiKey = request.auth
    AccessLog.objects.create(
        subject=subject,
        what=what,
        object_ref=str(object_ref)[:64],
        actor_label=f"API key {api_key.name} ({api_key.prefix})"[:150],
        ip_address=client_address(request),
    )


@transaction.atomic
def api_statement_request_create(
    *,
    api_key: ApiKey,
    iin: str,
    consent: bool,
    certified_by: str,
    language: str,
    period_from: date | None,
    period_to: date | None,
) -> StatementRequest:
    """R4, R8: the portal certified the request (OTP or EDS); the Fund registers and processes it.

    Only a person the Fund holds can ask, as in the cabinet (its login needs the person): the identity
    check (R6) then compares the Fund's data with the state register, and a mismatch ends in a reasoned
    refusal on ground 1. An IIN the Fund has never seen is a 400 on ``iin`` — a refusal document needs the
    name it is issued to.
    """
    person = Person.objects.filter(iin=iin).first()
    if person is None:
        raise ValidationError({"iin": [_("The Fund has no person with this IIN.")]})
    submitted_at = timezone.now()
    if period_from is None and period_to is None:
        period_from, period_to = default_period(timezone.localdate(submitted_at))
    request = statement_request_create(
        person=person,
        channel=Channel.API,
        consent=consent,
        period_from=period_from,
        period_to=period_to,
        language=language,
        evidence={
            "method": certified_by,
            "certified_by": "e-government portal",
            "api_key": api_key.name,
            "api_key_prefix": api_key.prefix,
        },
        submitted_at=submitted_at,
    )
    ApiStatementRequest.objects.create(request=request, api_key=api_key)
    return request


def upload_sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def api_register_upload(*, api_key: ApiKey, kind: str, upload) -> ApiRegisterUpload:
    """Store the file and enqueue its import with the admin's service (``insurance.registers.uploads``):
    the same task, the same rules. A file this key sent before and that was refused may be sent again;
    one sent by someone else, or already imported or importing, raises ``UploadRefused``."""
    register = register_upload(kind=kind, upload=upload, uploaded_by=None)
    api_upload, _created = ApiRegisterUpload.objects.get_or_create(
        register=register, defaults={"api_key": api_key}
    )
    if api_upload.api_key_id != api_key.pk:
        raise UploadRefused(_("This file was received before."))
    return api_upload
