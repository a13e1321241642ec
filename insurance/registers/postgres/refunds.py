"""Refunds registers on PostgreSQL: "what is left" is checked in line order per payment, streamed."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from insurance.models import Payment, Refund

from ..rows import RowError, refund_date
from ..writers import conflict_reason, external_id_label, refund_problem, refund_values
from .base import FastImport, ValueCheck

# Table names are this import's own (built from the register's integer key) and column names come from the
# fixed register columns; every value travels as a query parameter.
# ruff: noqa: S608


class RefundsImport(FastImport):
    kind = "refunds"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.accepted = self.table("accepted")

    @property
    def value_checks(self):
        return (ValueCheck("refund_dates", "refunded_on", self._valid_date),)

    def _valid_date(self, value: str) -> bool:
        try:
            refund_date(value, self.today)
        except RowError:
            return False
        return True

    def clean(self, row) -> dict[str, str]:
        return {
            "external_id": row.external_id,
            "payment_external_id": row.payment_external_id,
            "amount": str(row.amount),
            "refunded_on": row.refunded_on.isoformat(),
        }

    def analyse(self) -> None:
        self._duplicates("external_id", external_id_label)
        self._check_in_order()

    def write(self) -> None:
        self.analyse()
        if self.counts.errors:
            return
        self.phase("writing", 0, self.staged)
        refund, payment = Refund._meta.db_table, Payment._meta.db_table
        with self.immediate_constraints(refund):
            self.cursor.execute(
                f"INSERT INTO {refund} (payment_id, amount, refunded_on, register_id, external_id) "
                f"SELECT payment_id, amount, refunded_on, %s, external_id FROM {self.accepted} ORDER BY seq",
                [self.register.pk],
            )
            # Read here: the SET CONSTRAINTS run on leaving the block resets the cursor's rowcount.
            self.counts.created = self.cursor.rowcount
        # One UPDATE per payment, set-wise; the payment's CHECK refuses a total above its amount whatever
        # raced us (docs/decisions.md 2).
        self.cursor.execute(
            f"UPDATE {payment} p SET refunded_amount = p.refunded_amount + t.total "
            f"FROM (SELECT payment_id, sum(amount) AS total FROM {self.accepted} GROUP BY 1) t "
            "WHERE p.id = t.payment_id"
        )
        self.phase("writing", self.counts.created, self.staged)

    def _check_in_order(self) -> None:
        """Each refund against its payment and the earlier lines of the file, as the SQLite path does."""
        self.cursor.execute(
            f"CREATE TEMP TABLE {self.accepted} (seq bigint, payment_id bigint, amount numeric(14, 2), "
            "refunded_on date, external_id text)"
        )
        columns = ", ".join(f"s.{column}" for column in self.columns)
        query = (
            f"SELECT s.seq, {self.line_of('s.seq')}, {columns}, rp.external_id, r.amount, r.refunded_on, "
            "p.id, p.amount, p.refunded_amount, p.paid_on "
            f"FROM {self.stage} s LEFT JOIN {self.dups} d ON d.value = s.external_id AND s.seq > d.first_seq "
            f"LEFT JOIN ({Refund._meta.db_table} r JOIN {Payment._meta.db_table} rp ON rp.id = r.payment_id) "
            "ON r.external_id = s.external_id "
            f"LEFT JOIN {Payment._meta.db_table} p ON p.external_id = s.payment_external_id "
            "WHERE d.value IS NULL ORDER BY s.payment_external_id, s.seq"
        )
        width = len(self.columns)
        refunded_in_file: dict[str, Decimal] = defaultdict(Decimal)  # the current payment's only
        accepted = []
        for seq, line, *values in self.rows(query):
            row = self.reparse(dict(zip(self.columns, values[:width], strict=True)))
            stored_payment, stored_amount, stored_on, pid, amount, refunded, paid_on = values[width:]
            if row.payment_external_id not in refunded_in_file:
                refunded_in_file.clear()
            if stored_on is not None:
                stored = {
                    "payment_external_id": stored_payment,
                    "amount": stored_amount,
                    "refunded_on": stored_on,
                }
                if reason := conflict_reason(row.external_id, stored, refund_values(row)):
                    self.error(line, reason)
                else:
                    self.counts.unchanged += 1
                continue
            payment = (
                None if pid is None else {"amount": amount, "refunded_amount": refunded, "paid_on": paid_on}
            )
            if reason := refund_problem(row, payment, refunded_in_file[row.payment_external_id]):
                self.error(line, reason)
                continue
            refunded_in_file[row.payment_external_id] += row.amount
            accepted.append((seq, pid, row.amount, row.refunded_on, row.external_id))
            if len(accepted) >= 5000:
                self.copy_rows(self.accepted, "seq, payment_id, amount, refunded_on, external_id", accepted)
                accepted.clear()
        self.copy_rows(self.accepted, "seq, payment_id, amount, refunded_on, external_id", accepted)
