"""Statement requests (R4, R8) and the Appendix-2 statements they produce (A2), for the e-gov gateway.

Only the key that sent a request may read it and its documents: another key gets a 404 (CONVENTIONS 7).
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from api.idempotency import idempotent
from api.models import Scope
from api.schema import IDEMPOTENCY_KEY, PROBLEM_EXAMPLE, problems
from api.serializers import (
    StatementRequestCreatedSerializer,
    StatementRequestCreateSerializer,
    StatementRequestSerializer,
    StatementSerializer,
)
from api.services import api_access_record, api_statement_request_create
from insurance.models import AccessLog, Statement, StatementRequest
from insurance.statements.documents import pdf_file_name

from .base import ApiView

REQUEST_EXAMPLE = OpenApiExample(
    "A request with consent",
    value={
        "iin": "900315400017",
        "consent": True,
        "channel": "otp",
        "language": "kk",
        "period_from": "2025-01",
    },
    request_only=True,
)


class PdfRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


def _own_request(request, request_id) -> StatementRequest:
    return get_object_or_404(
        StatementRequest.objects.select_related("statement", "refusal"),
        pk=request_id,
        api_link__api_key=request.auth,
    )


def _own_statement(request, number: str) -> Statement:
    return get_object_or_404(
        Statement.objects.select_related("person"), number=number, request__api_link__api_key=request.auth
    )


def _pdf_response(request, document, what: str):
    """The PDF exactly as stored at issue; the read is written to the access log."""
    if not document.pdf:
        raise Http404("the PDF is not stored")
    api_access_record(
        request=request, subject=document.person, what=what, object_ref=f"{document.number}.pdf"
    )
    return FileResponse(
        document.pdf.open("rb"),
        as_attachment=True,
        filename=pdf_file_name(document),
        content_type="application/pdf",
    )


def request_data(statement_request: StatementRequest) -> dict:
    statement = getattr(statement_request, "statement", None)
    refusal = getattr(statement_request, "refusal", None)
    return {
        "id": statement_request.pk,
        "status": statement_request.status,
        "language": statement_request.language,
        "period_from": statement_request.period_from,
        "period_to": statement_request.period_to,
        "submitted_at": statement_request.submitted_at,
        "registered_at": statement_request.registered_at,
        "due_at": statement_request.due_at,
        "completed_at": statement_request.completed_at,
        "statement": statement.number if statement else None,
        "refusal": {
            "number": refusal.number,
            "ground": refusal.ground,
            "reasons": refusal.reasons,
            "issued_at": refusal.issued_at,
        }
        if refusal
        else None,
    }


class StatementRequestCreateView(ApiView):
    required_scope = Scope.STATEMENTS_WRITE

    @extend_schema(
        operation_id="statement_requests_create",
        summary="Send a statement request (R4)",
        description="The request as the e-government portal certified it. Registered by A1.7, processed at once, "
        "due 15 minutes after registration (R8). Without consent, or with identity data that do not match the "
        "state register (R6), it ends in a reasoned refusal (A1.9 grounds 5 and 1).",
        request=StatementRequestCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        examples=[REQUEST_EXAMPLE, PROBLEM_EXAMPLE],
        responses={201: StatementRequestCreatedSerializer, **problems(400, 409, 415)},
        tags=["statements"],
    )
    @idempotent
    def post(self, request):
        serializer = StatementRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        statement_request = api_statement_request_create(
            api_key=request.auth,
            iin=data["iin"],
            consent=data["consent"],
            certified_by=data["channel"],
            language=data["language"],
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
        )
        body = StatementRequestCreatedSerializer(statement_request).data
        location = reverse("api:statement_request_detail", args=[statement_request.pk])
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class StatementRequestDetailView(ApiView):
    required_scope = Scope.STATEMENTS_READ

    @extend_schema(
        operation_id="statement_requests_retrieve",
        summary="A statement request: status, and its statement or refusal once decided",
        responses={200: StatementRequestSerializer, **problems(404)},
        tags=["statements"],
    )
    def get(self, request, request_id):
        return Response(StatementRequestSerializer(request_data(_own_request(request, request_id))).data)


class StatementDetailView(ApiView):
    required_scope = Scope.STATEMENTS_READ

    @extend_schema(
        operation_id="statements_retrieve",
        summary="The Appendix-2 statement as JSON (A2)",
        description="As issued: header, one row per receipt in payment-date order with refunds beside, "
        "the status line. Amounts are strings with two decimals.",
        responses={200: StatementSerializer, **problems(404)},
        tags=["statements"],
    )
    def get(self, request, number):
        statement = _own_statement(request, number)
        api_access_record(
            request=request, subject=statement.person, what=AccessLog.What.STATEMENT, object_ref=number
        )
        data = {
            "number": statement.number,
            "issued_at": statement.issued_at,
            "issued_to": {"full_name": statement.full_name, "iin": statement.iin},
            "status": statement.status,
            "language": statement.language,
            "period_from": statement.period_from,
            "period_to": statement.period_to,
            "rows": statement.rows,
            "verification_code": statement.verification_code,
            "pdf_sha256": statement.pdf_sha256,
        }
        return Response(StatementSerializer(data).data)


class StatementPdfView(ApiView):
    required_scope = Scope.STATEMENTS_READ
    renderer_classes = [PdfRenderer, JSONRenderer]

    @extend_schema(
        operation_id="statements_pdf",
        summary="The statement's PDF, exactly as stored at issue (its SHA-256 is in the JSON)",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
            **problems(404, 406),
        },
        tags=["statements"],
    )
    def get(self, request, number):
        return _pdf_response(request, _own_statement(request, number), AccessLog.What.STATEMENT)
