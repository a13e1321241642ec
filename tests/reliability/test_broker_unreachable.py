"""No broker at all when a citizen confirms a request (R8): the citizen is answered, the request is kept for
the sweeper. Runs everywhere (SQLite too): the broker is a real Redis address where nothing listens."""

import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from config.celery_app import app as celery_app
from insurance.models import RequestStatus, StatementRequest
from insurance.services.statement_requests import statement_requests_to_sweep
from tests.helpers import log_in_citizen

from .processes import free_port, use_broker
from .statement_flow import citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_broker():
    previous = use_broker(f"redis://127.0.0.1:{free_port()}/0")  # a free port: connection refused
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = True
        use_broker(previous)


def test_the_citizen_gets_the_request_page_and_the_sweeper_finds_the_request(
    client, _sms_outbox, no_broker, django_capture_on_commit_callbacks, caplog, settings
):
    person = citizen()
    log_in_citizen(client, person)
    client.post(
        reverse("insurance:request_new"),
        {"consent": "on", "scope": "last12", "language": "en", "method": "otp"},
    )
    code = re.search(r"\b(\d{6})\b", _sms_outbox[-1].text).group(1)
    with (
        caplog.at_level(logging.ERROR, logger="insurance.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("insurance:request_confirm"), {"code": code})

    request = StatementRequest.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == reverse("insurance:request_detail", args=[request.pk])
    assert request.status == RequestStatus.RECEIVED
    assert "broker unreachable" in caplog.text and str(request.pk) in caplog.text
    settings.STATEMENT_STALE_RECEIVED_SECONDS = 0
    assert statement_requests_to_sweep(now=timezone.now()) == [request.pk]


def test_with_all_of_redis_down_the_code_check_answers_503_and_saves_nothing(client, _sms_outbox, settings):
    """In production one Redis is broker and cache: the SMS-code limits (issue 7) cannot be counted, so the
    confirmation fails closed — a clean 503 page in the visitor's language, nothing saved half-way."""
    person = citizen()
    log_in_citizen(client, person)
    client.post(
        reverse("insurance:request_new"),
        {"consent": "on", "scope": "last12", "language": "en", "method": "otp"},
    )
    code = re.search(r"\b(\d{6})\b", _sms_outbox[-1].text).group(1)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    client.raise_request_exception = False
    response = client.post(reverse("insurance:request_confirm"), {"code": code}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503 and response["Retry-After"]
    assert "temporarily unavailable" in response.content.decode()
    assert not StatementRequest.objects.filter(person=person).exists()
