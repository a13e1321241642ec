"""Writing generated registers: persons, categories, payments and refunds CSV files plus a manifest."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from insurance.coverage import add_months, month_start
from insurance.models import Category, PaymentKind, RegisterKind
from insurance.registers.rows import COLUMNS

from . import names
from .people import (
    CONTRIBUTION_RATE,
    DEDUCTION_RATE,
    EMPLOYEE,
    PROPRIETOR,
    PROPRIETOR_BASE,
    SELF_PAYER,
    SELF_PAYER_RATE,
    STATE_PAID,
    Profile,
    fast_bin,
    mix,
    profile,
    unit,
)

CENT = Decimal("0.01")
REFUND_SHARE = 0.005  # ~0.5% of payments are refunded, fully or in part
MAX_PEOPLE = 150_000_000  # beyond this the IIN serials of one birth date run out
SAMPLES = 5


@dataclass(frozen=True)
class Plan:
    people: int
    months: int
    seed: int
    until: date  # the day the files are produced: nothing is paid or refunded after it
    wages: dict[int, Decimal]  # minimum wage by year (reference data)
    block: int = 50_000

    @property
    def periods(self) -> list[date]:
        """The ``months`` months before the month of ``until``: employers pay for a month in the next one."""
        current = month_start(self.until)
        return [add_months(current, k - self.months) for k in range(self.months)]

    @property
    def employers(self) -> int:
        return max(5, self.people // 20)

    def wage(self, year: int) -> Decimal:
        return self.wages[max(y for y in self.wages if y <= year)]


@dataclass
class Totals:
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RegisterKind.values, 0))
    amount_paid: Decimal = Decimal(0)
    samples: dict[str, list[str]] = field(default_factory=dict)

    def sample(self, kind: str, iin: str) -> None:
        found = self.samples.setdefault(kind, [])
        if len(found) < SAMPLES:
            found.append(iin)


@lru_cache(maxsize=1 << 16)  # bounded: memory stays constant however many employers there are
def employer(seed: int, index: int) -> tuple[str, str]:
    """(BIN, name) of the ``index``-th employer; BIN prefixes (registration month) keep serials unique."""
    registered = add_months(date(1997, 1, 1), index // 50_000)
    return fast_bin(registered, index % 50_000), names.company_name(mix(seed, index, 3))


@lru_cache(maxsize=16)
def state_body(category: str) -> tuple[str, str]:
    index = {Category.CHILD: 2, Category.STUDENT: 2, Category.PENSIONER: 1}.get(category, 0)
    return fast_bin(date(1995, index + 1, 1), 99_000 + index), names.STATE_BODIES[index]


def _day(h: int, first: int, last: int) -> int:
    return first + h % (last - first + 1)


class Payments:
    """Yields (external_id, paid_on, iin, amount, kind, period, payer_id, payer_name) for one person."""

    def __init__(self, plan: Plan):
        self.plan = plan
        years = {period.year for period in plan.periods} | {plan.until.year + 1}
        self.wages = {year: plan.wage(year) for year in years}  # prepayments may reach the next year

    def for_month(self, person: Profile, index: int, period: date) -> Iterator[tuple]:
        handler = {
            EMPLOYEE: self._employee,
            PROPRIETOR: self._proprietor,
            SELF_PAYER: self._self_payer,
            STATE_PAID: self._state,
        }.get(person.kind)
        if handler is None:
            return iter(())
        return (row for row in handler(person, index, period) if row[0] <= self.plan.until)

    def _employee(self, person: Profile, index: int, period: date):
        shifted = index + person.employer_seed % person.tenure_months
        job = shifted // person.tenure_months
        if shifted % person.tenure_months == 0 and unit(mix(person.employer_seed, job)) < 0.3:
            return  # between jobs for a month
        payer = employer(self.plan.seed, mix(person.employer_seed, job) % self.plan.employers)
        wage = self.wages[period.year]
        salary = max(wage, (wage * Decimal(person.salary_multiple)).quantize(Decimal(1000)))
        paid_on = add_months(period, 1).replace(day=_day(person.employer_seed + job, 5, 24))
        yield paid_on, (salary * DEDUCTION_RATE).quantize(CENT), PaymentKind.DEDUCTION, period, payer
        yield paid_on, (salary * CONTRIBUTION_RATE).quantize(CENT), PaymentKind.CONTRIBUTION, period, payer

    def _proprietor(self, person: Profile, index: int, period: date):
        amount = (self.wages[period.year] * PROPRIETOR_BASE * SELF_PAYER_RATE).quantize(CENT)
        paid_on = add_months(period, 1).replace(day=_day(mix(person.number, index), 1, 25))
        name = f"ЖК {person.iin[-4:]}"
        yield paid_on, amount, PaymentKind.CONTRIBUTION, period, (person.iin, name)

    def _self_payer(self, person: Profile, index: int, period: date):
        h = mix(self.plan.seed, person.number, index, 17)
        prepays = person.number % 10 == 0  # one in ten pays January to June in January
        if prepays and 2 <= period.month <= 6:
            return
        if not prepays and unit(h) > person.pay_probability:
            return  # a gap: this month is not paid (arrears later, A2 note)
        paid_on = period.replace(day=_day(h, 1, 28))
        months = 6 if prepays and period.month == 1 else 1
        for k in range(months):
            month = add_months(period, k)
            amount = (self.wages[month.year] * SELF_PAYER_RATE).quantize(CENT)
            yield paid_on, amount, PaymentKind.CONTRIBUTION, month, (person.iin, "")

    def _state(self, person: Profile, index: int, period: date):
        if not person.covered_by_state(period):
            return
        amount = (self.wages[period.year] * SELF_PAYER_RATE).quantize(CENT)
        paid_on = add_months(period, 1).replace(day=_day(mix(person.number, 5), 5, 15))
        yield paid_on, amount, PaymentKind.CONTRIBUTION, period, state_body(person.span.category)


def _person_row(plan: Plan, person: Profile) -> list[str]:
    h = mix(plan.seed, person.number, 1)
    first = names.pick(names.FEMALE_NAMES if person.female else names.MALE_NAMES, h)
    adult = person.birth <= plan.until.replace(year=plan.until.year - 16)
    phone = f"+770{(person.number * 7919 + plan.seed) % 10**8:08d}" if adult else ""
    return [
        person.iin,
        names.surname(h >> 8, person.female),
        first,
        names.patronymic(h >> 16, person.female),
        phone,
    ]


def _category_row(person: Profile) -> list[str]:
    span = person.span
    return [person.iin, span.category, span.start.isoformat(), span.end.isoformat() if span.end else ""]


class _Out:
    """The four CSV files, each with its header."""

    def __init__(self, stack: ExitStack, out: Path):
        self.writers = {}
        for kind in RegisterKind.values:
            handle = stack.enter_context(open(out / f"{kind}.csv", "w", newline="", encoding="utf-8"))  # noqa: SIM115
            self.writers[kind] = csv.writer(handle, lineterminator="\n")
            self.writers[kind].writerow(COLUMNS[kind])


def generate(plan: Plan, out: Path, progress: Callable[[int, int], None] | None = None) -> Totals:
    """Write the registers of ``plan`` into ``out``; ``progress(done, total)`` counts person-blocks."""
    if not 0 < plan.people <= MAX_PEOPLE or plan.months < 1:
        raise ValueError(f"people must be 1…{MAX_PEOPLE:,} and months at least 1")
    out.mkdir(parents=True, exist_ok=True)
    totals = Totals()
    blocks = range(0, plan.people, plan.block)
    with ExitStack() as stack:
        files = _Out(stack, out)
        for done, start in enumerate(blocks, 1):
            people = [
                profile(plan.seed, n, plan.until) for n in range(start, min(start + plan.block, plan.people))
            ]
            _write_people(plan, people, files, totals)
            _write_payments(plan, people, files, totals)
            if progress:
                progress(done, len(blocks))
    manifest = {
        "seed": plan.seed,
        "people": plan.people,
        "months": plan.months,
        "until": plan.until.isoformat(),
        "rows": totals.rows,
        "amount_paid": str(totals.amount_paid),
        "samples": totals.samples,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return totals


def _write_people(plan: Plan, people: list[Profile], files: _Out, totals: Totals) -> None:
    for person in people:
        files.writers[RegisterKind.PERSONS].writerow(_person_row(plan, person))
        totals.sample(person.kind, person.iin)
        if person.span is not None:
            files.writers[RegisterKind.CATEGORIES].writerow(_category_row(person))
            totals.rows[RegisterKind.CATEGORIES] += 1
    totals.rows[RegisterKind.PERSONS] += len(people)


def _write_payments(plan: Plan, people: list[Profile], files: _Out, totals: Totals) -> None:
    payments, refunds = files.writers[RegisterKind.PAYMENTS], files.writers[RegisterKind.REFUNDS]
    source = Payments(plan)
    prefix = f"G{plan.seed}"
    for index, period in enumerate(plan.periods):
        for person in people:
            for paid_on, amount, kind, month, (payer_id, payer_name) in source.for_month(
                person, index, period
            ):
                number = totals.rows[RegisterKind.PAYMENTS] = totals.rows[RegisterKind.PAYMENTS] + 1
                external_id = f"{prefix}-P{number:010d}"
                payments.writerow(
                    (external_id, paid_on, person.iin, amount, kind, f"{month:%Y-%m}", payer_id, payer_name)
                )
                totals.amount_paid += amount
                if unit(mix(plan.seed, number, 13)) < REFUND_SHARE:
                    _refund(plan, refunds, totals, external_id, paid_on, amount, number)


def _refund(plan, refunds, totals: Totals, external_id: str, paid_on: date, amount: Decimal, number: int):
    h = mix(plan.seed, number, 14)
    refunded_on = paid_on + timedelta(days=3 + h % 58)
    if refunded_on > plan.until:
        return
    part = amount if unit(h) < 0.7 else (amount / 2).quantize(CENT)
    totals.rows[RegisterKind.REFUNDS] += 1
    refunds.writerow(
        (f"G{plan.seed}-R{totals.rows[RegisterKind.REFUNDS]:010d}", external_id, part, refunded_on)
    )
