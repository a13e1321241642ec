#!/usr/bin/env python3
"""`make audit`: known vulnerabilities in the locked dependencies (pip-audit against requirements.txt).

A vulnerability found fails (exit 1). If the vulnerability database cannot be reached (no network, the
registry refuses), a warning is printed and the audit passes: CI must not break on an outage elsewhere.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def verdict(returncode: int, stdout: str, stderr: str) -> tuple[int, str]:
    """(exit status, message) from one pip-audit run with ``--format json``."""
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict):
        detail = (stderr.strip().splitlines() or ["no output"])[-1]
        return 0, f"WARNING: dependency audit skipped, the vulnerability database was not reachable: {detail}"
    found = [
        f"{dep['name']} {dep.get('version', '?')}: {vuln['id']} (fixed in {', '.join(vuln.get('fix_versions') or ['-'])})"
        for dep in report.get("dependencies", [])
        for vuln in dep.get("vulns", [])
    ]
    if found:
        return 1, "Known vulnerabilities in locked dependencies:\n  " + "\n  ".join(found)
    dependencies = report.get("dependencies", [])
    skipped = [dep["name"] for dep in dependencies if dep.get("skip_reason")]
    if dependencies and len(skipped) == len(dependencies):
        return 0, "WARNING: dependency audit skipped, the registry could not be queried for any dependency"
    if returncode != 0:
        return 0, f"WARNING: pip-audit exited {returncode} without findings: {stderr.strip()[-300:]}"
    note = f" ({len(skipped)} could not be checked: {', '.join(skipped)})" if skipped else ""
    return 0, f"No known vulnerabilities in {len(dependencies) - len(skipped)} locked dependencies{note}."


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--disable-pip", "--no-deps", "-r", "requirements.txt", "--format", "json"]
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)  # noqa: S603
    except subprocess.TimeoutExpired:
        print("WARNING: dependency audit skipped, the vulnerability database did not answer in 5 minutes")
        return 0
    status, message = verdict(result.returncode, result.stdout, result.stderr)
    print(message, file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
