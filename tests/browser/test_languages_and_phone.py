"""Every page of the journeys in Kazakh, Russian and English through the language switch, each checked by
axe-core; and the citizen's pages on a 375 × 667 phone without sideways scrolling (A1.10: the service is
given in the state language and in Russian)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints.models import Route
from insurance import roles
from tests.browser.data import (
    STAFF_PASSWORD,
    file_complaint,
    issue_statement,
    log_in_citizen,
    make_staff,
)
from tests.browser.helpers import AXE, PHONE, assert_no_horizontal_scroll, check_accessibility

LANGUAGES = ("kk", "ru", "en")
PUBLIC_PAGES = [
    "/",
    "/cabinet/login/",
    "/cabinet/login/sms/",
    "/cabinet/login/eds/",
    "/verify/",
    "/dev/outbox/",
]


@pytest.fixture
def citizen_pages(portal, citizen):
    """The citizen's pages, with a statement and a complaint to show."""
    statement = issue_statement(citizen)
    complaint = file_complaint(citizen, route=Route.FUND_HEAD, statement_request=statement.request)
    return [
        "/cabinet/",
        "/cabinet/requests/new/",
        f"/cabinet/requests/{statement.request.pk}/",
        "/cabinet/statements/",
        f"/cabinet/statements/{statement.number}/",
        "/cabinet/complaints/",
        "/cabinet/complaints/new/",
        f"/cabinet/complaints/{complaint.pk}/",
        f"/verify/{statement.verification_code}/",
        "/cabinet/access/",
    ]


def switch_through_languages(page, url: str) -> None:
    page.goto(url)
    for code in (*LANGUAGES, "kk"):
        page.locator(f".lang-switch button[value={code}]").click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.locator(f".lang-switch button[value={code}]")).to_have_attribute("aria-current", "true")
        # Each language is offered by its own name, so a reader finds theirs on a page they cannot read.
        expect(page.locator(".lang-switch button")).to_have_text(["Қазақша", "Русский", "English"])
        assert page.url == url, f"the language switch left {url} for {page.url}"
        check_accessibility(page, label=f"{url} [{code}]")


def test_public_pages_switch_kk_ru_en(page, portal):
    for path in PUBLIC_PAGES:
        switch_through_languages(page, portal + path)


def test_citizen_pages_switch_kk_ru_en(page, context, portal, citizen, citizen_pages):
    log_in_citizen(context, portal, citizen)
    for path in citizen_pages:
        switch_through_languages(page, portal + path)


def test_reviewer_pages_switch_kk_ru_en(page, portal, citizen):
    make_staff("aliya", roles.FUND_REVIEWERS)
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    page.goto(f"{portal}/admin/login/?next=/complaints/queue/")
    page.locator("#id_username").fill("aliya")
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{portal}/complaints/queue/")
    for path in ("/complaints/queue/", f"/complaints/{complaint.pk}/"):
        switch_through_languages(page, portal + path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_pages_fit_a_phone(browser, portal, citizen, citizen_pages, language):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=language)
    try:
        context.add_cookies([{"name": "django_language", "value": language, "url": portal}])
        log_in_citizen(context, portal, citizen)
        page = context.new_page()
        for path in ["/", "/cabinet/login/", "/cabinet/login/sms/", *citizen_pages]:
            page.goto(portal + path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert_no_horizontal_scroll(page)
    finally:
        context.close()


def test_the_not_found_page_switches_kk_ru_en_and_fits_a_phone(
    browser, live_server, reference_data, settings
):
    """Without DEBUG (as deployed) a wrong address is the portal's own page: in every language, accessible,
    and readable on a phone."""
    settings.DEBUG = False
    url = f"{live_server.url}/cabinet/no-such-page/"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(path=str(AXE))
    try:
        page = context.new_page()
        switch_through_languages(page, url)
        expect(page.locator("h1")).to_have_text("Бет табылмады")
        assert_no_horizontal_scroll(page)
    finally:
        context.close()
