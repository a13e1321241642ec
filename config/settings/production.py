"""Production: everything that differs between machines comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), REDIS_URL. There are no defaults for
secrets: a missing one stops the process at start-up with ImproperlyConfigured.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# Key rotation (docs/operations.md): the previous key stays valid for sessions and signed links until removed.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
# Unacknowledged messages return after 10 minutes; an unreachable Redis is given up on in seconds, so a
# citizen's request never hangs on it (insurance.tasks.enqueue logs it; the sweeper sends it later).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600, "socket_connect_timeout": 3}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# TLS terminates at the load balancer, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

MEDIA_ROOT = env.path("MEDIA_ROOT")

SMS_BACKEND = env("SMS_BACKEND", default="insurance.sms.HttpGatewayBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN")

# The statement service: the verification link in every document's QR code is the public address (by
# default the first allowed host over https).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default=f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else "")

# Citizen authentication (auth): the trusted EDS CA bundle has no default (the demo CA is never trusted
# here); the portal sits behind one load balancer that appends the client address to X-Forwarded-For.
EDS_TRUSTED_CA_FILE = env("EDS_TRUSTED_CA_FILE")
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=1)

# Security (issue 7): staff need the second factor; the Fund's signing key and certificate are required.
STAFF_TOTP_REQUIRED = env.bool("STAFF_TOTP_REQUIRED", default=True)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
FUND_SIGNING_KEY = env("FUND_SIGNING_KEY")
FUND_SIGNING_CERT = env("FUND_SIGNING_CERT")
FUND_SIGNING_PASSPHRASE = env("FUND_SIGNING_PASSPHRASE", default="")
FUND_SIGNING_GENERATE_DEV_CERT = False
