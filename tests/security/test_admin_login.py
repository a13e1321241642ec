"""Staff login: limited per username and per address, and a TOTP second factor (issue 7, "Security").

Staff accounts open restricted personal data (Personal Data Law art. 8; A1.9 ground 5), so guessing a
password is slow and, where required, a password alone is not enough.
"""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import PASSWORD

LOGIN = "/admin/login/"


def code_for(device: TOTPDevice) -> str:
    """The code the member's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_it_lets_staff_in_with_the_right_password(client, clerk):
    response = log_in(client, "clerk")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_it_stops_guessing_one_account_after_ten_tries_even_with_the_right_password(client, clerk, caplog):
    for _ in range(10):
        assert log_in(client, "clerk", "wrong-password").status_code == 200
    with caplog.at_level(logging.WARNING, logger="insurance.security"):
        response = log_in(client, "clerk", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Too many login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert any("admin.login_rate_limited" in r.getMessage() for r in caplog.records)


def test_the_username_limit_counts_every_address_and_any_letter_case(client, clerk):
    for n in range(10):
        log_in(client, "CLERK" if n % 2 else "clerk", "wrong", REMOTE_ADDR=f"10.0.0.{n + 1}")
    response = log_in(client, "clerk", REMOTE_ADDR="10.0.1.1", HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many login attempts" in response.content.decode()


def test_it_stops_one_address_trying_many_accounts(client, clerk):
    for n in range(30):
        log_in(client, f"user{n}", "wrong", REMOTE_ADDR="192.0.2.7")
    response = log_in(client, "clerk", REMOTE_ADDR="192.0.2.7", HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many login attempts" in response.content.decode()
    assert log_in(client, "clerk", REMOTE_ADDR="192.0.2.8").status_code == 302  # another address is fine


def test_the_limit_is_shared_through_redis_by_every_web_process(client, clerk, settings):
    import redis

    from tests.services import require_redis

    require_redis()
    for _ in range(10):
        log_in(client, "clerk", "wrong")
    errors = log_in(client, "clerk").context["form"].errors.as_data()["__all__"]
    assert errors[0].code == "rate_limited"
    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    assert server.keys("*auth:rl:admin_login_username:*")  # counted in Redis, seen by every process


# --- The second factor ------------------------------------------------------------------------------------


@pytest.fixture
def enrolled(clerk):
    device = TOTPDevice.objects.create(user=clerk, name="authenticator", confirmed=True)
    return clerk, device


def test_an_enrolled_account_must_enter_its_code_before_any_admin_page(client, enrolled):
    log_in(client, "clerk")
    response = client.get("/admin/insurance/person/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('security:two_factor')}?next=%2Fadmin%2Finsurance%2Fperson%2F"


def test_the_right_code_opens_the_admin_and_goes_back_where_the_member_was_going(client, enrolled):
    _, device = enrolled
    log_in(client, "clerk")
    response = client.post(
        reverse("security:two_factor"), {"token": code_for(device), "next": "/admin/insurance/person/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/insurance/person/"
    assert client.get("/admin/insurance/person/").status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, enrolled, english):
    log_in(client, "clerk")
    response = client.post(reverse("security:two_factor"), {"token": "000000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The code is wrong or has expired" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_cannot_be_used_twice(client, enrolled):
    _, device = enrolled
    token = code_for(device)
    log_in(client, "clerk")
    assert client.post(reverse("security:two_factor"), {"token": token}).status_code == 302
    client.post("/admin/logout/")
    log_in(client, "clerk")
    assert client.post(reverse("security:two_factor"), {"token": token}).status_code == 400


def test_code_guessing_is_limited(client, enrolled):
    _, device = enrolled
    log_in(client, "clerk")
    for _ in range(10):
        client.post(reverse("security:two_factor"), {"token": "000000"})
    response = client.post(
        reverse("security:two_factor"), {"token": code_for(device)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "Too many login attempts" in response.content.decode()


def test_the_reviewers_queue_needs_the_code_too(client, fund_reviewer):
    TOTPDevice.objects.create(user=fund_reviewer, name="authenticator", confirmed=True)
    client.force_login(fund_reviewer)
    response = client.get(reverse("complaints:queue"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("security:two_factor"))


def test_when_the_setting_requires_it_a_member_without_a_device_enrols_with_a_qr_code(
    client, clerk, settings
):
    settings.STAFF_TOTP_REQUIRED = True
    log_in(client, "clerk")
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("security:two_factor"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "<script" not in html.split("<svg", 1)[1][:5000]
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    assert client.get(reverse("security:two_factor")).context["secret"] == device.bin_key.hex()  # stable
    response = client.post(reverse("security:two_factor"), {"token": code_for(device), "next": "/admin/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_without_the_setting_an_account_without_a_device_uses_the_password_alone(client, clerk, settings):
    settings.STAFF_TOTP_REQUIRED = False
    log_in(client, "clerk")
    assert client.get("/admin/").status_code == 200


def test_citizens_are_never_asked_for_a_staff_code(client, settings):
    settings.STAFF_TOTP_REQUIRED = True
    assert client.get(reverse("insurance:home")).status_code == 200
