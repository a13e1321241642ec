"""PostgreSQL restarted while the portal runs: pages fail cleanly (503, a page in the user's language, no
traceback) and come back by themselves — the web process is never restarted (CONN_HEALTH_CHECKS).

The portal is gunicorn (DEBUG off, persistent connections with health checks) on a PostgreSQL cluster of
the test's own (initdb in a temporary folder, a free port); the shared PostgreSQL is never stopped.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.services import require_postgres

from .processes import ROOT, PostgresCluster, free_port, port_open, wait_for

pytestmark = pytest.mark.integration
HOST = "127.0.0.1"
UNKNOWN_CODE = "/verify/0000000000000000/"  # a lookup in the database: 404 while it is up


def get(url: str, accept: str = "text/html"):
    request = urllib.request.Request(
        url, headers={"Host": HOST, "X-Forwarded-Proto": "https", "Accept": accept, "Accept-Language": "en"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def cluster():
    require_postgres()
    if not (Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")) / "initdb").exists():
        pytest.fail("PostgreSQL server binaries are needed (postgresql-15)")
    pg = PostgresCluster()
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.remove()


@pytest.fixture
def portal(cluster, tmp_path):
    """gunicorn (one worker) on the cluster, migrated: the web process the test never restarts."""
    port = free_port()
    env = {
        **os.environ,
        # DEBUG off and PostgreSQL with CONN_MAX_AGE and CONN_HEALTH_CHECKS, as in production; static files
        # served from the source folders, so no collectstatic is needed for the pages.
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": cluster.url("postgres"),
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "1",
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "--config", "config/gunicorn.py"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(lambda: port_open(port), timeout=30, what="gunicorn to listen")
        yield f"http://127.0.0.1:{port}", process, tmp_path / "gunicorn.log"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_pages_fail_cleanly_while_postgresql_restarts_and_recover_without_a_web_restart(cluster, portal):
    url, process, log = portal
    status, _, body = get(f"{url}/healthz")
    assert status == 200 or json.loads(body)["broker"] == "down", body
    assert json.loads(body)["database"] == "ok"
    assert get(f"{url}{UNKNOWN_CODE}")[0] == 404  # a persistent connection is now open (CONN_MAX_AGE)

    cluster.stop()  # PostgreSQL goes away under the open connection

    status, headers, body = get(f"{url}/healthz")
    assert status == 503 and json.loads(body)["database"] == "down"
    status, headers, body = get(f"{url}{UNKNOWN_CODE}")
    assert status == 503
    assert headers["Retry-After"]
    assert "Traceback" not in body and "OperationalError" not in body
    assert '<html lang="en">' in body and "temporarily unavailable" in body  # the visitor's language
    status, headers, body = get(f"{url}{UNKNOWN_CODE}", accept="application/json")
    assert status == 503 and headers["Content-Type"].startswith("application/json")

    cluster.start()  # back, on the same port

    assert get(f"{url}/healthz")[2] and json.loads(get(f"{url}/healthz")[2])["database"] == "ok"
    assert get(f"{url}{UNKNOWN_CODE}")[0] == 404
    assert process.poll() is None  # the same web process served it all
    assert "Booting worker" in log.read_text() and log.read_text().count("Booting worker") == 1
