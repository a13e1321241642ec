"""Request → statement ready through a real Celery worker and Redis, with concurrent requests (R8).

Requests are created at once from as many threads, through ``statement_request_create`` (the service the
cabinet and the API call): saved, enqueued after commit, processed by the worker (identity check,
consent, snapshot, PDF rendered, signed and stored). A request is ready when the client, polling the
database, first sees it completed; the latency runs from just before it was submitted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import date

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from insurance.models import IdentityRecord, Person, RequestStatus, StatementRequest
from insurance.services.statement_requests import statement_request_create

from .data import ROOT

POLL_SECONDS = 0.02
WAIT_SECONDS = 300


def applicants(count: int) -> list[Person]:
    """``count`` people with payments, named and mirrored in the state register so identity checks pass."""
    people = list(Person.objects.filter(payments__isnull=False).distinct().order_by("pk")[:count])
    for n, person in enumerate(people):
        person.last_name, person.first_name, person.phone = "Бенчмарк", f"Адам{n}", f"+7700{n:07d}"
        person.save(update_fields=["last_name", "first_name", "phone"])
        IdentityRecord.objects.update_or_create(
            iin=person.iin, defaults={"last_name": person.last_name, "first_name": person.first_name}
        )
    return people


@contextmanager
def worker(queue: str, concurrency: int, env: dict):
    """A real Celery worker (prefork) on a queue of its own; stopped (warm shutdown) at the end."""
    log = open(ROOT / "var" / "bench-worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker", "-Q", queue,
         "--concurrency", str(concurrency), "--without-heartbeat", "--without-gossip", "--without-mingle",
         "--loglevel", "WARNING"],
        cwd=ROOT, env={**env, "STATEMENT_QUEUE": queue}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def submit(person: Person, started: dict, barrier: threading.Barrier) -> None:
    barrier.wait()
    try:
        submitted = time.perf_counter()
        with transaction.atomic():
            request = statement_request_create(
                person=person, channel="api", consent=True, period_from=date(2017, 1, 1),
                period_to=timezone.localdate(), language="kk", evidence={"method": "bench"},
                submitted_at=timezone.now(),
            )  # fmt: skip
        started[request.pk] = submitted
    finally:
        connection.close()


def round_trip(people: list[Person]) -> list[float]:
    """Milliseconds from submission to "completed" for each person's request, all sent at once."""
    started: dict = {}
    barrier = threading.Barrier(len(people))
    threads = [threading.Thread(target=submit, args=(p, started, barrier)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ready: dict = {}
    deadline = time.monotonic() + WAIT_SECONDS
    while len(ready) < len(started) and time.monotonic() < deadline:
        waiting = [pk for pk in started if pk not in ready]
        for pk, status in StatementRequest.objects.filter(pk__in=waiting).values_list("pk", "status"):
            if status in (RequestStatus.COMPLETED, RequestStatus.REFUSED):
                ready[pk] = time.perf_counter()
                if status == RequestStatus.REFUSED:
                    raise SystemExit(f"request {pk} was refused: check the identity records")
        time.sleep(POLL_SECONDS)
    close_old_connections()
    if len(ready) < len(started):
        raise SystemExit(f"{len(started) - len(ready)} requests were not ready in {WAIT_SECONDS} s")
    return [(ready[pk] - started[pk]) * 1000 for pk in started]


def requests_figures(count: int, concurrency: int, env: dict) -> list[float]:
    people = applicants(count + concurrency)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    os.environ["STATEMENT_QUEUE"] = queue
    from django.conf import settings

    settings.STATEMENT_QUEUE = queue
    with worker(queue, concurrency, env):
        round_trip(people[count:])  # warm-up: each worker process loads fonts and templates once
        return round_trip(people[:count])
