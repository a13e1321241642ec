"""Registers through the API: upload (the import runs as a task), status, error report (DESIGN registers)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from api.models import ApiRegisterUpload
from insurance.models import PaymentRegister, Person

from .conftest import assert_problem

URL = "/api/v1/registers/"
GOOD = "iin,last_name,first_name,patronymic,phone\n900315400017,Әбенова,Айгерім,Нұрланқызы,+77011234501\n"
BAD = GOOD + "900315400018,Бекова,Әсел,,+77011234502\n123,Қасымов,Ержан,,\n"


def csv(text, name="persons.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def upload(client, text, capture, kind="persons", headers=None):
    with capture(execute=True):  # the eager import task runs after commit
        return client.post(URL, {"kind": kind, "file": csv(text)}, content_type=None, headers=headers)


def test_a_good_register_is_imported_by_the_task(make_client, django_capture_on_commit_callbacks):
    client = make_client("registers:write")
    response = upload(client, GOOD, django_capture_on_commit_callbacks)
    assert response.status_code == 202, response.content
    status = client.get(response["Location"]).json()
    assert status["status"] == "imported" and status["kind"] == "persons" and status["rows_created"] == 1
    assert Person.objects.get(iin="900315400017").first_name == "Айгерім"
    assert client.get(response["Location"] + "errors").json() == {"error_count": 0, "errors": []}


def test_a_bad_register_writes_nothing_and_reports_every_bad_line(
    make_client, django_capture_on_commit_callbacks
):
    client = make_client("registers:write")
    response = upload(client, BAD, django_capture_on_commit_callbacks)
    upload_id = response.json()["id"]
    assert client.get(f"{URL}{upload_id}/").json()["status"] == "rejected"
    report = client.get(f"{URL}{upload_id}/errors").json()
    assert report["error_count"] == 2
    assert [line.split(":")[0] for line in report["errors"]] == ["line 3", "line 4"]
    assert not Person.objects.exists()


def test_the_same_file_again_is_the_same_register(make_client, django_capture_on_commit_callbacks):
    client = make_client("registers:write")
    first = upload(client, GOOD, django_capture_on_commit_callbacks).json()
    again = upload(client, GOOD, django_capture_on_commit_callbacks)
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert PaymentRegister.objects.count() == 1
    other = make_client("registers:write", name="another-bank")
    assert_problem(upload(other, GOOD, django_capture_on_commit_callbacks), 409)


def test_bad_uploads_are_400_naming_the_field(make_client):
    client = make_client("registers:write")
    assert_problem(client.post(URL, {"kind": "persons"}, content_type=None), 400, field="file")
    assert_problem(
        client.post(URL, {"kind": "salaries", "file": csv(GOOD)}, content_type=None), 400, field="kind"
    )
    assert_problem(
        client.post(URL, {"kind": "persons", "file": csv("")}, content_type=None), 400, field="file"
    )
    assert_problem(client.post(URL, {"kind": "persons"}), 415)  # JSON, not multipart
    assert not PaymentRegister.objects.exists()


def test_no_key_401_no_scope_403_another_key_404(make_client, anonymous, django_capture_on_commit_callbacks):
    client = make_client("registers:write")
    upload_id = upload(client, GOOD, django_capture_on_commit_callbacks).json()["id"]
    assert_problem(anonymous.post(URL, {"kind": "persons", "file": csv(GOOD)}, content_type=None), 401)
    assert_problem(
        make_client("statements:write").post(URL, {"kind": "persons", "file": csv(GOOD)}, content_type=None),
        403,
    )
    for path in (f"{URL}{upload_id}/", f"{URL}{upload_id}/errors"):
        assert_problem(anonymous.get(path), 401)
        assert_problem(make_client("monitoring:read").get(path), 403)
        assert_problem(make_client("registers:write", name="other").get(path), 404)
    assert ApiRegisterUpload.objects.count() == 1


def test_an_upload_retried_with_its_idempotency_key_is_replayed(
    make_client, django_capture_on_commit_callbacks
):
    client = make_client("registers:write")
    headers = {"Idempotency-Key": "upload-1"}
    first = upload(client, GOOD, django_capture_on_commit_callbacks, headers=headers)
    again = upload(client, GOOD, django_capture_on_commit_callbacks, headers=headers)
    assert first.status_code == again.status_code == 202 and again["Idempotent-Replayed"] == "true"
    assert_problem(upload(client, BAD, django_capture_on_commit_callbacks, headers=headers), 409)


def test_a_refused_file_may_be_sent_again_and_is_imported_again(
    make_client, django_capture_on_commit_callbacks
):
    client = make_client("registers:write")
    first = upload(client, BAD, django_capture_on_commit_callbacks)
    again = upload(client, BAD, django_capture_on_commit_callbacks)
    assert again.status_code == 202 and again.json()["id"] == first.json()["id"]
    assert client.get(again["Location"]).json()["status"] == "rejected"
    assert PaymentRegister.objects.count() == 1
