"""The Fund's signature on issued PDFs (PAdES, pyHanko) and its check on /verify/.

Statements and refusals are signed once, when they are stored (R8: the stored PDF and its SHA-256 are the
document); opening them later costs nothing. The key and certificate come from ``FUND_SIGNING_KEY`` and
``FUND_SIGNING_CERT`` (PEM; the key may be encrypted with ``FUND_SIGNING_PASSPHRASE``). Locally and in
tests a development CA and signing certificate are generated on first use under ``VAR_DIR/signing/``
(never committed); production has no such default.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)

FIELD_NAME = "FundSignature"
PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----\s*", re.DOTALL)


def _blocks(data: bytes, kind: str) -> list[bytes]:
    return [m.group(0) for m in PEM_BLOCK.finditer(data) if m.group(1).decode() == kind]


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Social Health Insurance Fund (development)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def development_bundle() -> bytes:
    """A development CA and a document-signing certificate issued by it, with the signing key (PEM)."""
    # Valid from long before to long after today: tests travel in time, and a demo lives for years.
    valid_from, valid_to = datetime(2020, 1, 1, tzinfo=UTC), datetime(2045, 1, 1, tzinfo=UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("MSHI development CA (not trusted outside this portal)")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_to)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Social Health Insurance Fund — document signing (development)"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_to)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    pem = serialization.Encoding.PEM
    return key_pem + cert.public_bytes(pem) + ca_cert.public_bytes(pem)


def _ensure_development_bundle(path: Path) -> None:
    """Written once: a temporary file is hard-linked into place, so racing processes agree on one key."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(development_bundle())
    os.chmod(handle.name, 0o600)
    try:
        os.link(handle.name, path)
        logger.warning("generated a development signing certificate at %s (not for production)", path)
    except FileExistsError:
        pass  # another process won the race: use its bundle
    finally:
        os.unlink(handle.name)


@dataclass(frozen=True)
class SigningMaterial:
    signer: signers.SimpleSigner
    certificate: asn1_x509.Certificate
    trust_roots: tuple[asn1_x509.Certificate, ...]


@functools.cache
def _material(key_path: str, cert_path: str, passphrase: str) -> SigningMaterial:
    if settings.FUND_SIGNING_GENERATE_DEV_CERT:
        for path in {key_path, cert_path}:
            _ensure_development_bundle(Path(path))
    try:
        key_blocks = [
            b
            for kind in ("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")
            for b in _blocks(Path(key_path).read_bytes(), kind)
        ]
        certs = [
            x509.load_pem_x509_certificate(block)
            for block in _blocks(Path(cert_path).read_bytes(), "CERTIFICATE")
        ]
        key = serialization.load_pem_private_key(key_blocks[0], password=passphrase.encode() or None)
    except (OSError, IndexError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"cannot load the Fund's signing key/certificate: {error}") from error
    der = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certs]
    extra = []
    if settings.FUND_SIGNING_CA_FILE:
        extra = [
            asn1_x509.Certificate.load(
                x509.load_pem_x509_certificate(b).public_bytes(serialization.Encoding.DER)
            )
            for b in _blocks(Path(settings.FUND_SIGNING_CA_FILE).read_bytes(), "CERTIFICATE")
        ]
    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=der[0], signing_key=key_info, cert_registry=SimpleCertificateStore.from_certs(der)
    )
    roots = tuple(der[1:] + extra) or (der[0],)
    return SigningMaterial(signer=signer, certificate=der[0], trust_roots=roots)


def signing_material() -> SigningMaterial:
    return _material(
        str(settings.FUND_SIGNING_KEY), str(settings.FUND_SIGNING_CERT), settings.FUND_SIGNING_PASSPHRASE
    )


def _off_any_event_loop(function, *args):
    """pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a running event loop
    (an ASGI server, a notebook, Playwright in the browser tests): then it runs in a short-lived thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def sign_pdf(pdf: bytes) -> bytes:
    """The PDF with the Fund's PAdES signature appended (an incremental update: the content is untouched)."""
    return _off_any_event_loop(_sign_pdf, pdf, signing_material())


def _sign_pdf(pdf: bytes, material: SigningMaterial) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="Issued by the Social Health Insurance Fund",
        location="Astana, KZ",
    )
    return signers.sign_pdf(writer, meta, signer=material.signer).getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    trusted: bool = False  # the certificate chains to the Fund's trusted roots
    whole_file: bool = False  # nothing was added after signing
    signer: str = ""
    signed_at: datetime | None = None

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted and self.whole_file


def check_signature(pdf: bytes) -> SignatureCheck:
    """Is ``pdf`` signed by the Fund, unaltered since? Any unreadable file is simply "not signed"."""
    return _off_any_event_loop(_check_signature, pdf, signing_material())


def _check_signature(pdf: bytes, material: SigningMaterial) -> SignatureCheck:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # untrusted upload: any parser failure means "no valid signature"
        return SignatureCheck(signed=False)
    if not signatures:
        return SignatureCheck(signed=False)
    signature = signatures[-1]
    context = ValidationContext(trust_roots=list(material.trust_roots), allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, context)
    except Exception:  # a malformed signature dictionary or CMS blob
        return SignatureCheck(signed=True)
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE and len(signatures) == 1,
        signer=status.signing_cert.subject.native.get("common_name", ""),
        signed_at=status.signer_reported_dt,
    )
