"""SMS one-time passwords (R4, A1.10): hashed, 5 minutes, 5 tries, re-send after 60 s, rate limits."""

import logging
import re
from datetime import date, timedelta

import pytest

from insurance.auth.otp import OtpError, otp_issue, otp_verify
from insurance.identifiers import make_iin
from insurance.models import OneTimePassword, OtpStatus
from insurance.sms import SmsError
from tests.factories import PersonFactory

START = "2026-03-02 10:00:00+05:00"
UNKNOWN_IIN = make_iin(date(1977, 7, 7), serial=777)


@pytest.fixture
def person(db):
    return PersonFactory(iin=make_iin(date(1990, 3, 15), female=True, serial=101), phone="+77011234501")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def sent_code(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)


def error_of(call, **kwargs) -> OtpError:
    with pytest.raises(OtpError) as caught:
        call(**kwargs)
    assert str(caught.value)
    return caught.value


@pytest.mark.django_db
def test_it_sends_a_six_digit_code_to_the_registered_phone(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip="10.0.0.1")

    assert len(_sms_outbox) == 1
    assert _sms_outbox[0].phone == "+77011234501"
    assert re.fullmatch(r"\d{6}", sent_code(_sms_outbox))


@pytest.mark.django_db
def test_the_sms_is_in_the_persons_language(person, clock, _sms_outbox):
    person.language = "ru"
    person.save()
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    assert "код" in _sms_outbox[-1].text.lower() or "Фонд" in _sms_outbox[-1].text


