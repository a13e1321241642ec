"""Registers from payers' systems (persons, payments, refunds, categories): upload, status, error report.

The import runs as a task: the whole file or nothing, every bad line reported as "line N: reason"
(DESIGN, ``import_register``). The same file again is the same register.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from api.idempotency import idempotent
from api.models import ApiRegisterUpload, Scope
from api.problems import Conflict
from api.schema import IDEMPOTENCY_KEY, problems
from api.serializers import RegisterErrorsSerializer, RegisterSerializer, RegisterUploadSerializer
from api.services import api_register_upload, upload_sha256
from insurance.models import PaymentRegister, RegisterStatus
from insurance.registers.uploads import UploadRefused

from .base import ApiView


def register_data(upload: ApiRegisterUpload) -> dict:
    register = upload.register
    return {
        "id": upload.pk,
        "kind": register.kind,
        "file_name": register.file_name,
        "sha256": register.sha256,
        "status": register.status,
        "rows_total": register.rows_total,
        "rows_processed": register.rows_processed,
        "rows_created": register.rows_created,
        "rows_unchanged": register.rows_unchanged,
        "error_count": register.error_count,
        "received_at": register.created_at,
        "finished_at": register.finished_at,
    }


def _own(request, upload_id) -> ApiRegisterUpload:
    return get_object_or_404(
        ApiRegisterUpload.objects.select_related("register"), pk=upload_id, api_key=request.auth
    )


class RegisterUploadView(ApiView):
    required_scope = Scope.REGISTERS_WRITE
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="registers_upload",
        summary="Upload a register (multipart: kind, file); the import runs as a task",
        request={"multipart/form-data": RegisterUploadSerializer},
        parameters=[IDEMPOTENCY_KEY],
        responses={202: RegisterSerializer, 200: RegisterSerializer, **problems(400, 409, 415)},
        tags=["registers"],
    )
    @idempotent
    def post(self, request):
        serializer = RegisterUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind, upload = serializer.validated_data["kind"], serializer.validated_data["file"]
        existing = PaymentRegister.objects.filter(sha256=upload_sha256(upload)).first()
        mine = (
            ApiRegisterUpload.objects.filter(register=existing, api_key=request.auth).first()
            if existing
            else None
        )
        if existing is not None and mine is None:
            raise Conflict(_("This file was received before."))
        if mine is not None and mine.register.status != RegisterStatus.REJECTED:
            return Response(RegisterSerializer(register_data(mine)).data, status=status.HTTP_200_OK)
        try:  # new, or refused before and sent again (e.g. after the persons it needed were imported)
            api_upload = api_register_upload(api_key=request.auth, kind=kind, upload=upload)
        except UploadRefused as error:
            raise Conflict(str(error)) from error
        location = reverse("api:register_detail", args=[api_upload.pk])
        api_upload.register.refresh_from_db()
        return Response(
            RegisterSerializer(register_data(api_upload)).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": location},
        )


class RegisterDetailView(ApiView):
    required_scope = Scope.REGISTERS_WRITE

    @extend_schema(
        operation_id="registers_retrieve",
        summary="A register's import status and counts",
        responses={200: RegisterSerializer, **problems(404)},
        tags=["registers"],
    )
    def get(self, request, upload_id):
        return Response(RegisterSerializer(register_data(_own(request, upload_id))).data)


class RegisterErrorsView(ApiView):
    required_scope = Scope.REGISTERS_WRITE

    @extend_schema(
        operation_id="registers_errors",
        summary="A register's error report: every bad line as “line N: reason”",
        responses={200: RegisterErrorsSerializer, **problems(404)},
        tags=["registers"],
    )
    def get(self, request, upload_id):
        register = _own(request, upload_id).register
        errors = [line for line in register.error_report.splitlines() if line]
        return Response(
            RegisterErrorsSerializer({"error_count": register.error_count, "errors": errors}).data
        )
