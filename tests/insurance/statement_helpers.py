"""Shared set-up for the statement service's tests: a citizen, their payments and the register mirror."""

from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import BytesIO

import pytest
from django.db.models import F
from pypdf import PdfReader

from insurance.identifiers import make_bin, make_iin
from insurance.models import IdentityRecord, PaymentKind, Refund
from tests.factories import PayerFactory, PaymentFactory, PersonFactory, RegisterFactory

# A Friday inside the Fund's working hours (A1.7), and the same week's Saturday.
WORKING_TIME = "2026-11-20 10:00:00+05:00"
SATURDAY_EVENING = "2026-11-21 20:15:00+05:00"

KAZAKH_TITLE = (
    "Міндетті әлеуметтік медициналық сақтандыру жүйесіне медициналық қызметтерді тұтынушы ретінде қатысу "
    "туралы және аударымдардың және (немесе) жарналардың аударылған сомалары туралы ақпарат"
)


def make_citizen(
    *, serial=1, last_name="Әбенова", first_name="Айгерім", patronymic="Нұрланқызы", language="kk"
):
    """A person whose identity data match the state register mirror (R6)."""
    person = PersonFactory(
        iin=make_iin(date(1990, 3, 15), female=True, serial=serial),
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        phone=f"+770112345{serial:02d}",
        language=language,
    )
    IdentityRecord.objects.create(
        iin=person.iin, last_name=last_name, first_name=first_name, patronymic=patronymic
    )
    return person


def employer(serial=11):
    return PayerFactory(payer_id=make_bin(date(2008, 4, 1), serial=serial), name="Алатау Құрылыс ЖШС")


def pay(person, *, paid_on: date, period: date, amount="4250.00", kind=PaymentKind.CONTRIBUTION, payer=None):
    return PaymentFactory(
        person=person,
        payer=payer or employer(),
        paid_on=paid_on,
        period=period,
        amount=Decimal(amount),
        kind=kind,
        register=RegisterFactory(),
    )


def refund(payment, *, amount: str, on: date, external_id: str):
    """A refund as the register importer writes it: the row, and the running total beside the payment."""
    Refund.objects.create(
        payment=payment,
        amount=Decimal(amount),
        refunded_on=on,
        register=payment.register,
        external_id=external_id,
    )
    type(payment).objects.filter(pk=payment.pk).update(refunded_amount=F("refunded_amount") + Decimal(amount))


def pdf_text(data: bytes) -> str:
    """All the text of a PDF with the spacing normalised (tables break lines anywhere)."""
    reader = PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


class Gateway(BaseHTTPRequestHandler):
    """A stand-in e-government gateway on localhost: answers from ``records``, checks the token."""

    records: dict = {}
    seen: list = []
    status = 200
    failures_left = 0  # answer 503 this many times first (a gateway that comes back)

    def do_POST(self):  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Gateway.seen.append((self.path, self.headers["Authorization"], body))
        if Gateway.status != 200 or Gateway.failures_left > 0:
            Gateway.failures_left = max(0, Gateway.failures_left - 1)
            self.send_response(Gateway.status if Gateway.status != 200 else 503)
            self.end_headers()
            return
        record = Gateway.records.get(body["iin"])
        answer = {"found": True, **record} if record else {"found": False}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(name="gateway")
def gateway_fixture(settings):
    """The identity gateway adapter pointed at a real HTTP server on localhost (import this fixture)."""
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Gateway.records, Gateway.seen, Gateway.status, Gateway.failures_left = {}, [], 200, 0
    settings.IDENTITY_PROVIDER = "insurance.identity.HttpGatewayProvider"
    settings.IDENTITY_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/persons/lookup"
    settings.IDENTITY_GATEWAY_TOKEN = "gateway-token"
    settings.IDENTITY_GATEWAY_TIMEOUT = 2
    yield Gateway
    server.shutdown()
    server.server_close()


def issued(person, *, consent=True, language="en", period=(None, None)):
    """A request taken through the real services at once (no worker): returns it with its document."""
    from django.utils import timezone

    from insurance.services.statement_requests import (
        statement_request_claim,
        statement_request_create,
        statement_request_process,
    )

    request = statement_request_create(
        person=person,
        channel="otp",
        consent=consent,
        period_from=period[0],
        period_to=period[1],
        language=language,
        evidence={"method": "otp"},
        submitted_at=timezone.now(),
    )
    assert statement_request_claim(request_id=request.pk)
    statement_request_process(request_id=request.pk)
    request.refresh_from_db()
    return request
