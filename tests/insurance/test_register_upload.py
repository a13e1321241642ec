"""Fund staff upload a register in admin; a Celery task imports it; progress, result and errors are shown.

The same contract as ``import_register`` (DESIGN "Public contract"): the whole file or nothing, every bad line
reported as "line N: reason", the same file again adds nothing. Celery runs eagerly here (after commit); the
PostgreSQL test runs the fast path, and the real-worker test a real Celery worker with Redis.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insurance import roles
from insurance.identifiers import make_bin
from insurance.models import Payment, PaymentRegister, Person, RegisterStatus
from insurance.registers import uploads
from tests.factories import RegisterFactory
from tests.services import require_postgres

IIN_A = "900315401015"
IIN_B = "850702301020"
EMPLOYER = make_bin(date(2008, 4, 1), serial=11)
HEADER = "external_id,paid_on,iin,amount,kind,period,payer_id,payer_name\n"
GOOD = (
    f"P-1,2026-02-10,{IIN_A},9600.00,deduction,2026-01,{EMPLOYER},Алатау ЖШС\n"
    f"P-2,2026-02-10,{IIN_B},6400.00,contribution,2026-01,{EMPLOYER},Алатау ЖШС\n"
)
BAD = (
    f"P-1,2026-02-10,{IIN_A},9600.00,deduction,2026-01,{EMPLOYER},Алатау ЖШС\n"
    f"P-2,2026-02-10,900315401016,6400.00,contribution,2026-01,{EMPLOYER},Алатау ЖШС\n"
    f"P-3,2026-02-30,{IIN_B},100,contribution,2026-01,{EMPLOYER},X\n"
)


def csv_upload(text: str, name: str = "payments.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def clerk(client):
    user = get_user_model().objects.create_user("clerk", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FUND_STAFF))
    client.force_login(user)
    return user


@pytest.fixture
def upload(client, clerk, django_capture_on_commit_callbacks):
    """POST a file to the admin's upload form; the import task runs (eagerly) once the upload commits."""

    def post(text: str, kind: str = "payments", name: str = "payments.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("admin:insurance_paymentregister_add"),
                {"kind": kind, "file": csv_upload(text, name)},
                HTTP_ACCEPT_LANGUAGE="en",
            )

    return post


pytestmark = pytest.mark.django_db


