"""Redis down when a citizen submits (R8): the request is saved and acknowledged, never a server error, and
it is processed when Redis is back — beat's sweeper re-enqueues what no message carried.

The broker is a redis-server of this test's own, stopped and started again; the shared one is not touched.
"""

import re

import pytest
from django.urls import reverse

from insurance.models import RequestStatus, StatementRequest
from insurance.tasks import sweep_statement_requests
from tests.helpers import log_in_citizen

from .statement_flow import assert_completed_once, citizen, wait_until_finished

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

NEW = reverse("insurance:request_new")
CONFIRM = reverse("insurance:request_confirm")


def test_a_request_sent_while_redis_is_down_is_kept_and_done_when_it_is_back(
    reference_data, client, _sms_outbox, web_broker, workers, queue, caplog
):
    person = citizen()
    log_in_citizen(client, person)
    response = client.post(NEW, {"consent": "on", "scope": "last12", "language": "en", "method": "otp"})
    assert response.status_code == 302
    code = re.search(r"\b(\d{6})\b", _sms_outbox[-1].text).group(1)

    web_broker.stop()  # the broker dies just before the citizen confirms
    response = client.post(CONFIRM, {"code": code})

    request = StatementRequest.objects.get(person=person)  # saved, with its stages
    assert response.status_code == 302
    assert response.url == reverse("insurance:request_detail", args=[request.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert request.status == RequestStatus.RECEIVED and request.attempts == 0
    assert "handed out again by the sweeper" in caplog.text  # the operator sees why in the log

    web_broker.start()  # Redis is back (empty: nothing of the lost message survives)
    worker = workers(env={"STATEMENT_STALE_RECEIVED_SECONDS": "0"})
    sweep_statement_requests.apply_async(queue=queue)  # what beat does every minute
    request = wait_until_finished(request, [worker])
    assert_completed_once(request)
    assert request.attempts == 1
