"""Data and sessions for the load test: ``python -m loadtest.prepare N`` (DJANGO_SETTINGS_MODULE set).

Creates N citizens who match the state-register mirror (R6), each with three years of monthly
contributions, logs each in (a cabinet session, as after an SMS login) and writes the session keys to
var/loadtest/sessions.json for the load generator. ``python -m loadtest.prepare --check SINCE`` reports
the statement requests made since SINCE (ISO time): how many, how many finished, the slowest.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from insurance.citizens import AT_KEY, METHOD_KEY, SESSION_KEY  # noqa: E402
from insurance.identifiers import make_bin, make_iin  # noqa: E402
from insurance.models import (  # noqa: E402
    IdentityRecord,
    Payer,
    Payment,
    PaymentKind,
    PaymentRegister,
    Person,
    RequestStatus,
    StatementRequest,
)

OUT = settings.VAR_DIR / "loadtest"


def months_back(today: date, count: int) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return months


@transaction.atomic
def prepare(count: int) -> list[dict]:
    today = timezone.localdate()
    payer, _ = Payer.objects.get_or_create(
        payer_id=make_bin(date(2008, 4, 1), serial=77), defaults={"name": "Load Test LLP", "kind": "employer"}
    )
    register, _ = PaymentRegister.objects.get_or_create(
        sha256="0" * 63 + "1",
        defaults={"kind": "payments", "file_name": "loadtest.csv", "status": "imported"},
    )
    people = [
        Person(iin=make_iin(date(1970 + n % 40, 1 + n % 12, 1 + n % 28), serial=5000 + n),
               last_name="Жүктемов", first_name=f"Азамат{n}", patronymic="", phone=f"+7707{n:07d}", language="en")
        for n in range(count)
    ]  # fmt: skip
    Person.objects.bulk_create(people, ignore_conflicts=True)
    people = list(Person.objects.filter(iin__in=[p.iin for p in people]))
    IdentityRecord.objects.bulk_create(
        [
            IdentityRecord(iin=p.iin, last_name=p.last_name, first_name=p.first_name, patronymic="")
            for p in people
        ],
        ignore_conflicts=True,
    )
    payments = [
        Payment(person=p, payer=payer, paid_on=month + timedelta(days=9), period=month, amount=Decimal("4250.00"),
                kind=PaymentKind.CONTRIBUTION, register=register, external_id=f"LOAD-{p.iin}-{month:%Y%m}")
        for p in people
        for month in months_back(today, 36)[1:]
    ]  # fmt: skip
    Payment.objects.bulk_create(payments, ignore_conflicts=True, batch_size=2000)
    citizens = []
    for person in people:
        session = SessionStore()
        session[SESSION_KEY] = person.pk
        session[METHOD_KEY] = "otp"
        session[AT_KEY] = timezone.now().isoformat()
        session.set_expiry(24 * 3600)
        session.create()
        citizens.append({"key": session.session_key, "phone": person.phone})
    return citizens


def check(since: datetime) -> dict:
    requests = StatementRequest.objects.filter(submitted_at__gte=since)
    finished = requests.filter(status__in=(RequestStatus.COMPLETED, RequestStatus.REFUSED))
    slowest = finished.aggregate(slowest=Max("completed_at"))
    return {
        "requests": requests.count(),
        "completed": finished.filter(status=RequestStatus.COMPLETED).count(),
        "refused": finished.filter(status=RequestStatus.REFUSED).count(),
        "unfinished": requests.exclude(pk__in=finished.values("pk")).count(),
        "last_completed_at": slowest["slowest"].isoformat() if slowest["slowest"] else None,
    }


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    if sys.argv[1] == "--check":
        print(json.dumps(check(datetime.fromisoformat(sys.argv[2]))))
    else:
        citizens = prepare(int(sys.argv[1]))
        sessions = {"cookie": settings.SESSION_COOKIE_NAME, "citizens": citizens}
        (OUT / "sessions.json").write_text(json.dumps(sessions))
        print(f"{len(citizens)} citizens ready")
