"""EDS (electronic digital signature) login and certification (R4, A1.8, A1.10).

The page issues a single-use challenge; the citizen's signer (NCALayer's ``signXml``, or the DEBUG demo
signer) returns an XML-DSig signed document containing it in a ``nonce`` element. ``eds_verify`` checks,
in order: the document is well-formed and harmless (no DTD, no entities, bounded size), the signer's
certificate is valid now, the signature matches the signed content, the chain leads to a trusted CA, the
key may sign, the subject carries an IIN, and the challenge is live, unused and of this purpose.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree
from signxml import XMLVerifier
from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidInput, InvalidSignature

from insurance.models import AuthPurpose, SignatureChallenge

from . import certificates as certs
from .limits import RateLimited, rate_limit_hit
from .otp import rate_limited_error
from .security_log import security_event


class EdsError(Exception):
    """.code: malformed | bad_signature | untrusted | certificate_expired | key_usage | no_iin |
    unknown_challenge | challenge_expired | challenge_used | rate_limited ; str(error) translated for the user
    """

    def __init__(self, code: str, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.code = code
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignerIdentity:
    iin: str
    full_name: str
    certificate_serial: str
    certificate_pem: str
    not_after: datetime
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""


@dataclass(frozen=True)
class SignedDocument:
    identity: SignerIdentity
    root: etree._Element  # the verified signed content only: never read anything outside it
    nonce: str


def _message(code: str) -> str:
    return {
        "malformed": _("The signed document could not be read. Sign it again."),
        "bad_signature": _(
            "The signature does not match the document: it was changed after signing or signed with "
            "another key. Sign it again."
        ),
        "untrusted": _(
            "The certificate was not issued by a certification centre the Fund trusts. Use a key of "
            "the National Certification Centre of Kazakhstan."
        ),
        "certificate_expired": _(
            "Your signing certificate is not valid today (it has expired or is not yet valid). Renew "
            "it at the National Certification Centre, or log in with an SMS code."
        ),
        "key_usage": _(
            "This key is for authentication only and cannot sign. Choose your signing key (its file name "
            "starts with RSA or GOST, not AUTH)."
        ),
        "no_iin": _("The certificate does not contain an individual's IIN. Use your personal key."),
        "unknown_challenge": _("The signed document is not the one this page asked for. Start again."),
        "challenge_expired": _("More than 5 minutes passed before signing. Start again and sign at once."),
        "challenge_used": _("This signed document has already been used. Start again."),
    }[code]


def _error(code: str) -> EdsError:
    return EdsError(code, _message(code))


def _limit(scope: str, client_ip: str | None) -> None:
    try:
        rate_limit_hit(scope, client_ip)
    except RateLimited as limited:
        security_event(f"eds.{scope}_rate_limited", address=client_ip)
        error = rate_limited_error(limited.retry_after)
        raise EdsError("rate_limited", str(error), retry_after=limited.retry_after) from limited


def eds_challenge_issue(*, purpose: str, client_ip: str | None = None) -> SignatureChallenge:
    """A fresh single-use challenge (url-safe random nonce) that expires in 5 minutes."""
    if purpose not in AuthPurpose.values:
        raise ValueError(f"unknown challenge purpose {purpose!r}")
    _limit("eds_challenge_address", client_ip)
    now = timezone.now()
    challenge = SignatureChallenge(
        nonce=secrets.token_urlsafe(32),
        purpose=purpose,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.EDS_CHALLENGE_TTL_SECONDS),
    )
    challenge.full_clean()
    challenge.save()
    return challenge


def _parser() -> etree.XMLParser:
    # No entity expansion, no DTD, no network, no huge trees: XXE and "billion laughs" go nowhere.
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False
    )


def parse_document(signed_xml: str | bytes) -> tuple[bytes, etree._Element]:
    data = signed_xml.encode() if isinstance(signed_xml, str) else bytes(signed_xml)
    if not data.strip() or len(data) > settings.EDS_MAX_DOCUMENT_BYTES:
        raise _error("malformed")
    try:
        tree = etree.fromstring(data, parser=_parser()).getroottree()
    except (etree.XMLSyntaxError, ValueError) as error:
        raise _error("malformed") from error
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _error("malformed")  # a signed login or request never needs a DTD
    return data, tree.getroot()


def _signer_certificate(document) -> tuple[x509.Certificate, list[x509.Certificate]]:
    try:
        chain = certs.certificates_in_signature(document)
    except certs.decode_error_types() as error:
        raise _error("malformed") from error
    if not chain:
        raise _error("malformed")
    return certs.split_chain(chain)


def _verified_content(data: bytes, leaf: x509.Certificate) -> etree._Element:
    """Check the signature with the signer's certificate; return only what the signature covers."""
    try:
        result = XMLVerifier().verify(data, x509_cert=leaf, parser=_parser())
    except (InvalidSignature, InvalidDigest, InvalidCertificate) as error:
        raise _error("bad_signature") from error
    except (InvalidInput, etree.XMLSyntaxError, ValueError, TypeError) as error:
        raise _error("malformed") from error
    return result.signed_xml


