"""EDS verification (R4, A1.8): signature, certificate chain, validity, key usage, IIN and the challenge."""

from datetime import date, timedelta

import pytest

from insurance.auth import eds
from insurance.auth.eds import EdsError, eds_challenge_issue, eds_verify
from insurance.identifiers import make_iin
from insurance.models import SignatureChallenge
from tests.insurance.auth_pki import login_xml, make_ca, make_signer, sign, write_bundle

IIN = make_iin(date(1990, 3, 15), female=True, serial=101)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    root = make_ca("TEST NATIONAL CA (ROOT)")
    intermediate = make_ca("TEST NATIONAL CA (RSA)", issuer=root)
    stranger = make_ca("SOMEONE ELSE'S CA")
    directory = tmp_path_factory.mktemp("pki")
    return {
        "bundle": write_bundle(directory / "trusted.pem", root.certificate),
        "citizen": make_signer(intermediate, iin=IIN, chain=(intermediate.certificate,)),
        "expired": make_signer(
            intermediate, iin=IIN, valid_days=(-400, -1), chain=(intermediate.certificate,)
        ),
        "auth_only": make_signer(intermediate, iin=IIN, can_sign=False, chain=(intermediate.certificate,)),
        "no_iin": make_signer(intermediate, iin=None, chain=(intermediate.certificate,)),
        "untrusted": make_signer(stranger, iin=IIN, chain=(stranger.certificate,)),
        "no_chain": make_signer(intermediate, iin=IIN),
    }


@pytest.fixture(autouse=True)
def _trust(settings, pki):
    settings.EDS_TRUSTED_CA_FILE = str(pki["bundle"])


def refused(signed_xml, purpose="login") -> str:
    with pytest.raises(EdsError) as caught:
        eds_verify(signed_xml=signed_xml, purpose=purpose, client_ip="10.0.0.1")
    assert str(caught.value)  # a message for the user, never empty
    return caught.value.code


@pytest.mark.django_db
def test_a_valid_signature_gives_the_iin_and_names_from_the_certificate(pki):
    challenge = eds_challenge_issue(purpose="login")

    signed = eds_verify(signed_xml=sign(login_xml(challenge.nonce), pki["citizen"]), purpose="login")

    assert signed.identity.iin == IIN
    assert signed.identity.full_name == "Тестова Айнұр Серікқызы"
    assert (signed.identity.last_name, signed.identity.first_name) == ("Тестова", "Айнұр")
    assert signed.identity.certificate_serial == format(pki["citizen"].certificate.serial_number, "x")
    assert "BEGIN CERTIFICATE" in signed.identity.certificate_pem
    assert signed.nonce == challenge.nonce
    assert signed.root.tag == "mshiLogin"
    challenge.refresh_from_db()
    assert challenge.used_at is not None


@pytest.mark.django_db
def test_a_challenge_is_url_safe_single_use_and_lives_5_minutes(time_machine):
    time_machine.move_to("2026-03-02 10:00:00+05:00", tick=False)
    challenge = eds_challenge_issue(purpose="request")
    assert len(challenge.nonce) >= 40 and all(c.isalnum() or c in "-_" for c in challenge.nonce)
    assert challenge.expires_at - challenge.created_at == timedelta(minutes=5)
    assert eds_challenge_issue(purpose="request").nonce != challenge.nonce


@pytest.mark.django_db
def test_content_changed_after_signing_is_a_bad_signature(pki):
    challenge = eds_challenge_issue(purpose="login")
    signed = sign(login_xml(challenge.nonce, extra="<consent>false</consent>"), pki["citizen"])

    assert refused(signed.replace("<consent>false</consent>", "<consent>true</consent>")) == "bad_signature"
    challenge.refresh_from_db()
    assert challenge.used_at is None  # a refused document uses nothing up


@pytest.mark.django_db
def test_a_signature_by_another_key_is_a_bad_signature(pki):
    challenge = eds_challenge_issue(purpose="login")
    signed = sign(login_xml(challenge.nonce), pki["citizen"])
    other = sign(login_xml(challenge.nonce), pki["no_chain"])
    # Keep the citizen's certificate but put in another key's signature value.
    start, end = "<ds:SignatureValue>", "</ds:SignatureValue>"
    forged = signed.split(start)[0] + start + other.split(start)[1].split(end)[0] + end + signed.split(end)[1]

    assert refused(forged) == "bad_signature"


@pytest.mark.django_db
def test_an_expired_certificate_is_refused(pki):
    challenge = eds_challenge_issue(purpose="login")
    assert refused(sign(login_xml(challenge.nonce), pki["expired"])) == "certificate_expired"


@pytest.mark.django_db
def test_a_certificate_from_an_untrusted_ca_is_refused(pki):
    challenge = eds_challenge_issue(purpose="login")
    assert refused(sign(login_xml(challenge.nonce), pki["untrusted"])) == "untrusted"


@pytest.mark.django_db
def test_a_chain_missing_its_intermediate_is_untrusted(pki):
    challenge = eds_challenge_issue(purpose="login")
    assert refused(sign(login_xml(challenge.nonce), pki["no_chain"])) == "untrusted"


