"""Payments registers on PostgreSQL: set-wise checks, then INSERT … SELECT … ON CONFLICT DO NOTHING."""

# Table names are this import's own (built from the register's integer key) and column names come from the
# fixed register columns; every value travels as a query parameter.
# ruff: noqa: S608

from __future__ import annotations

from django.core.exceptions import ValidationError

from insurance.identifiers import validate_iin, validate_payer_id
from insurance.models import Payer, Payment, Person

from ..rows import RowError, payment_dates
from ..writers import conflict_reason, external_id_label, payment_values, twice_reason
from .base import FastImport, ValueCheck


def _accepts(check, *args) -> bool:
    try:
        check(*args)
    except (RowError, ValidationError):
        return False
    return True


class PaymentsImport(FastImport):
    kind = "payments"
    # R3.1: a deduction is the employer's own money; a person cannot pay it for themself.
    suspect = "s.kind = 'deduction' AND s.payer_id = s.iin"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.people_ids, self.payer_ids = self.table("people_ids"), self.table("payer_ids")

    @property
    def value_checks(self):
        return (
            ValueCheck(
                "dates", "paid_on || '|' || period", lambda p, m: _accepts(payment_dates, p, m, self.today)
            ),
            ValueCheck("iins", "iin", lambda v: _accepts(validate_iin, v)),
            ValueCheck("payers", "payer_id", lambda v: _accepts(validate_payer_id, v)),
        )

    def clean(self, row) -> dict[str, str]:
        return {
            "external_id": row.external_id,
            "paid_on": row.paid_on.isoformat(),
            "iin": row.iin,
            "amount": str(row.amount),
            "kind": row.kind,
            "period": f"{row.period:%Y-%m}",
            "payer_id": row.payer_id,
            "payer_name": row.payer_name,
        }

    def write(self) -> None:
        self._create_people_and_payers()
        inserted = self._insert_payments()
        remaining = self.staged - self.unstaged
        if inserted < remaining:
            # Some lines were skipped: stored before (same values: unchanged; other values:
            # an error), or twice in the file (an error).
            self.analyse()
        self.counts.created = inserted
        self.counts.unchanged = remaining - inserted

    def _create_people_and_payers(self) -> None:
        self.phase("writing", 0, self.staged)
        person, payer = Person._meta.db_table, Payer._meta.db_table
        iins, payers = self.checked["iins"], self.checked["payers"]
        # Unknown people get the IIN only; the persons register fills in the rest (as on SQLite).
        self.cursor.execute(
            f"INSERT INTO {person} (iin, last_name, first_name, patronymic, phone, language, created_at, updated_at) "
            f"SELECT v.value, '', '', '', '', 'kk', now(), now() FROM {iins} v "
            f"WHERE NOT EXISTS (SELECT 1 FROM {person} p WHERE p.iin = v.value) ORDER BY v.value "
            "ON CONFLICT (iin) DO NOTHING"
        )
        # A new payer is named as on its first line. Its kind: the person themself, else another IIN (a
        # sole proprietor), else a BIN. An IIN's 5th digit is the tens of a birth day (0–3), a BIN's the
        # entity type (4–6), so the digit tells a valid IIN from a valid BIN.
        self.cursor.execute(
            f"INSERT INTO {payer} (payer_id, name, kind, created_at) "
            "SELECT v.value, coalesce(s.payer_name, ''), CASE WHEN s.payer_id = s.iin THEN 'individual' "
            "WHEN substr(s.payer_id, 5, 1) < '4' THEN 'sole_proprietor' ELSE 'employer' END, now() "
            f"FROM {payers} v JOIN {self.stage} s ON s.seq = v.first_seq "
            f"WHERE NOT EXISTS (SELECT 1 FROM {payer} y WHERE y.payer_id = v.value) ORDER BY v.value "
            "ON CONFLICT (payer_id) DO NOTHING"
        )
        # Locked FOR KEY SHARE once here, as the foreign-key triggers would lock them row by row: nobody can
        # delete a person or payer these payments refer to until the import commits (``row_checks_skipped``).
        self.cursor.execute(
            f"CREATE TEMP TABLE {self.people_ids} AS SELECT p.iin, p.id FROM {person} p "
            f"JOIN {iins} v ON v.value = p.iin FOR KEY SHARE OF p"
        )
        self.cursor.execute(
            f"CREATE TEMP TABLE {self.payer_ids} AS SELECT y.payer_id, y.id FROM {payer} y "
            f"JOIN {payers} v ON v.value = y.payer_id FOR KEY SHARE OF y"
        )
        self.cursor.execute(f"ANALYZE {self.people_ids}; ANALYZE {self.payer_ids}")

    def _insert_payments(self) -> int:
        return self.insert_in_slices(
            Payment._meta.db_table,
            f"INSERT INTO {Payment._meta.db_table} (person_id, payer_id, paid_on, amount, kind, period, "
            "refunded_amount, register_id, external_id) "
            "SELECT pe.id, py.id, s.paid_on::date, s.amount::numeric(14, 2), s.kind, "
            "(s.period || '-01')::date, 0, %s, s.external_id "
            f"FROM {self.stage} s JOIN {self.people_ids} pe ON pe.iin = s.iin "
            f"JOIN {self.payer_ids} py ON py.payer_id = s.payer_id "
            "WHERE s.ctid >= %s::tid AND s.ctid < %s::tid",
            [self.register.pk],
            conflict="ON CONFLICT (external_id) DO NOTHING",
        )

    def analyse(self) -> None:
        self._duplicates("external_id", external_id_label)
        self._conflicts()

    def _conflicts(self) -> None:
        """First occurrences of external ids stored before (by another register) with other values."""
        columns = ", ".join(f"s.{column}" for column in self.columns)
        query = (
            f"SELECT {self.line_of('s.seq')}, {columns}, p.paid_on, pe.iin, p.amount, p.kind, p.period, "
            f"py.payer_id FROM {self.stage} s "
            f"JOIN {Payment._meta.db_table} p ON p.external_id = s.external_id "
            f"JOIN {Person._meta.db_table} pe ON pe.id = p.person_id "
            f"JOIN {Payer._meta.db_table} py ON py.id = p.payer_id "
            f"LEFT JOIN {self.dups} d ON d.value = s.external_id "
            "WHERE p.register_id <> %s AND (d.first_seq IS NULL OR s.seq = d.first_seq) "
            "AND (p.paid_on, pe.iin, p.amount, p.kind, p.period, py.payer_id) IS DISTINCT FROM "
            "(s.paid_on::date, s.iin, s.amount::numeric(14, 2), s.kind, (s.period || '-01')::date, s.payer_id) "
            "ORDER BY s.seq"
        )
        width = len(self.columns)
        for line, *values in self.rows(query, [self.register.pk]):
            row = self.reparse(dict(zip(self.columns, values[:width], strict=True)))
            stored = dict(
                zip(("paid_on", "iin", "amount", "kind", "period", "payer_id"), values[width:], strict=True)
            )
            if reason := conflict_reason(row.external_id, stored, payment_values(row)):
                self.error(line, reason)


__all__ = ["PaymentsImport", "twice_reason"]
