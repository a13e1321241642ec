"""The Appendix-2 statement through the API (A2): the JSON of the contract and the stored PDF."""

import hashlib
from datetime import date

import pytest

from insurance.models import AccessLog, Statement
from tests.insurance.statement_helpers import WORKING_TIME, make_citizen, pay, refund

from .conftest import assert_problem


@pytest.fixture
def issued(make_client, django_capture_on_commit_callbacks, time_machine):
    """A statement issued to a request the gateway's key sent."""
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    payment = pay(person, paid_on=date(2026, 10, 5), period=date(2026, 9, 1), amount="4250.00")
    pay(person, paid_on=date(2026, 3, 2), period=date(2026, 2, 1), amount="3400.00")
    refund(payment, amount="1000.00", on=date(2026, 10, 20), external_id="R-1")
    client = make_client("statements:write", "statements:read")
    body = {"iin": person.iin, "consent": True, "channel": "eds", "language": "kk", "period_from": "2026-01"}
    with django_capture_on_commit_callbacks(execute=True):
        request_id = client.post("/api/v1/statement-requests/", body).json()["id"]
    return client, Statement.objects.get(request_id=request_id)


def test_it_gives_the_statement_as_the_contract_says(issued):
    client, statement = issued
    response = client.get(f"/api/v1/statements/{statement.number}/")
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == statement.number
    assert data["issued_to"] == {"full_name": "Әбенова Айгерім Нұрланқызы", "iin": statement.iin}
    assert data["status"] == "consumer"
    assert data["rows"] == [
        {"no": 1, "payment_date": "2026-03-02", "amount": "3400.00", "kind": "contribution", "period": "2026-02",
         "payer_id": data["rows"][0]["payer_id"], "refunded_amount": None, "refund_date": None},
        {"no": 2, "payment_date": "2026-10-05", "amount": "4250.00", "kind": "contribution", "period": "2026-09",
         "payer_id": data["rows"][1]["payer_id"], "refunded_amount": "1000.00", "refund_date": "2026-10-20"},
    ]  # fmt: skip
    assert data["issued_at"] and data["pdf_sha256"] == statement.pdf_sha256
    log = AccessLog.objects.get(object_ref=statement.number)
    assert log.subject == statement.person and log.actor_label.startswith("API key egov-gateway")


def test_the_pdf_is_the_stored_one(issued):
    client, statement = issued
    response = client.get(f"/api/v1/statements/{statement.number}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-") and hashlib.sha256(content).hexdigest() == statement.pdf_sha256
    again = client.get(f"/api/v1/statements/{statement.number}/pdf", headers={"Accept": "application/pdf"})
    assert again.status_code == 200


def test_no_key_401_and_no_scope_403(issued, anonymous, make_client):
    _client, statement = issued
    for path in (f"/api/v1/statements/{statement.number}/", f"/api/v1/statements/{statement.number}/pdf"):
        assert_problem(anonymous.get(path), 401)
        assert_problem(make_client("statements:write", "eligibility:read").get(path), 403)


def test_another_keys_statement_is_404(issued, make_client):
    _client, statement = issued
    other = make_client("statements:read", name="another-gateway")
    assert_problem(other.get(f"/api/v1/statements/{statement.number}/"), 404)
    assert_problem(other.get(f"/api/v1/statements/{statement.number}/pdf"), 404)
    assert not AccessLog.objects.filter(object_ref__startswith=statement.number).exists()


def test_an_unknown_number_is_404(issued):
    client, _statement = issued
    assert_problem(client.get("/api/v1/statements/ST-20261120-XXXXXXXX/"), 404)
