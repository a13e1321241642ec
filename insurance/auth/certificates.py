"""X.509 helpers for EDS verification: the trusted bundle, chains, key usage and the signer's identity.

Certificates of Kazakhstan's national certification centre (NCA RK) name an individual like this:
CN = "SURNAME NAME", SURNAME = "SURNAME", GIVENNAME = the patronymic, SERIALNUMBER = "IIN" + 12 digits.
"""

from __future__ import annotations

import base64
import binascii
import logging
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509 import verification
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError

from insurance.identifiers import validate_iin

logger = logging.getLogger(__name__)

DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
_bundle_cache: dict[tuple[str, float], list[x509.Certificate]] = {}


def trusted_roots() -> list[x509.Certificate]:
    """The certificates in settings.EDS_TRUSTED_CA_FILE, re-read when the file changes."""
    path = Path(settings.EDS_TRUSTED_CA_FILE) if settings.EDS_TRUSTED_CA_FILE else None
    if path is None or not path.is_file():
        logger.error("EDS_TRUSTED_CA_FILE %r is missing: every EDS signature will be refused", str(path))
        return []
    key = (str(path), path.stat().st_mtime)
    if key not in _bundle_cache:
        _bundle_cache.clear()
        _bundle_cache[key] = x509.load_pem_x509_certificates(path.read_bytes())
    return _bundle_cache[key]


def certificates_in_signature(document) -> list[x509.Certificate]:
    """The X509Certificate elements of the first ds:Signature's KeyInfo, decoded; [] if there are none."""
    signature = document.find(f".//{{{DSIG_NS}}}Signature")
    if signature is None:
        return []
    certificates = []
    for element in signature.iterfind(
        f"{{{DSIG_NS}}}KeyInfo/{{{DSIG_NS}}}X509Data/{{{DSIG_NS}}}X509Certificate"
    ):
        der = base64.b64decode("".join((element.text or "").split()), validate=True)
        certificates.append(x509.load_der_x509_certificate(der))
    return certificates


def is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def split_chain(certificates: list[x509.Certificate]) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """The signer's (end-entity) certificate and the intermediates sent with it; XML-DSig fixes no order."""
    leaves = [c for c in certificates if not is_ca(c)] or certificates
    leaf = leaves[0]
    return leaf, [c for c in certificates if c is not leaf]


def chain_is_trusted(leaf: x509.Certificate, intermediates: list[x509.Certificate], at: datetime) -> bool:
    """RFC 5280 path validation up to a trusted root, every certificate valid at ``at``."""
    roots = trusted_roots()
    if not roots:
        return False
    verifier = (
        verification.PolicyBuilder()
        .store(verification.Store(roots))
        .time(at)
        # The CA side follows the Web PKI profile; the signer's own extensions are checked by us
        # (key usage below), since a signing certificate is not a TLS client certificate.
        .extension_policies(
            ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(),
            ee_policy=verification.ExtensionPolicy.permit_all(),
        )
        .build_client_verifier()
    )
    try:
        verifier.verify(leaf, intermediates)
    except verification.VerificationError as error:
        logger.info("EDS chain not trusted: %s", error)
        return False
    return True


def allows_signing(certificate: x509.Certificate) -> bool:
    """Key usage must include digitalSignature or nonRepudiation (contentCommitment)."""
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return usage.digital_signature or usage.content_commitment


def _attribute(certificate: x509.Certificate, oid) -> str:
    values = certificate.subject.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""


def _readable(name: str) -> str:
    # NCA certificates spell names in capitals; the cabinet shows them as people write them.
    return name.title() if name.isupper() else name


def iin_of(certificate: x509.Certificate) -> str | None:
    serial = _attribute(certificate, NameOID.SERIAL_NUMBER)
    if not serial.upper().startswith("IIN"):
        return None
    try:
        return validate_iin(serial[3:])
    except ValidationError:
        return None


def names_of(certificate: x509.Certificate) -> tuple[str, str, str]:
    """(last name, first name, patronymic) from CN, SURNAME and GIVENNAME."""
    common_name = _attribute(certificate, NameOID.COMMON_NAME)
    last_name = _attribute(certificate, NameOID.SURNAME)
    if last_name and common_name.upper().startswith(last_name.upper()):
        first_name = common_name[len(last_name) :].strip()
    else:
        last_name, _sep, first_name = common_name.partition(" ")
    patronymic = _attribute(certificate, NameOID.GIVEN_NAME)
    return _readable(last_name), _readable(first_name), _readable(patronymic)


def to_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def decode_error_types() -> tuple[type[Exception], ...]:
    """What decoding a hostile KeyInfo may raise."""
    return (ValueError, binascii.Error, TypeError)
