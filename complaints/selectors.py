"""Reads that need thought: who may see which complaint, the queue, the whole case, the staff report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from complaints.models import OPEN_STATUSES, Complaint, Level, Route, Status
from complaints.numbers import NUMBER_PREFIX
from insurance.models import Person, Refusal, Statement

NUMBER_RE = re.compile(r"^\s*(?:[A-ZА-ЯӘҒҚҢӨҰҮҺІ]{1,2}\s*-\s*)?(\d{4})\s*-\s*(\d{1,6})\s*$", re.IGNORECASE)
IIN_RE = re.compile(r"^\s*(\d{12})\s*$")


# The citizen -----------------------------------------------------------------------------------------


def complaints_of(person: Person) -> QuerySet[Complaint]:
    return Complaint.objects.filter(complainant=person).order_by("-submitted_at")


def complaint_of(person: Person, pk) -> Complaint:
    """The citizen's own complaint; anyone else's is "not found" (404, never 403)."""
    complaint = complaints_of(person).select_related("statement_request").filter(pk=pk).first()
    if complaint is None:
        raise Http404
    return complaint


# Reviewers -------------------------------------------------------------------------------------------


def visible_to(level: Level) -> QuerySet[Complaint]:
    """R10.5–R10.7: the Fund sees what it holds (Fund route, and body route until forwarded); the
    reviewing body sees only what was forwarded to it."""
    return Complaint.objects.filter(level=level)


def complaint_for_reviewer(level: Level, pk) -> Complaint:
    complaint = (
        visible_to(level)
        .select_related("complainant", "assignee", "decided_by", "statement_request")
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""  # "" = open ones; a Status value; "all"
    route: str = ""
    mine: bool = False
    unassigned: bool = False
    overdue: bool = False


def queue(level: Level, *, user, filters: QueueFilters, today: date) -> QuerySet[Complaint]:
    """The queue, earliest deadline first; one query per page whatever the number of rows."""
    qs = visible_to(level).select_related("complainant", "assignee")
    if filters.status == "all":
        pass
    elif filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.route in Route.values:
        qs = qs.filter(route=filters.route)
    if filters.mine:
        qs = qs.filter(assignee=user)
    if filters.unassigned:
        qs = qs.filter(assignee__isnull=True)
    if filters.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    return qs.order_by("due_on", "registered_at", "pk")


def search(level: Level, term: str) -> QuerySet[Complaint] | None:
    """By complaint number ("Ш-2026-000123", "C-2026-123", "2026-123") or the complainant's IIN. None if
    the term is neither."""
    qs = visible_to(level).select_related("complainant", "assignee").order_by("due_on", "registered_at", "pk")
    if match := IIN_RE.match(term or ""):
        return qs.filter(complainant__iin=match.group(1))
    if match := NUMBER_RE.match(term or ""):
        year, serial = match.groups()
        # Any letter in front (Ш, or C/С typed on a Latin or Russian keyboard) means our one prefix.
        return qs.filter(number=f"{NUMBER_PREFIX}-{year}-{int(serial):06d}")
    return None


# The whole case --------------------------------------------------------------------------------------


def case_context(complaint: Complaint) -> dict:
    """Everything the detail page and the administrative case show."""
    request = complaint.statement_request
    return {
        "complaint": complaint,
        "statement_request": request,
        "statement": Statement.objects.filter(request=request).first() if request else None,
        "refusal": Refusal.objects.filter(request=request).first() if request else None,
        "attachments": list(complaint.attachments.all()),
        "events": list(complaint.events.select_related("actor")),
    }


# The report for Fund staff ---------------------------------------------------------------------------


def _median(values: QuerySet) -> float | None:
    count = values.count()
    if not count:
        return None
    ordered = values.order_by("working_days_to_decision").values_list("working_days_to_decision", flat=True)
    middle = ordered[(count - 1) // 2 : count // 2 + 1]
    return sum(middle) / len(middle)


def report(*, today: date) -> list[dict]:
    """Per route: open complaints by status, overdue now, decided, and the median working days to a
    decision (from the Fund's registration). A few aggregate queries, whatever the number of complaints."""
    counts = {
        (row["route"], row["status"]): row["n"]
        for row in Complaint.objects.values("route", "status").annotate(n=Count("pk")).order_by()
    }
    overdue = dict(
        Complaint.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today)
        .values("route")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("route", "n")
    )
    rows = []
    for route in Route:
        decided = Complaint.objects.filter(Q(route=route) & Q(status=Status.DECIDED))
        rows.append(
            {
                "route": route,
                "by_status": [(status, counts.get((route.value, status.value), 0)) for status in Status],
                "open": sum(counts.get((route.value, s.value), 0) for s in OPEN_STATUSES),
                "overdue": overdue.get(route.value, 0),
                "median_days": _median(decided.filter(working_days_to_decision__isnull=False)),
            }
        )
    return rows
