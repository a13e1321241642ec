"""Who the generated people are: a profile derived from (seed, person number) alone, with no state.

Everything is a pure function of a 64-bit hash of the seed and the person's number, so a person can be
re-derived anywhere, the output is the same for the same seed, and nothing about the population has to be
held in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from insurance.coverage import add_months, month_start
from insurance.identifiers import check_digit
from insurance.models import Category

MASK = (1 << 64) - 1

# Rates 2022–2026 (DIGEST, "Facts from outside the Rules").
DEDUCTION_RATE = Decimal("0.03")  # R3.1: the employer's deduction
CONTRIBUTION_RATE = Decimal("0.02")  # R3.2: the employee's contribution, withheld by the employer
PROPRIETOR_BASE = Decimal("1.4")  # a sole proprietor pays 5% of 1.4 × the minimum wage
SELF_PAYER_RATE = Decimal("0.05")  # a self-paying individual (and, here, the state) pays 5% of it
MAX_SALARY_MULTIPLE = 40
BIRTH_SPAN_DAYS = 85 * 365  # ages spread evenly from 0 to 84
BIRTH_STEP = 7919  # a prime: consecutive people get birth dates far apart, and no two share one slot

EMPLOYEE, PROPRIETOR, SELF_PAYER, STATE_PAID, UNINSURED = (
    "employee",
    "proprietor",
    "self_payer",
    "state_paid",
    "uninsured",
)


def mix(*parts: int) -> int:
    """splitmix64 over the parts: a fast, well-spread, deterministic 64-bit hash."""
    x = 0x9E3779B97F4A7C15
    for part in parts:
        x = (x + (part & MASK) + 0x9E3779B97F4A7C15) & MASK
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
        x ^= x >> 31
    return x


def unit(h: int) -> float:
    """A number in [0, 1) from a hash."""
    return (h >> 11) / float(1 << 53)


def fast_iin(birth: date, female: bool, serial: int) -> str:
    """An IIN like ``identifiers.make_iin``; ``serial`` and ``serial + 1`` differ only in the last digit,
    whose fallback weight is 2, so at most one of the two has no check digit and one always works."""
    century_digit = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + int(female)
    for candidate in (serial, serial + 1):
        body = f"{birth:%y%m%d}{century_digit}{candidate:04d}"
        digit = check_digit(body)
        if digit is not None:
            return f"{body}{digit}"
    raise AssertionError("unreachable: one of two neighbouring serials always has a check digit")


def fast_bin(registered: date, serial: int) -> str:
    """A BIN (entity type 4) for the ``serial``-th organisation; like ``identifiers.make_bin``."""
    for candidate in (2 * serial, 2 * serial + 1):
        body = f"{registered:%y%m}40{candidate % 100000:05d}"
        digit = check_digit(body)
        if digit is not None:
            return f"{body}{digit}"
    raise AssertionError("unreachable: one of two neighbouring serials always has a check digit")


@dataclass(frozen=True)
class Span:
    """A state-paid category membership; ``end`` None while it lasts."""

    category: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Profile:
    number: int
    iin: str
    birth: date
    female: bool
    kind: str
    salary_multiple: float = 0.0  # employees: salary = multiple × the minimum wage of the year
    employer_seed: int = 0
    tenure_months: int = 0  # employees change employer this often
    pay_probability: float = 1.0  # self-payers skip months
    span: Span | None = None

    def covered_by_state(self, month: date) -> bool:
        span = self.span
        if span is None or span.start > month_end_of(month):
            return False
        return span.end is None or span.end >= month


def month_end_of(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def birth_date(seed: int, number: int, until: date) -> tuple[date, int]:
    """A birth date and an IIN serial that no other person of this seed shares with it."""
    slot = (number * BIRTH_STEP + mix(seed, 1) % BIRTH_SPAN_DAYS) % BIRTH_SPAN_DAYS
    # People numbered `number` and `number + BIRTH_SPAN_DAYS` share the day: the serial tells them apart.
    return until - timedelta(days=slot), 2 * (number // BIRTH_SPAN_DAYS)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _adult_kind(h: int) -> str:
    roll = unit(h)
    if roll < 0.62:
        return EMPLOYEE
    if roll < 0.72:
        return PROPRIETOR
    if roll < 0.80:
        return SELF_PAYER
    if roll < 0.87:
        return STATE_PAID
    return UNINSURED


def _birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # born on 29 February
        return date(birth.year + years, 3, 1)


def _state_span(h: int, birth: date, female: bool, until: date) -> Span | None:
    """Children until 18, pensioners from the pension age, and adults in another preferential category."""
    age = _age_on(birth, until)
    pension_age = 61 if female else 63
    if age < 18:
        return Span(Category.CHILD, birth, None)
    if age >= pension_age:
        return Span(Category.PENSIONER, _birthday(birth, pension_age), None)
    if age < 23 and unit(mix(h, 2)) < 0.5:
        start = date(_birthday(birth, 18).year, 9, 1)
        return Span(Category.STUDENT, start, None) if start <= until else None
    return None


def _other_category(h: int, until: date) -> Span:
    choices = (Category.UNEMPLOYED, Category.CHILDCARE, Category.DISABILITY, Category.CARER)
    category = choices[mix(h, 3) % len(choices)]
    start = add_months(month_start(until), -int(mix(h, 4) % 48) - 1)
    ends = unit(mix(h, 5)) < 0.4
    end = month_end_of(add_months(start, int(mix(h, 6) % 18))) if ends else None
    return Span(category, start, end if end is None or end < until else None)


def profile(seed: int, number: int, until: date) -> Profile:
    h = mix(seed, number)
    birth, serial = birth_date(seed, number, until)
    female = bool(h & 1)
    iin = fast_iin(birth, female, serial)
    span = _state_span(h, birth, female, until)
    if span is not None:
        return Profile(number, iin, birth, female, STATE_PAID, span=span)
    kind = _adult_kind(mix(h, 7))
    if kind == EMPLOYEE:
        # Salaries from the minimum wage to 40× it, most of them near the bottom (log-uniform).
        multiple = MAX_SALARY_MULTIPLE ** (unit(mix(h, 8)) ** 1.6)
        tenure = 12 + int(mix(h, 9) % 60)
        return Profile(number, iin, birth, female, kind, multiple, mix(h, 10), tenure)
    if kind == SELF_PAYER:
        return Profile(number, iin, birth, female, kind, pay_probability=0.45 + 0.5 * unit(mix(h, 11)))
    if kind == STATE_PAID:
        return Profile(number, iin, birth, female, kind, span=_other_category(h, until))
    return Profile(number, iin, birth, female, kind)
