"""Celery tasks of the statement service: thin and idempotent (CONVENTIONS 3).

Each takes an id, claims with a compare-and-set and calls one service. Messages are acknowledged after the
task ran (acks_late) and given back if the worker dies (reject_on_worker_lost); the sweeper, run by beat
every minute, hands out again whatever a lost message or a dead worker left behind.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from insurance.identity import IdentityUnavailable
from insurance.services import statement_requests as service
from insurance.sms import SmsError

logger = logging.getLogger(__name__)

# Errors that go away by themselves: the register or SMS gateway is down, the database restarted.
TRANSIENT = (IdentityUnavailable, SmsError, DatabaseError, OSError)
MAX_RETRIES = 5


def backoff(retries: int) -> int:
    """Seconds before the next try: 5, 10, 20, 40, 80 — well inside R8's 15 minutes."""
    return 5 * 2**retries


def enqueue(task_name: str, request_id) -> bool:
    """Send a task for a request (after the transaction committed: callers use transaction.on_commit).

    The request is already saved, so a broker that cannot be reached is not the citizen's problem: the
    answer stays "received" and the sweeper hands it out once the broker is back (R8). Raising here would
    turn a saved, acknowledged request into a server error page.
    """
    task = globals()[task_name]
    try:
        task.apply_async(args=[str(request_id)], queue=settings.STATEMENT_QUEUE or None)
    except (KombuOperationalError, OSError) as error:
        logger.error(
            "broker unreachable, %s for request %s not sent; it will be handed out again by the sweeper: %r",
            task_name,
            request_id,
            error,
        )
        return False
    return True


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def process_statement_request(self, request_id: str) -> str:
    if not service.statement_request_claim(request_id=request_id):
        return "not claimed"  # someone else has it, or it is already decided
    try:
        request = service.statement_request_process(request_id=request_id)
    except TRANSIENT as error:
        service.statement_request_release(request_id=request_id, error=repr(error))
        logger.warning("statement request %s: %r; retrying", request_id, error)
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error
    except Exception as error:
        # A bug, not the weather: give the request back for the sweeper (bounded by STATEMENT_MAX_ATTEMPTS).
        service.statement_request_release(request_id=request_id, error=repr(error))
        raise
    return request.status


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def notify_statement_request(self, request_id: str) -> bool:
    try:
        return service.statement_request_notify(request_id=request_id)
    except TRANSIENT as error:
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error


@shared_task
def sweep_statement_requests() -> int:
    """Celery beat, every minute: nothing a lost message or a killed worker left is lost (R8)."""
    now = timezone.now()
    requests = service.statement_requests_to_sweep(now=now)
    for request_id in requests:
        enqueue("process_statement_request", request_id)
    notifications = service.statement_notifications_to_sweep(now=now)
    for request_id in notifications:
        enqueue("notify_statement_request", request_id)
    if requests or notifications:
        logger.info(
            "sweeper: %d requests and %d notifications handed out again", len(requests), len(notifications)
        )
    return len(requests) + len(notifications)
