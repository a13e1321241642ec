"""The embedded default: runs with no variables at all (SQLite, filesystem broker, console SMS).

Setting DATABASE_URL and REDIS_URL switches it to PostgreSQL and Redis.
"""

from .base import *  # noqa: F403
from .base import EDS_DEMO_DIR, env

DEBUG = env.bool("DEBUG", default=True)
# Development only: never used by config.settings.production, which requires SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-key-not-for-production")  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the app and project folders: no collectstatic needed locally.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# EDS: the DEBUG-only demo signer's CA (generated once under VAR_DIR/demo-eds/) is trusted by default.
EDS_TRUSTED_CA_FILE = env("EDS_TRUSTED_CA_FILE", default=str(EDS_DEMO_DIR / "ca.pem"))
