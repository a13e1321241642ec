"""Settings shared by every environment.

One ``env`` reads the environment (CONVENTIONS 6). The embedded default (``config.settings.local``) needs
no variables at all; ``config.settings.production`` takes everything that differs between machines from the
environment and has no secret defaults.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "insurance",
    "complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "insurance.auth.context.citizen",  # auth: the logged-in citizen, demo mode
            ],
        },
    },
]

# Databases: SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production and CI).
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{SQLITE_PATH}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: WAL lets readers run beside one writer, IMMEDIATE
    # transactions take the write lock up front instead of failing with "database is locked" later.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A connection that died under us (PostgreSQL restarted) is checked and replaced before use.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Kazakh first, then Russian and English. One time zone for the whole country
# since 2024-03-01 (UTC+5).
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", "Қазақша"),
    ("ru", "Русский"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "insurance:login"

# Uploaded registers can be large; they are streamed to disk, never held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Redis is the broker, cache and rate-limit store when REDIS_URL is set. Without it (the embedded
# default) Celery uses the filesystem transport under var/ — a broker that needs no server.
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Unacknowledged messages return after 10 minutes; an unreachable Redis is given up on in seconds, so a
    # citizen's request never hangs on it (insurance.tasks.enqueue logs it; the sweeper sends it later).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600, "socket_connect_timeout": 3}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    BROKER_DIR = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(BROKER_DIR / "control"),  # kombu's default is ./control
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only after it ran; a worker killed mid-task gives the message back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a web request: two quick retries, then give up (see insurance.tasks.enqueue).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}

# Service parameters.
STATEMENT_TIME_LIMIT_MINUTES = 15  # R7, R8, A1.3

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SERVICE_NAME = _(
    "Information on participation in the MSHI system and on transferred deductions and contributions"
)

# What seed_demo loads, in order; each returns lines to print.
DEMO_SEEDERS = ["insurance.demo.seed", "complaints.demo.seed"]

# SMS (one-time passwords and notifications): see insurance/sms.py.
SMS_BACKEND = env("SMS_BACKEND", default="insurance.sms.FileBackend")
SMS_OUTBOX_FILE = env("SMS_OUTBOX_FILE", default=str(VAR_DIR / "sms-outbox.jsonl"))
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = env.int("SMS_GATEWAY_TIMEOUT", default=5)

# The citizen cabinet.
CITIZEN_LOGIN_URL = "insurance:login"
CITIZEN_SESSION_IDLE_SECONDS = 15 * 60

# --- The statement service (engineer "statements"): identity register, documents, processing. ---
# R6: where identity data are checked. The local mirror of the state register by default; the
# e-government gateway adapter is "insurance.identity.HttpGatewayProvider" with the URL and token below.
IDENTITY_PROVIDER = env("IDENTITY_PROVIDER", default="insurance.identity.LocalMirrorProvider")
IDENTITY_GATEWAY_URL = env("IDENTITY_GATEWAY_URL", default="")
IDENTITY_GATEWAY_TOKEN = env("IDENTITY_GATEWAY_TOKEN", default="")
IDENTITY_GATEWAY_TIMEOUT = env.int("IDENTITY_GATEWAY_TIMEOUT", default=5)
# The address printed in the QR code of every issued document (the /verify/<code>/ page).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# A request left in "processing" this long had its worker die: the sweeper hands it out again. Longer than
# the task's hard time limit, so a slow live task is never processed twice at once.
STATEMENT_STALE_PROCESSING_SECONDS = env.int("STATEMENT_STALE_PROCESSING_SECONDS", default=360)
# A request still "received" this long was never picked up (a lost message): the sweeper re-enqueues it.
STATEMENT_STALE_RECEIVED_SECONDS = env.int("STATEMENT_STALE_RECEIVED_SECONDS", default=60)
STATEMENT_MAX_ATTEMPTS = env.int("STATEMENT_MAX_ATTEMPTS", default=10)
# The queue statement tasks go to (None: Celery's default queue). Tests give a real worker its own queue.
STATEMENT_QUEUE = env("STATEMENT_QUEUE", default=None)
VERIFY_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
CELERY_BEAT_SCHEDULE["sweep-statement-requests"] = {
    "task": "insurance.tasks.sweep_statement_requests",
    "schedule": 60.0,  # every minute: nothing waits long for a lost message (R8: 15 minutes)
}
DEMO_SEEDERS.insert(DEMO_SEEDERS.index("insurance.demo.seed") + 1, "insurance.statements.demo.seed")

# --- Registers uploaded in admin (issue 5; insurance/registers/uploads.py, tasks.py). ---
# A national register takes minutes: production gives its imports a queue (and worker) of their own so
# statements never wait behind one. Empty: Celery's default queue.
REGISTER_QUEUE = env("REGISTER_QUEUE", default=None)
CELERY_IMPORTS = [*globals().get("CELERY_IMPORTS", []), "insurance.registers.tasks"]

# --- Citizen authentication (auth engineer; insurance/auth/). R4, A1.8, A1.10; issue 7 "Security". ---
OTP_TTL_SECONDS = 5 * 60  # a code expires in 5 minutes
OTP_MAX_WRONG_ATTEMPTS = 5  # then the code is locked and a new one must be requested
OTP_RESEND_SECONDS = 60  # a new code can be sent 60 s after the previous one
EDS_CHALLENGE_TTL_SECONDS = 5 * 60  # a signing challenge expires in 5 minutes
EDS_MAX_DOCUMENT_BYTES = 256 * 1024  # a signed login or request document is a few kilobytes
# Rate limits per fixed window: (attempts, seconds). Counted in the cache (Redis in production).
AUTH_RATE_LIMITS = {
    "otp_send_iin": (5, 3600),
    "otp_send_address": (20, 3600),
    "otp_verify_address": (30, 900),
    "eds_challenge_address": (30, 900),
    "eds_verify_address": (20, 900),
}
# The trusted CA certificates for EDS (a PEM bundle: the national certification centre's roots and
# intermediates). Local settings default to the demo CA under VAR_DIR; production requires it.
EDS_TRUSTED_CA_FILE = env("EDS_TRUSTED_CA_FILE", default="")
EDS_DEMO_DIR = VAR_DIR / "demo-eds"
# How many reverse proxies in front of the portal append to X-Forwarded-For (0: use REMOTE_ADDR).
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=0)
# Spent codes and challenges are deleted daily (insurance/auth/tasks.py, not an app's tasks module).
CELERY_IMPORTS = [*globals().get("CELERY_IMPORTS", []), "insurance.auth.tasks"]
CELERY_BEAT_SCHEDULE["auth-purge-spent-records"] = {
    "task": "insurance.auth.tasks.purge_auth_records",
    "schedule": 24 * 60 * 60,
}

# --- Complaints (R10): limits, staff e-mail, deadline enforcement --------------------------------------
COMPLAINT_TEXT_MIN_CHARS = 20
COMPLAINT_TEXT_MAX_CHARS = 5000
COMPLAINT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
COMPLAINT_ATTACHMENT_MAX_COUNT = 5
COMPLAINT_QUEUE_PAGE_SIZE = 25
# R10.7: on the last of the 3 working days, a body-route complaint not fully satisfied is forwarded
# from this time on (Asia/Almaty), leaving the Fund most of its last day to satisfy it (R10.8).
COMPLAINT_AUTO_FORWARD_AT = env("COMPLAINT_AUTO_FORWARD_AT", default="17:00")
# The administrative case goes to the reviewing body in the state language.
COMPLAINT_CASE_LANGUAGE = "kk"
CELERY_BEAT_SCHEDULE["complaints-enforce-deadlines"] = {
    "task": "complaints.tasks.enforce_deadlines",
    "schedule": env.int("COMPLAINT_ENFORCE_EVERY_SECONDS", default=15 * 60),
}
# Reminders to reviewers go by e-mail: EMAIL_URL (smtp://user:password@host:587/?tls=True in production);
# the embedded default writes them to the console.
vars().update({k: v for k, v in env.email_url("EMAIL_URL", default="consolemail://").items() if v})
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="complaints@fund.example.kz")

# --- Security for personal and health data (issue 7; insurance/security/, docs/security.md) -------------
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "insurance.security.middleware.PersonalDataMiddleware",
)
# No inline scripts or styles anywhere: every script and style sheet is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # nothing leaves for another site, not even the origin
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# Pages with personal data are never stored by a browser or a proxy (Cache-Control: no-store).
NO_STORE_PATH_PREFIXES = ("/cabinet/", "/complaints/", "/admin/", "/staff/", "/verify/", "/api/v1/")
# Staff: admin login limits (per username, per address) and the TOTP second factor.
AUTH_RATE_LIMITS.update(
    {
        "admin_login_username": (10, 900),
        "admin_login_address": (30, 900),
        "staff_totp_user": (10, 900),
    }
)
STAFF_TOTP_REQUIRED = env.bool("STAFF_TOTP_REQUIRED", default=False)  # always once a staff member enrolled
STAFF_TOTP_PATH_PREFIXES = ("/admin/", "/complaints/", "/staff/access-log/")
OTP_TOTP_ISSUER = "MSHI Fund"
# Signing issued PDFs (PAdES). Locally a development certificate is generated on first use under VAR_DIR;
# production requires the Fund's key and certificate (and the key's passphrase).
FUND_SIGNING_KEY = env("FUND_SIGNING_KEY", default=str(VAR_DIR / "signing" / "dev-fund.pem"))
FUND_SIGNING_CERT = env("FUND_SIGNING_CERT", default=str(VAR_DIR / "signing" / "dev-fund.pem"))
FUND_SIGNING_PASSPHRASE = env("FUND_SIGNING_PASSPHRASE", default="")
FUND_SIGNING_CA_FILE = env("FUND_SIGNING_CA_FILE", default="")  # extra trust roots for /verify/
FUND_SIGNING_GENERATE_DEV_CERT = True

# --- Integration API (issue 6; api/): DRF v1 at /api/v1/, OpenAPI at /api/schema/, docs at /api/docs/ ------
INSTALLED_APPS += ["api"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",  # RFC 9457 problem details
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,  # the format comes from Accept only: ?format=… is not an API parameter
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MSHI statement portal API",
    "DESCRIPTION": (
        "The Social Health Insurance Fund's integration API: statement requests from the e-government gateway "
        "(R4, R8), Appendix-2 statements, eligibility for clinics, registers, and the service-stage feed for the "
        "monitoring system (R9). Send `Authorization: Api-Key KEY`. Errors are RFC 9457 problem details in the "
        "language of `Accept-Language` (kk, ru, en). No IIN ever goes in a URL."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# R9: where the service-stage events are pushed (empty: nobody to push to, the feed still serves them).
MONITORING_PUSH_URL = env("MONITORING_PUSH_URL", default="")
MONITORING_PUSH_TOKEN = env("MONITORING_PUSH_TOKEN", default="")
MONITORING_PUSH_TIMEOUT = env.int("MONITORING_PUSH_TIMEOUT", default=10)
CELERY_BEAT_SCHEDULE["api-push-stage-events"] = {
    "task": "api.tasks.push_stage_events",
    "schedule": env.int("MONITORING_PUSH_EVERY_SECONDS", default=30),
}
# Answers kept for Idempotency-Key retries, forgotten after a day (api.tasks.purge_idempotency_records).
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=24)
CELERY_BEAT_SCHEDULE["api-purge-idempotency-records"] = {
    "task": "api.tasks.purge_idempotency_records",
    "schedule": 24 * 60 * 60,
}
# FHIR: the identifier system of the IIN (set the national FHIR guide's value) and the insurer's name.
FHIR_IIN_SYSTEM = env("FHIR_IIN_SYSTEM", default="https://fms.kz/fhir/sid/iin")
FHIR_INSURER_NAME = env("FHIR_INSURER_NAME", default="Social Health Insurance Fund (Kazakhstan)")
