"""OpenAPI details drf-spectacular cannot guess: the Api-Key security scheme and the problem documents."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from .problems import MEDIA_TYPE as PROBLEM


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.access.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Api-Key KEY` — the key printed once by `manage.py create_api_key`.",
        }


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    pointer = serializers.CharField()
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    errors = FieldErrorSerializer(many=True, required=False)


PROBLEM_EXAMPLE = OpenApiExample(
    "Invalid field",
    value={
        "type": "urn:mshi:api:problem:invalid-request",
        "title": "The request has invalid data",
        "status": 400,
        "detail": "Check these fields: iin.",
        "instance": "/api/v1/eligibility",
        "errors": [{"field": "iin", "pointer": "#/iin", "detail": "The IIN check digit is wrong."}],
    },
    status_codes=["400"],
    response_only=True,
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="A retried POST with the same key and body gets the first answer again; "
    "the same key with another body is a 409.",
)


def problems(*codes: int) -> dict:
    """Responses documented as problem documents, for the codes an operation can give."""
    descriptions = {
        400: "Invalid input; `errors` names each field",
        401: "No API key, or an unknown or revoked one",
        403: "The key lacks the scope",
        404: "Not found for this key",
        406: "Response format not available",
        409: "Conflict",
        415: "Unsupported media type",
        429: "Over the key's rate limit; see Retry-After",
    }
    return {
        (code, PROBLEM): OpenApiResponse(ProblemSerializer, description=descriptions.get(code, ""))
        for code in (*codes, 401, 403, 429)
    }
