"""The admin page of service-level figures (R7, R8, A1.3, A1.9): for Fund staff, in a few queries."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from insurance import roles
from insurance.models import IdentityRecord, StatementRequest
from insurance.statements.service_level import service_level_figures
from tests.insurance.statement_helpers import WORKING_TIME, issued, make_citizen

pytestmark = pytest.mark.django_db
PAGE = reverse("admin:insurance_servicelevelreport_changelist")


def staff_member(client, group):
    user = get_user_model().objects.create_user(f"user-{group}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.fixture
def history(time_machine):
    """Five requests: three statements, a refusal for no consent, one for a register mismatch; one late."""
    time_machine.move_to(WORKING_TIME)
    requests = [issued(make_citizen(serial=n)) for n in range(1, 4)]
    requests.append(issued(make_citizen(serial=4), consent=False))
    fifth = make_citizen(serial=5)
    IdentityRecord.objects.filter(iin=fifth.iin).update(first_name="Басқа")
    requests.append(issued(fifth))
    # One answer came 20 minutes after submission: outside R8's 15 minutes.
    late = requests[0]
    StatementRequest.objects.filter(pk=late.pk).update(completed_at=late.submitted_at + timedelta(minutes=20))
    return requests


def test_the_figures_count_days_on_time_share_percentiles_and_grounds(history):
    figures = service_level_figures(first=date(2026, 11, 1), last=date(2026, 11, 30), now=timezone.now())
    assert figures.total == 5 and figures.finished == 5 and figures.on_time == 4
    assert figures.on_time_share == pytest.approx(0.8)
    assert [(d["day"], d["total"], d["on_time"], d["refused"]) for d in figures.per_day] == [
        (date(2026, 11, 20), 5, 4, 2)
    ]
    assert [(ground, n) for ground, _label, n in figures.refusals] == [(1, 1), (5, 1)]
    assert figures.p50 < timedelta(minutes=1) and figures.p95 == timedelta(minutes=20)


def test_fund_staff_see_the_page_in_a_few_queries(client, history, django_assert_max_num_queries):
    staff_member(client, roles.FUND_STAFF)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_assert_max_num_queries(12):
        response = client.get(PAGE, {"first": "2026-11-01", "last": "2026-11-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "80%" in html and "20.11.2026" in html and "No consent to access restricted personal data" in html


def test_the_index_lists_the_page_for_staff(client):
    staff_member(client, roles.FUND_STAFF)
    assert PAGE in client.get(reverse("admin:index")).content.decode()


def test_a_reviewer_without_the_permission_is_refused_and_anonymous_goes_to_log_in(client):
    assert client.get(PAGE).status_code == 302
    staff_member(client, roles.FUND_REVIEWERS)
    assert client.get(PAGE).status_code == 403
