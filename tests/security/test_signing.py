"""Signed PDFs (issue 7): statements and refusals carry the Fund's PAdES signature, made once when the
document is stored (R8), and /verify/ tells whether an uploaded PDF's signature is valid and whether it
is a document the Fund issued (its SHA-256)."""

from __future__ import annotations

import asyncio
import hashlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from insurance.security import signing


@pytest.fixture
def fund_certificate(tmp_path, settings):
    """A test CA and signing certificate generated for this test, like the development one."""
    bundle = tmp_path / "fund.pem"
    bundle.write_bytes(signing.development_bundle())
    settings.FUND_SIGNING_KEY = settings.FUND_SIGNING_CERT = str(bundle)
    settings.FUND_SIGNING_GENERATE_DEV_CERT = False
    return bundle


def upload(data: bytes, name="statement.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_an_issued_statement_is_stored_signed_and_its_sha256_is_of_the_signed_file(fund_certificate, world):
    data = world.statement.pdf.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == world.statement.pdf_sha256
    check = signing.check_signature(data)
    assert check.valid and "Social Health Insurance Fund" in check.signer
    assert PdfReader(__import__("io").BytesIO(data)).pages  # still an ordinary, readable PDF


def test_a_refusal_is_signed_too(fund_certificate, world):
    assert signing.check_signature(world.refusal.pdf.open("rb").read()).valid


def test_a_pdf_changed_after_signing_is_not_valid():
    signed = signing.sign_pdf(_plain_pdf())
    at = signed.index(b"WeasyPrint")  # the producer in the document information, uncompressed
    check = signing.check_signature(signed[:at] + b"WeasyPrinT" + signed[at + 10 :])
    assert check.signed and not check.intact and not check.valid


def test_a_pdf_with_something_appended_is_not_valid():
    check = signing.check_signature(signing.sign_pdf(_plain_pdf()) + b"\n%% appended\n")
    assert check.signed and check.intact and not check.whole_file and not check.valid


def test_a_pdf_signed_with_another_certificate_is_not_trusted(tmp_path, settings, fund_certificate):
    other = tmp_path / "other.pem"
    other.write_bytes(signing.development_bundle())
    settings.FUND_SIGNING_KEY = settings.FUND_SIGNING_CERT = str(other)
    forged = signing.sign_pdf(_plain_pdf())
    settings.FUND_SIGNING_KEY = settings.FUND_SIGNING_CERT = str(fund_certificate)
    check = signing.check_signature(forged)
    assert check.signed and check.intact and not check.trusted and not check.valid


def test_signing_and_checking_work_inside_a_running_event_loop():
    async def inside_a_loop():  # an ASGI server, or Playwright driving the browser tests
        signed = signing.sign_pdf(_plain_pdf())
        return signing.check_signature(signed)

    # A thread of its own, so the test does not depend on whether this thread already runs a loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside_a_loop()).result().valid


def test_garbage_is_simply_not_signed():
    assert not signing.check_signature(b"%PDF-1.7 garbage").signed
    assert not signing.check_signature(_plain_pdf()).signed


def test_the_development_certificate_is_generated_once_and_reused(tmp_path, settings):
    path = tmp_path / "var" / "signing" / "dev-fund.pem"
    settings.FUND_SIGNING_KEY = settings.FUND_SIGNING_CERT = str(path)
    settings.FUND_SIGNING_GENERATE_DEV_CERT = True
    signing._material.cache_clear()
    signing.sign_pdf(_plain_pdf())
    first = path.read_bytes()
    signing._material.cache_clear()
    signing.sign_pdf(_plain_pdf())
    assert path.read_bytes() == first and oct(path.stat().st_mode & 0o777) == "0o600"


def test_production_without_a_key_fails_loudly(tmp_path, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.FUND_SIGNING_KEY = settings.FUND_SIGNING_CERT = str(tmp_path / "missing.pem")
    settings.FUND_SIGNING_GENERATE_DEV_CERT = False
    with pytest.raises(ImproperlyConfigured):
        signing.sign_pdf(_plain_pdf())


def test_an_encrypted_key_is_opened_with_the_passphrase(tmp_path, settings):
    from cryptography.hazmat.primitives import serialization

    bundle = signing.development_bundle()
    key_pem = signing._blocks(bundle, "PRIVATE KEY")[0]
    key = serialization.load_pem_private_key(key_pem, password=None)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"s3cret-passphrase"),
    )
    (tmp_path / "key.pem").write_bytes(encrypted)
    (tmp_path / "cert.pem").write_bytes(bundle.replace(key_pem, b""))
    settings.FUND_SIGNING_KEY, settings.FUND_SIGNING_CERT = (
        str(tmp_path / "key.pem"),
        str(tmp_path / "cert.pem"),
    )
    settings.FUND_SIGNING_PASSPHRASE = "s3cret-passphrase"
    settings.FUND_SIGNING_GENERATE_DEV_CERT = False
    assert signing.check_signature(signing.sign_pdf(_plain_pdf())).valid


# --- /verify/ --------------------------------------------------------------------------------------------


def test_verify_shows_a_valid_signature_and_finds_the_issued_document(client, fund_certificate, world):
    data = world.statement.pdf.open("rb").read()
    response = client.post(
        reverse("insurance:verify_lookup"), {"pdf": upload(data)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "electronic signature on the file is valid." in html
    assert "The file is exactly a document the Fund issued." in html
    assert reverse("insurance:verify", args=[world.statement.verification_code]) in html
    assert world.statement.iin not in html and "7,777.77" not in html


def test_verify_reports_a_tampered_copy(client, fund_certificate, world):
    data = world.statement.pdf.open("rb").read() + b"\n%% changed\n"
    response = client.post(
        reverse("insurance:verify_lookup"), {"pdf": upload(data)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "Something was added to the file after the Fund signed it." in html
    assert "not byte for byte any document the Fund issued" in html


def test_verify_reports_an_unsigned_file(client, db):
    response = client.post(
        reverse("insurance:verify_lookup"), {"pdf": upload(_plain_pdf())}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The file has no electronic signature of the Fund." in response.content.decode()


def test_verify_refuses_what_is_not_a_pdf(client, db):
    response = client.post(
        reverse("insurance:verify_lookup"), {"pdf": upload(b"<html>")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "This is not a PDF file." in response.content.decode()


def test_the_document_page_checks_the_signature_of_the_uploaded_copy(client, fund_certificate, world):
    url = reverse("insurance:verify", args=[world.statement.verification_code])
    data = world.statement.pdf.open("rb").read()
    response = client.post(url, {"pdf": upload(data)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["matches"] is True and response.context["signature"].valid


def _plain_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Hello</p>").write_pdf()
