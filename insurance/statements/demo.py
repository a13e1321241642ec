"""Demo seeder (settings.DEMO_SEEDERS): a few finished requests so the demo cabinets are not empty.

Runs after ``insurance.demo.seed``. Each demo person gets their requests once: a person who already has a
request is left alone, so ``seed_demo`` can run again and again. Requests go through the same services as
a citizen's (created, claimed, processed), only without waiting for a worker.
"""

from django.db import transaction
from django.utils import timezone

from insurance.demo import PEOPLE
from insurance.models import Channel, Person, StatementRequest
from insurance.services.statement_requests import (
    statement_request_claim,
    statement_request_create,
    statement_request_process,
)
from insurance.statements.periods import default_period

# (demo person, the period asked for: "last12" or "all")
DEMO_REQUESTS = [
    ("employee", "last12"),
    ("proprietor", "all"),
    ("self_payer", "last12"),
    ("mismatch", "last12"),
]


def _request(person: Person, scope: str) -> StatementRequest:
    now = timezone.now()
    period_from, period_to = default_period(timezone.localdate(now)) if scope == "last12" else (None, None)
    request = statement_request_create(
        person=person,
        channel=Channel.OTP,
        consent=True,
        period_from=period_from,
        period_to=period_to,
        language=person.language,
        evidence={"method": "demo", "note": "created by seed_demo"},
        submitted_at=now,
    )
    if statement_request_claim(request_id=request.pk):
        statement_request_process(request_id=request.pk)
    request.refresh_from_db()
    return request


def seed() -> dict:
    lines = []
    with transaction.atomic():
        for key, scope in DEMO_REQUESTS:
            demo = next(p for p in PEOPLE if p.key == key)
            person = Person.objects.filter(iin=demo.iin).first()
            if person is None or person.statement_requests.exists():
                continue
            request = _request(person, scope)
            document = getattr(request, "statement", None) or getattr(request, "refusal", None)
            lines.append(f"{demo.full_name}: {request.status} {document.number if document else ''}".rstrip())
    return {"Demo statement requests": lines} if lines else {}
