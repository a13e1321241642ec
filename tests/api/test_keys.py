"""API keys: created by command or admin, shown once, stored hashed, revocable, scoped, rate-limited."""

import hashlib
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from api.keys import api_key_revoke
from api.models import ApiKey
from tests.services import require_redis

from .conftest import KeyClient, assert_problem

URL = "/api/v1/eligibility"
IIN = "900315400017"


def test_it_prints_the_key_once_and_stores_only_its_hash(db):
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_key",
        "egov-gateway",
        "--scopes",
        "statements:write",
        "statements:read",
        stdout=out,
        stderr=err,
    )
    raw_key = out.getvalue().strip()
    api_key = ApiKey.objects.get()
    assert raw_key.startswith(f"mshi_{api_key.prefix}_")
    assert api_key.hashed_key == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in str(ApiKey.objects.values().get())
    assert api_key.scopes == ["statements:read", "statements:write"]
    assert "shown only once" in err.getvalue()


def test_it_refuses_unknown_scopes(db):
    with pytest.raises(CommandError, match="Unknown scopes: statements:delete"):
        call_command(
            "create_api_key", "x", "--scopes", "statements:delete", stdout=StringIO(), stderr=StringIO()
        )
    assert not ApiKey.objects.exists()


def test_no_key_is_401_with_the_scheme_named(anonymous):
    response = anonymous.post(URL, {"iin": IIN})
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.parametrize("header", ["Bearer abc", "Api-Key mshi_deadbeef_wrong", "Api-Key "])
def test_a_wrong_key_is_401(anonymous, header):
    assert_problem(anonymous.post(URL, {"iin": IIN}, headers={"Authorization": header}), 401)


def test_a_revoked_key_is_refused_from_the_next_request(make_client):
    client = make_client("eligibility:read")
    assert client.post(URL, {"iin": IIN}).status_code == 200
    assert api_key_revoke(api_key=client.api_key) is True
    assert api_key_revoke(api_key=client.api_key) is False  # revoked once
    assert_problem(client.post(URL, {"iin": IIN}), 401)


def test_the_last_use_is_recorded(make_client):
    client = make_client("eligibility:read")
    assert client.api_key.last_used_at is None
    client.post(URL, {"iin": IIN})
    client.api_key.refresh_from_db()
    assert client.api_key.last_used_at is not None


def test_over_the_rate_limit_is_429_with_retry_after(make_client):
    client = make_client("eligibility:read", rate_limit=2)
    other = make_client("eligibility:read", name="clinic", rate_limit=2)
    assert [client.post(URL, {"iin": IIN}).status_code for _ in range(2)] == [200, 200]
    response = client.post(URL, {"iin": IIN})
    assert_problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert other.post(URL, {"iin": IIN}).status_code == 200  # per key


def test_the_rate_counters_live_in_redis(make_client, settings):
    require_redis()
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    client = make_client("eligibility:read", rate_limit=5)
    client.post(URL, {"iin": IIN})
    raw = cache._cache.get_client()  # the redis-py client behind Django's cache
    assert any(b"api-rate:" in key for key in raw.keys("*api-rate:*"))


def test_admin_creates_a_key_shown_once_and_revokes_it(admin_client, db):
    response = admin_client.post(
        "/admin/api/apikey/add/",
        {"name": "clinic-42", "scopes": ["eligibility:read"], "rate_limit_per_minute": 120},
        follow=True,
    )
    assert response.status_code == 200
    api_key = ApiKey.objects.get(name="clinic-42")
    shown = [str(m) for m in response.context["messages"] if "mshi_" in str(m)]
    assert len(shown) == 1
    raw_key = shown[0].split("mshi_", 1)[1].split()[0].rstrip("—").strip()
    assert KeyClient("mshi_" + raw_key).post(URL, {"iin": IIN}).status_code == 200
    page = admin_client.get(f"/admin/api/apikey/{api_key.pk}/change/")
    assert raw_key not in page.content.decode()  # never shown again
    admin_client.post("/admin/api/apikey/", {"action": "revoke", "_selected_action": [api_key.pk]})
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