def test_it_shows_the_upload_form_to_fund_staff(client, clerk):
    response = client.get(reverse("admin:insurance_paymentregister_add"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page and 'name="kind"' in page
    assert 'enctype="multipart/form-data"' in page


def test_a_good_file_is_imported_by_the_task_and_the_page_shows_the_result(client, upload):
    response = upload(HEADER + GOOD)
    register = PaymentRegister.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:insurance_paymentregister_change", args=[register.pk])
    assert register.status == RegisterStatus.IMPORTED
    assert register.rows_total == 2 and register.rows_created == 2
    assert register.file_name == "payments.csv" and register.file  # kept in media
    assert register.uploaded_by.username == "clerk"
    assert Payment.objects.count() == 2
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "imported" in page and "2 of 2 rows" in page
    assert 'http-equiv="refresh"' not in page  # finished: nothing to follow any more


def test_the_result_downloads_as_csv(client, upload):
    upload(HEADER + GOOD)
    register = PaymentRegister.objects.get()
    response = client.get(reverse("admin:insurance_paymentregister_result", args=[register.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("file,kind,sha256,status,rows,added,already present,errors")
    assert rows[1].startswith(f"payments.csv,payments,{register.sha256},imported,2,2,0,0")


def test_a_bad_file_is_refused_whole_and_every_bad_line_is_in_the_downloadable_report(client, upload):
    upload(HEADER + BAD)
    register = PaymentRegister.objects.get()
    assert register.status == RegisterStatus.REJECTED
    assert register.error_count == 2
    assert Payment.objects.count() == 0 and Person.objects.count() == 0  # nothing half-written
    page = client.get(
        reverse("admin:insurance_paymentregister_change", args=[register.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "line 3: iin &#x27;900315401016&#x27;" in page or "line 3: iin '900315401016'" in page
    response = client.get(reverse("admin:insurance_paymentregister_errors", args=[register.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert [line.split(":")[0] for line in lines] == ["line 3", "line 4"]
    assert "check digit" in lines[0]


def test_the_same_file_again_is_refused_with_a_clear_message_and_adds_nothing(upload):
    upload(HEADER + GOOD)
    response = upload(HEADER + GOOD, name="again.csv")
    assert response.status_code == 200
    assert "already imported" in response.content.decode()
    assert PaymentRegister.objects.count() == 1
    assert Payment.objects.count() == 2


def test_a_rejected_file_may_be_uploaded_again_once_the_cause_is_fixed(upload):
    refused = HEADER + GOOD.replace("deduction", "gift")
    upload(refused)
    register = PaymentRegister.objects.get()
    assert register.status == RegisterStatus.REJECTED
    # The same bytes again (say, after the reference data was corrected): imported into the same record.
    upload(refused)
    register.refresh_from_db()
    assert register.status == RegisterStatus.REJECTED
    assert PaymentRegister.objects.count() == 1


def test_an_empty_file_or_a_wrong_kind_gets_a_clear_error_and_nothing_is_written(client, upload):
    response = upload("", name="empty.csv")
    assert response.status_code == 200
    assert "The submitted file is empty" in response.content.decode()
    response = upload(HEADER + GOOD, kind="refunds")
    register = PaymentRegister.objects.get()
    assert register.status == RegisterStatus.REJECTED
    assert register.error_report.startswith("line 1: missing column(s)")
    assert Payment.objects.count() == 0


def test_staff_without_the_add_permission_cannot_upload(client):
    user = get_user_model().objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.add(*Group.objects.get(name=roles.FUND_STAFF).permissions.exclude(
        codename="add_paymentregister"
    ))  # fmt: skip
    client.force_login(user)
    url = reverse("admin:insurance_paymentregister_add")
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "payments", "file": csv_upload(HEADER + GOOD)}).status_code == 403
    assert PaymentRegister.objects.count() == 0


def test_an_outsider_sees_no_register_and_no_report(client):
    register = RegisterFactory(status=RegisterStatus.REJECTED, error_report="line 2: iin '900315401016' …")
    user = get_user_model().objects.create_user("reviewer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FUND_REVIEWERS))
    client.force_login(user)
    assert (
        client.get(reverse("admin:insurance_paymentregister_errors", args=[register.pk])).status_code == 403
    )
    assert (
        client.get(reverse("admin:insurance_paymentregister_result", args=[register.pk])).status_code == 403
    )
    assert client.get(reverse("admin:insurance_paymentregister_add")).status_code == 403


def test_while_the_import_runs_the_page_shows_progress_and_refreshes_itself(client, clerk):
    register = RegisterFactory(status=RegisterStatus.PROCESSING, rows_total=10_000, file_name="big.csv")
    uploads.progress_save(register.pk, rows=2_500, phase="reading")
    page = client.get(
        reverse("admin:insurance_paymentregister_change", args=[register.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "2,500 of 10,000 rows" in page or "2500 of 10000 rows" in page
    assert '<progress value="25" max="100">' in page
    assert 'http-equiv="refresh"' in page


def test_the_register_list_makes_no_query_per_row(client, clerk, django_assert_max_num_queries):
    for n in range(30):
        RegisterFactory(uploaded_by=clerk, file_name=f"r{n}.csv")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:insurance_paymentregister_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 30


def test_the_task_is_idempotent(upload):
    from insurance.registers.tasks import import_register_file

    upload(HEADER + GOOD)
    register = PaymentRegister.objects.get()
    assert import_register_file(register.pk) == RegisterStatus.IMPORTED
    assert Payment.objects.count() == 2


def test_the_task_marks_a_vanished_file_as_rejected_with_a_reason(clerk):
    register = uploads.register_upload(kind="payments", upload=csv_upload(HEADER + GOOD), uploaded_by=clerk)
    register.file.delete(save=False)
    from insurance.registers.tasks import import_register_file

    with pytest.raises(OSError):
        import_register_file(register.pk)
    register.refresh_from_db()
    assert register.status == RegisterStatus.REJECTED
    assert register.error_report
    assert Payment.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_upload_runs_the_fast_path_whole_or_nothing(client, reference_data):
    require_postgres()
    user = get_user_model().objects.create_user("clerk", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FUND_STAFF))
    client.force_login(user)
    url = reverse("admin:insurance_paymentregister_add")
    client.post(url, {"kind": "payments", "file": csv_upload(HEADER + BAD)})
    assert PaymentRegister.objects.get().error_count == 2
    assert Payment.objects.count() == 0 and Person.objects.count() == 0
    client.post(url, {"kind": "payments", "file": csv_upload(HEADER + GOOD, "good.csv")})
    good = PaymentRegister.objects.get(file_name="good.csv")
    assert good.status == RegisterStatus.IMPORTED and Payment.objects.count() == 2
    report = client.get(reverse("admin:insurance_paymentregister_result", args=[good.pk]))
    assert b",imported,2,2,0,0" in report.content


def test_the_upload_service_refuses_a_file_being_imported(clerk):
    first = uploads.register_upload(kind="payments", upload=csv_upload(HEADER + GOOD), uploaded_by=clerk)
    assert first.status == RegisterStatus.PENDING
    with pytest.raises(uploads.UploadRefused, match="being imported"):
        uploads.register_upload(kind="payments", upload=csv_upload(HEADER + GOOD), uploaded_by=clerk)


def test_the_error_report_is_in_the_language_of_the_staff_member_who_uploaded(clerk):
    from insurance.registers.tasks import import_register_file

    for language, name in (("en", "en.csv"), ("kk", "kk.csv")):
        text = HEADER + BAD.replace("P-1,", f"P-1{language},")  # other bytes: another register
        register = uploads.register_upload(kind="payments", upload=csv_upload(text, name), uploaded_by=clerk)
        import_register_file(register.pk, language)
        register.refresh_from_db()
        assert register.error_report.startswith("line 3: iin '900315401016'")
        assert ("check digit" in register.error_report) == (language == "en")