@pytest.mark.django_db
def test_the_code_is_stored_hashed_never_in_clear(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    code = sent_code(_sms_outbox)
    row = OneTimePassword.objects.values().get()

    assert code not in str(row)
    assert person.iin not in str(row)  # the IIN is kept as a keyed digest too


@pytest.mark.django_db
def test_the_right_code_logs_in_once(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    code = sent_code(_sms_outbox)

    assert otp_verify(iin=person.iin, code=code, purpose="login") == person
    assert error_of(otp_verify, iin=person.iin, code=code, purpose="login").code == "no_code"


@pytest.mark.django_db
def test_a_wrong_code_says_how_many_tries_are_left(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    wrong = "000000" if sent_code(_sms_outbox) != "000000" else "111111"

    error = error_of(otp_verify, iin=person.iin, code=wrong, purpose="login")

    assert error.code == "wrong_code" and error.tries_left == 4
    assert "4" in str(error)


@pytest.mark.django_db
def test_after_5_wrong_codes_even_the_right_one_is_refused(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    code = sent_code(_sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    answers = [error_of(otp_verify, iin=person.iin, code=wrong, purpose="login") for _ in range(5)]

    assert [a.tries_left for a in answers[:4]] == [4, 3, 2, 1]
    assert answers[4].code == "too_many_attempts"
    assert error_of(otp_verify, iin=person.iin, code=code, purpose="login").code == "too_many_attempts"
    assert OneTimePassword.objects.get().status == OtpStatus.LOCKED


@pytest.mark.django_db
def test_a_code_expires_after_5_minutes(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    code = sent_code(_sms_outbox)
    clock.shift(timedelta(minutes=5, seconds=1))

    assert error_of(otp_verify, iin=person.iin, code=code, purpose="login").code == "expired"


@pytest.mark.django_db
def test_a_code_still_works_just_before_5_minutes(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    clock.shift(timedelta(minutes=4, seconds=59))
    assert otp_verify(iin=person.iin, code=sent_code(_sms_outbox), purpose="login") == person


@pytest.mark.django_db
def test_a_new_code_can_be_sent_only_after_60_seconds(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    first = sent_code(_sms_outbox)
    clock.shift(timedelta(seconds=45))

    error = error_of(otp_issue, iin=person.iin, purpose="login", client_ip=None)
    assert error.code == "resend_too_soon" and error.retry_after == 15
    assert len(_sms_outbox) == 1

    clock.shift(timedelta(seconds=15))
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    assert len(_sms_outbox) == 2
    # The new code replaces the old one.
    assert error_of(otp_verify, iin=person.iin, code=first, purpose="login").code in ("no_code", "wrong_code")
    assert otp_verify(iin=person.iin, code=sent_code(_sms_outbox), purpose="login") == person


@pytest.mark.django_db
def test_sending_is_rate_limited_per_iin(person, clock, _sms_outbox, settings):
    settings.AUTH_RATE_LIMITS = {**settings.AUTH_RATE_LIMITS, "otp_send_iin": (5, 3600)}
    for n in range(5):
        otp_issue(iin=person.iin, purpose="login", client_ip=f"10.0.0.{n}")
        clock.shift(timedelta(seconds=61))

    error = error_of(otp_issue, iin=person.iin, purpose="login", client_ip="10.0.0.99")

    assert error.code == "rate_limited"
    assert error.retry_after == 3600 - 5 * 61  # the hour that started at 10:00 ends at 11:00
    assert "11:00" in str(error)
    assert len(_sms_outbox) == 5
    clock.shift(timedelta(seconds=error.retry_after))
    otp_issue(iin=person.iin, purpose="login", client_ip="10.0.0.99")
    assert len(_sms_outbox) == 6


@pytest.mark.django_db
def test_sending_is_rate_limited_per_address(clock, _sms_outbox, settings):
    settings.AUTH_RATE_LIMITS = {**settings.AUTH_RATE_LIMITS, "otp_send_address": (3, 3600)}
    people = [PersonFactory(iin=make_iin(date(1980, 1, 1 + n), serial=n + 1)) for n in range(4)]
    for person in people[:3]:
        otp_issue(iin=person.iin, purpose="login", client_ip="10.1.1.1")

    assert (
        error_of(otp_issue, iin=people[3].iin, purpose="login", client_ip="10.1.1.1").code == "rate_limited"
    )
    otp_issue(iin=people[3].iin, purpose="login", client_ip="10.1.1.2")
    assert len(_sms_outbox) == 4


@pytest.mark.django_db
def test_checking_codes_is_rate_limited_per_address(person, clock, _sms_outbox, settings):
    settings.AUTH_RATE_LIMITS = {**settings.AUTH_RATE_LIMITS, "otp_verify_address": (2, 900)}
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    code = sent_code(_sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(2):
        error_of(otp_verify, iin=person.iin, code=wrong, purpose="login", client_ip="10.2.2.2")

    assert (
        error_of(otp_verify, iin=person.iin, code=code, purpose="login", client_ip="10.2.2.2").code
        == "rate_limited"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["unknown", "no_phone"])
def test_an_iin_without_a_phone_gets_the_same_answers_as_a_registered_one(who, clock, _sms_outbox):
    iin = UNKNOWN_IIN
    if who == "no_phone":
        iin = PersonFactory(iin=UNKNOWN_IIN, phone="").iin

    otp_issue(iin=iin, purpose="login", client_ip=None)  # no error: the page says "if registered…"
    assert _sms_outbox == []
    assert error_of(otp_issue, iin=iin, purpose="login", client_ip=None).code == "resend_too_soon"
    tries = [error_of(otp_verify, iin=iin, code="123456", purpose="login") for _ in range(5)]
    assert [t.code for t in tries] == ["wrong_code"] * 4 + ["too_many_attempts"]
    assert [t.tries_left for t in tries[:4]] == [4, 3, 2, 1]


@pytest.mark.django_db
def test_a_code_for_a_request_does_not_log_in(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="request", client_ip=None)
    code = sent_code(_sms_outbox)

    assert error_of(otp_verify, iin=person.iin, code=code, purpose="login").code == "no_code"
    assert otp_verify(iin=person.iin, code=code, purpose="request") == person
    assert "request" in _sms_outbox[-1].text or "сұрау" in _sms_outbox[-1].text


@pytest.mark.django_db
def test_a_code_for_one_iin_does_not_work_for_another(person, clock, _sms_outbox):
    """Outsider: someone else's code, typed with your own IIN, is just a wrong code."""
    other = PersonFactory(iin=make_iin(date(1985, 7, 2), serial=102), phone="+77011234502")
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    otp_issue(iin=other.iin, purpose="login", client_ip=None)
    persons_code = sent_code(_sms_outbox[:1])

    error = error_of(otp_verify, iin=other.iin, code=persons_code, purpose="login")
    assert error.code == "wrong_code" or persons_code == sent_code(_sms_outbox)


@pytest.mark.django_db
@pytest.mark.parametrize("iin", ["", "123", "900315401016", "abcdefghijkl"])
def test_an_invalid_iin_is_refused_and_nothing_is_written(iin, clock, _sms_outbox):
    assert error_of(otp_issue, iin=iin, purpose="login", client_ip=None).code == "invalid_iin"
    assert OneTimePassword.objects.count() == 0 and _sms_outbox == []


@pytest.mark.django_db
def test_a_malformed_code_does_not_use_up_a_try(person, clock, _sms_outbox):
    otp_issue(iin=person.iin, purpose="login", client_ip=None)
    assert error_of(otp_verify, iin=person.iin, code="12ab", purpose="login").code == "wrong_code"
    assert OneTimePassword.objects.get().wrong_attempts == 0


@pytest.mark.django_db
def test_a_gateway_failure_is_not_revealed(person, clock, settings, monkeypatch):
    def broken(phone, text):
        raise SmsError("gateway down")

    monkeypatch.setattr("insurance.auth.otp.send_sms", broken)
    otp_issue(iin=person.iin, purpose="login", client_ip=None)  # same answer as for anyone
    assert OneTimePassword.objects.count() == 1


@pytest.mark.django_db
def test_security_events_are_logged_with_a_masked_iin_and_never_the_code(person, clock, _sms_outbox, caplog):
    with caplog.at_level(logging.INFO, logger="insurance.security"):
        otp_issue(iin=person.iin, purpose="login", client_ip="10.3.3.3")
        code = sent_code(_sms_outbox)
        wrong = "000000" if code != "000000" else "111111"
        error_of(otp_verify, iin=person.iin, code=wrong, purpose="login", client_ip="10.3.3.3")
        otp_verify(iin=person.iin, code=code, purpose="login", client_ip="10.3.3.3")

    lines = [r.getMessage() for r in caplog.records if r.name == "insurance.security"]
    assert [line.split()[0] for line in lines] == ["otp.sent", "otp.wrong_code", "otp.verified"]
    assert all("address=10.3.3.3" in line and "9003******" in line for line in lines)
    everything = caplog.text
    assert code not in everything and person.iin not in everything
