"""Fund staff and complaint reviewers in a real browser, axe-core on their pages.

- Staff: admin log in → a person found by IIN, with today's status → a payments register uploaded and its
  result seen.
- Reviewers (R10.1, R10.5–R10.7): the queue → assign to me → decide; a complaint to the reviewing body is
  forwarded by the Fund and appears in the reviewing body's queue with its administrative case.
"""

from __future__ import annotations

import re

from django.utils import translation
from playwright.sync_api import expect

from complaints.models import Complaint, Decision, Route, Status
from insurance import roles
from insurance.models import Payment
from tests.browser.data import STAFF_PASSWORD, file_complaint, make_staff, months_back, off_the_loop
from tests.browser.helpers import AXE, almaty_today, check_accessibility


def admin_log_in(page, portal: str, username: str, next_url: str = "/admin/") -> None:
    """The admin log-in form, in English (the journeys read English labels)."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": portal}])
    page.goto(f"{portal}/admin/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{portal}{next_url}")


def test_fund_staff_find_a_person_by_iin(page, portal, citizen):
    make_staff("dana", roles.FUND_STAFF)
    admin_log_in(page, portal, "dana")
    check_accessibility(page, label="admin index")

    page.goto(f"{portal}/admin/insurance/person/")
    page.locator("#searchbar").fill(citizen.iin)
    page.locator("#searchbar").press("Enter")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    check_accessibility(page, label="admin: people found")
    rows.first.get_by_role("link", name=citizen.iin).click()

    expect(page.locator(".field-status_today")).to_contain_text("not an MSHI consumer")
    expect(page.locator(".field-last_name")).to_contain_text(citizen.last_name)
    check_accessibility(page, label="admin: the person")


def test_fund_staff_upload_a_payments_register_and_see_its_result(page, portal, citizen, tmp_path):
    make_staff("dana", roles.FUND_STAFF)
    period = months_back(almaty_today(), 1)
    register = tmp_path / "payments-browser.csv"
    register.write_text(
        "external_id,paid_on,iin,amount,kind,period,payer_id,payer_name\n"
        f"BROWSER-1,{period.replace(day=10).isoformat()},{citizen.iin},4250.00,contribution,"
        f"{period:%Y-%m},{citizen.iin},{citizen.full_name}\n",
        encoding="utf-8",
    )
    admin_log_in(page, portal, "dana")
    page.goto(f"{portal}/admin/insurance/paymentregister/")
    page.locator(".object-tools a.addlink").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a register")
    check_accessibility(page, label="admin: register upload")
    page.locator("select[name=kind]").select_option("payments")
    page.locator("input[type=file]").set_input_files(str(register))
    page.get_by_role("button", name="Upload and import").click()

    # The import ran (Celery is eager here); its page shows the outcome.
    expect(page.locator(".field-file_name")).to_contain_text(register.name)
    expect(page.locator(".field-status")).to_contain_text("imported")
    expect(page.locator(".field-rows_created")).to_contain_text("1")
    check_accessibility(page, label="admin: register result")
    assert off_the_loop(lambda: Payment.objects.filter(external_id="BROWSER-1", person=citizen).exists())


def test_a_fund_reviewer_assigns_a_complaint_to_herself_and_decides(page, portal, citizen):
    make_staff("aliya", roles.FUND_REVIEWERS)
    complaint = file_complaint(citizen, route=Route.FUND_HEAD)
    admin_log_in(page, portal, "aliya", "/complaints/queue/")
    check_accessibility(page, label="queue")

    row = page.locator("table.queue-table tbody tr", has_text=complaint.number)
    row.get_by_role("button", name=re.compile("Assign to me")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(complaint.number)
    expect(page.locator("[aria-labelledby=summary-title] dl")).to_contain_text("Aliya Staff")
    check_accessibility(page, label="complaint under review")

    page.locator("input[name=decision][value=partly]").check()
    page.locator("#id_reasons").fill(
        "The January contributions were found and added; the rest were never paid."
    )
    page.get_by_role("button", name="Record the decision").click()

    complaint.refresh_from_db()
    assert complaint.decision == Decision.PARTLY_SATISFIED and complaint.assignee.username == "aliya"
    with translation.override("en"):
        expect(page.locator(".page-head .badge").first).to_have_text(
            complaint.get_status_display().capitalize()
        )
    check_accessibility(page, label="decided complaint")


def test_a_complaint_forwarded_by_the_fund_reaches_the_reviewing_body(browser, page, portal, citizen):
    make_staff("aliya", roles.FUND_REVIEWERS)
    make_staff("bolat", roles.BODY_REVIEWERS)
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)

    admin_log_in(page, portal, "aliya", f"/complaints/{complaint.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())  # "this cannot be undone"
    page.get_by_role("button", name="Forward with the administrative case").click()
    expect(page.locator(".messages")).to_contain_text("forwarded to the reviewing body")
    expect(page.locator("table.queue-table", has_text=complaint.number)).to_have_count(0)  # no longer ours
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED and complaint.body_review_due_on

    body = browser.new_context()
    body.add_init_script(path=str(AXE))
    try:
        body_page = body.new_page()
        admin_log_in(body_page, portal, "bolat", "/complaints/queue/")
        check_accessibility(body_page, label="reviewing body's queue")
        row = body_page.locator("table.queue-table tbody tr", has_text=complaint.number)
        expect(row).to_contain_text(complaint.body_review_due_on.strftime("%d.%m.%Y"))
        row.get_by_role("link", name=complaint.number).click()
        expect(body_page.get_by_role("link", name="Administrative case (PDF)")).to_be_visible()
    finally:
        body.close()
    assert Complaint.objects.get(pk=complaint.pk).status == Status.FORWARDED
