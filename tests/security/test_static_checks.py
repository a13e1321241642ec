"""Static checks in CI (issue 7): ruff with the security rules, and the dependency audit's verdicts."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
spec = importlib.util.spec_from_file_location("dependency_audit", ROOT / "scripts" / "dependency_audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_ruff_runs_the_security_rules_and_ci_runs_ruff_and_the_audit():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "S" in config["tool"]["ruff"]["lint"]["select"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make lint" in ci and "make audit" in ci


def test_the_security_package_is_clean_under_ruff():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("ruff")), "check", "insurance/security", "tests/security"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout


def report(*dependencies):
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_fails_the_audit():
    vulnerable = {
        "name": "django",
        "version": "5.2.0",
        "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
    }
    status, message = audit.verdict(
        1, report(vulnerable, {"name": "celery", "version": "5.5", "vulns": []}), ""
    )
    assert status == 1 and "django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in message


def test_a_clean_report_passes():
    status, message = audit.verdict(0, report({"name": "django", "version": "5.2.8", "vulns": []}), "")
    assert status == 0 and "No known vulnerabilities in 1" in message


def test_an_unreachable_vulnerability_database_only_warns():
    status, message = audit.verdict(1, "", "requests.exceptions.ConnectionError: Max retries exceeded")
    assert status == 0 and message.startswith("WARNING") and "ConnectionError" in message
    skipped = {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    status, message = audit.verdict(0, report(skipped), "")
    assert status == 0 and message.startswith("WARNING")
