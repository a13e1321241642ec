"""Deadline enforcement: one run of what Celery beat repeats (and ``manage.py enforce_deadlines`` does once).

Everything is computed from what is stored (the deadlines and the marks ``reminded_for`` / ``overdue_for``),
never from when the last run happened. Each complaint is handled in its own transaction: the row is locked
with SKIP LOCKED (so a second run at the same moment passes over it), the condition is checked again
under the lock, and the mark it sets makes a later run find nothing to do. Running it twice, two at once,
or the day after an outage therefore acts once per deadline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from complaints import deadlines
from complaints.models import OPEN_STATUSES, ActorRole, Complaint, EventKind, Level, Route, Status
from insurance.working_time import WorkingCalendar, working_calendar

from .history import event_append
from .review import forward

logger = logging.getLogger(__name__)


@dataclass
class EnforcementResult:
    forwarded: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _forward_at() -> time:
    return time.fromisoformat(settings.COMPLAINT_AUTO_FORWARD_AT)


def _claim(pk, condition: Q) -> Complaint | None:
    """Lock the complaint if it still needs the action; None if another run holds it or did it already."""
    return Complaint.objects.select_for_update(skip_locked=True).filter(condition, pk=pk).first()


def _auto_forward_one(pk, *, now: datetime, calendar: WorkingCalendar) -> bool:
    with transaction.atomic():
        complaint = _claim(
            pk,
            Q(route=Route.REVIEWING_BODY, level=Level.FUND, status__in=[Status.REGISTERED, Status.IN_REVIEW]),
        )
        if complaint is None or not deadlines.should_auto_forward(
            forward_due_on=complaint.forward_due_on, now=now, forward_at=_forward_at()
        ):
            return False
        forward(complaint, actor=None, now=now, calendar=calendar)
        return True


def _mark_overdue_one(pk, *, now: datetime, today) -> bool:
    with transaction.atomic():
        complaint = _claim(pk, Q(status__in=OPEN_STATUSES, due_on__lt=today))
        if complaint is None or complaint.overdue_for == complaint.due_on:
            return False
        complaint.overdue_for = complaint.due_on
        complaint.save(update_fields=["overdue_for", "updated_at"])
        event_append(
            complaint=complaint,
            kind=EventKind.OVERDUE,
            at=now,
            role=ActorRole.SYSTEM,
            detail={"due_on": complaint.due_on.isoformat()},
        )
        return True


def _remind_one(pk, *, now: datetime, today, calendar: WorkingCalendar) -> bool:
    with transaction.atomic():
        complaint = _claim(pk, Q(status__in=OPEN_STATUSES))
        if complaint is None or complaint.reminded_for == complaint.due_on:
            return False
        if not deadlines.should_remind(calendar, due_on=complaint.due_on, today=today):
            return False
        complaint.reminded_for = complaint.due_on
        complaint.save(update_fields=["reminded_for", "updated_at"])
        event_append(
            complaint=complaint,
            kind=EventKind.REMINDED,
            at=now,
            role=ActorRole.SYSTEM,
            detail={"due_on": complaint.due_on.isoformat(), "assignee_id": complaint.assignee_id},
        )
        return True


def _each(ids, result_list: list[str], failed: list[str], action) -> None:
    for pk, number in ids:
        try:
            if action(pk):
                result_list.append(number)
        except Exception:
            # One broken complaint must not stop the others; the next run tries it again.
            logger.exception("complaint %s: enforcement step failed", number)
            failed.append(number)


def complaints_enforce(*, now: datetime | None = None) -> EnforcementResult:
    """Forward what is due (R10.7), then mark missed deadlines, then remind about tomorrow's."""
    now = now or timezone.now()
    today = deadlines.local_date(now)
    calendar = working_calendar()
    result = EnforcementResult()
    open_ = Complaint.objects.filter(status__in=OPEN_STATUSES)

    to_forward = open_.filter(route=Route.REVIEWING_BODY, level=Level.FUND, forward_due_on__lte=today)
    _each(
        to_forward.values_list("pk", "number"),
        result.forwarded,
        result.failed,
        lambda pk: _auto_forward_one(pk, now=now, calendar=calendar),
    )
    missed = open_.filter(due_on__lt=today).exclude(overdue_for=F("due_on"))
    _each(
        missed.values_list("pk", "number"),
        result.overdue,
        result.failed,
        lambda pk: _mark_overdue_one(pk, now=now, today=today),
    )
    # Remind from the working day before the deadline up to the deadline day itself.
    soon = open_.filter(due_on__gte=today, due_on__lte=calendar.next_working_day(today)).exclude(
        reminded_for=F("due_on")
    )
    _each(
        soon.values_list("pk", "number"),
        result.reminded,
        result.failed,
        lambda pk: _remind_one(pk, now=now, today=today, calendar=calendar),
    )
    return result
