"""What a visitor sees when the server fails (config/errors.py): 503 with Retry-After while the database is
unreachable, a plain 500 for a bug — both in the visitor's language, never a traceback."""

import pytest
from django.db import OperationalError, connection

from insurance.views import verify

pytestmark = pytest.mark.django_db
URL = "/verify/0000000000000000/"


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connection, "cursor", refuse)


@pytest.fixture
def page(client):
    client.raise_request_exception = False
    return client


def test_it_answers_503_with_retry_after_while_the_database_is_down(page, database_down):
    response = page.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<html lang="en">' in html and "temporarily unavailable" in html
    assert "Nothing you sent has been lost" in html
    assert "OperationalError" not in html and "5432" not in html


def test_api_clients_get_json(page, database_down):
    response = page.get(URL, HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["detail"]


def test_a_bug_is_a_plain_500_in_the_visitors_language(page, monkeypatch):
    def broken(code):
        raise RuntimeError("a bug with a secret detail")

    monkeypatch.setattr(verify, "_document", broken)
    response = page.get(URL, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 500
    assert "Retry-After" not in response
    html = response.content.decode()
    assert '<html lang="ru">' in html and "1406" in html
    assert "secret detail" not in html and "RuntimeError" not in html
