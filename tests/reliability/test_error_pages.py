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


def test_a_wrong_address_is_the_portals_own_page_in_the_visitors_language(client):
    response = client.get("/cabinet/no-such-page/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ru">' in html and "Страница не найдена" in html
    assert 'class="site-header"' in html and 'href="/"' in html  # the portal's header and a way home
    assert "URLconf" not in html


def test_a_wrong_address_in_the_api_stays_a_problem_document(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_a_refused_page_is_explained_in_the_state_language(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("plain", password="x")  # not a reviewer
    client.force_login(user)
    response = client.get("/complaints/queue/", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="kk">' in html and "Бұл бетке кіруге рұқсатыңыз жоқ" in html and "1406" in html


def test_an_expired_form_says_what_to_do_not_csrf():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/cabinet/login/sms/", {"iin": "900315401015"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en">' in html and "The form has expired" in html and "reload the page" in html
    assert "CSRF" not in html


def test_an_unknown_host_gets_the_plain_400_page_not_a_500(client):
    response = client.get("/healthz", HTTP_HOST="evil.example.com", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="ru">' in html and "Не удалось прочитать запрос" in html
