"""Statement and refusal pages and PDFs in the cabinet (A2, A1.9, R8): the owner's only, each opening logged."""

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from insurance.models import AccessLog
from tests.helpers import log_in_citizen
from tests.insurance.statement_helpers import WORKING_TIME, issued, make_citizen, pay, pdf_text, refund

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(time_machine):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    pay(person, paid_on=date(2026, 9, 10), period=date(2026, 8, 1), amount="4250.00")
    refunded = pay(
        person, paid_on=date(2026, 10, 12), period=date(2026, 10, 1), amount="3000.00", kind="deduction"
    )
    refund(refunded, amount="3000.00", on=date(2026, 10, 30), external_id="RF-9")
    return issued(person, language="en").statement


@pytest.fixture
def refusal(time_machine):
    time_machine.move_to(WORKING_TIME)
    return issued(make_citizen(serial=3), consent=False, language="en").refusal


def test_the_statement_page_shows_the_appendix_2_table_status_and_note(client, statement):
    log_in_citizen(client, statement.person)
    response = client.get(reverse("insurance:statement_detail", args=[statement.number]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Information on participation in the MSHI system" in html
    assert "Issued to" in html and statement.person.iin in html and "20.11.2026" in html
    for text in ("10.09.2026", "4,250.00", "08.2026", "12.10.2026", "3,000.00", "30.10.2026", "deduction"):
        assert text in html
    assert html.count('data-label="Payment date"') == 2  # one row per receipt; readable on a phone
    assert "Status in the MSHI system" in html and "MSHI consumer" in html
    assert "5 percent of the minimum wage" in html


def test_the_statement_pdf_is_the_stored_file_with_a_proper_name(client, statement):
    log_in_citizen(client, statement.person)
    response = client.get(reverse("insurance:statement_pdf", args=[statement.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="mshi-statement-{statement.number}.pdf"' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == statement.pdf_sha256
    text = pdf_text(data)
    assert (
        statement.number in text and "10.09.2026" in text and "3,000.00" in text and "MSHI consumer" in text
    )
    assert f"/verify/{statement.verification_code}/" in text  # the QR code's address, printed too


def test_each_opening_is_written_to_the_access_log(client, statement):
    log_in_citizen(client, statement.person)
    client.get(reverse("insurance:statement_detail", args=[statement.number]), REMOTE_ADDR="10.1.2.3")
    client.get(reverse("insurance:statement_pdf", args=[statement.number]), REMOTE_ADDR="10.1.2.3")
    entries = AccessLog.objects.filter(subject=statement.person).order_by("at", "id")
    assert [(e.what, e.object_ref) for e in entries] == [
        ("statement", statement.number),
        ("statement", f"{statement.number}.pdf"),
    ]
    assert entries[0].ip_address == "10.1.2.3" and "Әбенова" in entries[0].actor_label


def test_the_refusal_is_a_document_with_its_own_page_and_pdf(client, refusal):
    log_in_citizen(client, refusal.person)
    page = client.get(reverse("insurance:refusal_detail", args=[refusal.number]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Reasoned refusal" in html and "Ground 5" in html and refusal.number in html
    response = client.get(reverse("insurance:refusal_pdf", args=[refusal.number]))
    assert f'filename="mshi-refusal-{refusal.number}.pdf"' in response["Content-Disposition"]
    assert "no consent to access restricted personal data" in pdf_text(b"".join(response.streaming_content))
    assert AccessLog.objects.filter(subject=refusal.person, what="refusal").count() == 2


def test_the_documents_list_has_statements_and_refusals_of_the_person_only(client, statement, refusal):
    log_in_citizen(client, statement.person)
    html = client.get(reverse("insurance:statement_list")).content.decode()
    assert statement.number in html and refusal.number not in html


def test_another_citizen_gets_404_for_every_document_and_pdf(client, statement, refusal):
    log_in_citizen(client, make_citizen(serial=9))
    for name, number in (
        ("statement_detail", statement.number),
        ("statement_pdf", statement.number),
        ("refusal_detail", refusal.number),
        ("refusal_pdf", refusal.number),
    ):
        assert client.get(reverse(f"insurance:{name}", args=[number])).status_code == 404
    assert not AccessLog.objects.filter(subject__in=[statement.person, refusal.person]).exists()


def test_an_anonymous_visitor_gets_the_login_page(client, statement):
    for name in ("statement_detail", "statement_pdf"):
        response = client.get(reverse(f"insurance:{name}", args=[statement.number]))
        assert response.status_code == 302 and response.url.startswith(reverse("insurance:login"))
    response = client.get(reverse("insurance:statement_list"))
    assert response.status_code == 302


def test_the_document_reads_in_the_language_of_the_request_whatever_the_page_language(client, statement):
    log_in_citizen(client, statement.person)
    html = client.get(
        reverse("insurance:statement_detail", args=[statement.number]), HTTP_ACCEPT_LANGUAGE="kk"
    )
    assert 'lang="en"' in html.content.decode() and "Payment date" in html.content.decode()