@pytest.mark.django_db
def test_no_trusted_bundle_means_nothing_is_trusted(pki, settings, tmp_path):
    settings.EDS_TRUSTED_CA_FILE = str(tmp_path / "missing.pem")
    challenge = eds_challenge_issue(purpose="login")
    assert refused(sign(login_xml(challenge.nonce), pki["citizen"])) == "untrusted"


@pytest.mark.django_db
def test_a_key_without_digital_signature_usage_is_refused(pki):
    challenge = eds_challenge_issue(purpose="login")
    assert refused(sign(login_xml(challenge.nonce), pki["auth_only"])) == "key_usage"


@pytest.mark.django_db
def test_a_certificate_without_an_iin_is_refused(pki):
    challenge = eds_challenge_issue(purpose="login")
    assert refused(sign(login_xml(challenge.nonce), pki["no_iin"])) == "no_iin"


@pytest.mark.django_db
def test_an_unknown_challenge_is_refused(pki):
    assert refused(sign(login_xml("made-up-nonce"), pki["citizen"])) == "unknown_challenge"


@pytest.mark.django_db
def test_a_document_without_a_nonce_is_refused(pki):
    assert (
        refused(sign("<mshiLogin><purpose>login</purpose></mshiLogin>", pki["citizen"]))
        == "unknown_challenge"
    )


@pytest.mark.django_db
def test_a_challenge_of_another_purpose_is_unknown(pki):
    challenge = eds_challenge_issue(purpose="request")
    assert refused(sign(login_xml(challenge.nonce), pki["citizen"]), purpose="login") == "unknown_challenge"


@pytest.mark.django_db
def test_an_expired_challenge_is_refused(pki, time_machine):
    challenge = eds_challenge_issue(purpose="login")
    signed = sign(login_xml(challenge.nonce), pki["citizen"])
    time_machine.move_to(challenge.expires_at + timedelta(seconds=1))

    assert refused(signed) == "challenge_expired"


@pytest.mark.django_db
def test_a_reused_challenge_is_refused(pki):
    challenge = eds_challenge_issue(purpose="login")
    signed = sign(login_xml(challenge.nonce), pki["citizen"])
    eds_verify(signed_xml=signed, purpose="login")

    assert refused(signed) == "challenge_used"


@pytest.mark.django_db
def test_only_the_signed_content_counts(pki):
    """Signature wrapping: a live nonce put outside the signed part must not be picked up."""
    live = eds_challenge_issue(purpose="login")
    xml = '<mshiLogin><payload Id="p"><nonce>dead-nonce</nonce></payload></mshiLogin>'
    signed = sign(xml, pki["citizen"], reference_uri="#p")
    wrapped = signed.replace("<mshiLogin>", f"<mshiLogin><nonce>{live.nonce}</nonce>", 1)

    assert refused(wrapped) == "unknown_challenge"
    live.refresh_from_db()
    assert live.used_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hostile",
    [
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a><nonce>&e;</nonce></a>',
        '<!DOCTYPE a [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        "<a><nonce>&c;</nonce></a>",
        '<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a/>',
        "not xml at all",
        "",
        "<a>" + "x" * 300_000 + "</a>",
        "<a><nonce>unsigned</nonce></a>",
    ],
    ids=["xxe", "billion-laughs", "external-dtd", "not-xml", "empty", "huge", "unsigned"],
)
def test_hostile_or_unsigned_xml_is_refused_safely(hostile):
    assert refused(hostile) == "malformed"


@pytest.mark.django_db
def test_the_xxe_payload_never_reaches_the_answer(pki):
    """Even a signed document with an entity is refused before anything reads the file."""
    challenge = eds_challenge_issue(purpose="login")
    signed = sign(login_xml(challenge.nonce), pki["citizen"])
    hostile = '<!DOCTYPE mshiLogin [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + signed.replace(
        "<purpose>login</purpose>", "<purpose>&e;</purpose>"
    )
    with pytest.raises(EdsError) as caught:
        eds_verify(signed_xml=hostile, purpose="login")
    assert caught.value.code == "malformed"
    assert "root:" not in str(caught.value)


@pytest.mark.django_db
def test_challenges_are_rate_limited_per_address(settings):
    settings.AUTH_RATE_LIMITS = {**settings.AUTH_RATE_LIMITS, "eds_challenge_address": (3, 900)}
    for _ in range(3):
        eds_challenge_issue(purpose="login", client_ip="10.0.0.9")

    with pytest.raises(EdsError) as caught:
        eds_challenge_issue(purpose="login", client_ip="10.0.0.9")

    assert caught.value.code == "rate_limited" and caught.value.retry_after > 0
    assert SignatureChallenge.objects.count() == 3
    eds_challenge_issue(purpose="login", client_ip="10.0.0.10")  # another address is not held back


@pytest.mark.django_db
def test_refusals_are_logged_as_security_events(pki, caplog):
    challenge = eds_challenge_issue(purpose="login")
    with caplog.at_level("INFO", logger="insurance.security"):
        refused(sign(login_xml(challenge.nonce), pki["untrusted"]))
    record = next(r for r in caplog.records if r.name == "insurance.security")
    assert "eds.refused" in record.getMessage() and "code=untrusted" in record.getMessage()
    assert "address=10.0.0.1" in record.getMessage()


def test_unknown_purposes_are_a_programming_error():
    with pytest.raises(ValueError):
        eds.eds_challenge_issue(purpose="anything")
