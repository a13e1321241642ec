"""The demo complaints: through the real services, in the promised states, loaded once."""

import io
import re

import pytest
from django.core.management import call_command

from complaints.demo import COMPLAINTS
from complaints.models import Complaint, Level, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, time_machine):
    settings.DEBUG = True
    settings.DEMO_SEEDERS = ["insurance.demo.seed", "complaints.demo.seed"]
    time_machine.move_to("2026-11-18 10:00:00+05:00", tick=False)  # a Wednesday
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_queue_has_work_in_every_state(seeded):
    complaints = {c.text: c for c in Complaint.objects.all()}
    assert len(complaints) == len(COMPLAINTS)
    states = [(c.route, c.level, c.status) for c in (complaints[d.text] for d in COMPLAINTS)]
    assert states == [
        ("fund", Level.FUND, Status.REGISTERED),
        ("body", Level.FUND, Status.REGISTERED),
        ("fund", Level.FUND, Status.IN_REVIEW),
        ("fund", Level.FUND, Status.DECIDED),
        ("body", Level.BODY, Status.FORWARDED),
    ]
    new, due_soon, overdue, decided, forwarded = (complaints[d.text] for d in COMPLAINTS)
    assert due_soon.due_on.isoformat() == "2026-11-19"  # the next working day
    assert overdue.due_on.isoformat() < "2026-11-18"
    assert decided.decision and decided.decision_reasons
    assert forwarded.case_pdf_sha256


def test_it_prints_the_numbers_and_nothing_personal(seeded):
    ours = seeded[seeded.index("complaints (reviewer queue") :]
    assert "Ш-2026-000001" in ours
    assert not re.search(r"\d{12}|\+7\d{10}", ours)  # no IIN, no phone number


def test_running_it_again_adds_nothing(seeded):
    count = Complaint.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Complaint.objects.count() == count
