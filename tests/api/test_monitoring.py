"""R9: the service-stage feed (cursor pagination) and the pusher — every event delivered at least once to
the monitoring system, retried with back-off; a dead endpoint delays delivery and loses nothing."""

import json
import socket
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from api.monitoring import backoff, events_push
from api.tasks import push_stage_events
from insurance.models import ServiceStageEvent
from insurance.services.statement_requests import statement_request_create
from tests.insurance.statement_helpers import make_citizen

from .conftest import assert_problem

URL = "/api/v1/monitoring/events/"
ALMATY = ZoneInfo("Asia/Almaty")


def requests_with_events(count: int) -> None:
    """Each request writes two stages at once: received and registered."""
    for serial in range(1, count + 1):
        statement_request_create(
            person=make_citizen(serial=serial),
            channel="api",
            consent=True,
            period_from=None,
            period_to=None,
            language="kk",
            evidence={},
            submitted_at=datetime(2026, 11, 20, 10, serial, tzinfo=ALMATY),
        )


class Monitoring:
    """A real HTTP endpoint on a thread: answers ``status`` and keeps every batch it accepted."""

    def __init__(self):
        self.status = 200
        self.received: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if outer.status < 300:
                    outer.received.append({"body": body, "authorization": self.headers.get("Authorization")})
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def event_ids(self) -> list[int]:
        return [event["id"] for batch in self.received for event in batch["body"]["events"]]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def monitoring(settings):
    endpoint = Monitoring()
    settings.MONITORING_PUSH_URL = endpoint.url
    settings.MONITORING_PUSH_TOKEN = "monitoring-token"
    yield endpoint
    endpoint.close()


def dead_url() -> str:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/events"


def test_the_feed_pages_with_a_cursor_oldest_first(make_client):
    requests_with_events(3)
    client = make_client("monitoring:read")
    first = client.get(URL, {"limit": 4}).json()
    assert [e["stage"] for e in first["results"]] == ["received", "registered"] * 2
    assert set(first["results"][0]) == {"id", "request_id", "stage", "occurred_at", "detail", "delivered_at"}
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None
    ids = [e["id"] for e in first["results"] + second["results"]]
    assert ids == sorted(ids) == list(ServiceStageEvent.objects.values_list("id", flat=True))


def test_the_feed_needs_a_key_with_the_scope(make_client, anonymous):
    assert_problem(anonymous.get(URL), 401)
    assert_problem(make_client("statements:read").get(URL), 403)


def test_the_pusher_delivers_every_event_once_and_records_it(db, monitoring):
    requests_with_events(2)
    assert push_stage_events.delay().get() == 4
    assert sorted(monitoring.event_ids()) == list(ServiceStageEvent.objects.values_list("id", flat=True))
    assert monitoring.received[0]["authorization"] == "Bearer monitoring-token"
    assert not ServiceStageEvent.objects.filter(delivered_at__isnull=True).exists()
    assert set(ServiceStageEvent.objects.values_list("delivery_attempts", flat=True)) == {1}
    assert events_push().delivered == 0  # nothing is sent twice once acknowledged
    assert len(monitoring.event_ids()) == 4


def test_a_dead_endpoint_delays_delivery_with_back_off_and_loses_nothing(
    db, monitoring, settings, time_machine
):
    time_machine.move_to("2026-11-20 10:00:00+05:00", tick=False)
    requests_with_events(2)
    live_url, settings.MONITORING_PUSH_URL = settings.MONITORING_PUSH_URL, dead_url()
    assert events_push().failed == 4
    first_retry = timezone.now() + backoff(1)
    assert set(ServiceStageEvent.objects.values_list("next_attempt_at", flat=True)) == {first_retry}
    assert events_push().failed == 0  # not due yet: the back-off holds
    time_machine.move_to(first_retry)
    monitoring.status = 503  # up, but failing
    settings.MONITORING_PUSH_URL = live_url
    assert events_push().failed == 4
    assert set(ServiceStageEvent.objects.values_list("delivery_attempts", flat=True)) == {2}
    assert backoff(2) == 2 * backoff(1) and backoff(30) == timedelta(hours=1)  # exponential, capped
    time_machine.move_to(timezone.now() + backoff(2))
    monitoring.status = 200
    assert events_push().delivered == 4
    assert sorted(monitoring.event_ids()) == list(ServiceStageEvent.objects.values_list("id", flat=True))
    assert not ServiceStageEvent.objects.filter(delivered_at__isnull=True).exists()


def test_without_an_endpoint_the_pusher_does_nothing(db, settings):
    settings.MONITORING_PUSH_URL = ""
    requests_with_events(1)
    assert events_push().delivered == 0
    assert ServiceStageEvent.objects.filter(delivery_attempts=0).count() == 2
