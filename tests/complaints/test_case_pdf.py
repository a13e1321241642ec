"""R10.7: the administrative case is one PDF with the complaint, the request and its result, the attachments
list and the whole history, in the state language."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from complaints import services
from complaints.models import Route

from .conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def pdf_text(complaint) -> str:
    complaint.case_pdf.open("rb")
    reader = PdfReader(BytesIO(complaint.case_pdf.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_case_holds_the_complaint_attachments_and_history(citizen, file_complaint, reviewer, settings):
    settings.COMPLAINT_CASE_LANGUAGE = "en"
    complaint = file_complaint(
        citizen,
        route=Route.REVIEWING_BODY,
        files=[upload("decision.pdf", PDF_BYTES), upload("receipt.pdf", PDF_BYTES)],
    )
    services.complaint_assign(complaint=complaint, actor=reviewer, assignee=reviewer)
    complaint = services.complaint_forward(complaint=complaint, actor=reviewer)
    text = pdf_text(complaint)
    assert "Administrative case of complaint Ш-2026-000001" in text
    assert citizen.iin in text and "Әбенова" in text
    assert "Выписка не показывает взносы" in text
    assert "decision.pdf" in text and "receipt.pdf" in text
    assert "Complaint submitted" in text and "Reviewer assigned" in text
    assert "14.04.2026" in text  # the reviewing body's deadline
    assert "The complaint is about the service in general" in text


def test_the_case_is_in_kazakh_by_default(citizen, file_complaint, reviewer):
    complaint = services.complaint_forward(
        complaint=file_complaint(citizen, route=Route.REVIEWING_BODY), actor=reviewer
    )
    text = pdf_text(complaint)
    assert "Ш-2026-000001" in text
    assert "Ш-2026-000001 шағымы бойынша әкімшілік іс" in text
