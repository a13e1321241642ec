"""Errors are RFC 9457 problem documents, in the client's language; bad input is a 4xx, never a 500."""

import pytest

from .conftest import assert_problem

URL = "/api/v1/eligibility"


def test_an_unknown_api_address_is_a_404_problem_not_the_portal_page(anonymous):
    body = assert_problem(anonymous.get("/api/v1/no-such-thing/"), 404)
    assert body["instance"] == "/api/v1/no-such-thing/"


def test_a_wrong_method_is_405_with_allow(make_client):
    client = make_client("eligibility:read")
    response = client.client.put(URL, "{}", content_type="application/json", headers=client._headers(None))
    assert_problem(response, 405)
    assert "POST" in response["Allow"]


@pytest.mark.parametrize(
    ("language", "required"),
    [("ru", "Обязательное поле."), ("en", "This field is required."), ("kk", "Бұл мән міндетті.")],
)
def test_field_errors_are_in_the_clients_language(make_client, language, required):
    response = make_client("eligibility:read").post(URL, {}, headers={"Accept-Language": language})
    body = assert_problem(response, 400, field="iin")
    assert body["errors"] == [{"field": "iin", "pointer": "#/iin", "detail": required}]
    assert "Accept-Language" in response["Vary"]


def test_the_problem_members_are_all_there(anonymous):
    body = assert_problem(anonymous.post(URL, {"iin": "900315400017"}), 401)
    assert set(body) == {"type", "title", "status", "detail", "instance"}
    assert body["type"] == "urn:mshi:api:problem:not-authenticated"


def test_a_body_too_large_or_not_json_is_4xx(make_client):
    client = make_client("eligibility:read")
    assert_problem(client.post(URL, b"\xff\xfe", content_type="application/json"), 400)
    assert_problem(client.post(URL, "null"), 400)
    assert_problem(client.post(URL, {"iin": ["900315400017"]}), 400, field="iin")
    assert_problem(client.post(URL, {"iin": "9" * 10000}), 400, field="iin")
