"""The access log (issue 7; Personal Data Law art. 8): every read of a person's statement, payments or
complaint — by staff or by the person — is recorded with who, whose, what, when and from where; the
person sees it in the cabinet; staff export it for an audit."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from insurance.models import AccessLog
from insurance.security.access_audit import NOT_PERSONAL_MODELS, PERSONAL_MODELS
from tests.helpers import log_in_citizen


def entries(person):
    return list(AccessLog.objects.filter(subject=person).order_by("pk"))


def test_every_admin_model_is_classified_personal_or_not(db):
    labels = {model._meta.label_lower for model in admin.site._registry}
    assert labels == set(PERSONAL_MODELS) | NOT_PERSONAL_MODELS, (
        "classify the new admin model in access_audit"
    )
    assert not set(PERSONAL_MODELS) & NOT_PERSONAL_MODELS


@pytest.mark.parametrize(
    ("url_of", "what", "ref_prefix"),
    [
        (lambda w: f"/admin/insurance/person/{w.citizen.pk}/change/", "person", "person:"),
        (
            lambda w: f"/admin/insurance/payment/{w.citizen.payments.first().pk}/change/",
            "payments",
            "payment:",
        ),
        (lambda w: f"/admin/insurance/statement/{w.statement.pk}/change/", "statement", "statement:"),
        (
            lambda w: f"/admin/insurance/statementrequest/{w.request.pk}/change/",
            "statement",
            "statementrequest:",
        ),
        (lambda w: f"/admin/insurance/refusal/{w.refusal.pk}/change/", "refusal", "refusal:"),
        (lambda w: f"/admin/complaints/complaint/{w.complaint.pk}/change/", "complaint", "complaint:"),
        (lambda w: f"/admin/insurance/person/{w.citizen.pk}/history/", "person", "person:"),
    ],
)
def test_a_staff_member_opening_a_persons_record_in_the_admin_is_recorded(
    client, world, clerk, url_of, what, ref_prefix
):
    client.force_login(clerk)
    before = len(entries(world.citizen))
    response = client.get(url_of(world), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    new = entries(world.citizen)[before:]
    assert len(new) == 1
    entry = new[0]
    assert (entry.user, entry.actor_label, entry.what, entry.ip_address) == (clerk, "clerk", what, "10.1.2.3")
    assert entry.object_ref.startswith(ref_prefix)


def test_an_admin_list_or_a_refused_page_records_nothing(client, world, fund_reviewer, clerk):
    client.force_login(fund_reviewer)
    before = AccessLog.objects.count()
    assert client.get(f"/admin/insurance/person/{world.citizen.pk}/change/").status_code == 403
    client.force_login(clerk)
    assert client.get("/admin/insurance/person/").status_code == 200
    assert AccessLog.objects.count() == before


def test_the_reviewer_opening_a_case_and_its_file_is_recorded(client, world, fund_reviewer):
    client.force_login(fund_reviewer)
    before = len(entries(world.citizen))
    assert client.get(reverse("complaints:review", args=[world.complaint.pk])).status_code == 200
    url = reverse("complaints:review_attachment", args=[world.complaint.pk, world.attachment.pk])
    assert client.get(url).status_code == 200
    new = entries(world.citizen)[before:]
    assert [(e.what, e.user) for e in new] == [("complaint", fund_reviewer)] * 2
    assert new[1].object_ref == f"{world.complaint.number}/file"


def test_the_citizen_opening_their_complaint_is_recorded_as_themself(client, world, clerk):
    client.force_login(clerk)  # a staff login in the same browser does not make it a staff read
    log_in_citizen(client, world.citizen)
    before = len(entries(world.citizen))
    assert client.get(reverse("complaints:detail", args=[world.complaint.pk])).status_code == 200
    (entry,) = entries(world.citizen)[before:]
    assert entry.user is None and entry.what == "complaint" and entry.object_ref == world.complaint.number
    assert "Әбенова" in entry.actor_label and world.citizen.iin not in entry.actor_label


def test_the_cabinet_shows_who_viewed_my_data_and_nothing_of_anyone_else(client, world, clerk):
    client.force_login(clerk)
    client.get(f"/admin/insurance/statement/{world.statement.pk}/change/")
    AccessLog.objects.create(
        subject=world.other, what="person", actor_label="clerk", user=clerk, object_ref="XOTHER"
    )
    log_in_citizen(client, world.citizen)
    response = client.get(reverse("insurance:access_log"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fund staff member: Clerk Staff" in html and f"Statement (record {world.statement.pk})" in html
    assert f"statement:{world.statement.pk}" not in html  # an internal reference means nothing to a citizen
    assert "XOTHER" not in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("object_ref", "shown"),
    [
        ("dashboard", "the status page in the cabinet"),
        ("eligibility", "a coverage check by a clinic"),
        ("ST-20261130-ABCD1234", "ST-20261130-ABCD1234"),
        ("ST-20261130-ABCD1234.pdf", "ST-20261130-ABCD1234 (PDF)"),
        ("Ш-2026-000001/file", "Ш-2026-000001 (attachment)"),
        ("Ш-2026-000001/case.pdf", "Ш-2026-000001 (administrative case, PDF)"),
        ("payment:42", "Payment (record 42)"),
        ("unknownmodel:7", "unknownmodel:7"),
    ],
)
def test_each_reference_is_shown_to_the_citizen_in_words(object_ref, shown):
    with translation.override("en"):
        assert AccessLog(object_ref=object_ref).object_label == shown


def test_the_audit_export_is_a_csv_of_the_period(client, world, clerk, time_machine):
    client.force_login(clerk)
    client.get(f"/admin/insurance/person/{world.citizen.pk}/change/", REMOTE_ADDR="10.9.9.9")
    old = AccessLog.objects.create(subject=world.other, what="person", actor_label="x", object_ref="OLD")
    AccessLog.objects.filter(pk=old.pk).update(at="2025-01-05T10:00:00+05:00")
    response = client.get(
        reverse("security:access_log_export"), {"date_from": "2026-11-01", "date_to": "2026-11-30"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert any(
        r["subject_iin"] == world.citizen.iin and r["user"] == "clerk" and r["ip_address"] == "10.9.9.9"
        for r in rows
    )
    assert not any(r["object"] == "OLD" for r in rows)


def test_the_export_asks_for_a_valid_period_and_is_refused_to_reviewers(client, world, clerk, fund_reviewer):
    client.force_login(clerk)
    response = client.get(
        reverse("security:access_log_export"),
        {"date_from": "2026-12-01", "date_to": "2026-11-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "The period ends before it starts." in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    client.force_login(fund_reviewer)
    assert client.get(reverse("security:access_log_export")).status_code == 403


def test_if_the_record_cannot_be_written_the_data_is_not_shown(client, world, clerk, monkeypatch):
    from insurance.security import access_audit

    def broken(**kwargs):
        raise RuntimeError("the access log is unavailable")

    monkeypatch.setattr(access_audit, "access_log_record", broken)
    client.force_login(clerk)
    client.raise_request_exception = False
    response = client.get(f"/admin/insurance/person/{world.citizen.pk}/change/")
    assert response.status_code == 500
    assert world.citizen.last_name not in response.content.decode()
