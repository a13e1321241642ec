"""At national scale one person's rows are read through indexes, never by scanning the payments table.

The statement (A2), the cabinet's dashboard and the coverage assessment each read one person's payments,
refunds and category memberships. On PostgreSQL with a populated, analysed table every query they make is
EXPLAINed: none may scan a whole payments, refunds or categories table (docs/decisions.md, "Payments:
indexes, and no partitioning"). Admin list pages make no query per row.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insurance import roles
from insurance.coverage import assess
from insurance.models import CategoryMembership, Payment, Refund
from insurance.statements.snapshot import load_receipts
from tests.factories import PaymentFactory, RegisterFactory
from tests.helpers import log_in_citizen
from tests.insurance.statement_helpers import WORKING_TIME, employer, make_citizen, pay, refund
from tests.services import require_postgres

pytestmark = pytest.mark.django_db

BIG_TABLES = ("insurance_payment", "insurance_refund", "insurance_categorymembership")
OTHERS = 4000  # people around the one we read, 12 payments each: far too many rows to scan cheaply


def populate_others(register_id: int, payer_id: int) -> None:
    """Many other people's payments, refunds and categories, written set-wise, then analysed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO insurance_person (iin, last_name, first_name, patronymic, phone, language, "
            "created_at, updated_at) SELECT lpad(n::text, 12, '0'), '', '', '', '', 'kk', now(), now() "
            "FROM generate_series(1, %s) n",
            [OTHERS],
        )
        cursor.execute(
            "INSERT INTO insurance_payment (person_id, payer_id, paid_on, amount, kind, period, "
            "refunded_amount, register_id, external_id) "
            "SELECT p.id, %s, make_date(2025, m, 10), 4250, 'contribution', make_date(2025, m, 1), 0, %s, "
            "'X-' || p.id || '-' || m FROM insurance_person p, generate_series(1, 12) m "
            "WHERE p.iin LIKE '0000%%'",
            [payer_id, register_id],
        )
        cursor.execute(
            "INSERT INTO insurance_refund (payment_id, amount, refunded_on, register_id, external_id) "
            "SELECT id, 100, paid_on + 5, %s, 'R-' || id FROM insurance_payment WHERE id %% 4 = 0 AND external_id LIKE 'X-%%'",
            [register_id],
        )
        cursor.execute(
            "INSERT INTO insurance_categorymembership (person_id, category, valid_from, register_id) "
            "SELECT id, 'student', '2020-09-01', %s FROM insurance_person WHERE id %% 3 = 0 AND iin LIKE '0000%%'",
            [register_id],
        )
        for table in ("insurance_person", *BIG_TABLES):
            cursor.execute(f"ANALYZE {table}")


def whole_table_scans(queries, counts_too=False) -> list[str]:
    """The plans, among ``queries``, that scan a whole big table (or, with ``counts_too``, count it)."""
    found = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or not any(table in sql for table in BIG_TABLES):
                continue
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            whole = any(f"Seq Scan on {table}" in plan for table in BIG_TABLES)
            counted = counts_too and "COUNT(*)" in sql.upper() and " WHERE " not in sql.upper()
            if whole or counted:
                found.append(f"{sql}\n{plan}")
    return found


@pytest.fixture
def crowd(time_machine):
    require_postgres()
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    payer = employer()
    for month in range(1, 12):
        payment = pay(person, paid_on=date(2026, month, 10), period=date(2026, month, 1), payer=payer)
    refund(payment, amount="100", on=date(2026, 11, 15), external_id="R-x")
    CategoryMembership.objects.create(
        person=person, category="student", valid_from=date(2020, 9, 1), register=payment.register
    )
    populate_others(RegisterFactory().pk, payer.pk)
    assert Payment.objects.count() > 40_000
    return person


def test_the_statement_reads_one_persons_rows_through_indexes(crowd):
    with CaptureQueriesContext(connection) as queries:
        receipts = load_receipts(crowd, date(2017, 1, 1), date(2026, 11, 30))
    assert len(receipts) == 11 and receipts[-1].refunded_amount == 100
    scans = whole_table_scans(queries)
    assert scans == [], "\n\n".join(scans)


def test_the_coverage_assessment_reads_one_persons_rows_through_indexes(crowd):
    with CaptureQueriesContext(connection) as queries:
        assessment = assess(crowd.iin, date(2026, 11, 20))
    assert assessment.is_consumer
    scans = whole_table_scans(queries)
    assert scans == [], "\n\n".join(scans)


def test_the_dashboard_reads_one_persons_rows_through_indexes(client, crowd):
    log_in_citizen(client, crowd)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("insurance:dashboard"))
    assert response.status_code == 200
    scans = whole_table_scans(queries)
    assert scans == [], "\n\n".join(scans)


@pytest.fixture
def clerk(client):
    user = get_user_model().objects.create_user("clerk", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FUND_STAFF))
    client.force_login(user)
    return user


@pytest.mark.parametrize("search", ["", "person", "payer", "external_id"])
def test_the_payment_list_and_its_search_scan_no_whole_table(client, crowd, clerk, search):
    payment = Payment.objects.filter(person=crowd).select_related("payer").first()
    q = {"": "", "person": crowd.iin, "payer": payment.payer.payer_id, "external_id": payment.external_id}[
        search
    ]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:insurance_payment_changelist"), {"q": q} if q else {})
    assert response.status_code == 200
    found = list(response.context["cl"].result_list)
    if search in ("person", "external_id"):
        assert payment in found
    else:  # the whole list, or the payer of every payment here: the first page of many
        assert len(found) == 100 and (search == "" or {p.payer_id for p in found} == {payment.payer_id})
    scans = whole_table_scans(queries, counts_too=True)
    assert scans == [], "\n\n".join(scans)


@pytest.mark.parametrize("model", ["refund", "categorymembership"])
def test_the_refund_and_category_lists_make_no_query_per_row(
    client, clerk, model, django_assert_max_num_queries
):
    for n in range(30):
        payment = PaymentFactory()
        if model == "refund":
            Refund.objects.create(
                payment=payment, amount=1, refunded_on=date(2026, 2, 1), register=payment.register,
                external_id=f"R-{n}",
            )  # fmt: skip
        else:
            CategoryMembership.objects.create(
                person=payment.person,
                category="pensioner",
                valid_from=date(2020, 1, 1),
                register=payment.register,
            )
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"admin:insurance_{model}_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 30


def test_refunds_are_found_by_their_id_their_payments_id_or_the_persons_iin(client, clerk):
    payment, other = PaymentFactory(), PaymentFactory()
    refund = Refund.objects.create(
        payment=payment, amount=1, refunded_on=date(2026, 2, 1), register=payment.register, external_id="R-1"
    )
    Refund.objects.create(
        payment=other, amount=1, refunded_on=date(2026, 2, 1), register=other.register, external_id="R-2"
    )
    for term in ("R-1", payment.external_id, payment.person.iin):
        response = client.get(reverse("admin:insurance_refund_changelist"), {"q": term})
        assert list(response.context["cl"].result_list) == [refund], term
