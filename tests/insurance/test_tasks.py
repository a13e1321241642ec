"""The statement tasks: compare-and-set claims, retries with back-off, and the sweeper that loses nothing (R8)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from config.celery_app import app as celery_app
from insurance.models import RequestStatus, Stage, Statement, StatementRequest
from insurance.services.statement_requests import statement_request_claim, statement_request_create
from insurance.tasks import backoff, process_statement_request, sweep_statement_requests
from tests.insurance.statement_helpers import WORKING_TIME, gateway_fixture, make_citizen  # noqa: F401

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def eager_retries():
    """Eager tasks that retry like a worker's: an error is kept in the result instead of raised at once."""
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


def received_request(person):
    """A saved request whose task message never arrived (on_commit callbacks not run)."""
    return statement_request_create(
        person=person,
        channel="otp",
        consent=True,
        period_from=None,
        period_to=None,
        language="kk",
        evidence={"method": "otp"},
        submitted_at=timezone.now(),
    )


def test_only_one_of_two_workers_claims_a_request(time_machine):
    time_machine.move_to(WORKING_TIME)
    request = received_request(make_citizen())
    assert statement_request_claim(request_id=request.pk) is True
    assert statement_request_claim(request_id=request.pk) is False
    request.refresh_from_db()
    assert request.status == RequestStatus.PROCESSING and request.attempts == 1


def test_retries_back_off_well_inside_15_minutes():
    assert [backoff(n) for n in range(5)] == [5, 10, 20, 40, 80]
    assert sum(backoff(n) for n in range(5)) < 15 * 60


def test_a_register_gateway_that_is_down_for_a_while_is_retried_until_it_answers(
    gateway, eager_retries, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    gateway.records[person.iin] = {
        "last_name": "Әбенова",
        "first_name": "Айгерім",
        "patronymic": "Нұрланқызы",
    }
    gateway.failures_left = 2
    request = received_request(person)
    with django_capture_on_commit_callbacks(execute=True):
        process_statement_request.delay(str(request.pk))
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert request.attempts == 3 and len(gateway.seen) == 3
    assert request.stage_events.filter(stage=Stage.PROCESSING).count() == 1


def test_a_gateway_down_for_good_leaves_the_request_received_with_the_error(
    gateway, eager_retries, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    gateway.status = 503
    request = received_request(make_citizen())
    with django_capture_on_commit_callbacks(execute=True):
        result = process_statement_request.delay(str(request.pk))
    assert result.state == "FAILURE" and len(gateway.seen) == 6  # the first try and 5 retries
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED  # handed back, not stuck, not refused
    assert "503" in request.last_error
    assert not Statement.objects.filter(request=request).exists()


def test_the_sweeper_processes_a_request_whose_message_was_lost(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    request = received_request(make_citizen())
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_statement_requests() == 0  # a fresh request: its own message may still be on the way
    time_machine.move_to(datetime(2026, 11, 20, 10, 2, tzinfo=ALMATY))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_statement_requests() == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED


def test_the_sweeper_takes_back_a_request_whose_worker_died(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(WORKING_TIME)
    request = received_request(make_citizen())
    statement_request_claim(request_id=request.pk)  # ... and the worker was killed here
    time_machine.move_to(datetime(2026, 11, 20, 10, 3, tzinfo=ALMATY))
    with django_capture_on_commit_callbacks(execute=True):
        sweep_statement_requests()
    request.refresh_from_db()
    assert request.status == RequestStatus.PROCESSING  # a live slow worker is never second-guessed early
    time_machine.move_to(datetime(2026, 11, 20, 10, 7, tzinfo=ALMATY))
    with django_capture_on_commit_callbacks(execute=True):
        sweep_statement_requests()
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED and request.attempts == 2
    assert request.due_at > request.completed_at  # still within R8's 15 minutes


def test_a_request_that_failed_too_often_waits_for_staff(time_machine, settings):
    time_machine.move_to(WORKING_TIME)
    request = received_request(make_citizen())
    StatementRequest.objects.filter(pk=request.pk).update(attempts=settings.STATEMENT_MAX_ATTEMPTS)
    time_machine.move_to(datetime(2026, 11, 20, 10, 5, tzinfo=ALMATY))
    assert sweep_statement_requests() == 0


def test_a_notification_the_sms_gateway_refused_is_sent_later_once(
    eager_retries, time_machine, settings, django_capture_on_commit_callbacks, _sms_outbox
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    settings.SMS_BACKEND = "insurance.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/unreachable"
    settings.SMS_GATEWAY_TIMEOUT = 1
    request = received_request(person)
    with django_capture_on_commit_callbacks(execute=True):
        process_statement_request.delay(str(request.pk))
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED  # the statement is issued; only the SMS is late
    assert not request.stage_events.filter(stage=Stage.NOTIFIED).exists()

    settings.SMS_BACKEND = "insurance.sms.MemoryBackend"
    time_machine.move_to(datetime(2026, 11, 20, 10, 5, tzinfo=ALMATY))
    with django_capture_on_commit_callbacks(execute=True):
        sweep_statement_requests()
        sweep_statement_requests()
    assert len(_sms_outbox) == 1 and request.statement.number in _sms_outbox[0].text
    assert request.stage_events.filter(stage=Stage.NOTIFIED).count() == 1
