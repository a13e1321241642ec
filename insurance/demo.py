"""Believable demo data, loaded through the same register import as production data.

Everything is derived from the calendar month, so running it again (``make run`` does, every time) adds
only the months that passed since, and never conflicts with what it imported before.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from insurance import roles
from insurance.coverage import add_months, month_start
from insurance.identifiers import make_bin, make_iin
from insurance.models import IdentityRecord, Payer, PayerKind, RegisterKind
from insurance.registers.importer import register_import
from insurance.registers.rows import COLUMNS

DEMO_PASSWORD = "demo-2026-fund"  # noqa: S105 - printed for the demo; seed_demo refuses to run outside DEBUG
HISTORY_MONTHS = 36


@dataclass(frozen=True)
class DemoPerson:
    key: str
    last_name: str
    first_name: str
    patronymic: str
    birth: date
    female: bool
    phone: str
    serial: int
    story: str

    @property
    def iin(self) -> str:
        return make_iin(self.birth, female=self.female, serial=self.serial)

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name} {self.patronymic}".strip()


PEOPLE = [
    DemoPerson(
        "employee",
        "Әбенова",
        "Айгерім",
        "Нұрланқызы",
        date(1990, 3, 15),
        True,
        "+77011234501",
        101,
        "employee with two employers over 36 months",
    ),
    DemoPerson(
        "self_payer",
        "Жұмабаев",
        "Ерлан",
        "Серікұлы",
        date(1985, 7, 2),
        False,
        "+77011234502",
        102,
        "self-payer with gaps and arrears",
    ),
    DemoPerson(
        "pensioner",
        "Оспанова",
        "Күлпаш",
        "Әбдіқызы",
        date(1957, 11, 20),
        True,
        "+77011234503",
        103,
        "pensioner, paid for by the state",
    ),
    DemoPerson(
        "child",
        "Серікұлы",
        "Нұрсұлтан",
        "",
        date(2019, 5, 8),
        False,
        "+77011234504",
        104,
        "child, paid for by the state",
    ),
    DemoPerson(
        "proprietor",
        "Ким",
        "Виктор",
        "Александрович",
        date(1979, 1, 30),
        False,
        "+77011234505",
        105,
        "sole proprietor paying quarterly in advance, one payment refunded",
    ),
    DemoPerson(
        "lapsed",
        "Петров",
        "Сергей",
        "Иванович",
        date(1992, 9, 12),
        False,
        "+77011234506",
        106,
        "not a consumer: left his job 14 months ago",
    ),
    DemoPerson(
        "mismatch",
        "Сұлтанов",
        "Арман",
        "Болатұлы",
        date(1996, 2, 29),
        False,
        "+77011234507",
        107,
        "identity data differ from the state register (request refused, ground 1)",
    ),
]

EMPLOYER_A = ("Алатау Құрылыс ЖШС", make_bin(date(2008, 4, 1), serial=11))
EMPLOYER_B = ("Steppe Logistics LLP", make_bin(date(2015, 9, 1), serial=12))
STATE_BODY = ("Government for Citizens State Corporation", make_bin(date(2016, 1, 1), serial=13))

STAFF = [
    # username, first name, last name, group, superuser
    ("admin", "Әсел", "Жақсыбекова", None, True),
    ("clerk", "Дана", "Мұратова", roles.FUND_STAFF, False),
    ("reviewer", "Бауыржан", "Тоқтаров", roles.FUND_REVIEWERS, False),
    ("reviewer2", "Гүлнар", "Исаева", roles.FUND_REVIEWERS, False),
    ("inspector", "Марат", "Қасымов", roles.BODY_REVIEWERS, False),
]


def _row(external_id, paid_on, person, amount, kind, period, payer):
    return {
        "external_id": external_id,
        "paid_on": paid_on.isoformat(),
        "iin": person.iin,
        "amount": f"{Decimal(amount):.2f}",
        "kind": kind,
        "period": f"{period:%Y-%m}",
        "payer_id": payer[1],
        "payer_name": payer[0],
    }


def _paid_on(period: date, day: int = 15) -> date:
    """Monthly payments reach the Fund in the month after the period they are for."""
    return add_months(period, 1) + timedelta(days=day - 1)


def payment_rows(today: date) -> list[dict]:
    people = {p.key: p for p in PEOPLE}
    this_month = month_start(today)
    months = [add_months(this_month, -k) for k in range(HISTORY_MONTHS, 0, -1)]
    rows = []

    def due(period, day=15):
        return _paid_on(period, day) <= today

    employee = people["employee"]
    for index, period in enumerate(months):
        employer, salary = (EMPLOYER_A, Decimal(320000)) if index < 22 else (EMPLOYER_B, Decimal(410000))
        if due(period, 10):
            rows.append(
                _row(
                    f"DEMO-{employee.iin}-{period:%Y%m}-D",
                    _paid_on(period, 10),
                    employee,
                    salary * Decimal("0.03"),
                    "deduction",
                    period,
                    employer,
                )
            )
            rows.append(
                _row(
                    f"DEMO-{employee.iin}-{period:%Y%m}-C",
                    _paid_on(period, 10),
                    employee,
                    salary * Decimal("0.02"),
                    "contribution",
                    period,
                    employer,
                )
            )

    self_payer = people["self_payer"]
    for index, period in enumerate(months):
        # Pays for himself most months, skips some, and stopped two months ago.
        if index % 7 in (3, 4) or index >= HISTORY_MONTHS - 2:
            continue
        if due(period, 20):
            wage = Decimal(
                85000 if period.year >= 2024 else {2023: 70000, 2022: 60000}.get(period.year, 42500)
            )
            rows.append(
                _row(
                    f"DEMO-{self_payer.iin}-{period:%Y%m}-C",
                    _paid_on(period, 20),
                    self_payer,
                    wage * Decimal("0.05"),
                    "contribution",
                    period,
                    ("", self_payer.iin),
                )
            )

    proprietor = people["proprietor"]
    for period in months + [this_month, add_months(this_month, 1), add_months(this_month, 2)]:
        quarter_start = period.replace(month=(period.month - 1) // 3 * 3 + 1)
        if quarter_start <= today:
            rows.append(
                _row(
                    f"DEMO-{proprietor.iin}-{period:%Y%m}-C",
                    quarter_start,
                    proprietor,
                    Decimal(5950),
                    "contribution",
                    period,
                    ("ИП Ким В.А.", proprietor.iin),
                )
            )
    # A payment made twice by mistake; the second one is refunded in full.
    duplicated = _duplicated_period(today)
    rows.append(
        _row(
            f"DEMO-{proprietor.iin}-{duplicated:%Y%m}-C-DUP",
            duplicated + timedelta(days=2),
            proprietor,
            Decimal(5950),
            "contribution",
            duplicated,
            ("ИП Ким В.А.", proprietor.iin),
        )
    )

    pensioner, child = people["pensioner"], people["child"]
    for period in months:
        if due(period, 5):
            for person in (pensioner, child):
                rows.append(
                    _row(
                        f"DEMO-{person.iin}-{period:%Y%m}-S",
                        _paid_on(period, 5),
                        person,
                        Decimal("4250.00"),
                        "contribution",
                        period,
                        STATE_BODY,
                    )
                )

    lapsed = people["lapsed"]
    for period in months[: HISTORY_MONTHS - 14]:
        rows.append(
            _row(
                f"DEMO-{lapsed.iin}-{period:%Y%m}-D",
                _paid_on(period, 12),
                lapsed,
                Decimal(9000),
                "deduction",
                period,
                EMPLOYER_A,
            )
        )
        rows.append(
            _row(
                f"DEMO-{lapsed.iin}-{period:%Y%m}-C",
                _paid_on(period, 12),
                lapsed,
                Decimal(6000),
                "contribution",
                period,
                EMPLOYER_A,
            )
        )

    mismatch = people["mismatch"]
    for period in months[-12:]:
        if due(period, 10):
            rows.append(
                _row(
                    f"DEMO-{mismatch.iin}-{period:%Y%m}-D",
                    _paid_on(period, 10),
                    mismatch,
                    Decimal(7500),
                    "deduction",
                    period,
                    EMPLOYER_B,
                )
            )
    return rows


def _duplicated_period(today: date) -> date:
    """January of last year: inside the 36 months shown, and the same all year long."""
    return date(today.year - 1, 1, 1)


def refund_rows(today: date) -> list[dict]:
    proprietor = next(p for p in PEOPLE if p.key == "proprietor")
    duplicated = _duplicated_period(today)
    return [
        {
            "external_id": f"DEMO-RF-{proprietor.iin}-{duplicated:%Y%m}",
            "payment_external_id": f"DEMO-{proprietor.iin}-{duplicated:%Y%m}-C-DUP",
            "amount": "5950.00",
            "refunded_on": (duplicated + timedelta(days=23)).isoformat(),
        }
    ]


def person_rows() -> list[dict]:
    return [
        {
            "iin": p.iin,
            "last_name": p.last_name,
            "first_name": p.first_name,
            "patronymic": p.patronymic,
            "phone": p.phone,
        }
        for p in PEOPLE
    ]


def category_rows() -> list[dict]:
    people = {p.key: p for p in PEOPLE}
    child = people["child"]
    return [
        {"iin": people["pensioner"].iin, "category": "pensioner", "valid_from": "2019-12-01", "valid_to": ""},
        {
            "iin": child.iin,
            "category": "child",
            "valid_from": child.birth.isoformat(),
            "valid_to": child.birth.replace(year=child.birth.year + 18).isoformat(),
        },
    ]


def _import(directory: Path, kind: str, rows: list[dict], today: date) -> None:
    path = directory / f"demo-{kind}-{today:%Y%m}.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS[kind])
        writer.writeheader()
        writer.writerows(rows)
    result = register_import(path=path, kind=kind)
    if not result.ok:
        raise RuntimeError(f"demo {kind} register refused:\n" + "\n".join(result.errors))


def _state_register_mirror() -> None:
    """R6: the identity data the Fund checks requests against. One demo person's record differs."""
    for person in PEOPLE:
        last_name = "Султанов" if person.key == "mismatch" else person.last_name
        IdentityRecord.objects.update_or_create(
            iin=person.iin,
            defaults={
                "last_name": last_name,
                "first_name": person.first_name,
                "patronymic": person.patronymic,
            },
        )


def _staff() -> list[tuple[str, str]]:
    User = get_user_model()
    accounts = []
    for username, first_name, last_name, group, superuser in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": True,
                "is_superuser": superuser,
                "email": f"{username}@fund.example.kz",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        accounts.append((username, group or "superuser"))
    return accounts


def seed(today: date | None = None) -> dict:
    """Load the demo; returns what to print. Safe to run again."""
    today = today or timezone.localdate()
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        directory = Path(tmp)
        _import(directory, RegisterKind.PERSONS, person_rows(), today)
        _import(directory, RegisterKind.PAYMENTS, payment_rows(today), today)
        _import(directory, RegisterKind.REFUNDS, refund_rows(today), today)
        _import(directory, RegisterKind.CATEGORIES, category_rows(), today)
        Payer.objects.filter(payer_id=STATE_BODY[1]).update(kind=PayerKind.STATE)
        proprietor = next(p for p in PEOPLE if p.key == "proprietor")
        Payer.objects.filter(payer_id=proprietor.iin).update(kind=PayerKind.SOLE_PROPRIETOR)
        _state_register_mirror()
        staff = _staff()
    return {"staff": staff, "citizens": [(p.full_name, p.iin, p.phone, p.story) for p in PEOPLE]}
