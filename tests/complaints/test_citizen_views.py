"""The citizen's complaint pages: the list, filing, one complaint, its files. Another citizen gets 404."""

import pytest
from django.urls import reverse

from complaints import services
from complaints.models import Attachment, Complaint, Decision, Route
from tests.helpers import log_in_citizen

from .conftest import PDF_BYTES, TEXT, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, citizen):
    log_in_citizen(client, citizen)
    client.cookies["django_language"] = "en"  # assertions below read the English texts
    return client


def form_data(**extra):
    return {"route": Route.FUND_HEAD, "subject": "inaction", "statement_request": "", "text": TEXT, **extra}


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("complaints:list", "complaints:new"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("insurance:login") in response["Location"]


def test_the_filing_page_explains_both_routes_before_the_choice(logged_in, now):
    html = logged_in.get(reverse("complaints:new")).content.decode()
    explained = html.index("5 working days")
    assert explained < html.index('name="route"')
    assert "3 working days" in html and "15 working days" in html
    assert html.index("15 working days") < html.index('name="route"')
    assert 'enctype="multipart/form-data"' in html


def test_filing_registers_the_complaint_and_shows_it(logged_in, citizen, now):
    response = logged_in.post(
        reverse("complaints:new"), form_data(attachments=[upload("scan.pdf", PDF_BYTES)])
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "complaints:detail", args=[complaint.pk]
    )
    assert complaint.complainant == citizen and complaint.attachments.count() == 1
    page = logged_in.get(response["Location"]).content.decode()
    assert "Ш-2026-000001" in page
    assert "19.03.2026 11:00" in page  # registered
    assert "31.03.2026" in page  # answer due (R10.2, across Nauryz)
    assert "scan.pdf" in page


def test_the_complaint_number_is_not_in_the_address(logged_in, now):
    response = logged_in.post(reverse("complaints:new"), form_data())
    assert "000001" not in response["Location"] and "Ш" not in response["Location"]


def test_a_wrong_file_type_is_shown_on_the_field_and_nothing_is_saved(logged_in, now):
    response = logged_in.post(
        reverse("complaints:new"), form_data(attachments=[upload("photo.png", b"<svg onload=alert(1)>")])
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_attachments_errors"' in html and "photo.png is not a PDF, JPEG or PNG file." in html
    assert 'aria-describedby="id_attachments_errors id_attachments_help"' in html
    assert not Complaint.objects.exists() and not Attachment.objects.exists()


def test_missing_choices_and_short_text_are_errors_in_kazakh_by_default(client, citizen, now):
    log_in_citizen(client, citizen)
    response = client.post(reverse("complaints:new"), {"text": "қысқа"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors.keys() >= {"route", "subject", "text"}
    assert "таңбадан" in errors["text"][0]  # "at least 20 characters", in Kazakh
    assert not Complaint.objects.exists()


def test_the_list_shows_only_my_complaints(logged_in, citizen, other_citizen, file_complaint):
    mine = file_complaint(citizen)
    theirs = file_complaint(other_citizen)
    html = logged_in.get(reverse("complaints:list")).content.decode()
    assert mine.number in html and theirs.number not in html


def test_another_citizens_complaint_and_files_are_not_found(logged_in, other_citizen, file_complaint):
    theirs = file_complaint(other_citizen, files=[upload("their.pdf", PDF_BYTES)])
    attachment = theirs.attachments.get()
    assert logged_in.get(reverse("complaints:detail", args=[theirs.pk])).status_code == 404
    url = reverse("complaints:attachment", args=[theirs.pk, attachment.pk])
    assert logged_in.get(url).status_code == 404


def test_my_file_downloads_as_an_attachment_with_its_checked_type(logged_in, citizen, file_complaint):
    complaint = file_complaint(citizen, files=[upload("scan.pdf", PDF_BYTES)])
    attachment = complaint.attachments.get()
    response = logged_in.get(reverse("complaints:attachment", args=[complaint.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_after_a_decision_the_citizen_sees_it_with_court_and_contact_centres(
    logged_in, citizen, file_complaint, reviewer
):
    complaint = file_complaint(citizen)
    services.complaint_decide(
        complaint=complaint,
        actor=reviewer,
        decision=Decision.REJECTED,
        reasons="Взносы за январь не поступали.",
    )
    html = logged_in.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "Взносы за январь не поступали." in html
    assert "go to court" in html  # R10.9
    assert "1414" in html and "8-800-080-7777" in html and "1406" in html  # R10.4, A1.10
    assert "Reviewer Reviewer" not in html  # the citizen sees "the Fund", not staff names


def test_a_forwarded_complaint_shows_the_reviewing_bodys_deadline(
    logged_in, citizen, file_complaint, reviewer
):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    services.complaint_forward(complaint=complaint, actor=reviewer)
    html = logged_in.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "14.04.2026" in html
    assert "reminded" not in html


def test_staff_without_a_citizen_session_cannot_open_the_cabinet_pages(
    client, reviewer, citizen, file_complaint
):
    complaint = file_complaint(citizen)
    client.force_login(reviewer)
    response = client.get(reverse("complaints:detail", args=[complaint.pk]))
    assert response.status_code == 302 and reverse("insurance:login") in response["Location"]
