"""Tests that need a real service skip on a laptop without it, and fail in CI (REQUIRE_SERVICES=1)."""

import os

import pytest
from django.conf import settings
from django.db import connection


def _missing(reason: str):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (CI requires it)")
    pytest.skip(reason)


def require_redis():
    if not settings.REDIS_URL:
        _missing("needs Redis: set REDIS_URL")


def require_postgres():
    if connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL")
