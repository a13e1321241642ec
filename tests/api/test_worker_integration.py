"""Through a real Celery worker and Redis (CI): an API request becomes a statement, and the pusher task
delivers its stage events to a real HTTP endpoint (R8, R9). Skips without PostgreSQL and Redis locally."""

import time

import pytest
from django.db import close_old_connections
from django.utils import timezone

from api.tasks import push_stage_events
from insurance.models import RequestStatus, ServiceStageEvent, Stage, StatementRequest
from tests.insurance.statement_helpers import make_citizen, pay
from tests.insurance.test_tasks_integration import worker  # noqa: F401 - the real worker fixture

from .test_monitoring import Monitoring


@pytest.fixture
def endpoint(monkeypatch, settings):
    """The monitoring endpoint, started before the worker so the worker's environment names it."""
    server = Monitoring()
    monkeypatch.setenv("MONITORING_PUSH_URL", server.url)
    settings.MONITORING_PUSH_URL = server.url
    yield server
    server.close()


def wait_for(condition, process, log, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        close_old_connections()
        if condition():
            return
        time.sleep(0.5)
    assert process.poll() is None, log.read_text()[-3000:]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_request_sent_through_the_api_is_processed_by_a_real_worker_and_its_stages_pushed(
    reference_data,
    endpoint,
    worker,  # noqa: F811
    make_client,
    settings,
):
    process, log = worker
    person = make_citizen()
    month = timezone.localdate().replace(day=1)
    pay(person, paid_on=month, period=month)
    client = make_client("statements:write", "statements:read")
    body = {"iin": person.iin, "consent": True, "channel": "otp", "language": "kk"}
    response = client.post("/api/v1/statement-requests/", body)
    assert response.status_code == 201
    request_id = response.json()["id"]

    def notified():
        return ServiceStageEvent.objects.filter(request_id=request_id, stage=Stage.NOTIFIED).exists()

    wait_for(notified, process, log)
    detail = client.get(response["Location"]).json()
    assert detail["status"] == RequestStatus.COMPLETED and detail["statement"], log.read_text()[-3000:]
    assert StatementRequest.objects.get(pk=request_id).attempts == 1

    push_stage_events.apply_async(queue=settings.STATEMENT_QUEUE)
    wait_for(
        lambda: not ServiceStageEvent.objects.filter(delivered_at__isnull=True).exists(), process, log, 30
    )
    assert sorted(endpoint.event_ids()) == list(ServiceStageEvent.objects.values_list("id", flat=True))
