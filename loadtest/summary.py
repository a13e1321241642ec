"""One table row of the load test: ``python -m loadtest.summary CSV_PREFIX USERS SINCE`` (see run.sh).

Reads locust's aggregated statistics, the submit-to-ready times the locustfile saved, and the database
(statement requests made since SINCE, and how many finished)."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main(prefix: str, users: str, since: str) -> None:
    from loadtest.prepare import OUT, check

    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        total = next(row for row in csv.DictReader(fh) if row["Name"] == "Aggregated")
    ready_file = Path(OUT) / "ready-times.json"
    ready = json.loads(ready_file.read_text()) if ready_file.exists() else {"ready": []}
    db = check(datetime.fromisoformat(since))
    row = [
        users,
        f"{float(total['Requests/s']):.1f}",
        total["50%"],
        total["95%"],
        total["99%"],
        total["Request Count"],
        total["Failure Count"],
        str(db["requests"]),
        str(db["completed"] + db["refused"]),
        f"{percentile(ready['ready'], 0.95):.1f}",
    ]
    print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
