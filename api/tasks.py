"""The monitoring pusher (R9) as a Celery beat task. Thin (CONVENTIONS 3); the work is in ``monitoring``.

Registers uploaded through the API are imported by ``insurance.registers.tasks`` (the admin's task).
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import idempotency, monitoring


@shared_task
def push_stage_events() -> int:
    """Celery beat: deliver the service-stage events to the monitoring system (R9), at least once."""
    return monitoring.events_push().delivered


@shared_task
def purge_idempotency_records() -> int:
    """Daily: forget the answers kept for ``Idempotency-Key`` after ``API_IDEMPOTENCY_HOURS`` (a retry
    comes within minutes; after a day the same key starts a new request)."""
    return idempotency.records_purge(now=timezone.now())
