"""Fixtures of the fault tests: a Redis of their own, real workers on a queue of their own, and the web side
(this test process) sending tasks to that Redis for real. Every process started here is stopped here."""

from __future__ import annotations

import uuid

import pytest

from config.celery_app import app as celery_app
from tests.services import require_postgres, require_redis

from .processes import RedisServer, Worker, use_broker


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own on a free port (the shared one on 6379 is never stopped)."""
    require_redis()
    require_postgres()
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def queue(settings):
    name = f"reliability-{uuid.uuid4().hex[:8]}"
    settings.STATEMENT_QUEUE = name
    return name


@pytest.fixture
def web_broker(redis_server):
    """The web side (views and services run by this test) publishes to ``redis_server`` for real."""
    previous = use_broker(redis_server.url)
    celery_app.conf.task_always_eager = False
    try:
        yield redis_server
    finally:
        celery_app.conf.task_always_eager = True
        use_broker(previous)


@pytest.fixture
def workers(tmp_path, redis_server, queue):
    """Start real Celery workers: ``workers(env={...})``; each is stopped (or was killed) at the end."""
    started: list[Worker] = []

    def start(*, env: dict | None = None, queue_name: str | None = None) -> Worker:
        worker = Worker(tmp_path, broker_url=redis_server.url, queue=queue_name or queue, env=env)
        started.append(worker.start())
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
