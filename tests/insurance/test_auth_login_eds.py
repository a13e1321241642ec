"""The EDS log-in page (R4, A1.8): a fresh challenge, the signed document posted back, every refusal shown."""

from datetime import date, timedelta

import pytest

from insurance.citizens import METHOD_KEY, SESSION_KEY, current_person
from insurance.identifiers import make_iin
from insurance.models import Person, SignatureChallenge
from insurance.views.auth import EDS_NONCE_KEY
from tests.factories import PersonFactory
from tests.insurance.auth_pki import login_xml, make_ca, make_signer, sign, write_bundle

LOGIN_EDS = "/cabinet/login/eds/"
IIN = make_iin(date(1990, 3, 15), female=True, serial=101)
NEW_IIN = make_iin(date(2001, 11, 30), serial=55)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    root = make_ca("TEST NATIONAL CA")
    stranger = make_ca("UNTRUSTED CA")
    return {
        "bundle": write_bundle(tmp_path_factory.mktemp("pki") / "ca.pem", root.certificate),
        "known": make_signer(root, iin=IIN),
        "new": make_signer(root, iin=NEW_IIN, surname="ЖАҢА", name="АЗАМАТ", patronymic="ЕРЛАНҰЛЫ"),
        "expired": make_signer(root, iin=IIN, valid_days=(-30, -2)),
        "untrusted": make_signer(stranger, iin=IIN),
    }


@pytest.fixture(autouse=True)
def _trust(settings, pki):
    settings.EDS_TRUSTED_CA_FILE = str(pki["bundle"])


def open_page(client) -> str:
    response = client.get(LOGIN_EDS)
    assert response.status_code == 200
    return client.session[EDS_NONCE_KEY]


def post_signed(client, xml, next_url="", language="en"):
    return client.post(LOGIN_EDS, {"signed_xml": xml, "next": next_url}, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.django_db
def test_the_page_gives_the_document_to_sign_with_a_fresh_challenge(client):
    nonce = open_page(client)
    page = client.get(LOGIN_EDS).content.decode()

    assert SignatureChallenge.objects.filter(purpose="login").count() == 2
    assert client.session[EDS_NONCE_KEY] != nonce  # every visit gets its own challenge
    assert "data-eds-document=" in page and client.session[EDS_NONCE_KEY] in page
    assert 'src="/static/js/eds.js"' in page and "<script>" not in page


@pytest.mark.django_db
def test_a_known_citizen_logs_in_with_an_eds(client, pki):
    person = PersonFactory(iin=IIN, last_name="Әбенова", first_name="Айгерім")
    nonce = open_page(client)
    before = client.session.session_key

    response = post_signed(client, sign(login_xml(nonce), pki["known"]), "/cabinet/statements/")

    assert response.status_code == 302 and response["Location"] == "/cabinet/statements/"
    assert client.session[SESSION_KEY] == person.pk and client.session[METHOD_KEY] == "eds"
    assert client.session.session_key != before
    person.refresh_from_db()
    assert person.last_name == "Әбенова"  # the Fund's names are never overwritten by a certificate


@pytest.mark.django_db
def test_an_iin_the_fund_does_not_know_gets_a_person_from_the_certificate(client, pki):
    nonce = open_page(client)

    response = post_signed(client, sign(login_xml(nonce), pki["new"]))

    assert response["Location"] == "/cabinet/"
    person = Person.objects.get(iin=NEW_IIN)
    assert (person.last_name, person.first_name, person.patronymic) == ("Жаңа", "Азамат", "Ерланұлы")
    assert person.phone == ""
    assert client.session[SESSION_KEY] == person.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signer", "words"),
    [("expired", "not valid today"), ("untrusted", "certification centre")],
)
def test_a_refused_signature_is_explained_and_nobody_is_logged_in(client, pki, signer, words):
    nonce = open_page(client)
    response = post_signed(client, sign(login_xml(nonce), pki[signer]))
    page = response.content.decode()

    assert response.status_code == 400
    assert words in page and 'role="alert"' in page
    assert SESSION_KEY not in client.session
    assert Person.objects.count() == 0
    assert client.session[EDS_NONCE_KEY] != nonce  # a new challenge to try again with


@pytest.mark.django_db
def test_a_forged_document_is_refused(client, pki):
    nonce = open_page(client)
    signed = sign(login_xml(nonce, extra="<note>a</note>"), pki["known"])
    response = post_signed(client, signed.replace("<note>a</note>", "<note>b</note>"))
    assert response.status_code == 400 and "changed after signing" in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_a_challenge_issued_to_another_browser_is_refused(client, pki):
    """Outsider: a document signed for someone else's page cannot open a session in this one."""
    other_browser = client.__class__()
    foreign_nonce = open_page(other_browser)
    open_page(client)

    response = post_signed(client, sign(login_xml(foreign_nonce), pki["known"]))

    assert response.status_code == 400 and SESSION_KEY not in client.session


@pytest.mark.django_db
def test_an_expired_challenge_says_start_again(client, pki, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+05:00", tick=False)
    nonce = open_page(client)
    signed = sign(login_xml(nonce), pki["known"])
    time_machine.shift(timedelta(minutes=5, seconds=1))

    response = post_signed(client, signed)
    assert response.status_code == 400 and "5 minutes" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_post_is_explained(client):
    open_page(client)
    response = post_signed(client, "")
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_the_demo_signer_is_offered_only_in_debug(client, settings):
    assert "eds-sign-demo" not in client.get(LOGIN_EDS).content.decode()
    assert "data-debug" not in client.get(LOGIN_EDS).content.decode()
    settings.DEBUG = True
    page = client.get(LOGIN_EDS).content.decode()
    assert "eds-sign-demo" in page and 'data-demo-signer-url="/dev/eds-sign/"' in page


@pytest.mark.django_db
def test_too_many_challenges_from_one_address_are_refused(client, settings):
    settings.AUTH_RATE_LIMITS = {**settings.AUTH_RATE_LIMITS, "eds_challenge_address": (2, 900)}
    open_page(client)
    open_page(client)
    response = client.get(LOGIN_EDS)
    assert response.status_code == 429 and "data-eds-document" not in response.content.decode()


@pytest.mark.django_db
def test_a_logged_in_citizen_stays_who_they_are_after_a_failed_eds_attempt(client, pki):
    person = PersonFactory(iin=IIN)
    nonce = open_page(client)
    post_signed(client, sign(login_xml(nonce), pki["known"]))
    nonce = open_page(client)

    post_signed(client, sign(login_xml(nonce), pki["untrusted"]))

    request = type("R", (), {"session": client.session})()
    assert current_person(request) == person


@pytest.mark.django_db
def test_refusals_are_in_kazakh_by_default(client, pki):
    nonce = open_page(client)
    signed = sign(login_xml(nonce, extra="<note>a</note>"), pki["known"])
    response = post_signed(client, signed.replace("<note>a</note>", "<note>b</note>"), language="kk")
    assert "қол қойылғаннан кейін өзгертілген" in response.content.decode()
