"""Tests: the local settings, made fast and deterministic.

DATABASE_URL and REDIS_URL, when set (CI), point the suite at real PostgreSQL and Redis.
Tasks run eagerly inside unit tests; integration tests start a real Celery worker instead.
"""

import tempfile
from pathlib import Path

from .local import *  # noqa: F403
from .local import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# MEDIA_ROOT from the environment lets a real Celery worker started by a test share the test's files.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="mshi-test-media-")))
LANGUAGE_CODE = "kk"

# The test cache is cleared between tests (FLUSHDB on Redis), so it never shares a Redis database with
# the broker: it lives 8 databases up from REDIS_URL's (developers running suites side by side pick
# different broker databases 0–7).
if REDIS_URL:  # noqa: F405
    _base, _, _db = REDIS_URL.rpartition("/")  # noqa: F405
    _broker_db = int(_db) if _db.isdigit() and _base.count("/") >= 2 else 0
    _base = _base if _db.isdigit() and _base.count("/") >= 2 else REDIS_URL.rstrip("/")  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{_base}/{(_broker_db + 8) % 16}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}

SMS_BACKEND = "insurance.sms.MemoryBackend"
