"""Reviewer actions through the services: assign, decide, forward (R10.2, R10.3, R10.7, R10.8), role scoping."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints import services
from complaints.models import ComplaintEvent, Decision, EventKind, Level, Route, Status

from .conftest import PDF_BYTES, at, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
REASONS = "Взносы за январь найдены в реестре и добавлены в выписку."


def test_assign_to_me_puts_the_complaint_under_review(citizen, file_complaint, reviewer):
    complaint = file_complaint(citizen)
    complaint = services.complaint_assign(complaint=complaint, actor=reviewer, assignee=reviewer)
    assert complaint.assignee == reviewer and complaint.status == Status.IN_REVIEW
    event = complaint.events.get(kind=EventKind.ASSIGNED)
    assert event.actor == reviewer and event.detail == {"assignee": "Reviewer Reviewer"}


def test_reassign_only_to_a_reviewer_of_the_same_side(
    citizen, file_complaint, reviewer, reviewer2, inspector, clerk
):
    complaint = file_complaint(citizen)
    services.complaint_assign(complaint=complaint, actor=reviewer, assignee=reviewer2)
    complaint.refresh_from_db()
    assert complaint.assignee == reviewer2
    for wrong in (inspector, clerk):
        with pytest.raises(ValidationError, match="reviewer of your team"):
            services.complaint_assign(complaint=complaint, actor=reviewer, assignee=wrong)


def test_a_body_reviewer_cannot_touch_an_unforwarded_complaint(citizen, file_complaint, inspector):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    with pytest.raises(PermissionDenied):
        services.complaint_assign(complaint=complaint, actor=inspector, assignee=inspector)
    with pytest.raises(PermissionDenied):
        services.complaint_decide(
            complaint=complaint, actor=inspector, decision=Decision.REJECTED, reasons=REASONS
        )
    assert not complaint.events.exclude(kind__in=[EventKind.SUBMITTED, EventKind.REGISTERED]).exists()


def test_staff_outside_the_reviewer_groups_cannot_act(citizen, file_complaint, clerk):
    complaint = file_complaint(citizen)
    with pytest.raises(PermissionDenied):
        services.complaint_decide(
            complaint=complaint, actor=clerk, decision=Decision.REJECTED, reasons=REASONS
        )


def test_a_decision_needs_reasons_and_is_taken_once(citizen, file_complaint, reviewer, now):
    complaint = file_complaint(citizen)
    with pytest.raises(ValidationError) as error:
        services.complaint_decide(
            complaint=complaint, actor=reviewer, decision=Decision.REJECTED, reasons="  no "
        )
    assert "reasons" in error.value.message_dict
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED

    decided = services.complaint_decide(
        complaint=complaint,
        actor=reviewer,
        decision=Decision.PARTLY_SATISFIED,
        reasons=REASONS,
        now=at(2026, 3, 26, 15),
    )
    assert decided.status == Status.DECIDED and decided.decision == Decision.PARTLY_SATISFIED
    assert decided.decided_by == reviewer and decided.working_days_to_decision == 2  # 20 and 26 March
    assert decided.events.get(kind=EventKind.DECIDED).note == REASONS
    with pytest.raises(ValidationError, match="already been taken"):
        services.complaint_decide(
            complaint=complaint, actor=reviewer, decision=Decision.REJECTED, reasons=REASONS
        )
    assert complaint.events.filter(kind=EventKind.DECIDED).count() == 1


def test_the_citizen_is_told_of_the_decision_by_sms(
    citizen, file_complaint, reviewer, django_capture_on_commit_callbacks, _sms_outbox
):
    complaint = file_complaint(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_decide(
            complaint=complaint, actor=reviewer, decision=Decision.REJECTED, reasons=REASONS
        )
    assert len(_sms_outbox) == 1 and complaint.number in _sms_outbox[0].text


def test_on_the_body_route_the_fund_may_only_satisfy_in_full(citizen, file_complaint, reviewer):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    for decision in (Decision.PARTLY_SATISFIED, Decision.REJECTED):
        with pytest.raises(ValidationError) as error:
            services.complaint_decide(complaint=complaint, actor=reviewer, decision=decision, reasons=REASONS)
        assert "decision" in error.value.message_dict
    services.complaint_decide(
        complaint=complaint, actor=reviewer, decision=Decision.FULLY_SATISFIED, reasons=REASONS
    )
    complaint.refresh_from_db()
    # R10.8: fully satisfied within the 3 days, it is not forwarded.
    with pytest.raises(ValidationError):
        services.complaint_forward(complaint=complaint, actor=reviewer)
    assert complaint.level == Level.FUND and not complaint.case_pdf


def test_forwarding_builds_the_case_and_registers_it_at_the_body(
    citizen, file_complaint, reviewer, now, django_capture_on_commit_callbacks, _sms_outbox
):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY, files=[upload("decision.pdf", PDF_BYTES)])
    services.complaint_assign(complaint=complaint, actor=reviewer, assignee=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.complaint_forward(complaint=complaint, actor=reviewer)
    assert (complaint.level, complaint.status, complaint.assignee) == (Level.BODY, Status.FORWARDED, None)
    assert complaint.forwarded_at == now and complaint.body_registered_at == now
    # R10.3: 15 working days from the body's registration: 20, 26–27, 30–31 March, 1–3, 6–10, 13–14 April.
    assert complaint.body_review_due_on == date(2026, 4, 14) == complaint.due_on
    pdf = complaint.case_pdf.read()
    assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == complaint.case_pdf_sha256
    event = complaint.events.get(kind=EventKind.FORWARDED)
    assert event.actor == reviewer and event.detail["due_on"] == "2026-04-14" and not event.detail["late"]
    assert len(_sms_outbox) == 1 and "14.04.2026" in _sms_outbox[0].text


def test_forwarded_after_hours_is_registered_by_the_body_next_working_day(citizen, file_complaint, reviewer):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    complaint = services.complaint_forward(complaint=complaint, actor=reviewer, now=at(2026, 3, 20, 19))
    assert complaint.body_registered_at == at(2026, 3, 26, 9)
    assert complaint.body_review_due_on == date(2026, 4, 16)


def test_a_forwarded_complaint_belongs_to_the_body(citizen, file_complaint, reviewer, inspector):
    complaint = services.complaint_forward(
        complaint=file_complaint(citizen, route=Route.REVIEWING_BODY), actor=reviewer
    )
    # The Fund can no longer decide or forward it; the body decides it, with any outcome.
    with pytest.raises(PermissionDenied):
        services.complaint_decide(
            complaint=complaint, actor=reviewer, decision=Decision.FULLY_SATISFIED, reasons=REASONS
        )
    with pytest.raises(PermissionDenied):
        services.complaint_forward(complaint=complaint, actor=reviewer)
    services.complaint_assign(complaint=complaint, actor=inspector, assignee=inspector)
    decided = services.complaint_decide(
        complaint=complaint, actor=inspector, decision=Decision.REJECTED, reasons=REASONS
    )
    assert decided.status == Status.DECIDED and decided.level == Level.BODY
    assert decided.events.get(kind=EventKind.DECIDED).actor_role == "body"


def test_a_fund_route_complaint_is_never_forwarded(citizen, file_complaint, reviewer):
    complaint = file_complaint(citizen, route=Route.FUND_HEAD)
    with pytest.raises(ValidationError, match="Only a complaint to the reviewing body"):
        services.complaint_forward(complaint=complaint, actor=reviewer)
    assert not ComplaintEvent.objects.filter(kind=EventKind.FORWARDED).exists()
