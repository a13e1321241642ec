"""Reading one register line: columns per kind, and the checks that need nothing but the line itself.

Each ``parse_*`` takes the row as a dict of strings and returns clean values, or raises ``RowError`` with
a reason a clerk can act on. Checks that need the database or other lines live in the importer.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from insurance.coverage import add_months, month_start
from insurance.identifiers import validate_iin, validate_payer_id
from insurance.models import Category, PaymentKind, RegisterKind

COLUMNS = {
    RegisterKind.PERSONS: ("iin", "last_name", "first_name", "patronymic", "phone"),
    RegisterKind.PAYMENTS: (
        "external_id",
        "paid_on",
        "iin",
        "amount",
        "kind",
        "period",
        "payer_id",
        "payer_name",
    ),
    RegisterKind.REFUNDS: ("external_id", "payment_external_id", "amount", "refunded_on"),
    RegisterKind.CATEGORIES: ("iin", "category", "valid_from", "valid_to"),
}
EARLIEST_DATE = date(2000, 1, 1)
MAX_AMOUNT = Decimal("1000000000")  # a billion tenge in one receipt is a typo, not a payment
PREPAYMENT_MONTHS = 12
EXTERNAL_ID = re.compile(r"^[A-Za-z0-9._:/-]{1,64}$")
PHONE = re.compile(r"^\+7[0-9]{10}$")
PERIOD = re.compile(r"^([0-9]{4})-([0-9]{2})$")
NAME_MAX = 100


class RowError(ValueError):
    """A line that cannot be imported, with the reason."""


@dataclass(frozen=True)
class PaymentRow:
    external_id: str
    paid_on: date
    iin: str
    amount: Decimal
    kind: str
    period: date
    payer_id: str
    payer_name: str


@dataclass(frozen=True)
class RefundRow:
    external_id: str
    payment_external_id: str
    amount: Decimal
    refunded_on: date


@dataclass(frozen=True)
class PersonRow:
    iin: str
    last_name: str
    first_name: str
    patronymic: str
    phone: str


@dataclass(frozen=True)
class CategoryRow:
    iin: str
    category: str
    valid_from: date
    valid_to: date | None


def _iin(value: str, column: str = "iin") -> str:
    try:
        return validate_iin(value)
    except ValidationError as error:
        raise RowError(_("%(column)s %(value)r: %(reason)s") % _reason(column, value, error)) from None


def _reason(column, value, error: ValidationError) -> dict:
    return {"column": column, "value": value, "reason": " ".join(str(m) for m in error.messages)}


def _date(value: str, column: str, today: date) -> date:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise RowError(
            _("%(column)s %(value)r is not a date (YYYY-MM-DD)") % {"column": column, "value": value}
        ) from None
    if not EARLIEST_DATE <= parsed <= today:
        raise RowError(
            _("%(column)s %(value)s is in the future or before 2000") % {"column": column, "value": value}
        )
    return parsed


def _amount(value: str) -> Decimal:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise RowError(_("amount %(value)r is not a number") % {"value": value}) from None
    if not amount.is_finite() or amount <= 0:
        raise RowError(_("amount %(value)s must be greater than zero") % {"value": value})
    if amount.as_tuple().exponent < -2:
        raise RowError(_("amount %(value)s has more than 2 decimal places") % {"value": value})
    if amount >= MAX_AMOUNT:
        raise RowError(_("amount %(value)s is too large") % {"value": value})
    return amount.quantize(Decimal("0.01"))


def _external_id(value: str, column: str = "external_id") -> str:
    if not EXTERNAL_ID.match(value):
        raise RowError(
            _("%(column)s %(value)r must be 1–64 letters, digits or . _ : / -")
            % {"column": column, "value": value}
        )
    return value


def _period(value: str) -> date:
    match = PERIOD.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < EARLIEST_DATE.year:
        raise RowError(_("period %(value)r must be a month as YYYY-MM") % {"value": value})
    return date(int(match.group(1)), int(match.group(2)), 1)


def payment_dates(paid_on_text: str, period_text: str, today: date) -> tuple[date, date]:
    """The payment date and the month paid for; RowError unless both are real and the period is at most
    12 months after the payment (prepayment)."""
    paid_on = _date(paid_on_text, "paid_on", today)
    period = _period(period_text)
    if period > add_months(month_start(paid_on), PREPAYMENT_MONTHS):
        raise RowError(
            _("period %(period)s is more than 12 months after the payment date %(paid_on)s")
            % {"period": period_text, "paid_on": paid_on_text}
        )
    return paid_on, period


def refund_date(value: str, today: date) -> date:
    return _date(value, "refunded_on", today)


def parse_payment(row: dict, today: date) -> PaymentRow:
    paid_on, period = payment_dates(row["paid_on"], row["period"], today)
    kind = row["kind"]
    if kind not in PaymentKind.values:
        raise RowError(_("kind %(value)r must be deduction or contribution") % {"value": kind})
    iin = _iin(row["iin"])
    try:
        payer_id = validate_payer_id(row["payer_id"])
    except ValidationError as error:
        raise RowError(
            _("%(column)s %(value)r: %(reason)s") % _reason("payer_id", row["payer_id"], error)
        ) from None
    if kind == PaymentKind.DEDUCTION and payer_id == iin:
        # R3.1: a deduction is the employer's own money; a person cannot pay it for themself.
        raise RowError(_("a deduction is paid by an employer, not by the person themself"))
    if len(row["payer_name"]) > 255:
        raise RowError(_("payer_name is longer than 255 characters"))
    return PaymentRow(
        external_id=_external_id(row["external_id"]),
        paid_on=paid_on,
        iin=iin,
        amount=_amount(row["amount"]),
        kind=kind,
        period=period,
        payer_id=payer_id,
        payer_name=row["payer_name"].strip(),
    )


def parse_refund(row: dict, today: date) -> RefundRow:
    return RefundRow(
        external_id=_external_id(row["external_id"]),
        payment_external_id=_external_id(row["payment_external_id"], "payment_external_id"),
        amount=_amount(row["amount"]),
        refunded_on=refund_date(row["refunded_on"], today),
    )


def _name(value: str, column: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise RowError(_("%(column)s is empty") % {"column": column})
    if len(value) > NAME_MAX:
        raise RowError(_("%(column)s is longer than 100 characters") % {"column": column})
    if any(ch.isdigit() or ch in "<>@;" for ch in value):
        raise RowError(
            _("%(column)s %(value)r has characters a name cannot have") % {"column": column, "value": value}
        )
    return value


def parse_person(row: dict, today: date) -> PersonRow:
    phone = row["phone"].strip()
    if phone and not PHONE.match(phone):
        raise RowError(_("phone %(value)r must be +7 and 10 digits") % {"value": phone})
    return PersonRow(
        iin=_iin(row["iin"]),
        last_name=_name(row["last_name"], "last_name", required=True),
        first_name=_name(row["first_name"], "first_name", required=True),
        patronymic=_name(row["patronymic"], "patronymic", required=False),
        phone=phone,
    )


def parse_category(row: dict, today: date) -> CategoryRow:
    category = row["category"]
    if category not in Category.values:
        raise RowError(
            _("category %(value)r is not one of: %(choices)s")
            % {"value": category, "choices": ", ".join(Category.values)}
        )
    valid_from = _date(row["valid_from"], "valid_from", date.max)
    valid_to = _date(row["valid_to"], "valid_to", date.max) if row["valid_to"] else None
    if valid_to and valid_to < valid_from:
        raise RowError(_("valid_to is before valid_from"))
    return CategoryRow(iin=_iin(row["iin"]), category=category, valid_from=valid_from, valid_to=valid_to)


PARSERS = {
    RegisterKind.PERSONS: parse_person,
    RegisterKind.PAYMENTS: parse_payment,
    RegisterKind.REFUNDS: parse_refund,
    RegisterKind.CATEGORIES: parse_category,
}
