"""The OpenAPI schema at /api/schema/ (with examples) and the interactive docs at /api/docs/ (no CDN);
schemathesis runs every operation in-process against the schema with a valid key (issue 6 "Done when")."""

import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.keys import api_key_create
from api.models import Scope
from config.wsgi import application


def test_the_schema_documents_every_operation_with_security_examples_and_problems(client):
    response = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/statement-requests/",
        "/api/v1/statement-requests/{request_id}/",
        "/api/v1/statements/{number}/",
        "/api/v1/statements/{number}/pdf",
        "/api/v1/eligibility",
        "/api/v1/registers/",
        "/api/v1/registers/{upload_id}/",
        "/api/v1/registers/{upload_id}/errors",
        "/api/v1/monitoring/events/",
    }
    assert schema["components"]["securitySchemes"]["ApiKey"]["name"] == "Authorization"
    eligibility = schema["paths"]["/api/v1/eligibility"]["post"]
    assert "application/fhir+json" in eligibility["responses"]["200"]["content"]
    assert "examples" in eligibility["requestBody"]["content"]["application/json"]
    assert "application/problem+json" in eligibility["responses"]["400"]["content"]
    assert not any("iin" in path for path in schema["paths"])  # never an IIN in a URL


def test_the_docs_page_loads_its_assets_from_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(not source.startswith(("http:", "https:", "//")) for source in sources)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert "<script>" not in html and "<style>" not in html  # CSP: no inline scripts or styles


# Loaded in-process through the WSGI application (no server, no database needed for the schema itself).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def test_connection_kept():
    """Like Django's test client: the WSGI requests must not close the test's database connection (its
    transaction holds the key), so close_old_connections is off while schemathesis calls the app."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def every_scope_key(db, test_connection_kept):
    return api_key_create(name="schemathesis", scopes=Scope.values, rate_limit_per_minute=100_000).raw_key


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_gives_a_server_error_or_breaks_its_schema(case, every_scope_key):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    case.call_and_validate(
        headers={"Authorization": f"Api-Key {every_scope_key}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )
