"""``enforce_deadlines`` run by two real workers at the same moment (R10.7): every complaint forwarded once.

The complaints were filed two weeks ago on the reviewing-body route and nobody acted, so each is past its
3-working-day forwarding deadline now; two worker processes, each on a queue of its own, get the periodic
task at once. SKIP LOCKED and the re-check under the lock (complaints/services/enforcement.py) must give each
complaint to exactly one of them.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import services
from complaints.models import EventKind, Level, Route
from complaints.tasks import enforce_deadlines
from tests.factories import PersonFactory

from .processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_two_workers_enforcing_at_once_forward_each_complaint_once(
    reference_data, web_broker, workers, queue
):
    two_weeks_ago = timezone.now() - timedelta(days=14)
    complaints = [
        services.complaint_file(person=PersonFactory(), route=Route.REVIEWING_BODY, subject="decision",
                                text="Выписка не показывает взносы за январь, хотя они уплачены.",
                                submitted_at=two_weeks_ago)
        for _ in range(4)
    ]  # fmt: skip
    one, two = workers(queue_name=f"{queue}-a"), workers(queue_name=f"{queue}-b")
    enforce_deadlines.apply_async(queue=one.queue)
    enforce_deadlines.apply_async(queue=two.queue)

    def both_ran():
        for worker in (one, two):
            assert worker.alive(), worker.log()
        return all("enforce_deadlines" in w.log() and "succeeded in" in w.log() for w in (one, two))

    wait_for(both_ran, timeout=60, what="both workers to finish enforcement")
    for complaint in complaints:
        complaint.refresh_from_db()
        assert complaint.level == Level.BODY
        assert complaint.events.filter(kind=EventKind.FORWARDED).count() == 1
    assert "Traceback" not in one.log() + two.log()
