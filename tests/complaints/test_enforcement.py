"""Deadline enforcement (R10.2, R10.3, R10.7, R10.8): auto-forwarding, overdue marks, reminders — once each,
however often, late or concurrently it runs."""

import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from complaints import services
from complaints.models import Decision, EventKind, Level, Route, Status
from tests.services import require_postgres

from .conftest import at

pytestmark = pytest.mark.django_db
REASONS = "Все взносы найдены, выписка исправлена."


@pytest.fixture
def enforce(time_machine, django_capture_on_commit_callbacks):
    """Run enforcement at a given Almaty moment, with the SMS / e-mail tasks it queues."""

    def _run(when):
        time_machine.move_to(when, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            return services.complaints_enforce()

    return _run


def test_it_forwards_on_the_afternoon_of_the_last_day_exactly_once(
    citizen, file_complaint, enforce, _sms_outbox
):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)  # due to be forwarded by 27 March
    assert enforce(at(2026, 3, 26, 17)).forwarded == []
    assert enforce(at(2026, 3, 27, 16, 59)).forwarded == []
    sms_before = len(_sms_outbox)
    assert enforce(at(2026, 3, 27, 17, 0)).forwarded == [complaint.number]
    assert len(_sms_outbox) == sms_before + 1  # the citizen is told once
    assert enforce(at(2026, 3, 27, 17, 15)).forwarded == []
    assert enforce(at(2026, 3, 30, 9, 30)).forwarded == []
    assert len(_sms_outbox) == sms_before + 1
    complaint.refresh_from_db()
    assert complaint.level == Level.BODY and complaint.case_pdf_sha256
    event = complaint.events.get(kind=EventKind.FORWARDED)
    assert event.actor is None and event.actor_role == "system" and event.detail["automatic"]


def test_after_a_day_of_downtime_it_catches_up_once(citizen, file_complaint, enforce):
    to_forward = file_complaint(citizen, route=Route.REVIEWING_BODY)  # last day 27 March
    to_review = file_complaint(citizen, route=Route.FUND_HEAD)  # due 31 March
    # Nothing ran from 26 March to 1 April.
    result = enforce(at(2026, 4, 1, 10))
    assert result.forwarded == [to_forward.number]
    assert result.overdue == [to_review.number]
    to_forward.refresh_from_db()
    forwarded = to_forward.events.get(kind=EventKind.FORWARDED)
    assert forwarded.detail["late"] is True
    assert to_forward.body_registered_at == at(2026, 4, 1, 10)
    # The forwarded one now has the body's deadline, so it is not overdue.
    assert to_forward.overdue_for is None
    second = enforce(at(2026, 4, 1, 10, 15))
    assert (second.forwarded, second.overdue) == ([], [])
    assert to_review.events.filter(kind=EventKind.OVERDUE).count() == 1


def test_a_fully_satisfied_complaint_is_not_forwarded(citizen, file_complaint, reviewer, enforce):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    services.complaint_decide(
        complaint=complaint, actor=reviewer, decision=Decision.FULLY_SATISFIED, reasons=REASONS
    )
    assert enforce(at(2026, 3, 27, 18)).forwarded == []
    complaint.refresh_from_db()
    assert complaint.level == Level.FUND and complaint.status == Status.DECIDED


def test_decided_complaints_are_never_marked_overdue(citizen, file_complaint, reviewer, enforce):
    complaint = file_complaint(citizen)
    services.complaint_decide(
        complaint=complaint, actor=reviewer, decision=Decision.REJECTED, reasons=REASONS
    )
    assert enforce(at(2026, 4, 6, 10)).overdue == []


def test_the_assignee_is_reminded_one_working_day_before(
    citizen, file_complaint, reviewer, reviewer2, enforce
):
    complaint = file_complaint(citizen)  # due 31 March
    services.complaint_assign(complaint=complaint, actor=reviewer, assignee=reviewer2)
    assert enforce(at(2026, 3, 27, 10)).reminded == []
    assert enforce(at(2026, 3, 30, 9)).reminded == [complaint.number]
    assert enforce(at(2026, 3, 30, 15)).reminded == []
    assert enforce(at(2026, 3, 31, 9)).reminded == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reviewer2@fund.example.kz"]
    assert complaint.number in mail.outbox[0].subject and "31.03.2026" in mail.outbox[0].subject


def test_the_team_is_reminded_when_nobody_is_assigned(
    citizen, file_complaint, reviewer, reviewer2, inspector, enforce
):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)  # last day 27 March
    enforce(at(2026, 3, 26, 9))
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["reviewer2@fund.example.kz", "reviewer@fund.example.kz"]
    assert complaint.events.filter(kind=EventKind.REMINDED).count() == 1


def test_the_body_deadline_gets_its_own_reminder_and_overdue_mark(
    citizen, file_complaint, reviewer, inspector, enforce
):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    enforce(at(2026, 3, 26, 9))  # reminder for the forwarding deadline, to the Fund
    services.complaint_forward(complaint=complaint, actor=reviewer, now=at(2026, 3, 26, 12))
    complaint.refresh_from_db()
    due = complaint.body_review_due_on
    assert due.isoformat() == "2026-04-16"
    assert enforce(at(2026, 4, 15, 9)).reminded == [complaint.number]
    assert mail.outbox[-1].to == ["inspector@fund.example.kz"]
    assert enforce(at(2026, 4, 17, 9)).overdue == [complaint.number]
    assert enforce(at(2026, 4, 20, 9)).overdue == []
    assert complaint.events.filter(kind=EventKind.REMINDED).count() == 2


def test_the_command_runs_it_once_and_reports(citizen, file_complaint, time_machine):
    complaint = file_complaint(citizen, route=Route.REVIEWING_BODY)
    time_machine.move_to(at(2026, 3, 27, 17, 30), tick=False)
    out = io.StringIO()
    call_command("enforce_deadlines", stdout=out)
    assert "forwarded: 1" in out.getvalue() and f"forwarded: {complaint.number}" in out.getvalue()
    out = io.StringIO()
    call_command("enforce_deadlines", stdout=out)
    assert "forwarded: 0" in out.getvalue()


def test_the_celery_task_calls_the_same_service(citizen, file_complaint, time_machine):
    from complaints.tasks import enforce_deadlines

    file_complaint(citizen, route=Route.REVIEWING_BODY)
    time_machine.move_to(at(2026, 3, 27, 17, 30), tick=False)
    assert enforce_deadlines.delay().get() == {"forwarded": 1, "overdue": 0, "reminded": 0}


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_forward_each_complaint_once(reference_data, time_machine):
    """Two enforcement runs at the same moment on PostgreSQL: SKIP LOCKED and the re-check under the lock
    give every complaint to exactly one of them."""
    require_postgres()
    from tests.factories import PersonFactory

    time_machine.move_to(at(2026, 3, 19, 11), tick=False)
    people = [PersonFactory() for _ in range(6)]
    complaints = [
        services.complaint_file(person=p, route=Route.REVIEWING_BODY, subject="decision", text="x" * 40)
        for p in people
    ]
    time_machine.move_to(at(2026, 3, 27, 17, 30), tick=False)
    barrier, results = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            results.append(services.complaints_enforce())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    forwarded = [number for result in results for number in result.forwarded]
    assert sorted(forwarded) == sorted(c.number for c in complaints)
    for complaint in complaints:
        assert complaint.events.filter(kind=EventKind.FORWARDED).count() == 1
