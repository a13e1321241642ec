"""A1.7 and R10: working days, working-day deadlines and registration time around the 2025–2026 holidays."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from insurance import working_time
from insurance.models import CalendarOverride
from insurance.working_time import ALMATY, WorkingCalendar

calendar = WorkingCalendar()
UTC = ZoneInfo("UTC")


def at(y, m, d, hh=12, mm=0, ss=0, tz=ALMATY):
    return datetime(y, m, d, hh, mm, ss, tzinfo=tz)


@pytest.mark.parametrize(
    "day, working",
    [
        # New Year 2025 and the decree transfer: Fri 3 January off, Sun 5 January worked instead.
        (date(2024, 12, 31), True),
        (date(2025, 1, 1), False),
        (date(2025, 1, 2), False),
        (date(2025, 1, 3), False),
        (date(2025, 1, 4), False),
        (date(2025, 1, 5), True),
        (date(2025, 1, 6), True),
        (date(2025, 1, 7), False),  # Orthodox Christmas
        (date(2025, 1, 8), True),
        # Nauryz 2025: 21–23 March, with Sat/Sun observed on Mon 24 and Tue 25.
        (date(2025, 3, 21), False),
        (date(2025, 3, 24), False),
        (date(2025, 3, 25), False),
        (date(2025, 3, 26), True),
        # New Year 2026.
        (date(2025, 12, 31), True),
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), False),
        (date(2026, 1, 5), True),
        (date(2026, 1, 7), False),
        # 8 March 2026 is a Sunday: observed on Monday 9 March.
        (date(2026, 3, 6), True),
        (date(2026, 3, 8), False),
        (date(2026, 3, 9), False),
        (date(2026, 3, 10), True),
        # Nauryz 2026: Sat 21, Sun 22, Mon 23; the weekend days observed on Tue 24 and Wed 25.
        (date(2026, 3, 20), True),
        (date(2026, 3, 21), False),
        (date(2026, 3, 22), False),
        (date(2026, 3, 23), False),
        (date(2026, 3, 24), False),
        (date(2026, 3, 25), False),
        (date(2026, 3, 26), True),
        # May 2026: 1 May (Fri), 7 May (Thu), 9 May (Sat) observed on Mon 11 May.
        (date(2026, 4, 30), True),
        (date(2026, 5, 1), False),
        (date(2026, 5, 4), True),
        (date(2026, 5, 7), False),
        (date(2026, 5, 8), True),
        (date(2026, 5, 9), False),
        (date(2026, 5, 11), False),
        (date(2026, 5, 12), True),
        # Independence Day 2026 (Wednesday).
        (date(2026, 12, 16), False),
        (date(2026, 12, 17), True),
        # Plain weekends.
        (date(2026, 11, 21), False),
        (date(2026, 11, 22), False),
        (date(2026, 11, 23), True),
    ],
)
def test_working_days_follow_the_kazakhstan_calendar(day, working):
    assert calendar.is_working_day(day) is working


@pytest.mark.parametrize(
    "start, n, due",
    [
        # Counting starts the day after registration (R10).
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        (date(2026, 11, 23), 1, date(2026, 11, 24)),
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday → Monday
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # Saturday → Monday
        (date(2026, 11, 23), 5, date(2026, 11, 30)),
        # Across Nauryz 2026.
        (date(2026, 3, 20), 3, date(2026, 3, 30)),
        (date(2026, 3, 20), 5, date(2026, 4, 1)),
        (date(2026, 3, 20), 15, date(2026, 4, 15)),
        (date(2026, 3, 19), 3, date(2026, 3, 27)),
        # Across the May holidays 2026.
        (date(2026, 4, 30), 3, date(2026, 5, 6)),
        (date(2026, 5, 6), 3, date(2026, 5, 13)),
        (date(2026, 5, 6), 5, date(2026, 5, 15)),
        (date(2026, 5, 6), 15, date(2026, 6, 1)),  # 27 May (Kurban Ait) is a day off too
        # Across New Year 2026 and Orthodox Christmas.
        (date(2025, 12, 31), 3, date(2026, 1, 8)),
        (date(2025, 12, 31), 5, date(2026, 1, 12)),
        # The 2025 transfer: Sunday 5 January was a working day.
        (date(2024, 12, 31), 1, date(2025, 1, 5)),
        (date(2024, 12, 31), 3, date(2025, 1, 8)),
    ],
)
def test_add_working_days_counts_from_the_next_day(start, n, due):
    assert calendar.add_working_days(start, n) == due


def test_add_working_days_refuses_negative_counts():
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 1, 5), -1)


def test_working_days_between_counts_the_end_but_not_the_start():
    assert calendar.working_days_between(date(2026, 3, 20), date(2026, 4, 1)) == 5
    assert calendar.working_days_between(date(2026, 4, 1), date(2026, 3, 20)) == -5
    assert calendar.working_days_between(date(2026, 4, 1), date(2026, 4, 1)) == 0


@pytest.mark.parametrize(
    "submitted, registered",
    [
        # Inside working hours, lunch included: registered at once.
        (at(2026, 11, 23, 9, 0), at(2026, 11, 23, 9, 0)),
        (at(2026, 11, 23, 13, 30), at(2026, 11, 23, 13, 30)),
        (at(2026, 11, 23, 18, 29, 59), at(2026, 11, 23, 18, 29, 59)),
        # Before opening on a working day: 09:00 the same day.
        (at(2026, 11, 23, 8, 59, 59), at(2026, 11, 23, 9, 0)),
        (at(2026, 11, 23, 0, 5), at(2026, 11, 23, 9, 0)),
        # After closing: 09:00 the next working day.
        (at(2026, 11, 23, 18, 30), at(2026, 11, 24, 9, 0)),
        (at(2026, 11, 20, 19, 0), at(2026, 11, 23, 9, 0)),
        (at(2026, 11, 21, 11, 0), at(2026, 11, 23, 9, 0)),
        (at(2026, 11, 22, 23, 59), at(2026, 11, 23, 9, 0)),
        # Holidays: Nauryz 2026, the May holidays, New Year, the 2025 transfer.
        (at(2026, 3, 20, 18, 45), at(2026, 3, 26, 9, 0)),
        (at(2026, 3, 23, 10, 0), at(2026, 3, 26, 9, 0)),
        (at(2026, 5, 8, 20, 0), at(2026, 5, 12, 9, 0)),
        (at(2025, 12, 31, 18, 31), at(2026, 1, 5, 9, 0)),
        (at(2025, 1, 2, 10, 0), at(2025, 1, 5, 9, 0)),
        # An aware time in another zone is read as Almaty time: 04:00 UTC is 09:00 in Almaty.
        (at(2026, 11, 23, 3, 59, tz=UTC), at(2026, 11, 23, 9, 0)),
        (at(2026, 11, 23, 4, 0, tz=UTC), at(2026, 11, 23, 9, 0)),
        (at(2026, 11, 23, 13, 30, tz=UTC), at(2026, 11, 24, 9, 0)),
    ],
)
def test_registration_time_follows_a1_7(submitted, registered):
    result = calendar.registration_time(submitted)
    assert result == registered
    assert result.tzinfo is not None


def test_registration_time_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        calendar.registration_time(datetime(2026, 11, 23, 10, 0))


def test_an_override_wins_over_the_calendar():
    cal = WorkingCalendar(
        {date(2026, 11, 24): working_time.DAY_OFF, date(2026, 11, 28): working_time.WORKING_DAY}
    )
    assert not cal.is_working_day(date(2026, 11, 24))
    assert cal.is_working_day(date(2026, 11, 28))
    assert cal.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)
    assert cal.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 28)
    assert cal.registration_time(at(2026, 11, 24, 10, 0)) == at(2026, 11, 25, 9, 0)


@pytest.mark.django_db
def test_the_contract_functions_use_overrides_stored_in_admin():
    assert working_time.is_working_day(date(2026, 12, 31))
    CalendarOverride.objects.create(day=date(2026, 12, 31), kind="day_off", reason="Decree No. 1 of 2026")
    CalendarOverride.objects.create(day=date(2026, 12, 26), kind="working_day", reason="Decree No. 1 of 2026")
    assert not working_time.is_working_day(date(2026, 12, 31))
    assert working_time.is_working_day(date(2026, 12, 26))
    # 1–2 January 2027 are Friday and Saturday: the Saturday is observed on Monday 4 January.
    assert working_time.add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 5)
    assert working_time.registration_time(at(2026, 12, 25, 19, 0)) == at(2026, 12, 26, 9, 0)


def test_every_day_of_2025_and_2026_is_consistent():
    """The next working day is always a working day, and nothing in between is."""
    day = date(2025, 1, 1)
    while day < date(2027, 1, 1):
        following = calendar.next_working_day(day)
        assert calendar.is_working_day(following)
        gap = day + timedelta(days=1)
        while gap < following:
            assert not calendar.is_working_day(gap)
            gap += timedelta(days=1)
        day += timedelta(days=1)
