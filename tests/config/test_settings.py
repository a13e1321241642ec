"""Production settings take everything from the environment and pass check --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_env(tmp_path, **overrides):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "mshi.fund.example.kz",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "VAR_DIR": str(tmp_path / "var"),
        "SMS_GATEWAY_URL": "https://sms-gateway.example.kz/send",
        "SMS_GATEWAY_TOKEN": secrets.token_urlsafe(20),
        "EDS_TRUSTED_CA_FILE": str(tmp_path / "nca-roots.pem"),
        "FUND_SIGNING_KEY": str(tmp_path / "fund-key.pem"),  # security: the Fund's document-signing key
        "FUND_SIGNING_CERT": str(tmp_path / "fund-cert.pem"),
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_production_settings_pass_check_deploy(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_have_no_secret_defaults(tmp_path):
    for missing in (
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "ALLOWED_HOSTS",
        "EDS_TRUSTED_CA_FILE",
        "FUND_SIGNING_KEY",
    ):
        result = manage("check", env=production_env(tmp_path, **{missing: None}))
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


def test_the_image_build_settings_collect_static_files(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings.build",
    }
    result = manage("collectstatic", "--noinput", "--dry-run", env=env)
    assert result.returncode == 0, result.stderr


def test_the_embedded_default_needs_no_variables(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var")}
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr
