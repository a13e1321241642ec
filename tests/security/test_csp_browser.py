"""The Content-Security-Policy in a real browser (Debian's Chromium): no page of the portal, the cabinet,
the verification page, the admin or the staff second factor trips it (every script and style is a static
file). A violation would mean a broken page for the citizen, or an opening for injected script."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from tests.helpers import log_in_citizen

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop only drives the browser

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu"],
    }


def _session_cookie(client: Client, url: str) -> dict:
    cookie = client.cookies["sessionid"]
    return {"name": "sessionid", "value": cookie.value, "url": url}


def _visit(page, url) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert response.status == 200, url
    return violations


def test_no_page_violates_the_content_security_policy(live_server, reference_data, context, tmp_path):
    from django.contrib.auth import get_user_model

    from tests.insurance.statement_helpers import make_citizen

    base = live_server.url
    citizen_client = Client()
    log_in_citizen(citizen_client, make_citizen(serial=3))
    staff = get_user_model().objects.create_superuser("root", "root@fund.example.kz", "x-test-password-1")
    staff_client = Client()
    staff_client.force_login(staff)

    pages = {
        None: ["/", "/verify/", "/cabinet/login/", "/cabinet/login/sms/", "/admin/login/"],
        citizen_client: ["/cabinet/", "/cabinet/access/", "/cabinet/statements/", "/cabinet/complaints/new/"],
        staff_client: ["/admin/", "/admin/insurance/person/", "/staff/two-factor/", "/staff/access-log/"],
    }
    found = []
    for client, urls in pages.items():
        context.clear_cookies()
        if client is not None:
            context.add_cookies([_session_cookie(client, base)])
        for url in urls:
            page = context.new_page()
            found += [f"{url}: {text}" for text in _visit(page, base + url)]
            if url in ("/cabinet/access/", "/staff/two-factor/"):
                page.screenshot(
                    path=str(tmp_path / (url.strip("/").replace("/", "-") + ".png")), full_page=True
                )
            page.close()
    assert not found, "\n".join(found)
