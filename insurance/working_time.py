"""Working time of the Fund (A1.7) and working-day deadlines (R10).

The Fund works Monday to Friday, 09:00–18:30 Asia/Almaty, except public holidays. Holidays come from the
``holidays`` package's Kazakhstan calendar (observed days included, and the decreed transfers it knows:
the weekday made a day off, and the weekend day made a working day in exchange). Fund staff add what a
new Government decree moves as calendar overrides in admin; an override always wins.

``WorkingCalendar`` is pure (no database): the module-level functions build one with the overrides stored
in the database. Callers that ask many questions at once build one calendar with ``working_calendar()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from holidays.countries.kazakhstan import KazakhstanStaticHolidays

ALMATY = ZoneInfo("Asia/Almaty")
OPENS = time(9, 0)
CLOSES = time(18, 30)
DAY_OFF = "day_off"
WORKING_DAY = "working_day"


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("KZ", years=year, observed=True))


def _transfers(declared_year: int) -> tuple:
    entries = KazakhstanStaticHolidays.special_public_holidays.get(declared_year, ())
    return (entries,) if entries and isinstance(entries[0], int) else entries


@lru_cache(maxsize=64)
def _decreed_working_days(year: int) -> frozenset[date]:
    """Weekend days of ``year`` that a decree made working days, as the holidays package knows them.

    It lists each transfer as (to_month, to_day, from_month, from_day[, from_year]): the "to" day becomes
    a day off (already in the holiday list) and the "from" day is worked instead. A transfer declared for
    one year may take its working day from the year before (2014: 28 December 2013).
    """
    days = set()
    for declared in (year, year + 1):
        for entry in _transfers(declared):
            if len(entry) >= 4:
                worked = date(entry[4] if len(entry) == 5 else declared, entry[2], entry[3])
                if worked.year == year:
                    days.add(worked)
    return frozenset(days)


class WorkingCalendar:
    """Answers "is this a working day?" from the KZ calendar plus explicit overrides."""

    def __init__(self, overrides: Mapping[date, str] | None = None):
        self.overrides = dict(overrides or {})

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day] == WORKING_DAY
        if day in _public_holidays(day.year):
            return False
        if day in _decreed_working_days(day.year):
            return True
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after ``day``: counting starts the day after (R10)."""
        if n < 0:
            raise ValueError("n must not be negative")
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: 1 when ``end`` is the next working day after ``start``."""
        if end <= start:
            return -self.working_days_between(end, start) if end < start else 0
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def is_working_time(self, moment: datetime) -> bool:
        local = moment.astimezone(ALMATY)
        return self.is_working_day(local.date()) and OPENS <= local.time() < CLOSES

    def registration_time(self, submitted_at: datetime) -> datetime:
        """A1.7: inside working hours (lunch included) a request is registered at once; after hours, on a
        weekend or a holiday it is registered at 09:00 of the next working day."""
        if submitted_at.tzinfo is None:
            raise ValueError("submitted_at must be timezone-aware")
        if self.is_working_time(submitted_at):
            return submitted_at
        local = submitted_at.astimezone(ALMATY)
        day = local.date()
        if not (self.is_working_day(day) and local.time() < OPENS):
            day = self.next_working_day(day)
        return datetime.combine(day, OPENS, tzinfo=ALMATY)


def stored_overrides() -> dict[date, str]:
    from insurance.models import CalendarOverride

    return dict(CalendarOverride.objects.values_list("day", "kind"))


def working_calendar() -> WorkingCalendar:
    """A calendar with the overrides stored in the database (one small query)."""
    return WorkingCalendar(stored_overrides())


def is_working_day(day: date) -> bool:
    return working_calendar().is_working_day(day)


def add_working_days(day: date, n: int) -> date:
    return working_calendar().add_working_days(day, n)


def registration_time(submitted_at: datetime) -> datetime:
    return working_calendar().registration_time(submitted_at)
