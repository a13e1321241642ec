"""Browser tests: Debian's Chromium (/usr/bin/chromium, never `playwright install`) driven by
pytest-playwright against the real server (pytest-django's live_server), with axe-core injected into every
page.

The live server runs in a thread of this process, so the tests see the same settings: ``demo_mode`` turns on
DEBUG for the journeys, which gives them the SMS outbox page (/dev/outbox/) and the demo EDS signer exactly as
`make run` shows them. Celery is eager in the test settings: a request is processed inside the request that
confirms it (the real worker is tested in tests/insurance/test_tasks_integration.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import AXE

# pytest-playwright's sync API runs an event loop in the test's thread; Django's ORM (the tests' set-up, and
# the test database's creation when a browser test comes first) refuses to run inside one unless told that
# this is safe. It is: the loop only drives the browser. The setting must hold for the whole session, since
# session fixtures (the test database, the browser) are set up and torn down outside any one test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]


def pytest_collection_modifyitems(items):
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "accept_downloads": True}


@pytest.fixture
def context(context):
    """Every page of every test gets axe-core before its own scripts run (an init script is not subject to
    the page's Content-Security-Policy, so no inline script is needed)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` in the repository root (.ci/run does)")
    context.add_init_script(path=str(AXE))
    context.set_default_timeout(15_000)
    return context


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A browser test is transactional: its database is flushed when it ends, the reference data the
    migrations seeded included. Put that data back once the test's fixtures are torn down, so that the tests
    after this one, and a later run on the reused test database (--reuse-db), find it."""
    result = yield
    from importlib import import_module

    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        import_module("insurance.migrations.0002_reference_data").seed(apps, None)
        import_module("insurance.migrations.0003_staff_groups").assign_groups(apps)
        import_module("complaints.migrations.0002_reviewer_permissions").assign_permissions(apps)
    return result


@pytest.fixture
def demo_mode(settings, tmp_path):
    """DEBUG on, as `make run` has it: the SMS outbox page and the demo EDS signer exist."""
    settings.DEBUG = True
    settings.SMS_BACKEND = "insurance.sms.FileBackend"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    settings.EDS_DEMO_DIR = tmp_path / "demo-eds"
    settings.EDS_TRUSTED_CA_FILE = str(tmp_path / "demo-eds" / "ca.pem")
    return settings


@pytest.fixture
def portal(live_server, reference_data, demo_mode):
    """The base URL of a running portal with its reference data, in demo mode."""
    return live_server.url


@pytest.fixture
def citizen(portal):
    """A citizen with three years of payments who stopped paying in spring 2026: lapsed, with arrears."""
    from tests.browser.data import make_lapsed_citizen

    return make_lapsed_citizen()
