"""The statement service: registration (A1.7, R8), processing (R6, A1.9, A2), stage events (R9)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from insurance.models import (
    ConsumerStatus,
    IdentityRecord,
    Refusal,
    RefusalGround,
    RequestStatus,
    ServiceStageEvent,
    Stage,
    Statement,
)
from insurance.services.statement_requests import statement_request_create
from insurance.tasks import process_statement_request
from tests.insurance.statement_helpers import (
    KAZAKH_TITLE,
    SATURDAY_EVENING,
    WORKING_TIME,
    make_citizen,
    pay,
    pdf_text,
    refund,
)

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def create(person, *, consent=True, period=(None, None), language="kk", at=None):
    return statement_request_create(
        person=person,
        channel="otp",
        consent=consent,
        period_from=period[0],
        period_to=period[1],
        language=language,
        evidence={"method": "otp"},
        submitted_at=at or datetime(2026, 11, 20, 10, 0, tzinfo=ALMATY),
    )


def run(person, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        request = create(person, **kwargs)
    request.refresh_from_db()
    return request


def stages(request):
    return list(ServiceStageEvent.objects.filter(request=request).values_list("stage", flat=True))


def test_a_request_in_working_hours_is_registered_at_once_and_due_in_15_minutes(time_machine):
    time_machine.move_to(WORKING_TIME)
    request = create(make_citizen())
    assert request.registered_at == request.submitted_at  # A1.7
    assert request.due_at == request.registered_at + timedelta(minutes=15)  # R8
    assert request.status == RequestStatus.RECEIVED
    assert stages(request) == [Stage.RECEIVED, Stage.REGISTERED]


def test_a_request_on_saturday_evening_is_registered_at_9_on_monday(time_machine):
    time_machine.move_to(SATURDAY_EVENING)
    submitted = datetime(2026, 11, 21, 20, 15, tzinfo=ALMATY)
    request = create(make_citizen(), at=submitted)
    assert request.registered_at == datetime(2026, 11, 23, 9, 0, tzinfo=ALMATY)  # A1.7: next working day
    assert request.due_at == datetime(2026, 11, 23, 9, 15, tzinfo=ALMATY)
    registered = ServiceStageEvent.objects.get(request=request, stage=Stage.REGISTERED)
    assert registered.occurred_at == request.registered_at and registered.detail["after_hours"] is True


def test_after_hours_requests_are_answered_at_once_all_the_same(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(SATURDAY_EVENING)
    person = make_citizen()
    request = run(
        person, django_capture_on_commit_callbacks, at=datetime(2026, 11, 21, 20, 15, tzinfo=ALMATY)
    )
    assert request.status == RequestStatus.COMPLETED
    assert request.completed_at < request.registered_at  # decisions.md: the legal times stay recorded


def test_a_period_in_the_future_or_before_2017_is_refused_and_nothing_saved(time_machine):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    with pytest.raises(ValidationError) as error:
        create(person, period=(date(2016, 12, 1), date(2027, 1, 31)))
    assert set(error.value.message_dict) == {"period_from", "period_to"}
    assert not person.statement_requests.exists()


def test_the_task_is_enqueued_only_after_the_request_is_committed(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = create(make_citizen())
    assert len(callbacks) == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED  # nothing ran inside the transaction


def test_the_statement_lists_every_payment_in_payment_date_order_with_refunds_beside(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    late = pay(
        person, paid_on=date(2026, 10, 12), period=date(2026, 9, 1), amount="2550.50", kind="deduction"
    )
    early = pay(person, paid_on=date(2026, 9, 10), period=date(2026, 8, 1))
    refunded = pay(person, paid_on=date(2026, 10, 1), period=date(2026, 10, 1), amount="4250.00")
    refund(refunded, amount="1000.00", on=date(2026, 10, 20), external_id="RF-1")
    refund(refunded, amount="250.00", on=date(2026, 10, 25), external_id="RF-2")
    pay(person, paid_on=date(2025, 1, 10), period=date(2024, 12, 1))  # outside the requested months

    request = run(person, django_capture_on_commit_callbacks, period=(date(2026, 1, 1), date(2026, 11, 30)))

    statement = Statement.objects.get(request=request)
    assert request.status == RequestStatus.COMPLETED
    assert [(r["no"], r["payment_date"], r["amount"], r["kind"], r["period"]) for r in statement.rows] == [
        (1, "2026-09-10", "4250.00", "contribution", "2026-08"),
        (2, "2026-10-01", "4250.00", "contribution", "2026-10"),
        (3, "2026-10-12", "2550.50", "deduction", "2026-09"),
    ]
    assert statement.rows[1]["refunded_amount"] == "1250.00"
    assert statement.rows[1]["refund_date"] == "2026-10-25"
    assert (
        statement.rows[0]["refunded_amount"] is None and statement.rows[0]["payer_id"] == early.payer.payer_id
    )
    assert late.payer.payer_id == statement.rows[2]["payer_id"]
    assert statement.status == ConsumerStatus.CONSUMER
    assert statement.full_name == "Әбенова Айгерім Нұрланқызы" and statement.iin == person.iin


def test_the_statement_keeps_the_status_and_the_a2_arrears_note_of_the_issue_date(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    pay(person, paid_on=date(2026, 2, 10), period=date(2026, 1, 1))  # then nothing: lapsed after grace
    request = run(person, django_capture_on_commit_callbacks)
    statement = request.statement
    assert statement.status == ConsumerStatus.NOT_CONSUMER
    assert statement.assessment["reason"] == "lapsed"
    # A2: the 12 months before November 2026 but January 2026: 11 × 5% × 85 000.
    assert len(statement.assessment["arrears_months"]) == 11
    assert Decimal(statement.assessment["arrears_amount"]) == Decimal("46750.00")


def test_the_pdf_is_stored_once_with_its_sha256_and_reads_in_kazakh(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    pay(person, paid_on=date(2026, 10, 12), period=date(2026, 9, 1), amount="12345.60", kind="deduction")
    request = run(person, django_capture_on_commit_callbacks, language="kk")
    statement = request.statement
    data = statement.pdf.read()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == statement.pdf_sha256
    text = pdf_text(data)
    assert KAZAKH_TITLE in text
    assert statement.number in text and "20.11.2026" in text
    assert "12.10.2026" in text and "12 345,60" in text and "аударым" in text and "09.2026" in text
    assert "МӘМС тұтынушысы" in text


def test_no_consent_ends_in_a_reasoned_refusal_on_ground_5(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    request = run(person, django_capture_on_commit_callbacks, consent=False, language="en")
    assert request.status == RequestStatus.REFUSED and request.refusal_ground == RefusalGround.NO_CONSENT
    refusal = Refusal.objects.get(request=request)
    assert refusal.ground == 5 and "consent" in refusal.reasons
    assert not Statement.objects.filter(request=request).exists()
    text = pdf_text(refusal.pdf.read())
    assert refusal.number in text and "no consent to access restricted personal data" in text
    assert stages(request) == [
        Stage.RECEIVED,
        Stage.REGISTERED,
        Stage.PROCESSING,
        Stage.IDENTITY_CHECKED,
        Stage.CONSENT_CHECKED,
        Stage.DOCUMENT_ISSUED,
        Stage.REFUSED,
        Stage.NOTIFIED,
    ]


def test_names_that_differ_from_the_state_register_end_in_a_refusal_on_ground_1(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen(last_name="Сұлтанов", first_name="Арман", patronymic="Болатұлы")
    IdentityRecord.objects.filter(iin=person.iin).update(last_name="Султанов")  # R6: one letter differs
    request = run(person, django_capture_on_commit_callbacks, language="en")
    assert request.status == RequestStatus.REFUSED and request.refusal_ground == RefusalGround.UNRELIABLE_DATA
    assert "last name" in request.refusal.reasons
    identity = ServiceStageEvent.objects.get(request=request, stage=Stage.IDENTITY_CHECKED)
    assert identity.detail["differing_fields"] == ["last_name"]
    assert Stage.CONSENT_CHECKED not in stages(request)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("missing", "has no record for your IIN"),
        ("invalid_document", "identity document is not valid"),
    ],
)
def test_a_missing_register_record_or_an_invalid_document_is_ground_1(
    change, words, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    records = IdentityRecord.objects.filter(iin=person.iin)
    records.delete() if change == "missing" else records.update(document_valid=False)
    request = run(person, django_capture_on_commit_callbacks, language="en")
    assert request.refusal_ground == RefusalGround.UNRELIABLE_DATA
    assert words in request.refusal.reasons


def test_a_person_known_only_by_iin_gets_a_refusal_document_not_a_stuck_request(
    time_machine, django_capture_on_commit_callbacks
):
    """A payments register creates the people it does not know with the IIN alone; such a person asking
    (through the e-government gateway) must get a reasoned refusal like anyone else (R6, A1.9 ground 1)."""
    from insurance.models import Person

    time_machine.move_to(WORKING_TIME)
    person = Person.objects.create(iin="050625500001")
    request = run(person, django_capture_on_commit_callbacks, language="en")
    assert request.status == RequestStatus.REFUSED
    assert request.refusal_ground == RefusalGround.UNRELIABLE_DATA
    assert request.refusal.full_name == "" and request.refusal.pdf_sha256
    text = pdf_text(request.refusal.pdf.read())
    assert "050625500001" in text and "name unknown" in text


def test_running_the_task_twice_gives_one_statement_and_one_set_of_stages(
    time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    pay(person, paid_on=date(2026, 10, 12), period=date(2026, 10, 1))
    request = run(person, django_capture_on_commit_callbacks)
    before = stages(request)
    with django_capture_on_commit_callbacks(execute=True):
        assert process_statement_request.delay(str(request.pk)).get() == "not claimed"
    assert Statement.objects.filter(request=request).count() == 1
    assert stages(request) == before
    assert before == [
        Stage.RECEIVED,
        Stage.REGISTERED,
        Stage.PROCESSING,
        Stage.IDENTITY_CHECKED,
        Stage.CONSENT_CHECKED,
        Stage.DOCUMENT_ISSUED,
        Stage.COMPLETED,
        Stage.NOTIFIED,
    ]


def test_the_applicant_is_told_by_sms_in_their_language(
    time_machine, django_capture_on_commit_callbacks, _sms_outbox
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen(language="ru")
    request = run(person, django_capture_on_commit_callbacks, language="en")
    assert len(_sms_outbox) == 1
    message = _sms_outbox[0]
    assert message.phone == person.phone and request.statement.number in message.text
