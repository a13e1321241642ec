"""Statement requests through the API (R4, R8): the same registration, identity and consent rules as the
cabinet (A1.7, R6, A1.9), owned by the key that sent them, and safe to retry with ``Idempotency-Key``."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.models import ApiStatementRequest, IdempotencyRecord
from insurance.models import (
    Channel,
    IdentityRecord,
    Person,
    RefusalGround,
    RequestStatus,
    Stage,
    StatementRequest,
)
from tests.insurance.statement_helpers import WORKING_TIME, make_citizen, pay

from .conftest import assert_problem

URL = "/api/v1/statement-requests/"
ALMATY = ZoneInfo("Asia/Almaty")


def body(person_or_iin, **changes):
    iin = getattr(person_or_iin, "iin", person_or_iin)
    return {
        "iin": iin,
        "consent": True,
        "channel": "otp",
        "language": "ru",
        "period_from": "2026-01",
        **changes,
    }


@pytest.fixture
def citizen(db):
    person = make_citizen()
    pay(person, paid_on=date(2026, 10, 5), period=date(2026, 9, 1))
    return person


def send(client, data, django_capture_on_commit_callbacks, headers=None):
    with django_capture_on_commit_callbacks(execute=True):  # the eager task runs after commit
        return client.post(URL, data, headers=headers)


def test_it_registers_the_request_and_the_worker_issues_the_statement(
    make_client, citizen, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(WORKING_TIME)
    client = make_client("statements:write", "statements:read")
    response = send(client, body(citizen), django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.content
    created = response.json()
    assert set(created) == {"id", "status", "registered_at", "due_at"}
    assert created["status"] == "received"
    assert datetime.fromisoformat(created["due_at"]) - datetime.fromisoformat(created["registered_at"]) == (
        datetime(2026, 1, 1, 0, 15) - datetime(2026, 1, 1)
    )  # R8: 15 minutes
    assert response["Location"] == f"{URL}{created['id']}/"
    request = StatementRequest.objects.get(pk=created["id"])
    assert request.channel == Channel.API and request.person == citizen and request.language == "ru"
    assert request.evidence["method"] == "otp" and request.evidence["api_key"] == "egov-gateway"
    assert (request.period_from, request.period_to) == (date(2026, 1, 1), None)
    assert ApiStatementRequest.objects.get(request=request).api_key == client.api_key
    detail = client.get(response["Location"]).json()
    assert detail["status"] == "completed"
    assert detail["statement"] == request.statement.number and detail["refusal"] is None


def test_after_hours_it_is_registered_at_9_of_the_next_working_day(
    make_client, citizen, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to("2026-11-21 20:15:00+05:00")  # A1.7: Saturday evening → Monday 09:00
    response = send(make_client("statements:write"), body(citizen), django_capture_on_commit_callbacks)
    assert datetime.fromisoformat(response.json()["registered_at"]) == datetime(
        2026, 11, 23, 9, 0, tzinfo=ALMATY
    )


def test_without_consent_it_ends_in_a_reasoned_refusal_on_ground_5(
    make_client, citizen, django_capture_on_commit_callbacks
):
    client = make_client("statements:write", "statements:read")
    response = send(client, body(citizen, consent=False), django_capture_on_commit_callbacks)
    detail = client.get(response["Location"]).json()
    assert detail["status"] == "refused" and detail["statement"] is None
    assert detail["refusal"]["ground"] == RefusalGround.NO_CONSENT and detail["refusal"]["reasons"]


def test_names_that_differ_from_the_state_register_end_in_a_refusal_on_ground_1(
    make_client, citizen, django_capture_on_commit_callbacks
):
    IdentityRecord.objects.filter(iin=citizen.iin).update(last_name="Абенова")  # Ә → А: another person (R6)
    client = make_client("statements:write", "statements:read")
    response = send(client, body(citizen), django_capture_on_commit_callbacks)
    assert response.status_code == 201
    detail = client.get(response["Location"]).json()
    assert detail["status"] == "refused" and detail["refusal"]["ground"] == RefusalGround.UNRELIABLE_DATA


def test_an_iin_the_fund_never_saw_is_400_and_creates_nobody(make_client):
    response = make_client("statements:write").post(URL, body("900315400017"))
    assert_problem(response, 400, field="iin")
    assert not Person.objects.filter(iin="900315400017").exists()


def test_without_the_period_it_asks_for_the_last_12_months(make_client, citizen, time_machine):
    time_machine.move_to(WORKING_TIME)
    data = body(citizen)
    del data["period_from"]
    client = make_client("statements:write")
    request = StatementRequest.objects.get(pk=client.post(URL, data).json()["id"])
    assert (request.period_from, request.period_to) == (date(2025, 12, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"iin": "900315400018"}, "iin"),  # wrong check digit
        ({"iin": "9003154000"}, "iin"),
        ({"consent": None}, "consent"),
        ({"channel": "api"}, "channel"),
        ({"language": "de"}, "language"),
        ({"period_from": "2016-12"}, "period_from"),  # before MSHI payments began
        ({"period_from": "2026-13"}, "period_from"),
        ({"period_from": "2026-05", "period_to": "2026-02"}, "period_to"),
        ({"period_to": "2999-01"}, "period_to"),
    ],
)
def test_bad_input_is_400_naming_the_field(make_client, citizen, changes, field, time_machine):
    time_machine.move_to(WORKING_TIME)
    response = make_client("statements:write").post(URL, body(citizen, **changes))
    assert_problem(response, 400, field=field)
    assert not StatementRequest.objects.exists()


def test_a_missing_field_and_broken_json_are_400(make_client):
    client = make_client("statements:write")
    assert_problem(client.post(URL, {"consent": True, "channel": "otp", "language": "kk"}), 400, field="iin")
    assert_problem(client.post(URL, "{not json"), 400)
    assert_problem(client.post(URL, [1, 2]), 400)
    assert_problem(client.post(URL, "iin=1", content_type="text/plain"), 415)


def test_no_key_401_no_scope_403(anonymous, make_client, citizen):
    assert_problem(anonymous.post(URL, body(citizen)), 401)
    assert_problem(make_client("statements:read", "eligibility:read").post(URL, body(citizen)), 403)
    request_id = make_client("statements:write").post(URL, body(citizen)).json()["id"]
    assert_problem(anonymous.get(f"{URL}{request_id}/"), 401)
    assert_problem(make_client("statements:write").get(f"{URL}{request_id}/"), 403)
    assert StatementRequest.objects.count() == 1


def test_another_keys_request_is_404(make_client, citizen):
    mine = make_client("statements:write", "statements:read")
    theirs = make_client("statements:write", "statements:read", name="other-gateway")
    request_id = mine.post(URL, body(citizen)).json()["id"]
    assert mine.get(f"{URL}{request_id}/").status_code == 200
    assert_problem(theirs.get(f"{URL}{request_id}/"), 404)
    assert_problem(mine.get(f"{URL}00000000-0000-4000-8000-000000000000/"), 404)


def test_a_retry_with_the_same_idempotency_key_gets_the_first_answer(make_client, citizen):
    client = make_client("statements:write")
    headers = {"Idempotency-Key": "req-7f3a"}
    first = client.post(URL, body(citizen), headers=headers)
    again = client.post(URL, body(citizen), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert StatementRequest.objects.count() == 1
    assert Stage.RECEIVED in StatementRequest.objects.get().stage_events.values_list("stage", flat=True)


def test_the_same_idempotency_key_with_another_body_is_409(make_client, citizen):
    client = make_client("statements:write")
    headers = {"Idempotency-Key": "req-7f3a"}
    client.post(URL, body(citizen), headers=headers)
    assert_problem(client.post(URL, body(citizen, language="kk"), headers=headers), 409)
    assert StatementRequest.objects.count() == 1


def test_idempotency_keys_belong_to_their_api_key(make_client, citizen):
    headers = {"Idempotency-Key": "same"}
    make_client("statements:write").post(URL, body(citizen), headers=headers)
    response = make_client("statements:write", name="other").post(URL, body(citizen), headers=headers)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert StatementRequest.objects.count() == 2 and IdempotencyRecord.objects.count() == 2


def test_a_failed_request_is_not_remembered(make_client, citizen):
    client = make_client("statements:write")
    headers = {"Idempotency-Key": "k1"}
    assert client.post(URL, body(citizen, iin="1"), headers=headers).status_code == 400
    assert client.post(URL, body(citizen), headers=headers).status_code == 201
    assert_problem(
        client.post(URL, body(citizen), headers={"Idempotency-Key": "x" * 256}), 400, field="Idempotency-Key"
    )


def test_requests_without_an_idempotency_key_are_separate(make_client, citizen):
    client = make_client("statements:write")
    client.post(URL, body(citizen))
    client.post(URL, body(citizen))
    assert StatementRequest.objects.filter(status=RequestStatus.RECEIVED).count() == 2


def test_kept_answers_are_forgotten_after_a_day(make_client, citizen, time_machine):
    from api.tasks import purge_idempotency_records

    time_machine.move_to(WORKING_TIME)
    client = make_client("statements:write")
    client.post(URL, body(citizen), headers={"Idempotency-Key": "old"})
    time_machine.shift(timedelta(hours=23))
    assert purge_idempotency_records.delay().get() == 0
    time_machine.shift(timedelta(hours=2))
    assert purge_idempotency_records.delay().get() == 1
    again = client.post(URL, body(citizen), headers={"Idempotency-Key": "old"})
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert StatementRequest.objects.count() == 2
