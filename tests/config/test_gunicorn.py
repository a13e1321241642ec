"""The web process as deployed: gunicorn with the production settings and config/gunicorn.py."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.config.test_settings import production_env

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = production_env(
        tmp_path,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    )
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def get(url, host="mshi.fund.example.kz"):
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_serves_the_health_check_with_production_settings(gunicorn):
    status, headers, body = get(f"{gunicorn}/healthz")
    report = json.loads(body)
    assert report["database"] == "ok"
    # 200 with a reachable Redis (CI); 503 naming the broker where there is none.
    assert status == (200 if report["broker"] == "ok" else 503)
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_gunicorn_refuses_an_unknown_host(gunicorn):
    status, _, _ = get(f"{gunicorn}/healthz", host="evil.example.com")
    assert status == 400
