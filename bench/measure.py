"""Statement assembly (JSON, HTML) against a trivial view, PDF rendering, and the coverage assessment."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from insurance.coverage import assess
from insurance.models import Payment, Person
from insurance.statements.documents import statement_pdf
from insurance.statements.snapshot import Receipt, statement_rows

from .data import ROOT
from .timing import sample
from .views import assemble

MONTHS = 36


def person_with_history(candidates: list[str]) -> Person:
    """Among the generator's sample people, the one with the most rows over the 36 months (A2)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.person_id FROM insurance_payment p JOIN insurance_person pe ON pe.id = p.person_id "
            "WHERE pe.iin = ANY(%s) GROUP BY p.person_id HAVING count(DISTINCT p.period) >= %s "
            "ORDER BY count(*) DESC LIMIT 1",
            [candidates, MONTHS],
        )
        found = cursor.fetchone()
    if not found:
        raise SystemExit("no generated person has 36 months of history: generate more rows")
    return Person.objects.get(pk=found[0])


@contextmanager
def web_server(env: dict, workers: int):
    """gunicorn (sync workers, as deployed) on a free local port, with the benchmark's settings."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(port, "/bench/trivial/")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port: int, url: str) -> bytes:
    """One request on a new connection, as a browser's first request would be; the whole body read."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request("GET", url, headers={"Host": "127.0.0.1"})
        response = client.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}")
        return body
    finally:
        client.close()


def statement_figures(person: Person, repeat: int, env: dict) -> dict[str, list[float]]:
    """Milliseconds per request of each view, served the same way: gunicorn, HTTP, Django's full stack."""
    urls = {
        "trivial": "/bench/trivial/",
        "json": f"/bench/statement/{person.pk}.json",
        "html": f"/bench/statement/{person.pk}.html",
    }
    found: dict[str, list[float]] = {name: [] for name in urls}
    with web_server(env, workers=1) as port:
        for url in urls.values():
            sample(lambda url=url: get(port, url), 0, warmup=3)
        # Interleaved, so load from other processes on the machine falls on all three alike.
        for _ in range(repeat):
            for name, url in urls.items():
                found[name] += sample(lambda url=url: get(port, url), 1, warmup=0)
    return found


def rows_of(person: Person) -> int:
    return Payment.objects.filter(person=person).count()


def synthetic_statement(person: Person, rows: int):
    """A statement of ``rows`` receipts (one a month, going back), rendered as issued statements are."""
    statement = assemble(person)
    start = date(2026, 1, 10)
    receipts = [
        Receipt(
            paid_on=start - timedelta(days=30 * n),
            amount=Decimal("12345.67"),
            kind="contribution",
            period=(start - timedelta(days=30 * n + 20)).replace(day=1),
            payer_id="080440000117",
            refunded_amount=Decimal("100.00") if n % 50 == 0 else None,
            refund_date=start - timedelta(days=30 * n - 5) if n % 50 == 0 else None,
            external_id=f"X-{n}",
        )
        for n in range(rows)
    ]
    statement.rows = statement_rows(sorted(receipts, key=lambda r: r.paid_on))
    return statement


def pdf_figures(person: Person, sizes: tuple[int, ...], repeat: int) -> dict[int, list[float]]:
    statements = {rows: synthetic_statement(person, rows) for rows in sizes}
    return {
        rows: sample(lambda s=statement: statement_pdf(s), repeat) for rows, statement in statements.items()
    }


def coverage_figures(person: Person, repeat: int) -> list[float]:
    today = timezone.localdate()
    return sample(lambda: assess(person.iin, today), repeat)
