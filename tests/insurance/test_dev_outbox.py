"""/dev/outbox/: the SMS messages sent, newest first — in DEBUG only (issue 3, DESIGN "Public contract")."""

import pytest

from insurance.sms import send_sms
from tests.factories import PersonFactory
from tests.helpers import log_in_citizen


@pytest.fixture
def file_outbox(settings, tmp_path):
    settings.SMS_BACKEND = "insurance.sms.FileBackend"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "outbox.jsonl")


@pytest.mark.django_db
def test_it_is_404_when_debug_is_off(client, file_outbox):
    send_sms("+77011234501", "123456 is your code")
    response = client.get("/dev/outbox/")
    assert response.status_code == 404
    assert "123456" not in response.content.decode()


@pytest.mark.django_db
def test_it_is_404_for_a_logged_in_citizen_too_when_debug_is_off(client, file_outbox):
    log_in_citizen(client, PersonFactory())
    assert client.get("/dev/outbox/").status_code == 404


@pytest.mark.django_db
def test_in_debug_it_lists_phone_and_text_newest_first(client, file_outbox, settings, time_machine):
    settings.DEBUG = True
    time_machine.move_to("2026-03-02 10:00:00+05:00", tick=False)
    send_sms("+77011234501", "111111 is your code")
    time_machine.move_to("2026-03-02 10:05:00+05:00", tick=False)
    send_sms("+77011234502", "222222 is your code")

    page = client.get("/dev/outbox/").content.decode()

    assert page.index("222222") < page.index("111111")
    assert "+77011234502" in page and "02.03.2026 10:05:00" in page
    assert "Cache-Control" in client.get("/dev/outbox/").headers


@pytest.mark.django_db
def test_in_debug_an_empty_outbox_says_so(client, file_outbox, settings):
    settings.DEBUG = True
    response = client.get("/dev/outbox/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "No SMS has been sent yet." in response.content.decode()
