"""Per-kind checks against the database and the file so far, and the writes.

A writer sees the file in batches: ``check(batch)`` reports what cannot be imported and keeps the rest;
``write()`` stores what the last check kept. Counts: created, updated (persons and categories only; money
is never changed by a register), unchanged (already present with the same values).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from insurance.identifiers import is_iin
from insurance.models import (
    CategoryMembership,
    Payer,
    PayerKind,
    Payment,
    PaymentRegister,
    Person,
    Refund,
    RegisterKind,
)

Report = Callable[[int, str], None]


class Writer:
    def __init__(self, register: PaymentRegister, report: Report):
        self.register = register
        self.report = report
        self.created = self.updated = self.unchanged = 0
        self.seen: dict = {}  # key -> first line, for duplicates within the file
        self.pending: list = []

    def first_time(self, line: int, key, label: str) -> bool:
        if key in self.seen:
            self.report(line, twice_reason(label, self.seen[key]))
            return False
        self.seen[key] = line
        return True

    def check(self, batch: list) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def person_ids(iins: set[str]) -> dict[str, int]:
    """Ids of the people with these IINs, creating the unknown ones with the IIN only."""
    known = dict(Person.objects.filter(iin__in=iins).values_list("iin", "id"))
    if missing := iins - known.keys():
        Person.objects.bulk_create([Person(iin=iin) for iin in sorted(missing)], ignore_conflicts=True)
        known.update(Person.objects.filter(iin__in=missing).values_list("iin", "id"))
    return known


def payer_kind(payer_id: str, person_iin: str) -> str:
    if payer_id == person_iin:
        return PayerKind.INDIVIDUAL
    return PayerKind.SOLE_PROPRIETOR if is_iin(payer_id) else PayerKind.EMPLOYER


def _differences(stored: dict, row: dict) -> str:
    return ", ".join(f"{key} {stored[key]} ≠ {row[key]}" for key in row if stored[key] != row[key])


def twice_reason(label: str, first_line: int) -> str:
    return _("%(what)s appears twice in the file (first on line %(first)d)") % {
        "what": label,
        "first": first_line,
    }


def external_id_label(external_id: str) -> str:
    return _("external id %s") % external_id


def conflict_reason(external_id: str, stored: dict, values: dict) -> str | None:
    """Why a row cannot be imported over the one stored under its external id; None if they are equal."""
    if differences := _differences(stored, values):
        return _("external id %(id)s was already imported with different values: %(diff)s") % {
            "id": external_id,
            "diff": differences,
        }
    return None


def payment_values(row) -> dict:
    """What a payments register may not change about a stored payment (the payer's name it may)."""
    return {name: getattr(row, name) for name in PaymentWriter.FIELDS}


def refund_values(row) -> dict:
    return {
        "payment_external_id": row.payment_external_id,
        "amount": row.amount,
        "refunded_on": row.refunded_on,
    }


class PaymentWriter(Writer):
    FIELDS = ("paid_on", "iin", "amount", "kind", "period", "payer_id")  # in the order of ``columns`` below

    def check(self, batch):
        self.pending = []
        columns = ("external_id", "paid_on", "person__iin", "amount", "kind", "period", "payer__payer_id")
        stored = {
            values[0]: dict(zip(("external_id", *self.FIELDS), values, strict=True))
            for values in Payment.objects.filter(external_id__in=[row.external_id for _, row in batch])
            .order_by()
            .values_list(*columns)
        }
        for line, row in batch:
            if not self.first_time(line, row.external_id, external_id_label(row.external_id)):
                continue
            if row.external_id in stored:
                if reason := conflict_reason(row.external_id, stored[row.external_id], payment_values(row)):
                    self.report(line, reason)
                else:
                    self.unchanged += 1
                continue
            self.pending.append(row)

    def write(self):
        if not self.pending:
            return
        people = person_ids({row.iin for row in self.pending})
        payers = self._payer_ids()
        Payment.objects.bulk_create(
            [
                Payment(
                    person_id=people[row.iin],
                    payer_id=payers[row.payer_id],
                    paid_on=row.paid_on,
                    amount=row.amount,
                    kind=row.kind,
                    period=row.period,
                    register=self.register,
                    external_id=row.external_id,
                )
                for row in self.pending
            ],
            batch_size=1000,
        )
        self.created += len(self.pending)

    def _payer_ids(self) -> dict[str, int]:
        wanted: dict = {}
        for row in self.pending:
            wanted.setdefault(row.payer_id, row)  # the payer's name as on its first line in the file
        known = dict(Payer.objects.filter(payer_id__in=wanted).values_list("payer_id", "id"))
        if missing := wanted.keys() - known.keys():
            Payer.objects.bulk_create(
                [
                    Payer(payer_id=pid, name=wanted[pid].payer_name, kind=payer_kind(pid, wanted[pid].iin))
                    for pid in sorted(missing)
                ],
                ignore_conflicts=True,
            )
            known.update(Payer.objects.filter(payer_id__in=missing).values_list("payer_id", "id"))
        return known


def refund_problem(row, payment: dict | None, refunded_in_file: Decimal) -> str | None:
    """Why a refund cannot be made of ``payment`` (amount, refunded_amount, paid_on), given what earlier
    lines of the file refund of it; None if it can."""
    if payment is None:
        return _("payment %(id)s is not known to the Fund") % {"id": row.payment_external_id}
    if row.refunded_on < payment["paid_on"]:
        return _("refund date %(refund)s is before the payment date %(paid)s") % {
            "refund": row.refunded_on,
            "paid": payment["paid_on"],
        }
    left = payment["amount"] - payment["refunded_amount"] - refunded_in_file
    if row.amount > left:
        return _("refund %(amount)s exceeds what is left of payment %(id)s (%(left)s)") % {
            "amount": row.amount,
            "id": row.payment_external_id,
            "left": left,
        }
    return None


class RefundWriter(Writer):
    def __init__(self, *args):
        super().__init__(*args)
        self.refunded_in_file: dict[str, Decimal] = defaultdict(Decimal)

    def check(self, batch):
        self.pending = []
        payments = {
            values["external_id"]: values
            for values in Payment.objects.filter(
                external_id__in={row.payment_external_id for _, row in batch}
            ).values("id", "external_id", "amount", "refunded_amount", "paid_on")
        }
        stored = {
            values["external_id"]: values
            for values in Refund.objects.filter(external_id__in=[row.external_id for _, row in batch]).values(
                "external_id", "amount", "refunded_on", payment_external_id=F("payment__external_id")
            )
        }
        for line, row in batch:
            if not self.first_time(line, row.external_id, external_id_label(row.external_id)):
                continue
            if row.external_id in stored:
                if reason := conflict_reason(row.external_id, stored[row.external_id], refund_values(row)):
                    self.report(line, reason)
                else:
                    self.unchanged += 1
                continue
            payment = payments.get(row.payment_external_id)
            already = self.refunded_in_file[row.payment_external_id]
            if reason := refund_problem(row, payment, already):
                self.report(line, reason)
                continue
            self.refunded_in_file[row.payment_external_id] += row.amount
            self.pending.append((payment["id"], row))

    def write(self):
        if not self.pending:
            return
        Refund.objects.bulk_create(
            [
                Refund(
                    payment_id=pid,
                    amount=row.amount,
                    refunded_on=row.refunded_on,
                    register=self.register,
                    external_id=row.external_id,
                )
                for pid, row in self.pending
            ]
        )
        totals: dict[int, Decimal] = defaultdict(Decimal)
        for pid, row in self.pending:
            totals[pid] += row.amount
        for pid, total in totals.items():
            # The database's check constraint refuses a total above the payment, whatever raced us.
            Payment.objects.filter(pk=pid).update(refunded_amount=F("refunded_amount") + total)
        self.created += len(self.pending)
        # Written refunds now count in the payments' refunded_amount: counting them in the file's running
        # totals as well would refuse later lines for money that is still there.
        self.refunded_in_file.clear()


class PersonWriter(Writer):
    FIELDS = ("last_name", "first_name", "patronymic", "phone")

    def check(self, batch):
        self.pending = [row for line, row in batch if self.first_time(line, row.iin, _("IIN %s") % row.iin)]

    def write(self):
        stored = {
            person.iin: person for person in Person.objects.filter(iin__in=[r.iin for r in self.pending])
        }
        new, changed = [], []
        for row in self.pending:
            person = stored.get(row.iin)
            if person is None:
                new.append(Person(iin=row.iin, **{name: getattr(row, name) for name in self.FIELDS}))
            elif any(getattr(person, name) != getattr(row, name) for name in self.FIELDS):
                for name in self.FIELDS:
                    setattr(person, name, getattr(row, name))
                person.updated_at = timezone.now()
                changed.append(person)
            else:
                self.unchanged += 1
        Person.objects.bulk_create(new)
        Person.objects.bulk_update(changed, [*self.FIELDS, "updated_at"])
        self.created += len(new)
        self.updated += len(changed)


class CategoryWriter(Writer):
    def check(self, batch):
        self.pending = [
            row
            for line, row in batch
            if self.first_time(
                line,
                (row.iin, row.category, row.valid_from),
                _("%(category)s from %(day)s for IIN %(iin)s")
                % {"category": row.category, "day": row.valid_from, "iin": row.iin},
            )
        ]

    def write(self):
        people = person_ids({row.iin for row in self.pending})
        stored = {
            (m.person_id, m.category, m.valid_from): m
            for m in CategoryMembership.objects.filter(person_id__in=people.values())
        }
        new, changed = [], []
        for row in self.pending:
            membership = stored.get((people[row.iin], row.category, row.valid_from))
            if membership is None:
                new.append(
                    CategoryMembership(
                        person_id=people[row.iin],
                        category=row.category,
                        valid_from=row.valid_from,
                        valid_to=row.valid_to,
                        register=self.register,
                    )
                )
            elif membership.valid_to != row.valid_to:
                membership.valid_to = row.valid_to  # a register closes or extends a membership
                changed.append(membership)
            else:
                self.unchanged += 1
        CategoryMembership.objects.bulk_create(new)
        CategoryMembership.objects.bulk_update(changed, ["valid_to"])
        self.created += len(new)
        self.updated += len(changed)


WRITERS = {
    RegisterKind.PAYMENTS: PaymentWriter,
    RegisterKind.REFUNDS: RefundWriter,
    RegisterKind.PERSONS: PersonWriter,
    RegisterKind.CATEGORIES: CategoryWriter,
}


def for_kind(kind: str, register: PaymentRegister, report: Report) -> Writer:
    return WRITERS[kind](register, report)
