"""seed_demo leaves the demo cabinets with finished requests: statements, and the ground-1 refusal (R6)."""

import io

import pytest
from django.core.management import call_command

from insurance.demo import PEOPLE
from insurance.models import RefusalGround, RequestStatus, Statement, StatementRequest

pytestmark = pytest.mark.django_db
IIN = {p.key: p.iin for p in PEOPLE}


@pytest.fixture
def seeded(settings, time_machine):
    settings.DEBUG = True
    time_machine.move_to("2026-11-20 10:00:00+05:00")
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_citizens_have_statements_and_the_mismatch_a_refusal(seeded):
    employee = Statement.objects.get(person__iin=IIN["employee"])
    assert len(employee.rows) >= 12 and employee.pdf_sha256
    proprietor = Statement.objects.get(person__iin=IIN["proprietor"])
    assert any(
        row["refunded_amount"] for row in proprietor.rows
    )  # the refunded duplicate, beside its payment
    mismatch = StatementRequest.objects.get(person__iin=IIN["mismatch"])
    assert (
        mismatch.status == RequestStatus.REFUSED and mismatch.refusal_ground == RefusalGround.UNRELIABLE_DATA
    )
    assert employee.number in seeded and mismatch.refusal.number in seeded


def test_running_seed_demo_again_adds_no_requests(seeded):
    before = StatementRequest.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert StatementRequest.objects.count() == before == 4
