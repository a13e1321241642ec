"""The PostgreSQL fast path under a database role without special rights imports the same way.

A superuser (or a role granted SET on session_replication_role) skips the per-row foreign-key triggers, the
joins having checked them set-wise (docs/decisions.md); any other role keeps the triggers. Both paths must
give the same result: the whole file or nothing, the same rows, nothing twice.
"""

from datetime import date

import pytest
from django.db import connection

from insurance.identifiers import make_bin
from insurance.models import Payment, Person, RegisterStatus
from insurance.registers.importer import register_import
from tests.services import require_postgres

pytestmark = pytest.mark.django_db

EMPLOYER = make_bin(date(2008, 4, 1), serial=11)
FILE = (
    "external_id,paid_on,iin,amount,kind,period,payer_id,payer_name\n"
    f"P-1,2026-02-10,900315401015,9600.00,deduction,2026-01,{EMPLOYER},Алатау ЖШС\n"
    f"P-2,2026-02-10,850702301020,6400.00,contribution,2026-01,{EMPLOYER},Алатау ЖШС\n"
)


@pytest.fixture
def plain_role():
    """This test's transaction runs as a role with table rights only (rolled back with the test)."""
    require_postgres()
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE mshi_test_importer NOLOGIN NOSUPERUSER")
        cursor.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO mshi_test_importer")
        cursor.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO mshi_test_importer")
        cursor.execute("GRANT CREATE, USAGE ON SCHEMA public TO mshi_test_importer")
        cursor.execute(
            f'GRANT TEMPORARY ON DATABASE "{connection.settings_dict["NAME"]}" TO mshi_test_importer'
        )
        cursor.execute("SET LOCAL ROLE mshi_test_importer")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,)
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_a_role_that_may_not_skip_triggers_imports_with_them(tmp_path, plain_role, caplog):
    path = tmp_path / "payments.csv"
    path.write_text(FILE, encoding="utf-8")
    caplog.set_level("INFO", logger="insurance.registers.postgres.base")
    result = register_import(path=path, kind="payments")
    assert result.ok and result.created == 2
    assert "foreign keys checked row by row" in caplog.text
    assert Payment.objects.filter(person__in=Person.objects.filter(iin="900315401015")).count() == 1
    again = tmp_path / "again.csv"
    again.write_text(FILE + "\n", encoding="utf-8")  # other bytes, the same rows
    result = register_import(path=again, kind="payments")
    assert result.ok and result.created == 0 and result.unchanged == 2
    assert result.register.status == RegisterStatus.IMPORTED
    assert Payment.objects.count() == 2
