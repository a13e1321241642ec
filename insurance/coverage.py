"""Consumer status, grace and arrears (A2 note; DESIGN "Status").

The rules are pure functions of a person's ``History`` and the ``Policy`` in force; ``assess(iin, on)``
loads both from the database and applies them.

- A month is *paid* when a payment for that period (the month paid for, prepaid months included) was made
  on or before the assessment date and is not fully refunded. A fully refunded payment covers nothing.
- A person is a consumer on a date when a preferential category the state pays for covers the date, or
  the date's month is paid, or it falls within the grace after the last paid month before it: 3 months,
  or — from 2026-01-01 — 6 months after 60 consecutive paid months. The numbers are reference data.
- Arrears: the months among the 12 before the date's month that are neither paid nor covered by a
  category (months before birth excluded); amount = months × 5% × the minimum wage of the date's year.
- ``covered_until`` is the last day of the last month the person is covered, grace included; ``None`` when
  an open-ended category covers them, or when they were never covered.
"""

from __future__ import annotations

from bisect import bisect_right
from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ImproperlyConfigured

MAX_LOOKAHEAD_MONTHS = 600
CENT = Decimal("0.01")


class Reason:
    """Why the status is what it is: stable codes for the cabinet, the statement and the API."""

    STATE_CATEGORY = "state_category"
    PAID = "paid"
    GRACE = "grace"
    LAPSED = "lapsed"
    NEVER_COVERED = "never_covered"


class MonthState:
    """What a month looks like on the coverage timeline."""

    STATE = "state"
    PAID = "paid"
    PREPAID = "prepaid"
    GRACE = "grace"
    REFUNDED = "refunded"
    GAP = "gap"
    FUTURE = "future"
    BEFORE_BIRTH = "before_birth"


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Month starts from ``first``'s month to ``last``'s month, inclusive."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class Policy:
    effective_from: date
    grace_months: int = 3
    long_payer_months: int | None = None
    long_payer_grace_months: int | None = None
    arrears_window_months: int = 12
    arrears_rate: Decimal = Decimal("0.05")


class Policies:
    """The coverage policies in force over time; each holds until the next one starts."""

    def __init__(self, policies: Iterable[Policy]):
        self._items = sorted(policies, key=lambda p: p.effective_from)
        if not self._items:
            raise ImproperlyConfigured("No coverage policy: add one in admin (reference data).")
        self._starts = [p.effective_from for p in self._items]

    def on(self, day: date) -> Policy:
        index = bisect_right(self._starts, day) - 1
        return self._items[max(index, 0)]


@dataclass(frozen=True)
class CategorySpan:
    category: str
    valid_from: date
    valid_to: date | None = None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def overlaps_month(self, month: date) -> bool:
        return self.valid_from <= month_end(month) and (self.valid_to is None or self.valid_to >= month)


@dataclass(frozen=True)
class PaymentFact:
    """What coverage needs to know of one payment."""

    period: date
    paid_on: date
    amount: Decimal
    refunded_amount: Decimal = Decimal("0")

    @property
    def covers(self) -> bool:
        return self.refunded_amount < self.amount


@dataclass(frozen=True)
class History:
    birth_date: date | None
    payments: Sequence[PaymentFact] = ()
    categories: Sequence[CategorySpan] = ()

    def known_on(self, day: date) -> History:
        """The history as the Fund knew it on ``day``: payments made later do not count yet."""
        return History(self.birth_date, [p for p in self.payments if p.paid_on <= day], self.categories)

    @property
    def paid_months(self) -> frozenset[date]:
        return frozenset(p.period for p in self.payments if p.covers)

    @property
    def prepaid_months(self) -> frozenset[date]:
        return frozenset(p.period for p in self.payments if p.covers and p.period > month_start(p.paid_on))

    @property
    def refunded_months(self) -> frozenset[date]:
        return frozenset(p.period for p in self.payments if not p.covers) - self.paid_months

    def category_on(self, day: date) -> CategorySpan | None:
        return next((span for span in self.categories if span.covers(day)), None)

    def category_in_month(self, month: date) -> CategorySpan | None:
        return next((span for span in self.categories if span.overlaps_month(month)), None)


