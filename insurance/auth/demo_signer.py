"""The DEBUG-only demo signer: stands in for NCALayer so the EDS demo works on any machine.

A demo CA is generated once under ``settings.EDS_DEMO_DIR`` (VAR_DIR/demo-eds/); local settings trust it by
default, production never does. Each IIN gets its own demo key and certificate, shaped like the national
certification centre's (SERIALNUMBER=IIN…, SURNAME, GIVENNAME = patronymic), valid for a year.
Only /dev/eds-sign/ calls this module, and that view answers 404 unless DEBUG is on.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils import timezone
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner, methods

from insurance.identifiers import validate_iin
from insurance.models import IdentityRecord, Person

from .eds import parse_document
from .limits import subject_digest

CA_NAME = "MSHI PORTAL DEMO CA - NOT FOR PRODUCTION"


def _directory() -> Path:
    directory = Path(settings.EDS_DEMO_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@contextmanager
def _locked():
    """The web process and tests may generate at once: one writer at a time."""
    with open(_directory() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _write(path: Path, key, certificate: x509.Certificate) -> None:
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key_path = path.with_suffix(".key")
    key_path.write_bytes(pem_key)
    key_path.chmod(0o600)
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def _read(path: Path):
    if not path.exists() or not path.with_suffix(".key").exists():
        return None
    certificate = x509.load_pem_x509_certificate(path.read_bytes())
    if certificate.not_valid_after_utc <= timezone.now() + timedelta(days=1):
        return None  # renew a demo certificate before it expires
    key = serialization.load_pem_private_key(path.with_suffix(".key").read_bytes(), password=None)
    return key, certificate


def _create_ca():
    key = _new_key()
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME), x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ")]
    )
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def demo_ca():
    """The demo CA's (key, certificate), generated on first use; its PEM is ``ca.pem``."""
    path = _directory() / "ca.pem"
    with _locked():
        existing = _read(path)
        if existing is None:
            existing = _create_ca()
            _write(path, *existing)
        return existing


def _names_for(iin: str) -> tuple[str, str, str]:
    """Names as the state register (or the Fund) knows them; a placeholder for an IIN nobody knows."""
    record = IdentityRecord.objects.filter(iin=iin).first() or Person.objects.filter(iin=iin).first()
    if record and record.last_name:
        return record.last_name.upper(), record.first_name.upper(), record.patronymic.upper()
    return "ДЕМО", "АЗАМАТ", ""


def _signing_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _issue(iin: str, ca_key, ca_certificate: x509.Certificate):
    key = _new_key()
    last_name, first_name, patronymic = _names_for(iin)
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, f"{last_name} {first_name}".strip()),
        x509.NameAttribute(NameOID.SURNAME, last_name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
    ]
    if patronymic:
        attributes.append(x509.NameAttribute(NameOID.GIVEN_NAME, patronymic))
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_signing_key_usage(), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, certificate


def demo_certificate(iin: str):
    """The (key, certificate) of this IIN's demo signer, issued on first use."""
    iin = validate_iin(iin)
    ca_key, ca_certificate = demo_ca()
    path = _directory() / "people" / f"{subject_digest(iin)[:32]}.pem"
    path.parent.mkdir(exist_ok=True)
    with _locked():
        existing = _read(path)
        if existing is None or existing[1].issuer != ca_certificate.subject:
            existing = _issue(iin, ca_key, ca_certificate)
            _write(path, *existing)
        return existing


def demo_sign(*, xml: str | bytes, iin: str) -> str:
    """Sign ``xml`` as NCALayer's signXml does: an enveloped RSA-SHA256 XML-DSig with the certificate."""
    _data, root = parse_document(xml)  # the same hardened parser and size limit as verification
    key, certificate = demo_certificate(iin)
    signer = XMLSigner(
        method=methods.enveloped,
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
    )
    signed = signer.sign(root, key=key, cert=[certificate])
    return etree.tostring(signed, encoding="unicode")
