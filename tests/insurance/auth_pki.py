"""A small test PKI built with `cryptography`, shaped like Kazakhstan's national certification centre.

A trusted root CA with an intermediate, and user certificates with SERIALNUMBER=IIN…, SURNAME and
GIVENNAME (the patronymic). Variants for the failure cases: expired, no digitalSignature key usage, no
IIN, and a certificate from a CA nobody trusts. ``sign`` makes the enveloped XML-DSig NCALayer makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner, methods


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=not sign and not ca,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass(frozen=True)
class Authority:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate


def make_ca(name: str, *, issuer: Authority | None = None) -> Authority:
    key = _key()
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ")]
    )
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(
            x509.BasicConstraints(ca=True, path_length=None if issuer is None else 0), critical=True
        )
        .add_extension(_usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    return Authority(key, builder.sign((issuer or Authority(key, None)).key, hashes.SHA256()))


@dataclass(frozen=True)
class Signer:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]  # sent in KeyInfo with the signer's certificate


def make_signer(
    issuer: Authority,
    *,
    iin: str | None,
    surname: str = "ТЕСТОВА",
    name: str = "АЙНҰР",
    patronymic: str = "СЕРІКҚЫЗЫ",
    valid_days: tuple[int, int] = (-1, 365),
    can_sign: bool = True,
    chain: tuple[x509.Certificate, ...] = (),
) -> Signer:
    key = _key()
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, f"{surname} {name}"),
        x509.NameAttribute(NameOID.SURNAME, surname),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        x509.NameAttribute(NameOID.GIVEN_NAME, patronymic),
    ]
    if iin:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"))
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + timedelta(days=valid_days[0]))
        .not_valid_after(now + timedelta(days=valid_days[1]))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign=can_sign, ca=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
        .sign(issuer.key, hashes.SHA256())
    )
    return Signer(key, certificate, chain)


def sign(xml: str, signer: Signer, *, reference_uri: str | None = None) -> str:
    """An enveloped RSA-SHA256 XML-DSig with the signer's certificate (and chain) in KeyInfo."""
    root = etree.fromstring(xml.encode())
    xml_signer = XMLSigner(
        method=methods.enveloped,
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
    )
    options = {"reference_uri": reference_uri} if reference_uri else {}
    signed = xml_signer.sign(root, key=signer.key, cert=[signer.certificate, *signer.chain], **options)
    return etree.tostring(signed, encoding="unicode")


def write_bundle(path: Path, *certificates: x509.Certificate) -> Path:
    path.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates))
    return path


def login_xml(nonce: str, *, extra: str = "") -> str:
    return f"<mshiLogin><purpose>login</purpose><nonce>{nonce}</nonce>{extra}</mshiLogin>"
