"""The statement request: created, registered (A1.7), claimed, processed (R6, A1.9, A2) and swept (R8).

Processing happens as soon as the request is saved — an automated answer does not wait for 09:00 — while
``registered_at`` and ``due_at`` keep the legal times of A1.7 and R8 (docs/decisions.md).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from insurance.identity import IdentityCheck, identity_check
from insurance.models import Person, RefusalGround, RequestStatus, Stage, StatementRequest
from insurance.sms import send_sms
from insurance.statements.periods import period_errors
from insurance.working_time import registration_time

from .stages import stage_record
from .statements import refusal_issue, refusal_reasons, statement_issue


def _enqueue_processing(request_id) -> None:
    from insurance.tasks import enqueue

    enqueue("process_statement_request", request_id)


def _enqueue_notification(request_id) -> None:
    from insurance.tasks import enqueue

    enqueue("notify_statement_request", request_id)


@transaction.atomic
def statement_request_create(
    *,
    person: Person,
    channel: str,
    consent: bool,
    period_from: date | None,
    period_to: date | None,
    language: str,
    evidence: dict,
    submitted_at: datetime,
) -> StatementRequest:
    """Save a certified request (R4) and hand it to a worker once the transaction commits."""
    errors = period_errors(period_from, period_to, timezone.localdate(submitted_at))
    if errors:
        raise ValidationError(errors)
    registered_at = registration_time(submitted_at)  # A1.7: after hours → 09:00 of the next working day
    request = StatementRequest(
        person=person,
        channel=channel,
        consent=consent,
        period_from=period_from,
        period_to=period_to,
        language=language,
        evidence=evidence,
        submitted_at=submitted_at,
        registered_at=registered_at,
        due_at=registered_at + timedelta(minutes=settings.STATEMENT_TIME_LIMIT_MINUTES),  # R8
    )
    request.full_clean()
    request.save()
    stage_record(request=request, stage=Stage.RECEIVED, occurred_at=submitted_at, detail={"channel": channel})
    stage_record(
        request=request,
        stage=Stage.REGISTERED,
        occurred_at=registered_at,
        detail={"after_hours": registered_at != submitted_at, "due_at": request.due_at.isoformat()},
    )
    transaction.on_commit(lambda: _enqueue_processing(request.pk))
    return request


def statement_request_claim(*, request_id) -> bool:
    """Compare-and-set received → processing: of two workers given the same request, one gets it."""
    claimed = StatementRequest.objects.filter(pk=request_id, status=RequestStatus.RECEIVED).update(
        status=RequestStatus.PROCESSING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return claimed == 1


def statement_request_release(*, request_id, error: str) -> bool:
    """Give a claimed request back (processing → received) after a failure, so a retry can claim it."""
    released = StatementRequest.objects.filter(pk=request_id, status=RequestStatus.PROCESSING).update(
        status=RequestStatus.RECEIVED, last_error=error[:2000], updated_at=timezone.now()
    )
    return released == 1


def statement_request_process(*, request_id) -> StatementRequest:
    """Process a claimed request: identity (R6), consent (A1.9), then the statement or a refusal.

    The register is asked outside the transaction (it may be a slow gateway); it raises
    ``IdentityUnavailable`` when it cannot answer, and the task retries.
    """
    request = StatementRequest.objects.select_related("person").get(pk=request_id)
    if request.status != RequestStatus.PROCESSING:
        return request  # not claimed, or already decided by an earlier run
    stage_record(
        request=request,
        stage=Stage.PROCESSING,
        occurred_at=timezone.now(),
        detail={"attempt": request.attempts},
    )
    identity = identity_check(request.person)
    return _decide(request_id=request_id, identity=identity)


@transaction.atomic
def _decide(*, request_id, identity: IdentityCheck) -> StatementRequest:
    request = StatementRequest.objects.select_for_update().get(pk=request_id)
    if request.status != RequestStatus.PROCESSING:
        return request
    now = timezone.now()
    stage_record(request=request, stage=Stage.IDENTITY_CHECKED, occurred_at=now, detail=identity.as_detail())
    if not identity.matches:  # R6, A1.9 (1): the identity data are not reliable
        reasons = refusal_reasons(RefusalGround.UNRELIABLE_DATA, identity, request.language)
        refusal_issue(request=request, ground=RefusalGround.UNRELIABLE_DATA, reasons=reasons, issued_at=now)
    else:
        stage_record(
            request=request, stage=Stage.CONSENT_CHECKED, occurred_at=now, detail={"consent": request.consent}
        )
        if not request.consent:  # A1.9 (5): no consent to access restricted personal data
            reasons = refusal_reasons(RefusalGround.NO_CONSENT, identity, request.language)
            refusal_issue(request=request, ground=RefusalGround.NO_CONSENT, reasons=reasons, issued_at=now)
        else:
            statement_issue(request=request, issued_at=now)
    transaction.on_commit(lambda: _enqueue_notification(request.pk))
    return request


def statement_requests_to_sweep(*, now: datetime) -> list:
    """R8: requests a lost message or a dead worker left behind, handed back for processing.

    Stuck in processing past the stale limit → back to received (compare-and-set on updated_at, so a live
    worker that just finished is never undone); received and untouched for a while → enqueue again.
    Requests that failed ``STATEMENT_MAX_ATTEMPTS`` times wait for staff (admin shows the last error).
    """
    stale = now - timedelta(seconds=settings.STATEMENT_STALE_PROCESSING_SECONDS)
    stuck = StatementRequest.objects.filter(status=RequestStatus.PROCESSING, updated_at__lt=stale)
    released = [
        pk
        for pk, updated_at, attempts in stuck.values_list("pk", "updated_at", "attempts")[:500]
        if StatementRequest.objects.filter(
            pk=pk, status=RequestStatus.PROCESSING, updated_at=updated_at
        ).update(
            status=RequestStatus.RECEIVED, last_error="worker lost: processing did not finish", updated_at=now
        )
        and attempts < settings.STATEMENT_MAX_ATTEMPTS
    ]
    waiting = StatementRequest.objects.filter(
        status=RequestStatus.RECEIVED,
        updated_at__lt=now - timedelta(seconds=settings.STATEMENT_STALE_RECEIVED_SECONDS),
        attempts__lt=settings.STATEMENT_MAX_ATTEMPTS,
    ).order_by("registered_at")
    return released + list(waiting.values_list("pk", flat=True)[:500])


def statement_notifications_to_sweep(*, now: datetime) -> list:
    """Finished requests of the last day whose applicant was not told yet (the SMS gateway was down)."""
    finished = StatementRequest.objects.filter(
        status__in=(RequestStatus.COMPLETED, RequestStatus.REFUSED),
        completed_at__gte=now - timedelta(days=1),
        completed_at__lt=now - timedelta(seconds=settings.STATEMENT_STALE_RECEIVED_SECONDS),
    ).exclude(stage_events__stage=Stage.NOTIFIED)
    return list(finished.values_list("pk", flat=True)[:500])


def _notification_text(request: StatementRequest) -> str:
    document = getattr(request, "statement", None) or getattr(request, "refusal", None)
    if request.status == RequestStatus.COMPLETED:
        return _("MSHI: your statement No. %(number)s is ready in your personal cabinet.") % {
            "number": document.number
        }
    return _(
        "MSHI: your request was refused; the reasoned refusal No. %(number)s is in your personal cabinet."
    ) % {"number": document.number}


def statement_request_notify(*, request_id) -> bool:
    """Tell the applicant by SMS, in their language, that the result is ready. At most once per request:
    the NOTIFIED stage is written after the gateway accepted the message (``SmsError`` → the task retries)."""
    request = StatementRequest.objects.select_related("person", "statement", "refusal").get(pk=request_id)
    if not request.is_finished or request.stage_events.filter(stage=Stage.NOTIFIED).exists():
        return False
    person = request.person
    if not person.phone:
        stage_record(
            request=request, stage=Stage.NOTIFIED, occurred_at=timezone.now(), detail={"sent": False}
        )
        return False
    with translation.override(person.language):
        text = _notification_text(request)
    send_sms(person.phone, text)
    stage_record(
        request=request,
        stage=Stage.NOTIFIED,
        occurred_at=timezone.now(),
        detail={"sent": True, "channel": "sms"},
    )
    return True
