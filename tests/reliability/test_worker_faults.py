"""Workers that die or race (R7, R8, R9): a real Celery worker process, a real Redis, real PostgreSQL.

A worker is stopped half-way deterministically: the test holds an exclusive lock on the state-register
mirror, so a worker that claimed a request waits at the identity check (R6) until the test lets go.
"""

import pytest

from insurance.models import RequestStatus
from insurance.tasks import process_statement_request, sweep_statement_requests

from .processes import wait_for
from .statement_flow import (
    assert_completed_once,
    citizen,
    register_locked,
    submitted_request,
    wait_until_finished,
    wait_until_stuck,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_killed_mid_request_is_replaced_and_the_request_completes_once(
    reference_data, web_broker, workers, queue
):
    first, person = workers(), citizen()
    with register_locked():
        request = submitted_request(person)
        wait_until_stuck(request)
        assert request.status == RequestStatus.PROCESSING and request.attempts == 1
        first.kill()  # SIGKILL in the middle of processing: no acknowledgement, no clean-up
    request.refresh_from_db()
    assert request.status == RequestStatus.PROCESSING  # stuck: nobody is working on it any more

    # R8: a new worker comes up and beat's sweeper hands the stuck request out again (stale at once here).
    second = workers(env={"STATEMENT_STALE_PROCESSING_SECONDS": "0"})
    sweep_statement_requests.apply_async(queue=queue)
    request = wait_until_finished(request, [second])

    assert_completed_once(request)
    assert request.attempts == 2  # the killed attempt is counted


def test_the_same_task_twice_and_two_workers_racing_give_one_statement(
    reference_data, settings, web_broker, workers, queue
):
    one, two, person = workers(), workers(), citizen()
    with register_locked():
        request = submitted_request(person)
        wait_until_stuck(request)
        # The same message delivered again (a broker redelivery): the compare-and-set turns it away.
        process_statement_request.apply_async(args=[str(request.pk)], queue=queue)
        wait_for(
            lambda: "'not claimed'" in one.log() + two.log(), timeout=45, what="the duplicate to be refused"
        )
        # The sweeper wrongly decides the slow worker is dead (stale at once) and hands the request to the
        # other worker: now both are past the claim and race to the decision.
        settings.STATEMENT_STALE_PROCESSING_SECONDS = 0
        assert sweep_statement_requests() == 1
        wait_until_stuck(request, workers=2)
    request = wait_until_finished(request, [one, two])
    wait_for(
        lambda: (one.log() + two.log()).count("succeeded in") >= 4, timeout=45, what="every task to finish"
    )

    assert_completed_once(request)
    assert request.attempts == 2
    assert "Traceback" not in one.log() + two.log()
