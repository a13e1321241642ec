"""The citizen in a real browser: log in (SMS code, EDS demo signer) → status → request with consent →
progress → statement → PDF → complaint with its deadline (R4, R8, R10, A1.7, A1.9, A2).

The SMS journey is done with the keyboard alone, and axe-core checks every page on the way.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from complaints.models import Complaint
from insurance.coverage import assess
from insurance.models import RequestStatus, Statement, StatementRequest
from insurance.working_time import ALMATY, add_working_days
from tests.browser.helpers import (
    almaty_today,
    assert_described_error,
    check_accessibility,
    enter,
    latest_sms_code,
    press_on,
    tab_to,
)

COMPLAINT = "The statement does not show the contributions my employer says it paid last spring."


def test_it_all_works_with_the_keyboard_alone(page, context, portal, citizen):
    # The public page, in English (the language switch is a form of buttons, reachable by Tab).
    page.goto(f"{portal}/")
    check_accessibility(page, label="home")
    press_on(page, page.locator(".lang-switch button[value=en]"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    press_on(page, page.get_by_role("link", name="Open my personal cabinet"))

    # Log in with an SMS code: the IIN field has the focus, a wrong code is an error tied to its field.
    expect(page).to_have_url(re.compile(r"/cabinet/login/\?next="))
    check_accessibility(page, label="login")
    press_on(page, page.get_by_role("link", name="Log in with an SMS code"))
    check_accessibility(page, label="login: IIN")
    expect(page.locator("#id_iin")).to_be_focused()
    page.keyboard.type(citizen.iin)
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from the SMS")
    code = latest_sms_code(context, portal)
    expect(page.locator("#id_code")).to_be_focused()
    page.keyboard.type(f"{(int(code) + 1) % 1_000_000:06d}")
    enter(page)
    assert_described_error(page, "#id_code")
    check_accessibility(page, label="login: wrong code")
    expect(page.locator("#id_code")).to_be_focused()
    page.keyboard.press("Control+A")  # replace the wrong code
    page.keyboard.type(code)
    enter(page)

    # The dashboard: status, why, what is owed, the 36-month timeline.
    expect(page).to_have_url(f"{portal}/cabinet/")
    assessment = assess(citizen.iin, almaty_today())
    assert not assessment.is_consumer and assessment.arrears_months
    expect(page.locator(".status-card .badge-bad")).to_have_text("not an MSHI consumer")
    expect(page.locator(".status-why")).to_contain_text("You have not been an MSHI consumer since")
    months = len(assessment.arrears_months)
    expect(page.locator(".arrears-card")).to_contain_text(f"{months} months of the 12 before this one")
    expect(page.locator(".arrears-amount")).to_contain_text(f"{assessment.arrears_amount:,.2f} tenge")
    expect(page.locator(".timeline-svg .tl-cell")).to_have_count(36)
    check_accessibility(page, label="dashboard")

    # The request: consent ticked with the space bar, then confirmed with a new SMS code.
    press_on(page, page.get_by_role("link", name="Request an official statement"))
    check_accessibility(page, label="request form")
    tab_to(page, page.locator("#id_consent"))
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    tab_to(page, page.locator("#id_scope_0"))  # "the last 12 months" → arrow down → "the whole history"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_scope_1")).to_be_checked()
    press_on(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the request")
    check_accessibility(page, label="request confirm")
    code = latest_sms_code(context, portal)
    tab_to(page, page.locator("#id_code"))
    page.keyboard.type(f"{(int(code) + 1) % 1_000_000:06d}")
    enter(page)
    assert_described_error(page, "#id_code")
    check_accessibility(page, label="request confirm: wrong code")
    tab_to(page, page.locator("#id_code"))
    page.keyboard.press("Control+A")  # replace the wrong code
    page.keyboard.type(code)
    press_on(page, page.get_by_role("button", name="Send the request"))

    # Progress: done while we watched (Celery is eager here), with the statement one key press away.
    expect(page.get_by_role("heading", level=1)).to_have_text("My request for a statement")
    statement_request = StatementRequest.objects.get(person=citizen)
    assert statement_request.status == RequestStatus.COMPLETED and statement_request.consent
    statement = Statement.objects.get(request=statement_request)
    expect(page.locator("#request-status-text")).to_have_text(re.compile("completed", re.I))
    expect(page.locator(".steps li:not(.is-done)")).to_have_count(0)
    check_accessibility(page, label="request progress")
    press_on(page, page.locator("#request-result a"))

    # The statement: one row per payment, the status line, and its PDF.
    expect(page.locator(".document-number strong")).to_have_text(statement.number)
    expect(page.locator(".statement-table tbody tr")).to_have_count(24)
    check_accessibility(page, label="statement")
    with page.expect_download() as download_info:
        press_on(page, page.get_by_role("link", name="Download PDF"), wait=False)
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # A complaint: the empty form shows every error beside its field, then it is filed.
    press_on(page, page.locator(".site-nav").get_by_role("link", name="Complaints"))
    press_on(page, page.get_by_role("link", name="File a complaint"))
    check_accessibility(page, label="complaint form")
    press_on(page, page.get_by_role("button", name="Send the complaint"))
    assert_described_error(page, "#id_text")
    check_accessibility(page, label="complaint form with errors")
    tab_to(page, page.locator("#id_route_0"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("#id_statement_request"))
    page.keyboard.press("ArrowDown")
    tab_to(page, page.locator("#id_subject_0"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("#id_text"))
    page.keyboard.type(COMPLAINT)
    press_on(page, page.get_by_role("button", name="Send the complaint"))

    # Its deadline (R10.1): 5 working days from the day after registration, as stored, shown to the citizen.
    complaint = Complaint.objects.get(complainant=citizen)
    assert complaint.statement_request == statement_request
    registered_on = complaint.registered_at.astimezone(ALMATY).date()
    assert complaint.review_due_on == add_working_days(registered_on, 5)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {complaint.number}")
    expect(page.locator("[aria-labelledby=summary-title] dl")).to_contain_text(
        complaint.review_due_on.strftime("%d.%m.%Y")
    )
    check_accessibility(page, label="complaint")


def test_a_citizen_logs_in_and_signs_the_request_with_the_demo_eds_signer(page, portal, citizen):
    page.goto(f"{portal}/cabinet/login/eds/")
    page.locator(".lang-switch button[value=en]").click()
    check_accessibility(page, label="EDS login")
    page.locator("#eds-demo-iin").fill(citizen.iin)
    page.get_by_role("button", name="Sign with the demo signer").click()
    expect(page).to_have_url(f"{portal}/cabinet/")
    expect(page.locator(".cabinet-head")).to_contain_text(citizen.full_name)

    page.get_by_role("link", name="Request an official statement").click()
    page.locator("#id_consent").check()
    page.locator("#id_method_1").check()  # EDS
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Sign the request with your EDS")).to_be_visible()
    check_accessibility(page, label="request: sign with EDS")
    page.get_by_role("button", name="Sign and send").click()  # demo mode: the demo signer stands in

    expect(page.get_by_role("heading", level=1)).to_have_text("My request for a statement")
    statement_request = StatementRequest.objects.get(person=citizen)
    assert statement_request.channel == "eds"
    assert statement_request.status == RequestStatus.COMPLETED
    expect(page.locator("#request-result a")).to_be_visible()


def test_the_progress_updates_itself_when_the_statement_is_ready(page, context, portal, citizen):
    """R8: the request page follows the processing live (static/js/progress.js) and offers the statement
    without a reload. The request is saved as received and processed while the page is open."""
    from django.utils import timezone

    from insurance.services.statement_requests import statement_request_claim, statement_request_process
    from insurance.working_time import registration_time
    from tests.browser.data import log_in_citizen, off_the_loop

    now = timezone.now()
    registered_at = registration_time(now)
    statement_request = StatementRequest.objects.create(  # not enqueued: nobody processes it yet
        person=citizen,
        channel="otp",
        consent=True,
        language="en",
        evidence={},
        submitted_at=now,
        registered_at=registered_at,
        due_at=registered_at + timedelta(minutes=15),
    )
    log_in_citizen(context, portal, citizen)
    page.goto(f"{portal}/cabinet/requests/{statement_request.pk}/")
    expect(page.locator("#request-result")).to_be_hidden()
    check_accessibility(page, label="request in progress")
    page.evaluate("window.stillTheSamePage = true")

    assert off_the_loop(statement_request_claim, request_id=statement_request.pk)
    off_the_loop(statement_request_process, request_id=statement_request.pk)

    expect(page.locator("#request-result a")).to_be_visible(timeout=20_000)
    expect(page.locator("#request-status-text")).to_have_text(re.compile("completed", re.I))
    assert page.evaluate("window.stillTheSamePage === true"), "the page reloaded instead of updating itself"
    number = Statement.objects.get(request=statement_request).number
    expect(page.locator("#request-result a")).to_have_attribute("href", f"/cabinet/statements/{number}/")
