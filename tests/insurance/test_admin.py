"""Django admin for Fund staff: search by IIN, name, BIN; money read-only; pages fast (no per-row queries)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from insurance import roles
from insurance.models import CalendarOverride, MinimumWage
from tests.factories import PayerFactory, PaymentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client):
    user = get_user_model().objects.create_user("clerk", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FUND_STAFF))
    client.force_login(user)
    return user


@pytest.fixture
def outsider(client):
    user = get_user_model().objects.create_user("reviewer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FUND_REVIEWERS))
    client.force_login(user)
    return user


def test_staff_find_a_person_by_iin_and_by_name(client, clerk):
    person = PersonFactory(last_name="Әбенова", first_name="Айгерім")
    PersonFactory(last_name="Басқа")
    response = client.get(reverse("admin:insurance_person_changelist"), {"q": person.iin})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [person]
    response = client.get(reverse("admin:insurance_person_changelist"), {"q": "Әбен"})
    assert list(response.context["cl"].result_list) == [person]


def test_staff_find_a_payer_by_bin(client, clerk):
    payer = PayerFactory(name="Алатау ЖШС")
    response = client.get(reverse("admin:insurance_payer_changelist"), {"q": payer.payer_id})
    assert list(response.context["cl"].result_list) == [payer]


def test_the_person_page_shows_the_status_today(client, clerk):
    person = PersonFactory()
    response = client.get(
        reverse("admin:insurance_person_change", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "not an MSHI consumer" in response.content.decode()


def test_payments_are_read_only(client, clerk):
    payment = PaymentFactory()
    url = reverse("admin:insurance_payment_change", args=[payment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b'name="amount"' not in response.content
    assert client.post(url, {"amount": "1"}).status_code == 403
    assert client.get(reverse("admin:insurance_payment_add")).status_code == 403
    assert client.get(reverse("admin:insurance_payment_delete", args=[payment.pk])).status_code == 403


def test_the_payment_list_makes_no_query_per_row(client, clerk, django_assert_max_num_queries):
    for _ in range(30):
        PaymentFactory()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:insurance_payment_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 30


def test_reference_data_is_editable_with_history(client, clerk):
    wage = MinimumWage.objects.get(year=2026)
    before = wage.history.count()  # 0 from the migration; 1 if a test run re-seeded it
    url = reverse("admin:insurance_minimumwage_change", args=[wage.pk])
    response = client.post(url, {"year": 2026, "amount": "90000.00"})
    assert response.status_code == 302
    wage.refresh_from_db()
    assert wage.amount == 90000
    assert wage.history.count() == before + 1
    assert wage.history.first().history_user == clerk


def test_staff_add_a_calendar_override(client, clerk):
    response = client.post(
        reverse("admin:insurance_calendaroverride_add"),
        {"day": "2026-12-31", "kind": "day_off", "reason": "Decree of 2026"},
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get().day == date(2026, 12, 31)


def test_a_reviewer_has_no_business_in_the_payments_admin(client, outsider):
    assert client.get(reverse("admin:insurance_payment_changelist")).status_code == 403
    assert client.get(reverse("admin:insurance_person_changelist")).status_code == 403
