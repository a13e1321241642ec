"""/dev/eds-sign/: the DEBUG-only demo signer standing in for NCALayer, and its demo CA."""

from datetime import date

import pytest
from cryptography import x509
from django.test import Client

from insurance.auth.demo_signer import CA_NAME, demo_ca
from insurance.auth.eds import eds_challenge_issue, eds_verify
from insurance.identifiers import make_iin
from insurance.models import IdentityRecord
from tests.factories import PersonFactory
from tests.helpers import log_in_citizen
from tests.insurance.auth_pki import login_xml

IIN = make_iin(date(1990, 3, 15), female=True, serial=101)


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.EDS_DEMO_DIR = tmp_path / "demo-eds"
    settings.EDS_TRUSTED_CA_FILE = str(tmp_path / "demo-eds" / "ca.pem")  # as in local settings


@pytest.mark.django_db
def test_it_is_404_when_debug_is_off(client, settings, tmp_path):
    settings.EDS_DEMO_DIR = tmp_path / "demo-eds"
    response = client.post("/dev/eds-sign/", {"xml": login_xml("n"), "iin": IIN})
    assert response.status_code == 404
    assert not (tmp_path / "demo-eds").exists()


@pytest.mark.django_db
def test_a_document_signed_by_the_demo_signer_logs_in(client, demo):
    IdentityRecord.objects.create(iin=IIN, last_name="Әбенова", first_name="Айгерім", patronymic="Нұрланқызы")
    challenge = eds_challenge_issue(purpose="login")

    response = client.post("/dev/eds-sign/", {"xml": login_xml(challenge.nonce), "iin": IIN})

    assert response.status_code == 200
    signed = eds_verify(signed_xml=response.json()["signed_xml"], purpose="login")
    assert signed.identity.iin == IIN
    assert signed.identity.full_name == "Әбенова Айгерім Нұрланқызы"


@pytest.mark.django_db
def test_it_signs_as_the_logged_in_citizen_when_no_iin_is_given(client, demo):
    person = PersonFactory(iin=IIN, last_name="Тестова", first_name="Айнұр")
    log_in_citizen(client, person)
    challenge = eds_challenge_issue(purpose="request")

    response = client.post("/dev/eds-sign/", {"xml": login_xml(challenge.nonce)})

    assert eds_verify(signed_xml=response.json()["signed_xml"], purpose="request").identity.iin == IIN


@pytest.mark.django_db
def test_it_needs_the_csrf_token(demo):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/dev/eds-sign/", {"xml": login_xml("n"), "iin": IIN}).status_code == 403


@pytest.mark.django_db
def test_it_is_post_only(client, demo):
    assert client.get("/dev/eds-sign/").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"xml": "<a/>", "iin": "123"}, 400),
        ({"xml": "<a/>"}, 400),  # anonymous and no IIN
        ({"xml": "<!DOCTYPE a [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><a>&e;</a>", "iin": IIN}, 400),
        ({"xml": "not xml", "iin": IIN}, 400),
    ],
)
def test_bad_input_gets_a_clear_error(client, demo, data, status):
    response = client.post("/dev/eds-sign/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status and response.json()["error"]


@pytest.mark.django_db
def test_the_demo_ca_is_made_once_and_reused(demo, settings):
    first_key, first = demo_ca()
    second_key, second = demo_ca()

    assert first == second
    assert f"CN={CA_NAME}" in first.subject.rfc4514_string()
    assert first.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    key_file = settings.EDS_DEMO_DIR / "ca.key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
