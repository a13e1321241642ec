"""One request through a real Celery worker process and Redis (R8): saved, enqueued after commit, processed.

Runs when REDIS_URL and a PostgreSQL DATABASE_URL are set (CI); the worker listens on a queue of its own,
so nothing else on the same Redis is disturbed.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone

from config.celery_app import app as celery_app
from insurance.models import RequestStatus, Stage, StatementRequest
from insurance.services.statement_requests import statement_request_create
from tests.insurance.statement_helpers import make_citizen, pay
from tests.services import require_postgres, require_redis

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    require_redis()
    require_postgres()
    queue = f"statements-test-{uuid.uuid4().hex[:8]}"
    settings.STATEMENT_QUEUE = queue
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": database_url(),  # the test database this test writes to
        "REDIS_URL": django_settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "STATEMENT_QUEUE": queue,  # the follow-up tasks the worker sends (the SMS) come back to it
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker", "-Q", queue, "--pool", "solo",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    celery_app.conf.task_always_eager = False
    yield process, tmp_path / "worker.log"
    celery_app.conf.task_always_eager = True
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_turns_a_committed_request_into_a_statement(reference_data, worker):
    process, log = worker
    person = make_citizen()
    today = timezone.localdate()
    pay(person, paid_on=today.replace(day=1), period=today.replace(day=1), amount="4250.00")
    with transaction.atomic():
        request = statement_request_create(
            person=person,
            channel="otp",
            consent=True,
            period_from=date(2017, 1, 1),
            period_to=today,
            language="kk",
            evidence={"method": "otp"},
            submitted_at=timezone.now(),
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        request.refresh_from_db()
        if request.is_finished and request.stage_events.filter(stage=Stage.NOTIFIED).exists():
            break
        time.sleep(0.5)
    assert process.poll() is None, log.read_text()[-3000:]
    request = StatementRequest.objects.select_related("statement").get(pk=request.pk)
    assert request.status == RequestStatus.COMPLETED, log.read_text()[-3000:]
    statement = request.statement
    assert len(statement.rows) == 1 and statement.rows[0]["amount"] == "4250.00"
    assert statement.pdf and Path(statement.pdf.path).read_bytes().startswith(b"%PDF")
    assert request.stage_events.filter(stage=Stage.NOTIFIED).exists()
    assert request.attempts == 1
