"""Eligibility for clinics (A2 status): is_consumer, covered_until, reason — and the same as FHIR R4."""

from datetime import date

import pytest
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse

from insurance.identifiers import make_iin
from insurance.models import AccessLog
from tests.insurance.statement_helpers import WORKING_TIME, make_citizen, pay

from .conftest import assert_problem

URL = "/api/v1/eligibility"
FHIR = "application/fhir+json"
STRANGER = make_iin(date(1985, 6, 1), serial=77)  # nobody paid for


@pytest.fixture
def paid_citizen(db, time_machine):
    time_machine.move_to(WORKING_TIME)  # 2026-11-20
    person = make_citizen()
    pay(person, paid_on=date(2026, 10, 5), period=date(2026, 10, 1))
    return person


def test_a_paid_person_is_a_consumer_until_the_end_of_the_grace(make_client, paid_citizen):
    response = make_client("eligibility:read").post(URL, {"iin": paid_citizen.iin})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    # Nothing more than the three fields: October paid, November in the 3 months of grace → covered to 31 January.
    assert response.json() == {"is_consumer": True, "covered_until": "2027-01-31", "reason": "grace"}
    assert AccessLog.objects.get(subject=paid_citizen).what == AccessLog.What.STATUS


def test_a_person_never_paid_for_is_not_a_consumer(make_client, db):
    response = make_client("eligibility:read").post(URL, {"iin": STRANGER})
    assert response.json() == {"is_consumer": False, "covered_until": None, "reason": "never_covered"}


def test_fhir_gives_a_coverage_eligibility_response(make_client, paid_citizen):
    response = make_client("eligibility:read").post(URL, {"iin": paid_citizen.iin}, headers={"Accept": FHIR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FHIR)
    data = response.json()
    resource = CoverageEligibilityResponse.model_validate(data)  # the R4(B) model: cardinalities and types
    assert (
        resource.status == "active" and resource.purpose == ["validation"] and resource.outcome == "complete"
    )
    assert data["resourceType"] == "CoverageEligibilityResponse"
    assert data["patient"]["identifier"] == {
        "system": "https://fms.kz/fhir/sid/iin",
        "value": paid_citizen.iin,
    }
    assert data["created"].startswith("2026-11-20") and data["request"]["identifier"]["value"].startswith(
        "urn:uuid:"
    )
    assert data["insurer"]["display"]
    [insurance] = data["insurance"]
    assert insurance["inforce"] is True and insurance["benefitPeriod"] == {"end": "2027-01-31"}
    assert insurance["coverage"]["identifier"]["value"] == paid_citizen.iin
    [item] = insurance["item"]
    assert item["category"]["coding"][0]["code"] == "30" and item["excluded"] is False
    assert data["disposition"] == "grace"


def test_fhir_for_a_non_consumer_says_not_in_force(make_client, db):
    response = make_client("eligibility:read").post(URL, {"iin": STRANGER}, headers={"Accept": FHIR})
    data = response.json()
    CoverageEligibilityResponse.model_validate(data)
    assert data["insurance"][0]["inforce"] is False and "benefitPeriod" not in data["insurance"][0]


@pytest.mark.parametrize("body", [{"iin": "900315400018"}, {"iin": ""}, {}, {"iin": None}])
def test_a_bad_iin_is_400_naming_the_field(make_client, body):
    assert_problem(make_client("eligibility:read").post(URL, body), 400, field="iin")


def test_no_key_401_no_scope_403(anonymous, make_client):
    assert_problem(anonymous.post(URL, {"iin": "900315400017"}), 401)
    assert_problem(make_client("statements:read").post(URL, {"iin": "900315400017"}), 403)


def test_the_iin_is_never_taken_from_the_url(make_client):
    assert_problem(make_client("eligibility:read").get(URL + "?iin=900315400017"), 405)


def test_idempotent_retry_and_conflict(make_client, paid_citizen):
    client = make_client("eligibility:read")
    first = client.post(URL, {"iin": paid_citizen.iin}, headers={"Idempotency-Key": "e1"})
    again = client.post(URL, {"iin": paid_citizen.iin}, headers={"Idempotency-Key": "e1"})
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert_problem(client.post(URL, {"iin": STRANGER}, headers={"Idempotency-Key": "e1"}), 409)
