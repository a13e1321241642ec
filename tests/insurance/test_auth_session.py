"""Citizen sessions: 15 minutes idle expiry (sliding), log out, the "Log out" button (issue 3, R4)."""

import re
from datetime import date, timedelta

import pytest
from django.http import HttpResponse
from django.urls import include, path

from insurance.citizens import SESSION_KEY, citizen_required, current_person
from insurance.identifiers import make_iin
from tests.factories import PersonFactory


@citizen_required
def protected(request):
    return HttpResponse(f"cabinet of {current_person(request).pk}")


# A stand-in for a cabinet page: the real ones are built elsewhere, the session rules are the same.
urlpatterns = [path("test-cabinet/", protected), path("", include("config.urls"))]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def person(db):
    return PersonFactory(iin=make_iin(date(1990, 3, 15), female=True, serial=101), phone="+77011234501")


def log_in(client, person, outbox):
    client.post("/cabinet/login/sms/", {"action": "send", "iin": person.iin})
    code = re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)
    response = client.post("/cabinet/login/sms/", {"action": "verify", "code": code})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_session_expires_after_15_idle_minutes(client, person, time_machine, _sms_outbox):
    time_machine.move_to("2026-03-02 10:00:00+05:00", tick=False)
    log_in(client, person, _sms_outbox)
    assert client.get("/test-cabinet/").status_code == 200

    time_machine.shift(timedelta(minutes=15, seconds=1))
    response = client.get("/test-cabinet/")

    assert response.status_code == 302
    assert response["Location"] == "/cabinet/login/?next=%2Ftest-cabinet%2F"


@pytest.mark.django_db
def test_activity_keeps_the_session_alive(client, person, time_machine, _sms_outbox):
    time_machine.move_to("2026-03-02 10:00:00+05:00", tick=False)
    log_in(client, person, _sms_outbox)
    for _ in range(4):  # an hour in all, never 15 minutes idle
        time_machine.shift(timedelta(minutes=14))
        assert client.get("/test-cabinet/").status_code == 200


@pytest.mark.django_db
def test_log_out_ends_the_session_and_goes_home(client, person, _sms_outbox):
    log_in(client, person, _sms_outbox)
    old_key = client.session.session_key

    response = client.post("/cabinet/logout/")

    assert response.status_code == 302 and response["Location"] == "/"
    assert SESSION_KEY not in client.session and client.session.session_key != old_key
    assert client.get("/test-cabinet/").status_code == 302
    assert "Log out" not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.django_db
def test_log_out_is_post_only(client, person, _sms_outbox):
    log_in(client, person, _sms_outbox)
    assert client.get("/cabinet/logout/").status_code == 405
    assert client.get("/test-cabinet/").status_code == 200  # a link or an image cannot log anyone out


@pytest.mark.django_db
def test_log_out_needs_the_csrf_token(person, _sms_outbox):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/cabinet/logout/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_anonymous_log_out_just_goes_home(client):
    response = client.post("/cabinet/logout/")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_the_log_out_button_shows_only_for_a_logged_in_citizen(client, person, _sms_outbox):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'action="/cabinet/logout/"' not in page

    log_in(client, person, _sms_outbox)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'action="/cabinet/logout/"' in page and "Log out" in page


@pytest.mark.django_db
def test_another_citizens_session_is_untouched_by_a_log_out(client, person, _sms_outbox):
    """Outsider: logging out one browser does not end anyone else's session."""
    from django.test import Client

    other = PersonFactory(iin=make_iin(date(1985, 7, 2), serial=102), phone="+77011234502")
    other_browser = Client()
    log_in(client, person, _sms_outbox)
    log_in(other_browser, other, _sms_outbox)

    client.post("/cabinet/logout/")

    assert other_browser.get("/test-cabinet/").content.decode() == f"cabinet of {other.pk}"
