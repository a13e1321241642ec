"""R9: every service-stage event delivered at least once to the monitoring system.

``events_push`` takes the events whose time has come (never delivered; first try, or their back-off is
over), claims each by moving its ``next_attempt_at`` forward (compare-and-set, so two pushers do not send
the same batch at once), POSTs them as one JSON batch and marks them delivered only after a 2xx answer.
A failure — the endpoint down, a timeout, a 5xx — counts an attempt and schedules the next one with
exponential back-off (30 s, 1 min, 2 min … at most an hour). Nothing is ever given up on: a dead endpoint
delays delivery and loses nothing. The receiver de-duplicates by ``id`` (at least once, not exactly once).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from insurance.models import ServiceStageEvent

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_BATCHES = 20  # per run; the next beat run goes on
CLAIM_SECONDS = 120  # longer than a push's timeout: a claimed batch is not taken by another pusher
FIRST_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 3600


def backoff(attempts: int) -> timedelta:
    """After ``attempts`` failed tries: 30 s, 60 s, 120 s, … capped at an hour."""
    return timedelta(seconds=min(FIRST_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def event_payload(event: ServiceStageEvent) -> dict:
    return {
        "id": event.pk,
        "request_id": str(event.request_id),
        "stage": event.stage,
        "occurred_at": event.occurred_at.isoformat(),
        "detail": event.detail,
    }


def _due(now: datetime):
    return ServiceStageEvent.objects.filter(delivered_at__isnull=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def _claim(now: datetime) -> list[ServiceStageEvent]:
    lease = now + timedelta(seconds=CLAIM_SECONDS)
    claimed = []
    for event in _due(now).order_by("id")[:BATCH_SIZE]:
        same = ServiceStageEvent.objects.filter(pk=event.pk, delivered_at__isnull=True)
        same = (
            same.filter(next_attempt_at__isnull=True)
            if event.next_attempt_at is None
            else same.filter(next_attempt_at=event.next_attempt_at)
        )
        if same.update(next_attempt_at=lease):
            claimed.append(event)
    return claimed


def _send(events: list[ServiceStageEvent]) -> None:
    body = json.dumps({"service": "mshi-statement", "events": [event_payload(e) for e in events]}).encode()
    headers = {"Content-Type": "application/json"}
    if settings.MONITORING_PUSH_TOKEN:
        headers["Authorization"] = f"Bearer {settings.MONITORING_PUSH_TOKEN}"
    request = urllib.request.Request(settings.MONITORING_PUSH_URL, data=body, method="POST", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=settings.MONITORING_PUSH_TIMEOUT) as response:  # noqa: S310
        response.read(1024)  # a non-2xx answer raises HTTPError


def _failed(events: list[ServiceStageEvent], now: datetime, error: Exception) -> None:
    for event in events:
        attempts = event.delivery_attempts + 1
        ServiceStageEvent.objects.filter(pk=event.pk, delivered_at__isnull=True).update(
            delivery_attempts=F("delivery_attempts") + 1, next_attempt_at=now + backoff(attempts)
        )
    logger.warning("monitoring push: %d events not delivered (%r); retrying later", len(events), error)


@dataclass
class PushResult:
    delivered: int = 0
    failed: int = 0


def events_push(*, now: datetime | None = None) -> PushResult:
    """One run of the pusher (the beat task, or a test): deliver what is due, stop at the first failure."""
    result = PushResult()
    if not settings.MONITORING_PUSH_URL:
        return result
    for _batch in range(MAX_BATCHES):
        now = now or timezone.now()
        events = _claim(now)
        if not events:
            break
        try:
            _send(events)
        except (urllib.error.URLError, OSError, ValueError) as error:
            _failed(events, now, error)
            result.failed += len(events)
            break
        ServiceStageEvent.objects.filter(pk__in=[e.pk for e in events]).update(
            delivered_at=timezone.now(), delivery_attempts=F("delivery_attempts") + 1, next_attempt_at=None
        )
        result.delivered += len(events)
    return result
