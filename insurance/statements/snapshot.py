"""What an Appendix-2 statement says, frozen at issue (A2).

``statement_rows`` is pure: one row per receipt in payment-date order, each refund beside its payment.
``load_receipts`` reads one person's receipts in the requested period in one query, and
``assessment_snapshot`` turns ``coverage.assess``'s answer into what the statement keeps.

Rows keep the API's field names (DESIGN "Public contract": ``no, payment_date, amount, kind, period,
payer_id, refunded_amount, refund_date``); amounts are strings with two decimals so JSON never holds a
float, dates ISO, periods ``YYYY-MM``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Max

from insurance.coverage import Assessment, month_end, month_start

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Receipt:
    """One payment as the statement shows it, with the total and last date of its refunds."""

    paid_on: date
    amount: Decimal
    kind: str
    period: date
    payer_id: str
    refunded_amount: Decimal | None = None
    refund_date: date | None = None
    external_id: str = ""


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT))


def statement_rows(receipts: Iterable[Receipt]) -> list[dict]:
    """A2: rows numbered from 1 in payment-date order (ties: the period paid for, then the register line)."""
    ordered = sorted(receipts, key=lambda r: (r.paid_on, r.period, r.external_id))
    return [
        {
            "no": number,
            "payment_date": receipt.paid_on.isoformat(),
            "amount": _money(receipt.amount),
            "kind": receipt.kind,
            "period": f"{receipt.period:%Y-%m}",
            "payer_id": receipt.payer_id,
            "refunded_amount": _money(receipt.refunded_amount) if receipt.refunded_amount else None,
            "refund_date": receipt.refund_date.isoformat() if receipt.refund_date else None,
        }
        for number, receipt in enumerate(ordered, start=1)
    ]


def period_bounds(period_from: date | None, period_to: date | None) -> tuple[date | None, date | None]:
    """The requested months as payment dates: from the first day of the first to the last of the last."""
    return (
        month_start(period_from) if period_from else None,
        month_end(period_to) if period_to else None,
    )


def load_receipts(person, period_from: date | None, period_to: date | None) -> list[Receipt]:
    """One person's receipts paid within the period (None: no bound), with their refunds.

    Each payment carries the total refunded from it (kept by the refunds import, checked by a constraint),
    so one query reads the receipts; a second one, only when some were refunded, reads their refund dates.
    """
    from insurance.models import Refund

    payments = person.payments.all()
    first, last = period_bounds(period_from, period_to)
    if first:
        payments = payments.filter(paid_on__gte=first)
    if last:
        payments = payments.filter(paid_on__lte=last)
    rows = list(
        payments.values(
            "id", "paid_on", "amount", "kind", "period", "payer__payer_id", "external_id", "refunded_amount"
        )
    )
    refunded = [row["id"] for row in rows if row["refunded_amount"]]
    refund_dates = (
        dict(
            Refund.objects.filter(payment_id__in=refunded)
            .values("payment_id")
            .annotate(last=Max("refunded_on"))
            .values_list("payment_id", "last")
        )
        if refunded
        else {}
    )
    return [
        Receipt(
            paid_on=row["paid_on"],
            amount=row["amount"],
            kind=row["kind"],
            period=row["period"],
            payer_id=row["payer__payer_id"],
            refunded_amount=row["refunded_amount"] or None,
            refund_date=refund_dates.get(row["id"]),
            external_id=row["external_id"],
        )
        for row in rows
    ]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def assessment_snapshot(assessment: Assessment) -> dict:
    """The status line's reason and the A2 note's figures, as the statement keeps them."""
    return {
        "on": assessment.on.isoformat(),
        "is_consumer": assessment.is_consumer,
        "reason": assessment.reason,
        "category": assessment.category,
        "covered_until": _iso(assessment.covered_until),
        "last_paid_month": _iso(assessment.last_paid_month),
        "grace_until": _iso(assessment.grace_until),
        "not_consumer_since": _iso(assessment.not_consumer_since),
        "arrears_months": [f"{month:%Y-%m}" for month in assessment.arrears_months],
        "arrears_amount": _money(assessment.arrears_amount),
        "minimum_wage": _money(assessment.minimum_wage),
        "arrears_rate": str(assessment.arrears_rate),
    }
