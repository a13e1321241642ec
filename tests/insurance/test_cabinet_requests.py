"""The request form and its certification (R4, A1.8, A1.9), and the request page with live progress (R8)."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from insurance.models import Channel, RefusalGround, RequestStatus, StatementRequest
from tests.helpers import log_in_citizen
from tests.insurance.auth_pki import make_ca, make_signer, sign, write_bundle
from tests.insurance.statement_helpers import WORKING_TIME, make_citizen, pay

pytestmark = pytest.mark.django_db
NEW = reverse("insurance:request_new")
CONFIRM = reverse("insurance:request_confirm")
LAST_12 = {"consent": "on", "scope": "last12", "language": "en", "method": "otp"}


@pytest.fixture
def citizen(client, time_machine):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    pay(person, paid_on=date(2026, 10, 12), period=date(2026, 10, 1))
    log_in_citizen(client, person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages below are asserted in English
    return person


def sms_code(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)


def submit_with_code(client, outbox, captured, data=LAST_12):
    response = client.post(NEW, data)
    assert response.status_code == 302 and response.url == CONFIRM
    with captured(execute=True):
        return client.post(CONFIRM, {"code": sms_code(outbox)})


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    for url in (
        NEW,
        CONFIRM,
        reverse("insurance:request_detail", args=["7c1e1f7e-8d7a-4a37-9a0e-3f2b1a3c5d6e"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("insurance:login") + "?next=")


def test_the_form_offers_consent_period_language_and_certification(client, citizen):
    response = client.get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("consent", "scope", "period_from", "period_to", "language", "method"):
        assert f'name="{name}"' in html
    assert 'value="last12"' in html and "checked" in html


def test_a_request_certified_with_an_sms_code_becomes_a_statement(
    client, citizen, _sms_outbox, django_capture_on_commit_callbacks
):
    response = submit_with_code(client, _sms_outbox, django_capture_on_commit_callbacks)
    request = StatementRequest.objects.get(person=citizen)
    assert response.status_code == 302 and response.url == reverse(
        "insurance:request_detail", args=[request.pk]
    )
    assert request.channel == Channel.OTP and request.consent is True and request.language == "en"
    assert request.evidence["method"] == "otp" and request.evidence["verified_at"]
    assert (request.period_from, request.period_to) == (date(2025, 12, 1), date(2026, 11, 30))
    assert request.status == RequestStatus.COMPLETED
    page = client.get(response.url).content.decode()
    assert reverse("insurance:statement_detail", args=[request.statement.number]) in page


def test_a_wrong_code_is_refused_with_a_clear_message_and_nothing_is_saved(client, citizen, _sms_outbox):
    client.post(NEW, LAST_12)
    code = sms_code(_sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(CONFIRM, {"code": wrong})
    assert response.status_code == 200
    assert response.context["otp_form"].errors["code"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not StatementRequest.objects.exists()


def test_without_consent_the_form_warns_first_and_then_lets_the_person_send(
    client, citizen, _sms_outbox, django_capture_on_commit_callbacks
):
    data = {**LAST_12, "consent": ""}
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert "ground 5" in response.context["form"].errors["consent"][0]
    assert 'name="confirm_without_consent"' in response.content.decode()
    assert not _sms_outbox  # nothing sent, nothing saved yet

    response = submit_with_code(
        client, _sms_outbox, django_capture_on_commit_callbacks, data={**data, "confirm_without_consent": "1"}
    )
    request = StatementRequest.objects.get(person=citizen)
    assert request.status == RequestStatus.REFUSED and request.refusal_ground == RefusalGround.NO_CONSENT
    page = client.get(reverse("insurance:refusal_detail", args=[request.refusal.number]))
    assert (
        page.status_code == 200 and "no consent to access restricted personal data" in page.content.decode()
    )


@pytest.mark.parametrize(
    ("months", "field"),
    [
        (("2016-12", "2017-05"), "period_from"),
        (("2026-01", "2026-12"), "period_to"),
        (("2026-05", "2026-02"), "period_to"),
        (("May 2026", "2026-06"), "period_from"),
        (("", "2026-06"), "period_from"),
    ],
)
def test_a_bad_period_gets_a_field_error_and_nothing_is_kept(client, citizen, months, field, _sms_outbox):
    data = {**LAST_12, "scope": "months", "period_from": months[0], "period_to": months[1]}
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'aria-describedby="id_{field}_error"' in response.content.decode()
    assert not _sms_outbox and client.get(CONFIRM).url == NEW


def test_chosen_months_and_the_whole_history_are_kept_as_asked(
    client, citizen, _sms_outbox, django_capture_on_commit_callbacks, time_machine
):
    data = {**LAST_12, "scope": "months", "period_from": "2017-01", "period_to": "2026-03"}
    submit_with_code(client, _sms_outbox, django_capture_on_commit_callbacks, data=data)
    request = StatementRequest.objects.get(person=citizen)
    assert (request.period_from, request.period_to) == (date(2017, 1, 1), date(2026, 3, 31))

    time_machine.move_to("2026-11-20 10:05:00+05:00")  # a new code may be sent 60 s after the last one
    submit_with_code(
        client, _sms_outbox, django_capture_on_commit_callbacks, data={**LAST_12, "scope": "all"}
    )
    latest = StatementRequest.objects.filter(person=citizen).exclude(pk=request.pk).get()
    assert (latest.period_from, latest.period_to) == (None, None)


@pytest.fixture
def pki(settings, tmp_path):
    root = make_ca("TEST NATIONAL CA (ROOT)")
    settings.EDS_TRUSTED_CA_FILE = str(write_bundle(tmp_path / "trusted.pem", root.certificate))
    return root


def eds_start(client):
    response = client.post(NEW, {**LAST_12, "method": "eds"})
    assert response.url == CONFIRM
    page = client.get(CONFIRM)
    assert page.status_code == 200 and "<nonce>" in page.context["xml"]
    return page.context["xml"]


def test_a_request_signed_with_the_persons_eds_is_accepted_with_its_evidence(
    client, citizen, pki, django_capture_on_commit_callbacks
):
    signer = make_signer(pki, iin=citizen.iin)
    xml = eds_start(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM, {"signed_xml": sign(xml, signer)})
    request = StatementRequest.objects.get(person=citizen)
    assert response.status_code == 302 and request.channel == Channel.EDS
    assert request.evidence["certificate_serial"] and request.evidence["signer_iin"] == citizen.iin
    assert "SignatureValue" in request.evidence["signed_xml"]
    assert request.status == RequestStatus.COMPLETED


def test_a_request_signed_by_someone_else_is_refused(client, citizen, pki):
    stranger = make_signer(pki, iin=make_citizen(serial=7).iin)
    response = client.post(CONFIRM, {"signed_xml": sign(eds_start(client), stranger)})
    assert response.status_code == 200
    assert "another person" in response.content.decode()
    assert not StatementRequest.objects.exists()


def test_a_signed_request_that_differs_from_the_form_is_refused(client, citizen, pki):
    xml = eds_start(client).replace("<consent>true</consent>", "<consent>false</consent>")
    response = client.post(CONFIRM, {"signed_xml": sign(xml, make_signer(pki, iin=citizen.iin))})
    assert response.status_code == 200 and "differs" in response.content.decode()
    assert not StatementRequest.objects.exists()


def test_a_forged_signature_is_refused_with_the_verifiers_message(client, citizen, pki):
    signed = sign(eds_start(client), make_signer(pki, iin=citizen.iin)).replace(
        "<language>en</language>", "<language>kk</language>"
    )
    response = client.post(CONFIRM, {"signed_xml": signed})
    assert response.status_code == 200 and response.context["eds_form"].non_field_errors()
    assert not StatementRequest.objects.exists()


def test_the_request_page_and_its_status_are_the_applicants_only(
    client, citizen, _sms_outbox, django_capture_on_commit_callbacks
):
    submit_with_code(client, _sms_outbox, django_capture_on_commit_callbacks)
    request = StatementRequest.objects.get(person=citizen)
    status = client.get(reverse("insurance:request_status", args=[request.pk])).json()
    assert status["finished"] is True and status["percent"] == 100
    assert status["document_url"] == reverse("insurance:statement_detail", args=[request.statement.number])

    log_in_citizen(client, make_citizen(serial=8))  # an outsider
    assert client.get(reverse("insurance:request_detail", args=[request.pk])).status_code == 404
    assert client.get(reverse("insurance:request_status", args=[request.pk])).status_code == 404


def test_a_request_in_progress_polls_and_offers_a_refresh_link(client, citizen):
    from django.utils import timezone

    from insurance.services.statement_requests import statement_request_create

    request = statement_request_create(
        person=citizen,
        channel="otp",
        consent=True,
        period_from=None,
        period_to=None,
        language="kk",
        evidence={},
        submitted_at=timezone.now(),
    )  # its task has not run: on_commit callbacks are not executed here
    page = client.get(reverse("insurance:request_detail", args=[request.pk])).content.decode()
    assert "js/progress.js" in page and 'id="request-refresh"' in page
    status = client.get(reverse("insurance:request_status", args=[request.pk])).json()
    assert status["finished"] is False and status["document_url"] == "" and 0 < status["percent"] < 100
