"""The benchmark's settings: the embedded-default settings on PostgreSQL and Redis, without DEBUG.

bench/run.py sets DATABASE_URL and REDIS_URL (from BENCH_DATABASE_URL, BENCH_REDIS_URL) before Django
starts; the import command and the Celery worker it starts inherit them.
"""

from config.settings.local import *  # noqa: F403

DEBUG = False  # DEBUG keeps every query in memory and serves pages differently: not what is measured
ROOT_URLCONF = "bench.urls"
