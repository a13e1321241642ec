"""The people of the security tests: a citizen who owns data, another citizen, and each staff role.

Time is a Friday inside the Fund's working hours (A1.7), so requests and complaints register at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from insurance import roles
from tests.factories import STAFF_PASSWORD, make_staff, seed_reference_data
from tests.insurance.statement_helpers import WORKING_TIME, issued, make_citizen, pay

PASSWORD = STAFF_PASSWORD
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def seeded(db):
    """The reference data the migrations seed (coverage policies, minimum wages, staff groups), put back
    inside this test's transaction if a transactional test that ran earlier (the browser tests) flushed it."""
    from insurance.models import CoveragePolicy

    if not CoveragePolicy.objects.exists() or not Group.objects.filter(name=roles.FUND_STAFF).exists():
        seed_reference_data()


@pytest.fixture
def clerk(seeded):
    return make_staff("clerk", roles.FUND_STAFF)


@pytest.fixture
def fund_reviewer(seeded):
    return make_staff("reviewer", roles.FUND_REVIEWERS)


@pytest.fixture
def body_reviewer(seeded):
    return make_staff("inspector", roles.BODY_REVIEWERS)


@pytest.fixture
def superuser(seeded):
    return make_staff("root", is_superuser=True)


@dataclass
class World:
    citizen: object
    other: object
    statement: object
    refusal: object
    request: object
    complaint: object
    attachment: object


@pytest.fixture
def world(seeded, time_machine):
    """A citizen with a statement, a refusal and a Fund-route complaint with a file; another citizen."""
    from complaints import services
    from complaints.models import Route, Subject

    time_machine.move_to(WORKING_TIME, tick=False)
    citizen = make_citizen(serial=1)
    other = make_citizen(serial=2, last_name="Жұмабаев", first_name="Ерлан", patronymic="")
    pay(citizen, paid_on=date(2026, 9, 10), period=date(2026, 8, 1), amount="7777.77")
    statement = issued(citizen).statement
    refusal = issued(citizen, consent=False).refusal
    complaint = services.complaint_file(
        person=citizen,
        route=Route.FUND_HEAD,
        subject=Subject.DECISION,
        text="Выписка не показывает взносы за январь 2026 года, хотя они были уплачены.",
        statement_request=statement.request,
        files=[SimpleUploadedFile("receipt.pdf", PDF_BYTES, content_type="application/pdf")],
    )
    return World(
        citizen=citizen,
        other=other,
        statement=statement,
        refusal=refusal,
        request=statement.request,
        complaint=complaint,
        attachment=complaint.attachments.get(),
    )
