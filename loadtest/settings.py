"""Settings of the load test's portal (``make load``): the local settings, as deployed (DEBUG off,
PostgreSQL and Redis from LOAD_DATABASE_URL / LOAD_REDIS_URL via DATABASE_URL / REDIS_URL), with what one
loopback address needs.

Every virtual citizen comes from 127.0.0.1, so the per-address authentication limits (issue 7, Security)
would stop the test after a few dozen requests: they are lifted here, and only here. The SMS codes are
written to a file the load generator reads (the file backend), as the demo does.
"""

from config.settings.local import *  # noqa: F403
from config.settings.local import AUTH_RATE_LIMITS, VAR_DIR

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
AUTH_RATE_LIMITS = {scope: (1_000_000, seconds) for scope, (_, seconds) in AUTH_RATE_LIMITS.items()}
OTP_RESEND_SECONDS = 0
SMS_BACKEND = "insurance.sms.FileBackend"
SMS_OUTBOX_FILE = str(VAR_DIR / "loadtest" / "sms-outbox.jsonl")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
