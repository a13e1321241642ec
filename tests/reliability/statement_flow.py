"""Helpers of the statement-processing fault tests: a request, a lock that stops a worker half-way, checks."""

from __future__ import annotations

import contextlib
from datetime import date

import psycopg
from django.db import transaction
from django.utils import timezone

from insurance.models import IdentityRecord, Stage, Statement, StatementRequest
from insurance.services.statement_requests import statement_request_create
from tests.insurance.statement_helpers import make_citizen, pay

from .processes import database_url, wait_for

# Every stage a completed request goes through, each written once (R9).
COMPLETED_STAGES = {
    Stage.RECEIVED,
    Stage.REGISTERED,
    Stage.PROCESSING,
    Stage.IDENTITY_CHECKED,
    Stage.CONSENT_CHECKED,
    Stage.DOCUMENT_ISSUED,
    Stage.COMPLETED,
    Stage.NOTIFIED,
}


def citizen(serial: int = 1):
    """A citizen in the register mirror with one payment this month."""
    person = make_citizen(serial=serial)
    month = timezone.localdate().replace(day=1)
    pay(person, paid_on=month, period=month, amount="4250.00")
    return person


def submitted_request(person) -> StatementRequest:
    """A committed request (the task is sent after commit, as the cabinet does)."""
    with transaction.atomic():
        return statement_request_create(
            person=person,
            channel="otp",
            consent=True,
            period_from=date(2017, 1, 1),
            period_to=timezone.localdate(),
            language="kk",
            evidence={"method": "otp"},
            submitted_at=timezone.now(),
        )


@contextlib.contextmanager
def register_locked():
    """Hold an exclusive lock on the state-register mirror from another connection: a worker that claimed
    a request stops, deterministically, at the identity check (R6) until the lock is let go."""
    conn = psycopg.connect(database_url().replace("postgres://", "postgresql://"), autocommit=False)
    try:
        conn.execute(f"LOCK TABLE {IdentityRecord._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        yield conn
    finally:
        conn.rollback()
        conn.close()


def waiting_on_register(count: int = 1) -> bool:
    """True once ``count`` other sessions wait for the register lock (the workers are stuck mid-request)."""
    with psycopg.connect(database_url().replace("postgres://", "postgresql://"), autocommit=True) as conn:
        waiting = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
            [IdentityRecord._meta.db_table],
        ).fetchone()[0]
    return waiting >= count


def wait_until_stuck(request: StatementRequest, *, workers: int = 1) -> None:
    wait_for(
        lambda: waiting_on_register(workers), timeout=45, what=f"{workers} worker(s) at the identity check"
    )
    request.refresh_from_db()


def wait_until_finished(request: StatementRequest, workers=()) -> StatementRequest:
    def finished():
        for worker in workers:
            assert worker.alive(), worker.log()
        return request.stage_events.filter(stage=Stage.NOTIFIED).exists()

    wait_for(finished, timeout=60, what="the request to complete and the citizen to be told")
    return StatementRequest.objects.select_related("statement").get(pk=request.pk)


def assert_completed_once(request: StatementRequest) -> None:
    """One statement, and each stage written exactly once (R9)."""
    assert request.status == "completed"
    assert Statement.objects.filter(request=request).count() == 1
    stages = list(request.stage_events.values_list("stage", flat=True))
    assert sorted(stages) == sorted(COMPLETED_STAGES), stages
