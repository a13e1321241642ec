"""The cabinet's dashboard: the status today and why, the arrears and the A2 note in plain words, and the
coverage timeline of the last 36 months."""

import re
from datetime import date

import pytest
from django.urls import reverse

from insurance.models import AccessLog, CategoryMembership
from tests.helpers import log_in_citizen
from tests.insurance.statement_helpers import WORKING_TIME, issued, make_citizen, pay

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("insurance:dashboard")


@pytest.fixture
def person(client, time_machine):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    log_in_citizen(client, person)
    return person


def page(client) -> str:
    response = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response.url.startswith(reverse("insurance:login"))


def test_a_paying_person_sees_through_which_month_and_until_when(client, person):
    for month in range(1, 12):
        pay(person, paid_on=date(2026, month, 10), period=date(2026, month, 1))
    html = page(client)
    assert "MSHI consumer" in html
    assert "paid for you through November 2026" in html
    assert "You are covered until 28.02.2027" in html  # November + 3 months of grace
    assert "Unpaid months" in html  # December 2025 is among the 12 before this month


def test_a_person_in_grace_is_told_until_when_and_what_to_do(client, person):
    pay(person, paid_on=date(2026, 9, 10), period=date(2026, 9, 1))
    html = page(client)
    assert "The last month paid for you was September 2026" in html
    assert "grace period until 31.12.2026" in html


def test_a_lapsed_person_sees_since_when_and_what_restoring_costs(client, person):
    pay(person, paid_on=date(2025, 6, 10), period=date(2025, 6, 1))
    html = page(client)
    assert "not an MSHI consumer" in html
    assert "since 01.10.2025" in html  # June + 3 months of grace ended on 30 September
    assert "12 months of the 12 before this one are unpaid" in html
    assert "51,000.00 tenge" in html  # 12 × 5% × 85 000 (A2)
    assert "4,250.00 tenge a month" in html and "never asks for more than the 12 months" in html


def test_a_person_the_state_pays_for_is_told_the_category(client, person):
    CategoryMembership.objects.create(
        person=person,
        category="pensioner",
        valid_from=date(2022, 1, 1),
        register=pay(person, paid_on=date(2022, 1, 10), period=date(2022, 1, 1)).register,
    )
    html = page(client)
    assert "The state pays contributions for you" in html and "pensioner" in html
    assert "Unpaid months" not in html


def test_the_timeline_has_36_months_a_legend_and_a_text_alternative(client, person):
    pay(person, paid_on=date(2026, 10, 10), period=date(2026, 10, 1))
    pay(person, paid_on=date(2026, 10, 10), period=date(2027, 1, 1))
    html = page(client)
    assert len(re.findall(r'<g class="tl-cell tl-\w+"><title>', html)) == 36
    assert 'role="img"' in html and "aria-labelledby" in html
    assert "December 2023" in html and "November 2026" in html  # the first and the last month
    assert "The timeline as text" in html and "October 2026: paid" in html
    assert "December 2023 – September 2026: not paid" in html
    assert "November 2026: grace period (still covered)" in html


def test_opening_the_status_is_logged_and_recent_requests_are_listed(client, person):
    request = issued(person)
    html = page(client)
    assert reverse("insurance:request_detail", args=[request.pk]) in html
    assert request.statement.number in html
    assert AccessLog.objects.filter(subject=person, what="status").count() == 1
