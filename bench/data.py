"""The benchmark's data: the database made ready, the registers generated, raw COPY and the real import.

Both figures of the import are taken on the same file in the same run: a raw server-side ``COPY`` into an
unindexed table (what PostgreSQL itself can take in), then ``manage.py import_register`` in a process of
its own (its peak resident memory is read from the kernel when it ends).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import psycopg
from django.core.management import call_command
from django.db import connection

from insurance.models import MinimumWage

ROOT = Path(__file__).resolve().parents[1]
PAYMENTS_PER_PERSON = 41.8  # what the generator writes for 36 months (measured): people = rows / this
RAW_TABLE = "bench_raw_payments"
RESET_TABLES = ("insurance_payment", "insurance_refund", "insurance_paymentregister", "insurance_person",
                "insurance_payer", "insurance_identityrecord")  # fmt: skip


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def ensure_database(url: str) -> None:
    """Create the benchmark's database if it is missing (a fresh clone), then migrate it."""
    parsed = urlparse(url)
    admin_url = parsed._replace(path="/postgres").geturl()
    name = database_name(url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def reset(url: str) -> None:
    """Empty the tables the benchmark fills. Only a database named for benchmarks or tests."""
    name = database_name(url)
    if "bench" not in name and not name.startswith("test_"):
        raise SystemExit(f"refusing to empty {name!r}: the benchmark database's name must contain 'bench'")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(RESET_TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")


def generate(rows: int, data_dir: Path, seed: int = 1) -> tuple[Path, dict]:
    """The registers for about ``rows`` payments over 36 months (reused if already written)."""
    people = max(50, round(rows / PAYMENTS_PER_PERSON))
    out = data_dir / f"people-{people}-seed-{seed}"
    manifest = out / "manifest.json"
    if not manifest.exists():
        out.mkdir(parents=True, exist_ok=True)
        call_command("generate_registers", people=people, months=36, out=out, seed=seed, verbosity=0)
    return out, json.loads(manifest.read_text())


def raw_copy(path: Path) -> float:
    """Seconds a plain server-side COPY of the file into an unindexed table takes (client-side if the
    server cannot read the file, e.g. on another machine)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {RAW_TABLE} (external_id text, paid_on date, iin text, amount numeric(14, 2), "
            "kind text, period text, payer_id text, payer_name text)"
        )
        started = time.perf_counter()
        try:
            cursor.execute(f"COPY {RAW_TABLE} FROM %s (FORMAT csv, HEADER)", [str(path.resolve())])
        except Exception:  # the server cannot read our file: stream it instead
            cursor.execute(f"TRUNCATE {RAW_TABLE}")
            started = time.perf_counter()
            with (
                open(path, "rb") as fh,
                cursor.copy(f"COPY {RAW_TABLE} FROM STDIN (FORMAT csv, HEADER)") as copy,
            ):
                while chunk := fh.read(1 << 20):
                    copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute(f"DROP TABLE {RAW_TABLE}")
    return seconds


@dataclass
class ImportRun:
    seconds: float
    peak_rss_mb: float
    output: str


def run_import(kind: str, path: Path, env: dict) -> ImportRun:
    """``manage.py import_register`` in its own process: wall time and its peak resident memory."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "manage.py", "import_register", "--kind", kind, str(path)],
            cwd=ROOT, env=env, stdout=out, stderr=err,
        )  # fmt: skip
        _pid, status, usage = os.wait4(process.pid, 0)  # this child's own rusage (ru_maxrss in KiB)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise SystemExit(f"import of {path} failed:\n{stdout}\n{stderr[-3000:]}")
    return ImportRun(seconds, usage.ru_maxrss / 1024, stdout.strip())


def child_env() -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}


def wages_loaded() -> bool:
    return MinimumWage.objects.exists()
