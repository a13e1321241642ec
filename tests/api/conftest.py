import pytest
from django.test import Client

from api.keys import api_key_create
from api.models import Scope


class KeyClient:
    """A test client that sends one API key (``Authorization: Api-Key KEY``) with every request."""

    def __init__(self, raw_key: str | None, api_key=None):
        self.client = Client(raise_request_exception=False)
        self.raw_key = raw_key
        self.api_key = api_key

    def _headers(self, headers):
        sent = dict(headers or {})
        if self.raw_key:
            sent.setdefault("Authorization", f"Api-Key {self.raw_key}")
        return sent

    def get(self, path, data=None, headers=None, **kwargs):
        return self.client.get(path, data, headers=self._headers(headers), **kwargs)

    def post(self, path, data=None, headers=None, content_type="application/json", **kwargs):
        if content_type is None:  # multipart
            return self.client.post(path, data, headers=self._headers(headers), **kwargs)
        return self.client.post(
            path, data, content_type=content_type, headers=self._headers(headers), **kwargs
        )


@pytest.fixture
def make_client(db):
    def make(*scopes, name="egov-gateway", rate_limit=600):
        new = api_key_create(name=name, scopes=list(scopes or Scope.values), rate_limit_per_minute=rate_limit)
        return KeyClient(new.raw_key, new.api_key)

    return make


@pytest.fixture
def anonymous(db):
    return KeyClient(None)


def assert_problem(response, status, *, field=None):
    """RFC 9457: the content type, the members, and (for bad input) the field named."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"].startswith("urn:mshi:api:problem:")
    if field is not None:
        assert field in [error["field"] for error in body["errors"]], body
    return body
