"""What the browser journeys start from: people, payments and staff, made through the same factories and
services as the other tests, with dates relative to today (the live server runs on the real clock)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.insurance.statement_helpers import employer, make_citizen, pay, refund

STAFF_PASSWORD = "browser-test-Password-1"


def off_the_loop(function, /, *args, **kwargs):
    """Run ``function`` in a thread of its own. Playwright's event loop runs in the test's thread, and
    PDF signing (pyHanko) starts an event loop of its own, which cannot nest."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def months_back(day: date, n: int) -> date:
    """The first day of the month ``n`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def make_lapsed_citizen(*, serial: int = 41):
    """Two years of monthly contributions that stopped eight months ago: not a consumer (the grace period
    is over), with unpaid months among the last 12 (coverage rules, A2) and one refunded payment."""
    from tests.browser.helpers import almaty_today

    person = make_citizen(serial=serial, language="kk")
    payer = employer()
    today = almaty_today()
    payments = []
    for n in range(31, 7, -1):  # the months 31 … 8 before this one
        period = months_back(today, n)
        payments.append(pay(person, paid_on=period.replace(day=10), period=period, payer=payer))
    refund(payments[0], amount="1000.00", on=payments[0].paid_on.replace(day=20), external_id="R-BROWSER-1")
    return person


def make_staff(username: str, group: str, *, superuser: bool = False):
    user = get_user_model().objects.create_user(
        username=username,
        password=STAFF_PASSWORD,
        first_name=username.capitalize(),
        last_name="Staff",
        is_staff=True,
        is_superuser=superuser,
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def issue_statement(person, *, language: str = "en"):
    """A request confirmed and processed the way the cabinet does it (Celery is eager in tests)."""
    return off_the_loop(_issue_statement, person, language=language)


def _issue_statement(person, *, language: str):
    from django.utils import timezone

    from insurance.models import Statement
    from insurance.services.statement_requests import statement_request_create

    request = statement_request_create(
        person=person,
        channel="otp",
        consent=True,
        period_from=None,
        period_to=None,
        language=language,
        evidence={},
        submitted_at=timezone.now(),
    )
    return Statement.objects.get(request=request)


def file_complaint(person, *, route: str, statement_request=None, text: str | None = None):
    from django.utils import timezone

    from complaints.models import Subject
    from complaints.services import complaint_file

    return complaint_file(
        person=person,
        route=route,
        subject=Subject.DECISION,
        text=text or "The statement misses the contributions paid for me in the spring.",
        statement_request=statement_request,
        submitted_at=timezone.now(),
    )


def log_in_citizen(context, portal: str, person) -> None:
    """Give the browser a citizen's session cookie (the log-in pages have their own journey)."""
    from importlib import import_module

    from django.conf import settings
    from django.utils import timezone

    from insurance.citizens import AT_KEY, METHOD_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = person.pk
    session[METHOD_KEY] = "otp"
    session[AT_KEY] = timezone.now().isoformat()
    session.save()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": portal}])
