import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from insurance import roles
from insurance.coverage import Reason, assess
from insurance.demo import PEOPLE
from insurance.models import Payment, Refund

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


@pytest.fixture
def seeded(settings, time_machine):
    settings.DEBUG = True
    time_machine.move_to("2026-11-22 10:00:00+05:00")
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_prints_the_staff_and_citizen_logins(seeded):
    assert "demo-2026-fund" in seeded
    for username in ("admin", "clerk", "reviewer", "inspector"):
        assert f"  {username}" in seeded
    for person in PEOPLE:
        assert person.iin in seeded


def test_the_demo_people_tell_their_stories(seeded):
    people = {p.key: p.iin for p in PEOPLE}
    employee = assess(people["employee"], TODAY)
    assert employee.is_consumer and employee.last_paid_month == date(2026, 10, 1)
    assert Payment.objects.filter(person__iin=people["employee"]).values("payer").distinct().count() == 2
    assert Payment.objects.filter(person__iin=people["employee"], kind="deduction").count() == 36

    self_payer = assess(people["self_payer"], TODAY)
    assert self_payer.arrears_months and self_payer.arrears_amount > 0

    assert assess(people["pensioner"], TODAY).reason == Reason.STATE_CATEGORY
    assert assess(people["child"], TODAY).category == "child"
    assert Refund.objects.filter(payment__person__iin=people["proprietor"]).exists()

    lapsed = assess(people["lapsed"], TODAY)
    assert not lapsed.is_consumer and lapsed.reason == Reason.LAPSED


def test_the_staff_accounts_are_in_their_groups(seeded):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="clerk").groups.filter(name=roles.FUND_STAFF).exists()
    assert User.objects.get(username="reviewer").groups.filter(name=roles.FUND_REVIEWERS).exists()
    assert User.objects.get(username="inspector").groups.filter(name=roles.BODY_REVIEWERS).exists()


def test_running_it_again_adds_nothing(seeded, settings):
    count = Payment.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Payment.objects.count() == count


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())
