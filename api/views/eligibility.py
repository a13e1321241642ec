"""Eligibility for clinics: is this person an MSHI consumer today? (A2 status; DESIGN "Status")

The IIN goes in the body, never in the URL. The answer is the status, the day it lasts until and the reason
code — nothing more (no payments, no names). ``Accept: application/fhir+json`` gives the same answer as a
FHIR R4 ``CoverageEligibilityResponse``.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.fhir import MEDIA_TYPE as FHIR
from api.fhir import FhirJsonRenderer, coverage_eligibility_response
from api.idempotency import idempotent
from api.models import Scope
from api.schema import IDEMPOTENCY_KEY, PROBLEM_EXAMPLE, problems
from api.serializers import EligibilityRequestSerializer, EligibilitySerializer
from api.services import api_access_record
from insurance.coverage import assess
from insurance.models import AccessLog, Person

from .base import ApiView


class EligibilityView(ApiView):
    required_scope = Scope.ELIGIBILITY_READ
    renderer_classes = [JSONRenderer, FhirJsonRenderer]

    @extend_schema(
        operation_id="eligibility_check",
        summary="Is the person an MSHI consumer today?",
        request=EligibilityRequestSerializer,
        parameters=[IDEMPOTENCY_KEY],
        examples=[
            OpenApiExample("Request", value={"iin": "900315400017"}, request_only=True),
            OpenApiExample(
                "A consumer",
                value={"is_consumer": True, "covered_until": "2027-02-28", "reason": "grace"},
                response_only=True,
                status_codes=["200"],
            ),
            PROBLEM_EXAMPLE,
        ],
        responses={
            (200, "application/json"): EligibilitySerializer,
            (200, FHIR): OpenApiResponse(
                OpenApiTypes.OBJECT, description="FHIR R4 CoverageEligibilityResponse"
            ),
            **problems(400, 406, 409, 415),
        },
        tags=["eligibility"],
    )
    @idempotent
    def post(self, request):
        serializer = EligibilityRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        iin = serializer.validated_data["iin"]
        now = timezone.now()
        assessment = assess(iin, timezone.localdate(now))
        person = Person.objects.filter(iin=iin).first()
        if person is not None:
            api_access_record(
                request=request, subject=person, what=AccessLog.What.STATUS, object_ref="eligibility"
            )
        if request.accepted_renderer.media_type == FHIR:
            return Response(coverage_eligibility_response(iin, assessment, now), content_type=FHIR)
        data = {
            "is_consumer": assessment.is_consumer,
            "covered_until": assessment.covered_until,
            "reason": assessment.reason,
        }
        return Response(EligibilitySerializer(data).data)
