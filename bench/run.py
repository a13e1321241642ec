"""``make bench``: every figure of issue 5 measured side by side in one run; a table and var/bench.json.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mshi_bench; created if missing,
its payments tables emptied), BENCH_REDIS_URL (default REDIS_URL, else redis://127.0.0.1:6379/0),
BENCH_ROWS (payments in the generated register, default 10,000,000), BENCH_REPEAT (samples per timing,
default 50), BENCH_REQUESTS (concurrent statement requests, default 20), BENCH_WORKERS (worker processes,
default 2), BENCH_PDF_ROWS (statement sizes rendered, default 12,120,480), BENCH_OUTPUT (default var/bench.json), BENCH_DATA_DIR (generated files, reused; default
var/bench-data).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def configure() -> dict:
    """Point Django (this process and its children) at the benchmark's database and Redis."""
    options = {
        "database_url": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mshi_bench"),
        "redis_url": os.environ.get("BENCH_REDIS_URL")
        or os.environ.get("REDIS_URL")
        or "redis://127.0.0.1:6379/0",
        "rows": int(os.environ.get("BENCH_ROWS", "10000000")),
        "repeat": int(os.environ.get("BENCH_REPEAT", "50")),
        "requests": int(os.environ.get("BENCH_REQUESTS", "20")),
        "workers": int(os.environ.get("BENCH_WORKERS", "2")),
        "pdf_rows": tuple(int(n) for n in os.environ.get("BENCH_PDF_ROWS", "12,120,480").split(",")),
        "output": Path(os.environ.get("BENCH_OUTPUT", ROOT / "var" / "bench.json")),
        "data_dir": Path(os.environ.get("BENCH_DATA_DIR", ROOT / "var" / "bench-data")),
    }
    os.environ.update(
        DATABASE_URL=options["database_url"], REDIS_URL=options["redis_url"],
        DJANGO_SETTINGS_MODULE="bench.settings", CELERY_TASK_ALWAYS_EAGER="0",
    )  # fmt: skip
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return options


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", file=sys.stderr, flush=True)


def main() -> dict:
    options = configure()
    from bench import data, e2e, measure
    from bench.timing import Figure, at_least, at_most, percentile, table

    say(f"database {data.database_name(options['database_url'])}: migrating, emptying the payments tables")
    data.ensure_database(options["database_url"])
    data.reset(options["database_url"])
    say(f"generating registers for about {options['rows']:,} payments (reused when present)")
    folder, manifest = data.generate(options["rows"], options["data_dir"])
    payments_file, rows = folder / "payments.csv", manifest["rows"]["payments"]

    say(f"raw server-side COPY of {rows:,} rows into an unindexed table")
    copy_seconds = data.raw_copy(payments_file)
    say("import_register --kind payments (its own process)")
    imported = data.run_import("payments", payments_file, data.child_env())
    say(imported.output)
    again = data.run_import("payments", payments_file, data.child_env())
    data.run_import("refunds", folder / "refunds.csv", data.child_env())
    with data.connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    person = measure.person_with_history([iin for iins in manifest["samples"].values() for iin in iins])
    history_rows = measure.rows_of(person)
    say(
        f"statement assembly: person with {history_rows} rows over 36 months, {options['repeat']} samples each"
    )
    views = measure.statement_figures(person, options["repeat"], data.child_env())
    say("PDF rendering")
    pdf = measure.pdf_figures(person, options["pdf_rows"], max(3, options["repeat"] // 5))
    say("coverage assessment")
    coverage = measure.coverage_figures(person, options["repeat"])
    say(
        f"{options['requests']} concurrent requests through a real Celery worker ({options['workers']} processes)"
    )
    round_trips = e2e.requests_figures(options["requests"], options["workers"], data.child_env())

    import_rate, copy_rate = rows / imported.seconds, rows / copy_seconds
    trivial95 = percentile(views["trivial"], 95)
    figures = [
        Figure("payments rows in the register", rows, "rows"),
        Figure("raw COPY throughput", copy_rate, "rows/s"),
        Figure("import throughput", import_rate, "rows/s"),
        at_least("import / raw COPY", import_rate / copy_rate, "ratio", 0.5),
        at_most("import peak memory (RSS)", imported.peak_rss_mb, "MB", 300),
        Figure("second import of the same file", again.seconds * 1000, "ms"),
        Figure("trivial view p50", percentile(views["trivial"], 50), "ms"),
        Figure("trivial view p95", trivial95, "ms"),
    ]
    for kind in ("json", "html"):
        p95 = percentile(views[kind], 95)
        figures += [
            Figure(f"statement {kind.upper()} p50", percentile(views[kind], 50), "ms"),
            Figure(f"statement {kind.upper()} p95", p95, "ms"),
            at_most(f"statement {kind.upper()} p95 / trivial p95", p95 / trivial95, "ratio", 3),
        ]
    for size, samples in pdf.items():
        figure = Figure(f"PDF {size} rows p50", percentile(samples, 50), "ms")
        figures.append(at_most(figure.name, figure.value, "ms", 250) if size == 120 else figure)
    figures += [
        Figure("request → ready p50", percentile(round_trips, 50), "ms"),
        at_most("request → ready p95", percentile(round_trips, 95), "ms", 2000),
        Figure("coverage assessment p50", percentile(coverage, 50), "ms"),
    ]
    printed = table(figures)
    print(printed)
    result = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {k: str(v) for k, v in options.items() if k != "database_url"},
        "person_rows": history_rows,
        "import_output": imported.output,
        "figures": {f.name: f.as_dict() for f in figures},
        "table": printed,
    }
    options["output"].parent.mkdir(parents=True, exist_ok=True)
    options["output"].write_text(json.dumps(result, ensure_ascii=False, indent=2))
    say(f"written {options['output']}")
    return result


if __name__ == "__main__":
    main()
