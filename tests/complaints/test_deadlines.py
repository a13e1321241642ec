"""R10.2, R10.3, R10.7, A1.7: complaint deadlines across the 2026 holidays, overrides and after-hours filing.

2026 days off on weekdays (the KZ calendar with observed days): 1–2 January (New Year), 7 January,
9 March (8 March is a Sunday), 23–25 March (Nauryz 21–23, the weekend days observed on 24 and 25),
1 May, 7 May, 11 May (9 May is a Saturday), 27 May, 6 July, 26 October, 16 December.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from complaints import deadlines
from complaints.deadlines import Urgency
from insurance.working_time import ALMATY, DAY_OFF, WORKING_DAY, WorkingCalendar

calendar = WorkingCalendar()
FUND = deadlines.ROUTE_FUND_HEAD
BODY = deadlines.ROUTE_REVIEWING_BODY
FORWARD_AT = time(17, 0)


def at(y, m, d, hh=12, mm=0, tz=ALMATY):
    return datetime(y, m, d, hh, mm, tzinfo=tz)


@pytest.mark.parametrize(
    "submitted, registered, review_due",
    [
        # Friday before Nauryz, in working hours: 21–25 March are off, so the 5 days are 26, 27, 30, 31 March, 1 April.
        (at(2026, 3, 20, 10), at(2026, 3, 20, 10), date(2026, 4, 1)),
        # The same Friday after 18:30: registered Thursday 26 March at 09:00 (A1.7), due five working days later.
        (at(2026, 3, 20, 18, 45), at(2026, 3, 26, 9), date(2026, 4, 2)),
        # Filed during Nauryz itself.
        (at(2026, 3, 23, 11), at(2026, 3, 26, 9), date(2026, 4, 2)),
        # Before 8 March (Sunday, observed Monday 9 March): 10, 11, 12, 13, 16 March.
        (at(2026, 3, 6, 15), at(2026, 3, 6, 15), date(2026, 3, 16)),
        # The May holidays: 1 May, 7 May and 11 May are skipped: 4, 5, 6, 8, 12 May.
        (at(2026, 4, 30, 15), at(2026, 4, 30, 15), date(2026, 5, 12)),
        # New Year's Eve after hours: 1–2 January off, weekend, registered Monday 5 January; 7 January skipped.
        (at(2025, 12, 31, 19), at(2026, 1, 5, 9), date(2026, 1, 13)),
        # A Saturday during the New Year break.
        (at(2026, 1, 3, 12), at(2026, 1, 5, 9), date(2026, 1, 13)),
        # Lunch (13:00–14:30) is working time: registered at once.
        (at(2026, 6, 10, 13, 30), at(2026, 6, 10, 13, 30), date(2026, 6, 17)),
        # Before opening on a working day: 09:00 the same day.
        (at(2026, 6, 10, 8, 59), at(2026, 6, 10, 9), date(2026, 6, 17)),
        # 18:30 is closing time: after hours.
        (at(2026, 6, 10, 18, 30), at(2026, 6, 11, 9), date(2026, 6, 18)),
        # Submitted in UTC: 13:45 UTC is 18:45 in Almaty.
        (at(2026, 3, 20, 13, 45, tz=ZoneInfo("UTC")), at(2026, 3, 26, 9), date(2026, 4, 2)),
    ],
)
def test_fund_route_is_due_five_working_days_after_registration(submitted, registered, review_due):
    registration = deadlines.register(calendar, route=FUND, submitted_at=submitted)
    assert registration.registered_at == registered
    assert registration.review_due_on == review_due
    assert registration.forward_due_on is None
    assert registration.due_on == review_due


@pytest.mark.parametrize(
    "submitted, forward_due",
    [
        # Thursday before Nauryz: 20 March, then 26 and 27 March.
        (at(2026, 3, 19, 11), date(2026, 3, 27)),
        # Wednesday before the May 1 weekend: 30 April, 4 May, 5 May.
        (at(2026, 4, 29, 10), date(2026, 5, 5)),
        # 6 May: 7 May is off, 8 May, 11 May off, 12, 13 May.
        (at(2026, 5, 6, 16), date(2026, 5, 13)),
        # 30 December: 31 December, then 5 and 6 January.
        (at(2025, 12, 30, 12), date(2026, 1, 6)),
    ],
)
def test_body_route_must_be_forwarded_within_three_working_days(submitted, forward_due):
    registration = deadlines.register(calendar, route=BODY, submitted_at=submitted)
    assert registration.review_due_on is None
    assert registration.forward_due_on == forward_due
    assert registration.due_on == forward_due


@pytest.mark.parametrize(
    "forwarded_at, body_registered_at, body_due",
    [
        # 15 working days from 29 April: 30 Apr, 4–6, 8, 12–15, 18–22, 25 May.
        (at(2026, 4, 29, 17), at(2026, 4, 29, 17), date(2026, 5, 25)),
        # Forwarded automatically at 19:00 on the last day: the body registers it next working day (A1.7).
        (at(2026, 3, 20, 19), at(2026, 3, 26, 9), date(2026, 4, 16)),
        # Across New Year: registered 5 January (the first working day), 7 January skipped.
        (at(2025, 12, 31, 20), at(2026, 1, 5, 9), date(2026, 1, 27)),
    ],
)
def test_the_reviewing_body_has_fifteen_working_days_from_its_own_registration(
    forwarded_at, body_registered_at, body_due
):
    assert deadlines.register_at_body(calendar, forwarded_at=forwarded_at) == (body_registered_at, body_due)


def test_a_decreed_day_off_moves_the_deadline():
    decreed = WorkingCalendar({date(2026, 3, 27): DAY_OFF})
    registration = deadlines.register(decreed, route=BODY, submitted_at=at(2026, 3, 19, 11))
    assert registration.forward_due_on == date(2026, 3, 30)


def test_a_decreed_working_saturday_counts_as_a_working_day():
    decreed = WorkingCalendar({date(2026, 3, 28): WORKING_DAY})
    registration = deadlines.register(decreed, route=FUND, submitted_at=at(2026, 3, 20, 10))
    assert registration.review_due_on == date(2026, 3, 31)


def test_a_complaint_filed_on_a_decreed_working_saturday_is_registered_at_once():
    decreed = WorkingCalendar({date(2026, 3, 28): WORKING_DAY})
    registration = deadlines.register(decreed, route=FUND, submitted_at=at(2026, 3, 28, 10))
    assert registration.registered_at == at(2026, 3, 28, 10)
    assert registration.review_due_on == date(2026, 4, 3)  # 30, 31 March, 1, 2, 3 April


def test_an_override_can_make_a_public_holiday_a_working_day():
    decreed = WorkingCalendar({date(2026, 3, 25): WORKING_DAY})
    registration = deadlines.register(decreed, route=FUND, submitted_at=at(2026, 3, 24, 10))
    assert registration.registered_at == at(2026, 3, 25, 9)


def test_an_unknown_route_is_refused():
    with pytest.raises(ValueError):
        deadlines.register(calendar, route="court", submitted_at=at(2026, 3, 20, 10))


@pytest.mark.parametrize(
    "due_on, today, remind",
    [
        # The working day before Thursday 26 March is Friday 20 March (Nauryz in between).
        (date(2026, 3, 26), date(2026, 3, 19), False),
        (date(2026, 3, 26), date(2026, 3, 20), True),
        (date(2026, 3, 26), date(2026, 3, 23), True),  # a run missed on the reminder day still reminds
        (date(2026, 3, 26), date(2026, 3, 26), True),
        (date(2026, 3, 26), date(2026, 3, 27), False),  # past the deadline: overdue, not a reminder
        (date(2026, 5, 12), date(2026, 5, 8), True),  # 11 May is off: Friday 8 May reminds
        (date(2026, 5, 12), date(2026, 5, 7), False),
    ],
)
def test_reminders_come_one_working_day_before_the_deadline(due_on, today, remind):
    assert deadlines.should_remind(calendar, due_on=due_on, today=today) is remind


def test_the_reminder_day_skips_holidays_and_weekends():
    assert deadlines.reminder_day(calendar, date(2026, 3, 26)) == date(2026, 3, 20)
    assert deadlines.reminder_day(calendar, date(2026, 1, 5)) == date(2025, 12, 31)


@pytest.mark.parametrize(
    "due_on, mark",
    [
        (date(2026, 3, 19), Urgency.OVERDUE),
        (date(2026, 3, 20), Urgency.DUE_TODAY),
        (date(2026, 3, 26), Urgency.DUE_SOON),  # the next working day after Nauryz
        (date(2026, 3, 27), Urgency.DUE_SOON),  # the second working day
        (date(2026, 3, 30), Urgency.ON_TIME),
    ],
)
def test_the_queue_marks_deadlines_in_working_days(due_on, mark):
    today = date(2026, 3, 20)
    soon = deadlines.due_soon_until(calendar, today)
    assert soon == date(2026, 3, 27)
    assert deadlines.urgency(due_on=due_on, today=today, soon_until=soon) == mark


@pytest.mark.parametrize(
    "now, forward",
    [
        (at(2026, 3, 26, 23), False),  # the day before the last day
        (at(2026, 3, 27, 9), False),  # the last day, the Fund may still satisfy it in full
        (at(2026, 3, 27, 16, 59), False),
        (at(2026, 3, 27, 17, 0), True),
        (at(2026, 3, 28, 3), True),  # enforcement was down on the last day: forward at once
        (at(2026, 3, 27, 12, 0, tz=ZoneInfo("UTC")), True),  # 17:00 in Almaty
    ],
)
def test_auto_forwarding_waits_for_the_afternoon_of_the_last_day(now, forward):
    assert (
        deadlines.should_auto_forward(forward_due_on=date(2026, 3, 27), now=now, forward_at=FORWARD_AT)
        is forward
    )


def test_overdue_from_the_day_after_the_deadline():
    assert not deadlines.is_overdue(due_on=date(2026, 3, 27), today=date(2026, 3, 27))
    assert deadlines.is_overdue(due_on=date(2026, 3, 27), today=date(2026, 3, 28))


@pytest.mark.parametrize(
    "decided_at, days",
    [
        (at(2026, 3, 20, 17), 0),
        (at(2026, 3, 26, 11), 1),
        (at(2026, 4, 1, 11), 5),
    ],
)
def test_working_days_to_decision_skip_the_holidays(decided_at, days):
    taken = deadlines.working_days_taken(calendar, registered_at=at(2026, 3, 20, 10), decided_at=decided_at)
    assert taken == days
