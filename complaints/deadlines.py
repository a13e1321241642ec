"""Complaint deadlines as pure functions over a ``WorkingCalendar`` (no database, no clock).

- A1.7: a complaint filed after hours, on a weekend or a holiday is registered at 09:00 of the next
  working day; inside working hours (lunch included) at once.
- R10.2: the Fund reviews a complaint within 5 working days from its registration.
- R10.7–R10.8: on the reviewing-body route the Fund has 3 working days to fully satisfy it or forward it
  with the administrative case.
- R10.3: the reviewing body reviews it within 15 working days from its own registration (A1.7 again).
- "Within N working days from registration": counting starts the day after the registration date; the
  complaint is due by the end of the N-th working day (``WorkingCalendar.add_working_days``).

The service stores what these functions return; nothing re-derives a stored deadline later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from insurance.working_time import ALMATY, WorkingCalendar

FUND_REVIEW_DAYS = 5  # R10.2
FORWARD_DAYS = 3  # R10.7
BODY_REVIEW_DAYS = 15  # R10.3
DUE_SOON_DAYS = 2  # the queue marks what is due within 2 working days

ROUTE_FUND_HEAD = "fund"
ROUTE_REVIEWING_BODY = "body"


@dataclass(frozen=True)
class Registration:
    registered_at: datetime
    review_due_on: date | None  # Fund route (R10.2)
    forward_due_on: date | None  # reviewing-body route (R10.7)

    @property
    def due_on(self) -> date:
        return self.review_due_on or self.forward_due_on


def local_date(moment: datetime) -> date:
    return moment.astimezone(ALMATY).date()


def register(calendar: WorkingCalendar, *, route: str, submitted_at: datetime) -> Registration:
    """When a complaint is registered (A1.7) and the deadline its route sets (R10.2 or R10.7)."""
    registered_at = calendar.registration_time(submitted_at)
    day = local_date(registered_at)
    if route == ROUTE_FUND_HEAD:
        return Registration(registered_at, calendar.add_working_days(day, FUND_REVIEW_DAYS), None)
    if route == ROUTE_REVIEWING_BODY:
        return Registration(registered_at, None, calendar.add_working_days(day, FORWARD_DAYS))
    raise ValueError(f"unknown route {route!r}")


def register_at_body(calendar: WorkingCalendar, *, forwarded_at: datetime) -> tuple[datetime, date]:
    """R10.3 + A1.7: the reviewing body registers what it received and has 15 working days from then."""
    registered_at = calendar.registration_time(forwarded_at)
    return registered_at, calendar.add_working_days(local_date(registered_at), BODY_REVIEW_DAYS)


def previous_working_day(calendar: WorkingCalendar, day: date) -> date:
    """The last working day strictly before ``day``."""
    day -= timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def reminder_day(calendar: WorkingCalendar, due_on: date) -> date:
    """Reviewers are reminded one working day before a deadline."""
    return previous_working_day(calendar, due_on)


def should_remind(calendar: WorkingCalendar, *, due_on: date, today: date) -> bool:
    """From the reminder day up to the deadline itself: a run missed on the reminder day (downtime) still
    reminds on the next run, but nothing reminds about a deadline that has already passed."""
    return reminder_day(calendar, due_on) <= today <= due_on


def is_overdue(*, due_on: date, today: date) -> bool:
    """Due by the end of the due day: missed from the next calendar day."""
    return today > due_on


def should_auto_forward(*, forward_due_on: date, now: datetime, forward_at: time) -> bool:
    """R10.7: on the last of the 3 working days, late enough that the Fund had the day to fully satisfy
    the complaint (R10.8); at once if that moment has passed (enforcement was down)."""
    local = now.astimezone(ALMATY)
    return local.date() > forward_due_on or (local.date() == forward_due_on and local.time() >= forward_at)


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"


def due_soon_until(calendar: WorkingCalendar, today: date) -> date:
    """The last day that counts as "due within 2 working days" seen from ``today``."""
    return calendar.add_working_days(today, DUE_SOON_DAYS)


def urgency(*, due_on: date, today: date, soon_until: date) -> Urgency:
    """The queue's mark for a deadline; ``soon_until`` comes from ``due_soon_until`` (computed once)."""
    if due_on < today:
        return Urgency.OVERDUE
    if due_on == today:
        return Urgency.DUE_TODAY
    if due_on <= soon_until:
        return Urgency.DUE_SOON
    return Urgency.ON_TIME


def working_days_taken(calendar: WorkingCalendar, *, registered_at: datetime, decided_at: datetime) -> int:
    """Working days from the registration date to the decision date (0 when decided the same day)."""
    return max(0, calendar.working_days_between(local_date(registered_at), local_date(decided_at)))