@dataclass(frozen=True)
class Assessment:
    on: date
    is_consumer: bool
    reason: str
    covered_until: date | None
    category: str | None = None
    last_paid_month: date | None = None
    grace_until: date | None = None
    not_consumer_since: date | None = None
    arrears_months: list[date] = field(default_factory=list)
    arrears_amount: Decimal = Decimal("0.00")
    minimum_wage: Decimal = Decimal("0.00")
    arrears_rate: Decimal = Decimal("0.05")
    consecutive_paid_months: int = 0


def _streak_ending(paid: frozenset[date], month: date) -> int:
    count = 0
    while month in paid:
        count += 1
        month = add_months(month, -1)
    return count


def _grace_months(policy: Policy, streak: int) -> int:
    if policy.long_payer_months and policy.long_payer_grace_months and streak >= policy.long_payer_months:
        return max(policy.grace_months, policy.long_payer_grace_months)
    return policy.grace_months


def grace_end_month(
    paid: frozenset[date], month: date, policies: Policies
) -> tuple[date | None, date | None]:
    """For an unpaid ``month``: the last paid month before it and the last month its grace covers."""
    earlier = [m for m in paid if m < month]
    if not earlier:
        return None, None
    last_paid = max(earlier)
    grace = _grace_months(policies.on(month), _streak_ending(paid, last_paid))
    return last_paid, add_months(last_paid, grace)


def _covered_month(history: History, paid: frozenset[date], month: date, policies: Policies) -> bool:
    if month in paid or history.category_in_month(month):
        return True
    _, grace_end = grace_end_month(paid, month, policies)
    return grace_end is not None and month <= grace_end


def _covered_until(history: History, paid: frozenset[date], month: date, policies: Policies) -> date | None:
    """The last day of the covered run that contains ``month`` (None when it never ends)."""
    for _ in range(MAX_LOOKAHEAD_MONTHS):
        span = history.category_in_month(month)
        if span and span.valid_to is None:
            return None
        following = add_months(month, 1)
        if not _covered_month(history, paid, following, policies):
            return month_end(month)
        month = following
    return None


def _last_covered_before(
    history: History, paid: frozenset[date], month: date, policies: Policies
) -> date | None:
    candidates = [m for m in paid if m < month]
    for span in history.categories:
        if span.valid_from < month:
            candidates.append(month_start(min(span.valid_to or month, add_months(month, -1))))
    if not candidates:
        return None
    last = max(candidates)
    while add_months(last, 1) < month and _covered_month(history, paid, add_months(last, 1), policies):
        last = add_months(last, 1)
    return month_end(last)


def arrears(history: History, on: date, policy: Policy, minimum_wage: Decimal) -> tuple[list[date], Decimal]:
    """A2 note: unpaid months among the ``window`` before the date's month, at 5% of the minimum wage."""
    paid = history.paid_months
    this_month = month_start(on)
    birth_month = month_start(history.birth_date) if history.birth_date else None
    months = [
        month
        for month in (add_months(this_month, -k) for k in range(policy.arrears_window_months, 0, -1))
        if month not in paid
        and not history.category_in_month(month)
        and (birth_month is None or month >= birth_month)
    ]
    amount = (len(months) * policy.arrears_rate * minimum_wage).quantize(CENT, rounding=ROUND_HALF_UP)
    return months, amount


def assess_history(history: History, on: date, policies: Policies, minimum_wage: Decimal) -> Assessment:
    """The status on ``on`` and why, with the arrears (pure: everything comes in as arguments)."""
    history = history.known_on(on)
    paid = history.paid_months
    month = month_start(on)
    policy = policies.on(month)
    months_due, amount_due = arrears(history, on, policy, minimum_wage)
    common = {
        "on": on,
        "arrears_months": months_due,
        "arrears_amount": amount_due,
        "minimum_wage": minimum_wage,
        "arrears_rate": policy.arrears_rate,
    }
    last_paid, grace_end = grace_end_month(paid, month, policies)
    if month in paid:
        last_paid = max(m for m in paid if m <= month)
    streak = _streak_ending(paid, last_paid) if last_paid else 0
    common.update(last_paid_month=last_paid, consecutive_paid_months=streak)

    span = history.category_on(on)
    if span:
        return Assessment(
            is_consumer=True,
            reason=Reason.STATE_CATEGORY,
            category=span.category,
            covered_until=_covered_until(history, paid, month, policies),
            **common,
        )
    if month in paid:
        return Assessment(
            is_consumer=True,
            reason=Reason.PAID,
            covered_until=_covered_until(history, paid, month, policies),
            **common,
        )
    if grace_end is not None and month <= grace_end:
        return Assessment(
            is_consumer=True,
            reason=Reason.GRACE,
            grace_until=month_end(grace_end),
            covered_until=_covered_until(history, paid, month, policies),
            **common,
        )
    last_covered = _last_covered_before(history, paid, month, policies)
    return Assessment(
        is_consumer=False,
        reason=Reason.LAPSED if last_covered else Reason.NEVER_COVERED,
        covered_until=last_covered,
        grace_until=month_end(grace_end) if grace_end else None,
        not_consumer_since=date.fromordinal(last_covered.toordinal() + 1) if last_covered else None,
        **common,
    )


