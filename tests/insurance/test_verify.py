"""/verify/<code>/: anyone confirms a document is genuine and unaltered, and never sees the payments."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insurance.statements.codes import grouped
from tests.insurance.statement_helpers import WORKING_TIME, issued, make_citizen, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(time_machine):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    pay(person, paid_on=date(2026, 9, 10), period=date(2026, 8, 1), amount="7777.77")
    return issued(person, language="en").statement


def url(document):
    return reverse("insurance:verify", args=[document.verification_code])


def test_an_anonymous_visitor_sees_what_identifies_the_document_but_no_payments(client, statement):
    response = client.get(url(statement), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert statement.number in html and "20.11.2026" in html and "MSHI consumer" in html
    assert statement.pdf_sha256 in html
    assert "Ә****** А****** Н*********" in html and "9003******" in html
    assert statement.iin not in html and "Әбенова" not in html
    assert "7,777.77" not in html and "7 777,77" not in html and "10.09.2026" not in html


def test_the_issued_pdf_is_confirmed_unaltered(client, statement):
    upload = SimpleUploadedFile("mine.pdf", statement.pdf.read(), content_type="application/pdf")
    response = client.post(url(statement), {"pdf": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response.context["matches"] is True
    assert "exactly the document the Fund issued" in response.content.decode()


def test_a_changed_pdf_is_reported_as_different(client, statement):
    data = statement.pdf.read().replace(b"7,777.77", b"9,777.77") + b"\n%"
    response = client.post(
        url(statement), {"pdf": SimpleUploadedFile("x.pdf", data)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["matches"] is False
    assert "differs from the document the Fund issued" in response.content.decode()


def test_only_pdfs_are_checked_by_their_content_not_their_name(client, statement):
    fake = SimpleUploadedFile("statement.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url(statement), {"pdf": fake}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["matches"] is None
    assert "This is not a PDF file." in response.content.decode()


def test_an_oversized_upload_is_refused(client, statement, settings):
    settings.VERIFY_UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    response = client.post(url(statement), {"pdf": big}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["matches"] is None and "too large" in response.content.decode()


def test_an_unknown_code_says_so_with_a_404(client, statement):
    response = client.get(reverse("insurance:verify", args=["ABCDEFGHJKMNPQRS"]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "No document of the Fund has this verification code" in response.content.decode()


def test_a_code_typed_by_hand_with_dashes_and_lower_case_is_found(client, statement):
    typed = grouped(statement.verification_code).lower()
    response = client.get(reverse("insurance:verify_lookup"), {"code": typed})
    assert response.status_code == 302 and response.url == url(statement)


def test_a_refusal_is_verifiable_too(client, time_machine):
    time_machine.move_to(WORKING_TIME)
    refusal = issued(make_citizen(serial=4), consent=False).refusal
    html = client.get(url(refusal), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert refusal.number in html and "refused, ground 5" in html and refusal.pdf_sha256 in html


def test_a_refusal_to_a_person_known_only_by_iin_says_the_name_is_unknown(client, time_machine):
    from insurance.models import Person

    time_machine.move_to(WORKING_TIME)
    refusal = issued(Person.objects.create(iin="050625500001")).refusal
    html = client.get(url(refusal), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dd>(name unknown)</dd>" in html
