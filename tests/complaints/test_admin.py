"""Fund staff: complaints in admin (read-only, with the history) and the report page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from complaints import services
from complaints.models import Decision, Route

from .conftest import at

pytestmark = pytest.mark.django_db
REASONS = "Все взносы найдены, выписка исправлена."


def test_fund_staff_see_a_complaint_with_its_history_but_cannot_change_it(
    client, clerk, citizen, file_complaint
):
    complaint = file_complaint(citizen)
    client.force_login(clerk)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "complaint submitted" in html and "complaint registered" in html
    assert 'name="_save"' not in html
    assert (
        client.post(reverse("admin:complaints_complaint_change", args=[complaint.pk]), {}).status_code == 403
    )


def test_the_report_counts_by_route_and_status_with_the_median(
    client, clerk, citizen, reviewer, file_complaint, time_machine
):
    decided = []
    # Registered 19 March; decided the same day, on 26 March and on 31 March (0, 2 and 5 working days).
    for calendar_days in (0, 7, 12):
        decided.append(
            services.complaint_decide(
                complaint=file_complaint(citizen),
                actor=reviewer,
                decision=Decision.REJECTED,
                reasons=REASONS,
                now=at(2026, 3, 19, 15) + timedelta(days=calendar_days),
            )
        )
    assert [c.working_days_to_decision for c in decided] == [0, 2, 5]
    file_complaint(citizen, submitted_at=at(2026, 3, 9, 12))  # overdue (due 16 March)
    file_complaint(citizen, route=Route.REVIEWING_BODY)
    client.force_login(clerk)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("admin:complaints_complaint_report"))
    assert response.status_code == 200
    fund, body = response.context["rows"]
    assert (fund["open"], fund["overdue"], fund["median_days"]) == (1, 1, 2)
    assert {s.value: n for s, n in fund["by_status"]}["decided"] == 3
    assert (body["open"], body["overdue"], body["median_days"]) == (1, 0, None)
    assert "Median working days to a decision" in response.content.decode()


def test_the_report_is_for_staff_only(client, citizen):
    response = client.get(reverse("admin:complaints_complaint_report"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_staff_member_without_the_permission_is_refused(client, db):
    from django.contrib.auth import get_user_model

    outsider = get_user_model().objects.create_user("outsider", password="x-test-password-1", is_staff=True)
    client.force_login(outsider)
    assert client.get(reverse("admin:complaints_complaint_report")).status_code == 403
