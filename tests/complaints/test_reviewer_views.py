"""The reviewer queue and case pages: who gets in, what each side sees, the actions, search, speed."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from complaints import services
from complaints.models import Complaint, Decision, EventKind, Level, Route, Status
from insurance.models import AccessLog
from tests.factories import PersonFactory
from tests.helpers import log_in_citizen

from .conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db
QUEUE = reverse("complaints:queue")
REASONS = "Все взносы найдены, выписка исправлена."


def as_user(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def fund_route(citizen, file_complaint):
    return file_complaint(citizen, route=Route.FUND_HEAD)


@pytest.fixture
def body_route(other_citizen, file_complaint):
    return file_complaint(other_citizen, route=Route.REVIEWING_BODY)


# Who gets in --------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_staff_login(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_staff_outside_the_reviewer_groups_are_refused(client, clerk, fund_route):
    as_user(client, clerk)
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("complaints:review", args=[fund_route.pk])).status_code == 403


def test_a_logged_in_citizen_is_not_a_reviewer(client, citizen, fund_route):
    log_in_citizen(client, citizen)
    assert client.get(QUEUE).status_code == 302
    assert client.get(reverse("complaints:review", args=[fund_route.pk])).status_code == 302


def test_someone_in_both_reviewer_groups_is_refused(client, reviewer):
    from django.contrib.auth.models import Group

    reviewer.groups.add(Group.objects.get(name="Reviewing-body reviewers"))
    assert as_user(client, reviewer).get(QUEUE).status_code == 403


# What each side sees ------------------------------------------------------------------------------------


def test_fund_reviewers_see_fund_route_and_unforwarded_body_route(client, reviewer, fund_route, body_route):
    html = as_user(client, reviewer).get(QUEUE).content.decode()
    assert fund_route.number in html and body_route.number in html


def test_a_body_reviewer_sees_only_forwarded_complaints(client, reviewer, inspector, fund_route, body_route):
    as_user(client, inspector)
    html = client.get(QUEUE).content.decode()
    assert fund_route.number not in html and body_route.number not in html
    assert client.get(reverse("complaints:review", args=[body_route.pk])).status_code == 404
    services.complaint_forward(complaint=body_route, actor=reviewer)
    assert body_route.number in client.get(QUEUE).content.decode()
    assert client.get(reverse("complaints:review", args=[body_route.pk])).status_code == 200


def test_a_fund_reviewer_cannot_open_or_decide_a_forwarded_complaint(client, reviewer, body_route):
    services.complaint_forward(complaint=body_route, actor=reviewer)
    as_user(client, reviewer)
    assert client.get(reverse("complaints:review", args=[body_route.pk])).status_code == 404
    response = client.post(
        reverse("complaints:decide", args=[body_route.pk]),
        {"decision": Decision.FULLY_SATISFIED, "reasons": REASONS},
    )
    assert response.status_code == 404
    body_route.refresh_from_db()
    assert body_route.status == Status.FORWARDED


# The queue ----------------------------------------------------------------------------------------------


def test_the_queue_is_sorted_by_deadline_with_marks(client, reviewer, citizen, file_complaint, now):
    from .conftest import at

    overdue = file_complaint(citizen, submitted_at=at(2026, 3, 9, 12))  # due 16 March
    soon = file_complaint(
        citizen, route=Route.REVIEWING_BODY, submitted_at=at(2026, 3, 17, 12)
    )  # due 20 March
    later = file_complaint(citizen)  # due 31 March
    today = file_complaint(
        citizen, route=Route.REVIEWING_BODY, submitted_at=at(2026, 3, 16, 12)
    )  # due 19 March
    response = as_user(client, reviewer).get(QUEUE)
    rows = list(response.context["page"].object_list)
    assert [c.number for c in rows] == [overdue.number, today.number, soon.number, later.number]
    assert [c.urgency for c in rows] == ["overdue", "due_today", "due_soon", "on_time"]
    html = response.content.decode()
    assert "Overdue" in html and "Due today" in html and "Within 2 working days" in html


def test_the_filters(client, reviewer, reviewer2, citizen, file_complaint, now):
    from .conftest import at

    mine = file_complaint(citizen)
    services.complaint_assign(complaint=mine, actor=reviewer, assignee=reviewer)
    theirs = file_complaint(citizen, route=Route.REVIEWING_BODY)
    services.complaint_assign(complaint=theirs, actor=reviewer, assignee=reviewer2)
    nobodys = file_complaint(citizen, submitted_at=at(2026, 3, 9, 12))  # overdue
    decided = file_complaint(citizen)
    services.complaint_decide(complaint=decided, actor=reviewer, decision=Decision.REJECTED, reasons=REASONS)
    as_user(client, reviewer)

    def numbers(**params):
        return {c.number for c in client.get(QUEUE, params).context["page"].object_list}

    assert numbers() == {mine.number, theirs.number, nobodys.number}
    assert numbers(mine="on") == {mine.number}
    assert numbers(unassigned="on") == {nobodys.number}
    assert numbers(overdue="on") == {nobodys.number}
    assert numbers(route="body") == {theirs.number}
    assert numbers(status="decided") == {decided.number}
    assert numbers(status="all") == {mine.number, theirs.number, nobodys.number, decided.number}


def test_search_by_number_or_iin_keeps_the_iin_out_of_addresses(
    client, reviewer, citizen, other_citizen, file_complaint
):
    first = file_complaint(citizen)
    second = file_complaint(other_citizen)
    as_user(client, reviewer)
    by_iin = client.post(QUEUE, {"q": other_citizen.iin})
    assert [c.number for c in by_iin.context["results"]] == [second.number]
    html = by_iin.content.decode()
    assert f"?q={other_citizen.iin}" not in html and f"q={other_citizen.iin}" not in html
    for typed in ("Ш-2026-000001", "C-2026-1", "с-2026-000001", "2026-000001"):
        found = client.post(QUEUE, {"q": typed}).context["results"]
        assert [c.number for c in found] == [first.number], typed
    assert client.post(QUEUE, {"q": "hello"}).status_code == 400
    assert client.get(QUEUE, {"q": citizen.iin}).context["page"].paginator.count == 2  # GET ignores it


def test_search_finds_nothing_on_the_other_side(client, inspector, citizen, fund_route):
    found = as_user(client, inspector).post(QUEUE, {"q": citizen.iin}).context["results"]
    assert found == []


def test_the_queue_pages_in_a_fixed_number_of_queries_with_many_complaints(
    client, reviewer, reviewer2, now, settings, django_assert_max_num_queries
):
    """No query per row: a page of the queue costs the same with 30 or 3,000 complaints."""
    settings.COMPLAINT_QUEUE_PAGE_SIZE = 50
    people = PersonFactory.create_batch(30)
    registered = now - timedelta(days=1)
    Complaint.objects.bulk_create(
        Complaint(
            number=f"Ш-2026-{n:06d}",
            complainant=people[n % 30],
            subject="decision",
            text="x" * 30,
            route="fund",
            submitted_at=registered,
            registered_at=registered,
            review_due_on=date(2026, 3, 16) + timedelta(days=n % 40),
            due_on=date(2026, 3, 16) + timedelta(days=n % 40),
            assignee=(reviewer, reviewer2, None)[n % 3],
            status=Status.IN_REVIEW if n % 3 < 2 else Status.REGISTERED,
        )
        for n in range(1, 3001)
    )
    as_user(client, reviewer)
    client.get(QUEUE)  # warm the session and the calendar
    with django_assert_max_num_queries(9):
        response = client.get(QUEUE, {"page": 37})
    page = response.context["page"]
    assert page.paginator.count == 3000 and len(page.object_list) == 50
    dues = [c.due_on for c in page.object_list]
    assert dues == sorted(dues)
    with django_assert_max_num_queries(9):
        client.get(QUEUE, {"page": 2, "unassigned": "on", "overdue": "on"})


# The case page and the actions --------------------------------------------------------------------------


def test_the_case_page_shows_the_whole_case_and_logs_the_access(client, reviewer, citizen, file_complaint):
    complaint = file_complaint(citizen, files=[upload("scan.pdf", PDF_BYTES)])
    html = as_user(client, reviewer).get(reverse("complaints:review", args=[complaint.pk])).content.decode()
    assert complaint.text in html and citizen.iin in html and "scan.pdf" in html
    assert "Complaint submitted" in html and "Complaint registered" in html
    assert "The complaint is about the service in general" in html
    log = AccessLog.objects.get()
    assert (log.subject, log.user, log.what, log.object_ref) == (
        citizen,
        reviewer,
        "complaint",
        complaint.number,
    )


def test_the_case_page_shows_the_request_and_its_result(client, reviewer, citizen, file_complaint):
    from insurance.models import Refusal, StatementRequest

    from .conftest import at

    request = StatementRequest.objects.create(
        person=citizen,
        channel="otp",
        consent=False,
        submitted_at=at(2026, 3, 18),
        registered_at=at(2026, 3, 18),
        due_at=at(2026, 3, 18, 11, 15),
        status="refused",
        refusal_ground=5,
    )
    Refusal.objects.create(
        request=request,
        number="R-2026-0000042",
        person=citizen,
        issued_at=at(2026, 3, 18, 11, 1),
        language="kk",
        full_name=citizen.full_name,
        iin=citizen.iin,
        verification_code="TESTCODE42",
        ground=5,
        reasons="Келісім берілмеді.",
    )
    complaint = file_complaint(citizen, statement_request=request)
    html = as_user(client, reviewer).get(reverse("complaints:review", args=[complaint.pk])).content.decode()
    assert "R-2026-0000042" in html and "Келісім берілмеді." in html


def test_assign_to_me_then_decide(
    client, reviewer, fund_route, django_capture_on_commit_callbacks, _sms_outbox
):
    as_user(client, reviewer)
    response = client.post(reverse("complaints:assign", args=[fund_route.pk]), {"to_me": "1"})
    assert response.status_code == 302
    fund_route.refresh_from_db()
    assert fund_route.assignee == reviewer
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("complaints:decide", args=[fund_route.pk]),
            {"decision": Decision.PARTLY_SATISFIED, "reasons": REASONS},
        )
    assert response.status_code == 302
    fund_route.refresh_from_db()
    assert (fund_route.status, fund_route.decision) == (Status.DECIDED, Decision.PARTLY_SATISFIED)
    assert len(_sms_outbox) == 1
    html = client.get(reverse("complaints:review", args=[fund_route.pk])).content.decode()
    assert "is recorded" in html and "Record the decision" not in html


def test_a_decision_without_reasons_is_shown_on_the_field(client, reviewer, fund_route):
    response = as_user(client, reviewer).post(
        reverse("complaints:decide", args=[fund_route.pk]), {"decision": Decision.REJECTED, "reasons": ""}
    )
    assert response.status_code == 400
    assert 'id="id_reasons_errors"' in response.content.decode()
    fund_route.refresh_from_db()
    assert (
        fund_route.status == Status.REGISTERED
        and not fund_route.events.filter(kind=EventKind.DECIDED).exists()
    )


def test_reassign_to_a_colleague(client, reviewer, reviewer2, fund_route):
    as_user(client, reviewer).post(
        reverse("complaints:assign", args=[fund_route.pk]), {"assignee": reviewer2.pk}
    )
    fund_route.refresh_from_db()
    assert fund_route.assignee == reviewer2


def test_reassign_to_a_body_reviewer_is_refused(client, reviewer, inspector, fund_route):
    response = as_user(client, reviewer).post(
        reverse("complaints:assign", args=[fund_route.pk]), {"assignee": inspector.pk}
    )
    assert response.status_code == 302
    fund_route.refresh_from_db()
    assert fund_route.assignee is None


def test_forward_from_the_case_page_and_the_body_gets_the_case_pdf(client, reviewer, inspector, body_route):
    response = as_user(client, reviewer).post(reverse("complaints:forward", args=[body_route.pk]))
    assert response.status_code == 302 and response["Location"] == QUEUE  # no longer the Fund's to see
    body_route.refresh_from_db()
    assert body_route.level == Level.BODY
    # The Fund reviewer no longer sees it; the inspector does, with the case PDF.
    assert client.get(reverse("complaints:case_pdf", args=[body_route.pk])).status_code == 404
    as_user(client, inspector)
    pdf = client.get(reverse("complaints:case_pdf", args=[body_route.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_forwarding_a_fund_route_complaint_is_refused_with_a_message(client, reviewer, fund_route):
    response = as_user(client, reviewer).post(
        reverse("complaints:forward", args=[fund_route.pk]), follow=True
    )
    assert "Only a complaint to the reviewing body is forwarded." in response.content.decode()
    fund_route.refresh_from_db()
    assert fund_route.level == Level.FUND


def test_actions_need_post(client, reviewer, fund_route):
    as_user(client, reviewer)
    for name in ("complaints:assign", "complaints:decide", "complaints:forward"):
        assert client.get(reverse(name, args=[fund_route.pk])).status_code == 405


def test_attachments_are_served_only_within_the_reviewers_scope(
    client, reviewer, inspector, citizen, file_complaint
):
    complaint = file_complaint(citizen, files=[upload("scan.pdf", PDF_BYTES)])
    url = reverse("complaints:review_attachment", args=[complaint.pk, complaint.attachments.get().pk])
    assert as_user(client, reviewer).get(url).status_code == 200
    assert as_user(client, inspector).get(url).status_code == 404
