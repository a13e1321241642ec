"""The eligibility answer as a FHIR R4 ``CoverageEligibilityResponse`` (for clinics' systems).

Only what the plain answer says, nothing more: whether the person is an MSHI consumer today
(``insurance[0].inforce``), until when (``benefitPeriod.end`` = ``covered_until``) and why (the reason code
in ``disposition`` and an extension-free ``item``). The patient is referred to by IIN only.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer

from insurance.coverage import Assessment

MEDIA_TYPE = "application/fhir+json"
BENEFIT_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/ex-benefitcategory"


class FhirJsonRenderer(JSONRenderer):
    media_type = MEDIA_TYPE
    format = "fhir"


def coverage_eligibility_response(iin: str, assessment: Assessment, created: datetime) -> dict:
    """R4 CoverageEligibilityResponse: status, purpose, patient, created, request, outcome, insurer, insurance."""
    patient = {"identifier": {"system": settings.FHIR_IIN_SYSTEM, "value": iin}}
    insurance = {
        "coverage": {
            "identifier": {"system": settings.FHIR_IIN_SYSTEM, "value": iin},
            "display": _("Mandatory social health insurance (MSHI)"),
        },
        "inforce": assessment.is_consumer,
        "item": [
            {
                "category": {
                    "coding": [
                        {
                            "system": BENEFIT_CATEGORY_SYSTEM,
                            "code": "30",
                            "display": "Health Benefit Plan Coverage",
                        }
                    ]
                },
                "excluded": not assessment.is_consumer,
                "description": assessment.reason,
            }
        ],
    }
    if assessment.covered_until:
        insurance["benefitPeriod"] = {"end": _iso(assessment.covered_until)}
    return {
        "resourceType": "CoverageEligibilityResponse",
        "id": str(uuid.uuid4()),
        "status": "active",
        "purpose": ["validation"],
        "patient": patient,
        "servicedDate": _iso(assessment.on),
        "created": created.isoformat(timespec="seconds"),
        "request": {"identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{uuid.uuid4()}"}},
        "outcome": "complete",
        "disposition": assessment.reason,
        "insurer": {"display": str(settings.FHIR_INSURER_NAME)},
        "insurance": [insurance],
    }


def _iso(value: date) -> str:
    return value.isoformat()
