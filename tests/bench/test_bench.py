"""``make bench`` does not rot: the whole benchmark runs on a tiny register against PostgreSQL and Redis.

No figure is asserted (timings depend on the machine); the run must finish and report every figure.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.insurance.test_tasks_integration import database_url
from tests.services import require_postgres, require_redis

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_benchmark_runs_end_to_end_on_a_small_register(reference_data, tmp_path):
    require_postgres()
    require_redis()
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": database_url(),  # the test database: its name starts with test_
        "BENCH_REDIS_URL": settings.REDIS_URL,
        "BENCH_ROWS": "2500",
        "BENCH_REPEAT": "3",
        "BENCH_REQUESTS": "2",
        "BENCH_WORKERS": "1",
        "BENCH_PDF_ROWS": "12",
        "BENCH_OUTPUT": str(tmp_path / "bench.json"),
        "BENCH_DATA_DIR": str(tmp_path / "data"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads((tmp_path / "bench.json").read_text())
    figures = result["figures"]
    for name in ("import / raw COPY", "import peak memory (RSS)", "statement JSON p95 / trivial p95",
                 "statement HTML p95 / trivial p95", "PDF 12 rows p50", "request → ready p95",
                 "coverage assessment p50"):  # fmt: skip
        assert name in figures, name
    assert figures["import / raw COPY"]["verdict"] in ("PASS", "FAIL")
    assert figures["payments rows in the register"]["value"] > 2000
    assert "import / raw COPY" in done.stdout  # the table is printed
