"""Filing a complaint (R10.1, R10.2, R10.6, R10.7, A1.7): registration, stored deadlines, number, files, SMS."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from complaints.models import Attachment, Complaint, ComplaintEvent, EventKind, Level, Route, Status
from insurance.models import CalendarOverride
from tests.factories import PersonFactory

from .conftest import PDF_BYTES, at, jpeg_bytes, png_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_fund_route_complaint_is_registered_at_once_and_due_in_five_working_days(citizen, file_complaint):
    complaint = file_complaint(citizen, route=Route.FUND_HEAD)
    assert complaint.registered_at == at(2026, 3, 19, 11)
    # R10.2: 20 March, then Nauryz (21–25 March), 26, 27, 30, 31 March.
    assert complaint.review_due_on == date(2026, 3, 31)
    assert complaint.forward_due_on is None
    assert complaint.due_on == date(2026, 3, 31)
    assert (complaint.status, complaint.level) == (Status.REGISTERED, Level.FUND)


def test_a_body_route_complaint_must_be_forwarded_within_three_working_days(citizen, file_complaint):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    assert complaint.forward_due_on == date(2026, 3, 27)  # 20, 26, 27 March (R10.7)
    assert complaint.review_due_on is None
    assert complaint.due_on == date(2026, 3, 27)


def test_after_hours_filing_is_registered_next_working_day_at_nine(citizen, file_complaint):
    complaint = file_complaint(citizen, submitted_at=at(2026, 3, 20, 18, 45))
    assert complaint.registered_at == at(2026, 3, 26, 9)  # A1.7: after Nauryz
    assert complaint.review_due_on == date(2026, 4, 2)
    registered = complaint.events.get(kind=EventKind.REGISTERED)
    assert registered.at == at(2026, 3, 26, 9)
    assert complaint.events.get(kind=EventKind.SUBMITTED).at == at(2026, 3, 20, 18, 45)


def test_a_calendar_override_in_the_database_is_used(citizen, file_complaint):
    CalendarOverride.objects.create(day=date(2026, 3, 27), kind="day_off", reason="Decree No. 1 (test)")
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    assert complaint.forward_due_on == date(2026, 3, 30)


def test_the_deadline_is_stored_once_and_never_moves(citizen, file_complaint):
    complaint = file_complaint(citizen)
    CalendarOverride.objects.create(day=date(2026, 3, 27), kind="day_off", reason="a decree after filing")
    complaint.refresh_from_db()
    assert complaint.review_due_on == date(2026, 3, 31)


def test_numbers_run_per_year_of_registration(citizen, file_complaint):
    first = file_complaint(citizen)
    second = file_complaint(citizen)
    assert (first.number, second.number) == ("Ш-2026-000001", "Ш-2026-000002")
    new_year = file_complaint(citizen, submitted_at=at(2026, 12, 31, 19))  # registered 4 January 2027
    assert new_year.number == "Ш-2027-000001"


def test_the_citizen_gets_an_sms_in_their_language(
    other_citizen, file_complaint, django_capture_on_commit_callbacks, _sms_outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_complaint(other_citizen, route=Route.REVIEWING_BODY)
    assert len(_sms_outbox) == 1
    message = _sms_outbox[0]
    assert message.phone == "+77011234502"
    assert complaint.number in message.text and "27.03.2026" in message.text
    assert "зарегистрирована" in message.text  # Russian, the citizen's language
    assert complaint.events.get(kind=EventKind.REGISTERED).notified_at is not None


def test_attachments_of_the_three_kinds_are_stored_with_their_hash(citizen, file_complaint):
    files = [
        upload("decision.pdf", PDF_BYTES),
        upload("photo.jpg", jpeg_bytes()),
        upload("scan.png", png_bytes()),
    ]
    complaint = file_complaint(citizen, files=files)
    stored = {a.original_name: a for a in complaint.attachments.all()}
    assert {a.content_type for a in stored.values()} == {"application/pdf", "image/jpeg", "image/png"}
    pdf = stored["decision.pdf"]
    assert pdf.size == len(PDF_BYTES) and len(pdf.sha256) == 64
    assert Path(pdf.file.path).read_bytes() == PDF_BYTES
    assert "decision" not in pdf.file.name  # stored under a random name


@pytest.mark.parametrize(
    "name, data",
    [
        ("virus.pdf", b"MZ\x90\x00\x03 this is a Windows program"),
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("animation.gif", b"GIF89a\x01\x00\x01\x00"),
        ("broken.png", b"\x89PNG\r\n\x1a\n but not really an image"),
    ],
)
def test_files_that_are_not_pdf_jpeg_or_png_by_content_are_refused(citizen, file_complaint, name, data):
    with pytest.raises(ValidationError) as error:
        file_complaint(citizen, files=[upload(name, data)])
    assert "attachments" in error.value.message_dict
    assert name in error.value.message_dict["attachments"][0]
    assert not Complaint.objects.exists()


def test_a_file_over_the_limit_is_refused(citizen, file_complaint, settings):
    settings.COMPLAINT_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="larger than"):
        file_complaint(citizen, files=[upload("big.pdf", PDF_BYTES + b"0" * 2000)])
    assert not Complaint.objects.exists()


def test_too_many_files_are_refused(citizen, file_complaint, settings):
    settings.COMPLAINT_ATTACHMENT_MAX_COUNT = 2
    with pytest.raises(ValidationError, match="at most 2 files"):
        file_complaint(citizen, files=[upload(f"{n}.pdf", PDF_BYTES) for n in range(3)])


@pytest.mark.parametrize("text", ["", "   ", "too short", "x" * 5001])
def test_text_outside_the_limits_is_refused(citizen, file_complaint, text):
    with pytest.raises(ValidationError) as error:
        file_complaint(citizen, text=text)
    assert "text" in error.value.message_dict


def test_bad_input_writes_nothing_at_all(
    citizen, file_complaint, settings, django_capture_on_commit_callbacks, _sms_outbox
):
    good_file = upload("ok.pdf", PDF_BYTES)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        file_complaint(citizen, files=[good_file, upload("bad.pdf", b"not a pdf")])
    assert not Complaint.objects.exists()
    assert not Attachment.objects.exists() and not ComplaintEvent.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert _sms_outbox == []
    # No number was used up either.
    assert file_complaint(citizen).number == "Ш-2026-000001"


def test_a_complaint_cannot_be_about_someone_elses_request(citizen, file_complaint):
    from insurance.models import StatementRequest

    stranger = PersonFactory(iin="790130301058")
    their_request = StatementRequest.objects.create(
        person=stranger,
        channel="otp",
        consent=True,
        submitted_at=at(2026, 3, 18),
        registered_at=at(2026, 3, 18),
        due_at=at(2026, 3, 18, 11, 15),
    )
    with pytest.raises(ValidationError) as error:
        file_complaint(citizen, statement_request=their_request)
    assert "statement_request" in error.value.message_dict


def test_unknown_route_or_subject_is_refused(citizen, file_complaint):
    with pytest.raises(ValidationError) as error:
        file_complaint(citizen, route="court", subject="everything")
    assert {"route", "subject"} <= set(error.value.message_dict)
