"""The import_register contract: whole file or nothing, every bad line reported, re-import adds nothing."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from insurance.identifiers import make_bin
from insurance.models import (
    CategoryMembership,
    Payer,
    PayerKind,
    Payment,
    PaymentRegister,
    Person,
    Refund,
    RegisterStatus,
)
from insurance.registers.importer import register_import

pytestmark = pytest.mark.django_db

IIN_A = "900315401015"
IIN_B = "850702301020"
EMPLOYER = make_bin(date(2008, 4, 1), serial=11)
PAYMENTS_HEADER = "external_id,paid_on,iin,amount,kind,period,payer_id,payer_name\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(kind, path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_register", "--kind", kind, str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def payments_file(tmp_path, *lines, name="payments.csv"):
    return write(tmp_path, name, PAYMENTS_HEADER + "".join(line + "\n" for line in lines))


GOOD = [
    f"P-1,2026-02-10,{IIN_A},9600.00,deduction,2026-01,{EMPLOYER},Алатау ЖШС",
    f"P-2,2026-02-10,{IIN_A},6400.00,contribution,2026-01,{EMPLOYER},Алатау ЖШС",
    f"P-3,2026-02-20,{IIN_B},4250,contribution,2026-01,{IIN_B},",
]


def test_it_imports_a_good_file_and_creates_unknown_people_with_the_iin_only(tmp_path):
    code, out, err = run("payments", payments_file(tmp_path, *GOOD))
    assert code == 0, err
    assert "3 rows; 3 added" in out
    assert Payment.objects.count() == 3
    person = Person.objects.get(iin=IIN_B)
    assert person.last_name == "" and person.phone == ""
    assert Payer.objects.get(payer_id=IIN_B).kind == PayerKind.INDIVIDUAL
    assert Payer.objects.get(payer_id=EMPLOYER).kind == PayerKind.EMPLOYER
    payment = Payment.objects.get(external_id="P-3")
    assert payment.amount == Decimal("4250.00")
    assert payment.period == date(2026, 1, 1)
    register = PaymentRegister.objects.get()
    assert register.status == RegisterStatus.IMPORTED
    assert (register.rows_total, register.rows_created, register.rows_unchanged) == (3, 3, 0)


def test_the_same_file_twice_adds_nothing(tmp_path):
    path = payments_file(tmp_path, *GOOD)
    assert run("payments", path)[0] == 0
    code, out, _ = run("payments", path)
    assert code == 0
    assert "already imported" in out
    assert Payment.objects.count() == 3
    assert PaymentRegister.objects.count() == 1


def test_another_file_with_the_same_rows_adds_only_the_new_ones(tmp_path):
    run("payments", payments_file(tmp_path, *GOOD))
    newer = f"P-4,2026-03-10,{IIN_A},9600.00,deduction,2026-02,{EMPLOYER},Алатау ЖШС"
    code, out, _ = run("payments", payments_file(tmp_path, *GOOD, newer, name="march.csv"))
    assert code == 0
    assert "4 rows; 1 added, 0 updated, 3 already present" in out
    assert Payment.objects.count() == 4


def test_one_bad_iin_refuses_the_whole_file_with_its_line_number(tmp_path):
    bad = f"P-9,2026-02-10,900315401016,100,contribution,2026-01,{EMPLOYER},X"
    code, _, err = run("payments", payments_file(tmp_path, GOOD[0], bad, GOOD[1]))
    assert code == 1
    assert "line 3: iin '900315401016'" in err
    assert "check digit" in err
    assert Payment.objects.count() == 0
    assert Person.objects.count() == 0
    register = PaymentRegister.objects.get()
    assert register.status == RegisterStatus.REJECTED
    assert register.error_report.startswith("line 3:")


def test_every_bad_line_is_reported(tmp_path):
    lines = [
        GOOD[0],
        f"P-10,2026-02-30,{IIN_A},100,contribution,2026-01,{EMPLOYER},X",  # no such date
        f"P-11,2026-02-10,{IIN_A},0,contribution,2026-01,{EMPLOYER},X",  # zero amount
        f"P-12,2026-02-10,{IIN_A},10.005,contribution,2026-01,{EMPLOYER},X",  # three decimals
        f"P-13,2026-02-10,{IIN_A},100,gift,2026-01,{EMPLOYER},X",  # unknown kind
        f"P-14,2026-02-10,{IIN_A},100,contribution,2027-03,{EMPLOYER},X",  # 13 months ahead
        f"P-15,2026-02-10,{IIN_A},100,contribution,2026-13,{EMPLOYER},X",  # no such month
        f"P-16,2026-02-10,{IIN_A},100,contribution,2026-01,123456789012,X",  # bad payer id
        f"P-17,2026-02-10,{IIN_A},100,deduction,2026-01,{IIN_A},X",  # a deduction by the person
        f"P-1,2026-02-10,{IIN_A},9600.00,deduction,2026-01,{EMPLOYER},Алатау ЖШС",  # duplicate id
        f"P-18,2026-02-10,{IIN_A},100,contribution",  # too few fields
        f"P 19,2026-02-10,{IIN_A},100,contribution,2026-01,{EMPLOYER},X",  # bad external id
        f"P-20,2099-02-10,{IIN_A},100,contribution,2099-01,{EMPLOYER},X",  # future payment date
        f"P-21,2026-02-10,{IIN_A},abc,contribution,2026-01,{EMPLOYER},X",  # not a number
        f"P-22,2026-02-10,{IIN_A},NaN,contribution,2026-01,{EMPLOYER},X",  # not a finite number
    ]
    code, _, err = run("payments", payments_file(tmp_path, *lines))
    assert code == 1
    reported = [line for line in err.splitlines() if line.startswith("line ")]
    assert [line.split(":")[0] for line in reported] == [f"line {n}" for n in range(3, 17)]
    assert "appears twice in the file (first on line 2)" in err
    assert "more than 12 months after" in err
    assert "expected 8 fields, found 5" in err
    assert Payment.objects.count() == 0


def test_an_external_id_imported_before_with_other_values_is_reported(tmp_path):
    run("payments", payments_file(tmp_path, *GOOD))
    changed = f"P-2,2026-02-10,{IIN_A},6500.00,contribution,2026-01,{EMPLOYER},Алатау ЖШС"
    code, _, err = run("payments", payments_file(tmp_path, changed, name="changed.csv"))
    assert code == 1
    assert (
        "line 2: external id P-2 was already imported with different values: amount 6400.00 ≠ 6500.00" in err
    )
    assert Payment.objects.get(external_id="P-2").amount == Decimal("6400.00")


@pytest.mark.parametrize(
    "content, reason",
    [
        ("", "line 1: the file is empty"),
        (
            "external_id,paid_on,iin\n",
            "line 1: missing column(s): amount, kind, period, payer_id, payer_name",
        ),
        (PAYMENTS_HEADER.replace("payer_name", "payer_nam"), "unexpected column(s): payer_nam"),
    ],
)
def test_a_bad_header_is_reported_on_line_1(tmp_path, content, reason):
    code, _, err = run("payments", write(tmp_path, "h.csv", content))
    assert code == 1
    assert reason in err


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "cp1251.csv"
    path.write_bytes((PAYMENTS_HEADER + GOOD[0] + "\n").encode("cp1251"))
    code, _, err = run("payments", path)
    assert code == 1
    assert "not UTF-8" in err
    assert Payment.objects.count() == 0


def test_columns_may_come_in_any_order_and_a_bom_is_tolerated(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_text(
        "\ufeffiin,external_id,paid_on,amount,kind,period,payer_id,payer_name\n"
        f"{IIN_A},P-1,2026-02-10,100,contribution,2026-01,{EMPLOYER},X\n",
        encoding="utf-8",
    )
    assert run("payments", path)[0] == 0
    assert Payment.objects.get().person.iin == IIN_A


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_register", "--kind", "payments", str(tmp_path / "nope.csv"))


class TestRefunds:
    HEADER = "external_id,payment_external_id,amount,refunded_on\n"

    @pytest.fixture(autouse=True)
    def payments(self, tmp_path):
        assert run("payments", payments_file(tmp_path, *GOOD))[0] == 0

    def refunds(self, tmp_path, *lines, name="refunds.csv"):
        return write(tmp_path, name, self.HEADER + "".join(line + "\n" for line in lines))

    def test_it_imports_refunds_and_records_them_on_the_payment(self, tmp_path):
        code, _, err = run(
            "refunds", self.refunds(tmp_path, "R-1,P-2,400.00,2026-03-01", "R-2,P-2,6000,2026-03-05")
        )
        assert code == 0, err
        payment = Payment.objects.get(external_id="P-2")
        assert payment.refunded_amount == Decimal("6400.00")
        assert payment.is_fully_refunded
        assert Refund.objects.count() == 2

    def test_refunds_never_exceed_what_is_left_of_the_payment(self, tmp_path):
        run("refunds", self.refunds(tmp_path, "R-1,P-2,6000,2026-03-01"))
        code, _, err = run(
            "refunds",
            self.refunds(tmp_path, "R-2,P-2,300,2026-03-02", "R-3,P-2,300,2026-03-03", name="more.csv"),
        )
        assert code == 1
        assert "line 3: refund 300.00 exceeds what is left of payment P-2 (100.00)" in err
        assert Payment.objects.get(external_id="P-2").refunded_amount == Decimal("6000.00")
        assert Refund.objects.count() == 1

    def test_a_refund_of_an_unknown_payment_or_before_it_was_paid_is_refused(self, tmp_path):
        code, _, err = run(
            "refunds", self.refunds(tmp_path, "R-1,P-404,10,2026-03-01", "R-2,P-1,10,2026-01-01")
        )
        assert code == 1
        assert "line 2: payment P-404 is not known to the Fund" in err
        assert "line 3: refund date 2026-01-01 is before the payment date 2026-02-10" in err

    def test_a_refund_file_twice_refunds_once(self, tmp_path):
        first = self.refunds(tmp_path, "R-1,P-2,400.00,2026-03-01")
        run("refunds", first)
        again = self.refunds(tmp_path, "R-1,P-2,400.00,2026-03-01", "", name="again.csv")
        code, out, _ = run("refunds", again)
        assert code == 0
        assert "1 already present" in out
        assert Payment.objects.get(external_id="P-2").refunded_amount == Decimal("400.00")


def test_persons_register_fills_names_and_phones_and_updates_them(tmp_path):
    header = "iin,last_name,first_name,patronymic,phone\n"
    run("persons", write(tmp_path, "p1.csv", header + f"{IIN_A},Әбенова,Айгерім,Нұрланқызы,+77011234501\n"))
    person = Person.objects.get(iin=IIN_A)
    assert person.full_name == "Әбенова Айгерім Нұрланқызы"
    code, out, _ = run(
        "persons",
        write(
            tmp_path,
            "p2.csv",
            header + f"{IIN_A},Әбенова,Айгерім,Нұрланқызы,+77011234599\n{IIN_B},Жұмабаев,Ерлан,,\n",
        ),
    )
    assert code == 0
    assert "1 added, 1 updated" in out
    assert Person.objects.get(iin=IIN_A).phone == "+77011234599"


def test_persons_register_refuses_bad_phones_and_names(tmp_path):
    header = "iin,last_name,first_name,patronymic,phone\n"
    code, _, err = run(
        "persons", write(tmp_path, "p.csv", header + f"{IIN_A},Әбенова,,,\n{IIN_B},X,Y,,87011234501\n")
    )
    assert code == 1
    assert "line 2: first_name is empty" in err
    assert "line 3: phone '87011234501' must be +7 and 10 digits" in err
    assert Person.objects.count() == 0


def test_categories_register_opens_and_closes_memberships(tmp_path):
    header = "iin,category,valid_from,valid_to\n"
    run("categories", write(tmp_path, "c1.csv", header + f"{IIN_A},unemployed,2026-01-15,\n"))
    membership = CategoryMembership.objects.get()
    assert membership.valid_to is None
    code, out, _ = run(
        "categories", write(tmp_path, "c2.csv", header + f"{IIN_A},unemployed,2026-01-15,2026-04-30\n")
    )
    assert code == 0 and "1 updated" in out
    membership.refresh_from_db()
    assert membership.valid_to == date(2026, 4, 30)


def test_categories_register_refuses_unknown_categories_and_reversed_dates(tmp_path):
    header = "iin,category,valid_from,valid_to\n"
    code, _, err = run(
        "categories",
        write(
            tmp_path,
            "c.csv",
            header + f"{IIN_A},astronaut,2026-01-01,\n{IIN_A},child,2026-05-01,2026-04-01\n",
        ),
    )
    assert code == 1
    assert "line 2: category 'astronaut' is not one of" in err
    assert "line 3: valid_to is before valid_from" in err


def test_the_service_reports_progress_and_errors_as_it_goes(tmp_path):
    seen, errors = [], []
    result = register_import(
        path=payments_file(tmp_path, *GOOD), kind="payments", progress=seen.append, on_error=errors.append
    )
    assert result.ok and result.created == 3
    assert seen == [3]
    assert errors == []


def test_a_file_received_as_another_kind_is_refused(tmp_path):
    path = payments_file(tmp_path, *GOOD)
    run("payments", path)
    PaymentRegister.objects.update(status=RegisterStatus.REJECTED)
    with pytest.raises(CommandError, match="received before as a payments register"):
        call_command("import_register", "--kind", "refunds", str(path))