@dataclass(frozen=True)
class MonthCell:
    month: date
    state: str
    category: str | None = None


def timeline(history: History, end: date, policies: Policies, months: int = 36) -> list[MonthCell]:
    """The last ``months`` months up to ``end``'s month, each with what covered it (for the cabinet)."""
    history = history.known_on(end)
    paid, prepaid, refunded = history.paid_months, history.prepaid_months, history.refunded_months
    birth_month = month_start(history.birth_date) if history.birth_date else None
    cells = []
    for month in (add_months(month_start(end), -k) for k in range(months - 1, -1, -1)):
        span = history.category_in_month(month)
        if birth_month and month < birth_month:
            state = MonthState.BEFORE_BIRTH
        elif span:
            state = MonthState.STATE
        elif month in prepaid:
            state = MonthState.PREPAID
        elif month in paid:
            state = MonthState.PAID
        elif month <= (grace_end_month(paid, month, policies)[1] or date.min):
            state = MonthState.GRACE
        elif month in refunded:
            state = MonthState.REFUNDED
        else:
            state = MonthState.GAP
        cells.append(MonthCell(month, state, span.category if span else None))
    return cells


# --- Loading from the database -------------------------------------------------------------------


def load_policies() -> Policies:
    from insurance.models import CoveragePolicy

    return Policies(
        Policy(
            effective_from=p.effective_from,
            grace_months=p.grace_months,
            long_payer_months=p.long_payer_months,
            long_payer_grace_months=p.long_payer_grace_months,
            arrears_window_months=p.arrears_window_months,
            arrears_rate=p.arrears_rate,
        )
        for p in CoveragePolicy.objects.all()
    )


def minimum_wage_for(year: int) -> Decimal:
    """The minimum wage of ``year``, or of the latest year before it that has one."""
    from insurance.models import MinimumWage

    wage = (
        MinimumWage.objects.filter(year__lte=year).order_by("-year").values_list("amount", flat=True).first()
    )
    if wage is None:
        raise ImproperlyConfigured(f"No minimum wage for {year}: add it in admin (reference data).")
    return wage


def load_history(person) -> History:
    """Everything coverage needs about one person: two index scans."""
    from insurance.identifiers import iin_birth_date

    if person is None:
        return History(birth_date=None)
    payments = [
        PaymentFact(period, paid_on, amount, refunded)
        for period, paid_on, amount, refunded in person.payments.values_list(
            "period", "paid_on", "amount", "refunded_amount"
        )
    ]
    categories = [
        CategorySpan(category, valid_from, valid_to)
        for category, valid_from, valid_to in person.category_memberships.values_list(
            "category", "valid_from", "valid_to"
        )
    ]
    return History(birth_date=iin_birth_date(person.iin), payments=payments, categories=categories)


def assess(iin: str, on: date) -> Assessment:
    """The contract: the status of the person with ``iin`` on ``on``, with arrears."""
    from insurance.identifiers import iin_birth_date
    from insurance.models import Person

    person = Person.objects.filter(iin=iin).first()
    history = load_history(person) if person else History(birth_date=iin_birth_date(iin))
    return _assess_with_reference_data(history, on)


def assess_person(person, on: date) -> Assessment:
    """``assess`` for a person already at hand (the cabinet, the statement service): one query fewer."""
    return _assess_with_reference_data(load_history(person), on)


def _assess_with_reference_data(history: History, on: date) -> Assessment:
    return assess_history(history, on, load_policies(), minimum_wage_for(on.year))