def _identity(leaf: x509.Certificate) -> SignerIdentity:
    iin = certs.iin_of(leaf)
    if iin is None:
        raise _error("no_iin")
    last_name, first_name, patronymic = certs.names_of(leaf)
    return SignerIdentity(
        iin=iin,
        full_name=" ".join(part for part in (last_name, first_name, patronymic) if part),
        certificate_serial=format(leaf.serial_number, "x"),
        certificate_pem=certs.to_pem(leaf),
        not_after=leaf.not_valid_after_utc,
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
    )


def _nonce_in(root: etree._Element) -> str:
    """The text of the first element named ``nonce`` (any namespace) inside the signed content."""
    for element in root.iter(etree.Element):
        if etree.QName(element).localname == "nonce":
            return (element.text or "").strip()
    raise _error("unknown_challenge")


def _consume_challenge(*, nonce: str, purpose: str, now: datetime) -> None:
    # One UPDATE is the compare-and-set: two submissions of the same document cannot both pass.
    live = SignatureChallenge.objects.filter(
        nonce=nonce, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    )
    if live.update(used_at=now) == 1:
        return
    challenge = SignatureChallenge.objects.filter(nonce=nonce, purpose=purpose).first()
    if challenge is None:
        raise _error("unknown_challenge")
    raise _error("challenge_used" if challenge.used_at else "challenge_expired")


def _verify(data: bytes, document, purpose: str) -> SignedDocument:
    leaf, intermediates = _signer_certificate(document)
    now = timezone.now()
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        raise _error("certificate_expired")
    content = _verified_content(data, leaf)
    if not certs.chain_is_trusted(leaf, intermediates, now):
        raise _error("untrusted")
    if not certs.allows_signing(leaf):
        raise _error("key_usage")
    identity = _identity(leaf)
    nonce = _nonce_in(content)
    _consume_challenge(nonce=nonce, purpose=purpose, now=now)
    return SignedDocument(identity=identity, root=content, nonce=nonce)


def eds_verify(*, signed_xml: str | bytes, purpose: str, client_ip: str | None = None) -> SignedDocument:
    """Verify a signed document and consume its challenge; raise EdsError with a message for the user."""
    if purpose not in AuthPurpose.values:
        raise ValueError(f"unknown challenge purpose {purpose!r}")
    _limit("eds_verify_address", client_ip)
    try:
        data, document = parse_document(signed_xml)
        signed = _verify(data, document, purpose)
    except EdsError as error:
        security_event("eds.refused", address=client_ip, purpose=purpose, code=error.code)
        raise
    security_event("eds.verified", iin=signed.identity.iin, address=client_ip, purpose=purpose)
    return signed
