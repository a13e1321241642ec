"""The SMS log-in pages (R4, A1.10): IIN → code → cabinet; every refusal explained; nothing revealed."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from insurance.citizens import SESSION_KEY
from insurance.identifiers import make_iin, mask_iin
from insurance.models import OneTimePassword
from tests.factories import PersonFactory

LOGIN_SMS = "/cabinet/login/sms/"


@pytest.fixture
def person(db):
    return PersonFactory(iin=make_iin(date(1990, 3, 15), female=True, serial=101), phone="+77011234501")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to("2026-03-02 10:00:00+05:00", tick=False)
    return time_machine


def code_from(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def send(client, iin, next_url=""):
    return client.post(LOGIN_SMS + (f"?next={next_url}" if next_url else ""), {"action": "send", "iin": iin})


def verify(client, code, next_url=""):
    return client.post(LOGIN_SMS, {"action": "verify", "code": code, "next": next_url})


def test_the_login_page_offers_both_ways_and_the_contact_centres(client, db):
    response = client.get(reverse("insurance:login"))
    page = response.content.decode()

    assert response.status_code == 200
    assert 'href="/cabinet/login/sms/"' in page and 'href="/cabinet/login/eds/"' in page
    assert "1406" in page and "1414" in page and "8-800-080-7777" in page


def test_the_login_page_keeps_next_for_both_ways(client, db):
    page = client.get("/cabinet/login/?next=/cabinet/statements/").content.decode()
    assert "/cabinet/login/sms/?next=%2Fcabinet%2Fstatements%2F" in page


@pytest.mark.django_db
def test_a_citizen_logs_in_with_the_code_from_the_sms(client, person, clock, _sms_outbox):
    response = send(client, person.iin)
    assert response.status_code == 302 and response["Location"] == LOGIN_SMS

    page = client.get(LOGIN_SMS).content.decode()
    assert mask_iin(person.iin) in page and 'autocomplete="one-time-code"' in page
    assert person.iin not in page

    response = verify(client, code_from(_sms_outbox))
    assert response.status_code == 302 and response["Location"] == "/cabinet/"
    assert client.session[SESSION_KEY] == person.pk


@pytest.mark.django_db
def test_the_session_key_changes_at_login(client, person, clock, _sms_outbox):
    send(client, person.iin)
    before = client.session.session_key

    verify(client, code_from(_sms_outbox))

    assert client.session.session_key != before
    assert client.cookies["sessionid"].value != before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/cabinet/statements/", "/cabinet/statements/"),
        ("https://evil.example/steal", "/cabinet/"),
        ("//evil.example/", "/cabinet/"),
    ],
)
def test_after_login_only_a_next_on_this_site_is_followed(
    client, person, clock, _sms_outbox, next_url, expected
):
    send(client, person.iin, next_url)
    response = verify(client, code_from(_sms_outbox), next_url)
    assert response["Location"] == expected


@pytest.mark.django_db
def test_the_answer_never_reveals_whether_an_iin_is_registered(client, person, clock, _sms_outbox):
    unknown = make_iin(date(1977, 7, 7), serial=777)
    no_phone = PersonFactory(iin=make_iin(date(1966, 6, 6), serial=666), phone="").iin
    pages = []
    for iin in (person.iin, unknown, no_phone):
        client.cookies.clear()
        response = send(client, iin)
        assert (response.status_code, response["Location"]) == (302, LOGIN_SMS)
        page = client.get(LOGIN_SMS).content.decode()
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page).replace(mask_iin(iin), "IIN")
        wrong_answer = verify(client, "123456" if code_from(_sms_outbox) != "123456" else "654321")
        pages.append((page, wrong_answer.status_code, "4" in wrong_answer.content.decode()))

    assert pages[0] == pages[1] == pages[2]
    assert len(_sms_outbox) == 1  # only the registered phone got an SMS
    assert OneTimePassword.objects.count() == 3  # the same work was done for each


@pytest.mark.django_db
def test_a_wrong_code_says_how_many_tries_are_left(client, person, clock, _sms_outbox):
    send(client, person.iin)
    response = verify(client, wrong(code_from(_sms_outbox)))
    page = response.content.decode()

    assert response.status_code == 400
    assert (
        "4" in page
        and 'aria-invalid="true"' in page
        and 'aria-describedby="id_code_errors id_code_help"' in page
    )
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_after_5_wrong_codes_the_citizen_is_told_to_request_a_new_one(client, person, clock, _sms_outbox):
    send(client, person.iin)
    code = code_from(_sms_outbox)
    for _ in range(5):
        response = verify(client, wrong(code))
    assert "5" in response.content.decode()

    response = verify(client, code)
    assert response.status_code == 400 and SESSION_KEY not in client.session


@pytest.mark.django_db
def test_an_expired_code_is_refused(client, person, clock, _sms_outbox):
    send(client, person.iin)
    clock.shift(timedelta(minutes=6))
    response = verify(client, code_from(_sms_outbox))
    assert response.status_code == 400 and SESSION_KEY not in client.session
    assert "5" in response.content.decode()  # "a code is valid for 5 minutes"


@pytest.mark.django_db
def test_a_used_code_cannot_log_in_again(client, person, clock, _sms_outbox, django_user_model):
    send(client, person.iin)
    code = code_from(_sms_outbox)
    verify(client, code)

    other_browser = client.__class__()
    send(other_browser, person.iin)  # within 60 s: no new code, the old one is spent
    assert len(_sms_outbox) == 1
    response = verify(other_browser, code)
    assert response.status_code == 400 and SESSION_KEY not in other_browser.session


@pytest.mark.django_db
def test_resending_is_refused_for_60_seconds_then_allowed(client, person, clock, _sms_outbox):
    send(client, person.iin)
    page = client.get(LOGIN_SMS).content.decode()
    assert 'data-resend-wait="60"' in page

    response = client.post(LOGIN_SMS, {"action": "resend"})
    assert response.status_code == 429 and len(_sms_outbox) == 1
    assert "60" in response.content.decode()

    clock.shift(timedelta(seconds=61))
    response = client.post(LOGIN_SMS, {"action": "resend"})
    assert response.status_code == 302 and len(_sms_outbox) == 2
    assert verify(client, code_from(_sms_outbox)).status_code == 302


@pytest.mark.django_db
def test_too_many_codes_are_refused_with_the_time_to_try_again(client, person, clock, _sms_outbox, settings):
    settings.AUTH_RATE_LIMITS = {**settings.AUTH_RATE_LIMITS, "otp_send_iin": (2, 3600)}
    for _ in range(2):
        send(client, person.iin)
        clock.shift(timedelta(seconds=61))
    client.post(LOGIN_SMS, {"action": "restart"})

    response = send(client, person.iin)

    assert response.status_code == 429
    assert "11:00" in response.content.decode()
    assert len(_sms_outbox) == 2


@pytest.mark.django_db
def test_an_invalid_iin_is_explained_at_the_field(client, clock, _sms_outbox):
    response = send(client, "900315401016")
    page = response.content.decode()

    assert response.status_code == 400
    assert 'id="id_iin_errors"' in page and 'aria-invalid="true"' in page
    assert OneTimePassword.objects.count() == 0 and _sms_outbox == []


@pytest.mark.django_db
def test_use_a_different_iin_goes_back_to_the_first_step(client, person, clock, _sms_outbox):
    send(client, person.iin)
    client.post(LOGIN_SMS, {"action": "restart"})
    page = client.get(LOGIN_SMS).content.decode()
    assert 'name="iin"' in page and 'name="code"' not in page


@pytest.mark.django_db
def test_the_outbox_link_is_shown_only_in_debug(client, settings):
    assert "/dev/outbox/" not in client.get(LOGIN_SMS).content.decode()
    settings.DEBUG = True
    assert "/dev/outbox/" in client.get(LOGIN_SMS).content.decode()


@pytest.mark.django_db
def test_a_logged_in_citizen_is_sent_on_from_the_login_page(client, person):
    from tests.helpers import log_in_citizen

    log_in_citizen(client, person)
    response = client.get("/cabinet/login/?next=/cabinet/statements/")
    assert response.status_code == 302 and response["Location"] == "/cabinet/statements/"


@pytest.mark.django_db
def test_codes_never_appear_in_a_url(client, person, clock, _sms_outbox):
    response = send(client, person.iin)
    assert person.iin not in response["Location"]
    response = verify(client, code_from(_sms_outbox))
    assert code_from(_sms_outbox) not in response["Location"]


@pytest.mark.django_db
def test_the_pages_and_messages_are_in_kazakh_by_default(client, person, clock, _sms_outbox):
    assert "SMS-кодпен кіру" in client.get("/cabinet/login/").content.decode()
    send(client, person.iin)
    page = verify(client, wrong(code_from(_sms_outbox))).content.decode()
    assert "Код қате. Тағы 4 рет енгізуге болады." in page
    assert "Әлеуметтік медициналық сақтандыру қорының жеке кабинетіне кіру коды" in _sms_outbox[-1].text
