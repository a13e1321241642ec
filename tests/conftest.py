import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True, scope="session")
def _services_in_ci():
    """In CI (REQUIRE_SERVICES=1) the suite must run against real PostgreSQL and Redis, never SQLite."""
    import os

    from django.conf import settings

    if os.environ.get("REQUIRE_SERVICES") == "1":
        engine = settings.DATABASES["default"]["ENGINE"]
        assert "postgresql" in engine, f"CI must run on PostgreSQL, not {engine}"
        assert settings.REDIS_URL, "CI must run with REDIS_URL set"
        assert settings.CELERY_BROKER_URL.startswith("redis"), "CI must use Redis as the broker"


@pytest.fixture(autouse=True)
def _sms_outbox():
    from insurance import sms

    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests start from a flushed database: put back what the data migrations seed
    (minimum wages, coverage policies, staff groups and their permissions). Safer than
    serialized_rollback, which clashes with the content types another flush recreated."""
    from tests.factories import seed_reference_data

    seed_reference_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is kept between runs (--reuse-db), and the last transactional test of a run
    flushed what the data migrations seed: put it back once, so a second run starts like the first."""
    from tests.factories import seed_reference_data

    with django_db_blocker.unblock():
        seed_reference_data()
