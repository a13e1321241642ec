"""What reviewers do with a complaint: assign, decide, forward (R10.2, R10.3, R10.7, R10.8).

Every action locks the complaint row, checks who may do it and whether the complaint is in a state that
allows it, changes it and appends to its history, all in one transaction. Views, admin and the enforcement
task call these functions; none of them re-implements a check.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import deadlines
from complaints.models import ActorRole, Complaint, Decision, EventKind, Level, Route, Status
from complaints.roles import reviewer_level, reviewers_of
from insurance.working_time import WorkingCalendar, working_calendar

from .history import event_append, staff_label

REASONS_MIN_CHARS = 10
REASONS_MAX_CHARS = 5000


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _require_level(actor, complaint: Complaint) -> Level:
    """Only a reviewer of the level holding the case may act on it (R10.5–R10.7)."""
    level = reviewer_level(actor)
    if level is None or level != complaint.level:
        raise PermissionDenied(_("You cannot act on this complaint."))
    return level


def _require_open(complaint: Complaint) -> None:
    if complaint.status == Status.DECIDED:
        raise ValidationError(_("A decision on this complaint has already been taken."), code="decided")


@transaction.atomic
def complaint_assign(*, complaint: Complaint, actor, assignee, now: datetime | None = None) -> Complaint:
    """Give the complaint to ``assignee`` (``actor`` themself for "assign to me")."""
    complaint = _locked(complaint)
    level = _require_level(actor, complaint)
    _require_open(complaint)
    if assignee is None or not reviewers_of(level).filter(pk=assignee.pk).exists():
        raise ValidationError(_("Choose a reviewer of your team."), code="not_a_reviewer")
    if complaint.assignee_id == assignee.pk:
        raise ValidationError(_("The complaint is already assigned to this reviewer."), code="unchanged")
    now = now or timezone.now()
    complaint.assignee = assignee
    if complaint.status == Status.REGISTERED:
        complaint.status = Status.IN_REVIEW
    complaint.save(update_fields=["assignee", "status", "updated_at"])
    event_append(
        complaint=complaint,
        kind=EventKind.ASSIGNED,
        at=now,
        role=ActorRole(level),
        actor=actor,
        detail={"assignee": staff_label(assignee)},
    )
    return complaint


def clean_reasons(reasons: str) -> str:
    reasons = (reasons or "").strip()
    if len(reasons) < REASONS_MIN_CHARS:
        raise ValidationError(
            _("Give the reasons for the decision (at least %(limit)d characters).")
            % {"limit": REASONS_MIN_CHARS},
            code="reasons_required",
        )
    if len(reasons) > REASONS_MAX_CHARS:
        raise ValidationError(
            _("The reasons are too long: at most %(limit)d characters.") % {"limit": REASONS_MAX_CHARS},
            code="reasons_too_long",
        )
    return reasons


def _check_decision(complaint: Complaint, level: Level, decision: str, reasons: str) -> str:
    _require_open(complaint)
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Choose the decision.")]})
    if (
        complaint.route == Route.REVIEWING_BODY
        and level == Level.FUND
        and decision != Decision.FULLY_SATISFIED
    ):
        raise ValidationError(
            {"decision": [_("On this route the Fund either fully satisfies the complaint or forwards it.")]}
        )
    try:
        return clean_reasons(reasons)
    except ValidationError as error:
        raise ValidationError({"reasons": error.messages}) from error


@transaction.atomic
def complaint_decide(
    *, complaint: Complaint, actor, decision: str, reasons: str, now: datetime | None = None
) -> Complaint:
    """Record the decision with its reasons. On the reviewing-body route the Fund may only fully satisfy
    the complaint (R10.8); anything less is for the reviewing body, after forwarding (R10.7)."""
    complaint = _locked(complaint)
    level = _require_level(actor, complaint)
    reasons = _check_decision(complaint, level, decision, reasons)
    now = now or timezone.now()
    complaint.status = Status.DECIDED
    complaint.decision = decision
    complaint.decision_reasons = reasons
    complaint.decided_at = now
    complaint.decided_by = actor
    complaint.working_days_to_decision = deadlines.working_days_taken(
        working_calendar(), registered_at=complaint.registered_at, decided_at=now
    )
    complaint.save()
    event_append(
        complaint=complaint,
        kind=EventKind.DECIDED,
        at=now,
        role=ActorRole(level),
        actor=actor,
        note=reasons,
        detail={"decision": decision},
    )
    return complaint


def _require_forwardable(complaint: Complaint) -> None:
    _require_open(complaint)
    if complaint.route != Route.REVIEWING_BODY:
        raise ValidationError(_("Only a complaint to the reviewing body is forwarded."), code="wrong_route")
    if complaint.level != Level.FUND:
        raise ValidationError(_("The complaint has already been forwarded."), code="forwarded")


def forward(complaint: Complaint, *, actor, now: datetime, calendar: WorkingCalendar) -> Complaint:
    """Forward a locked, checked complaint: the administrative case as one PDF, registration at the
    reviewing body (A1.7) and its 15-working-day deadline (R10.3), stored once."""
    from complaints.case_pdf import render_case_pdf

    body_registered_at, body_due_on = deadlines.register_at_body(calendar, forwarded_at=now)
    late = deadlines.local_date(now) > complaint.forward_due_on
    pdf = render_case_pdf(
        complaint, forwarded_at=now, body_registered_at=body_registered_at, body_due_on=body_due_on
    )
    complaint.case_pdf.save(f"{complaint.number}.pdf", ContentFile(pdf), save=False)
    complaint.case_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    complaint.forwarded_at = now
    complaint.body_registered_at = body_registered_at
    complaint.body_review_due_on = body_due_on
    complaint.due_on = body_due_on
    complaint.level = Level.BODY
    complaint.status = Status.FORWARDED
    complaint.assignee = None  # the reviewing body assigns its own reviewer
    complaint.save()
    event_append(
        complaint=complaint,
        kind=EventKind.FORWARDED,
        at=now,
        role=ActorRole.FUND if actor else ActorRole.SYSTEM,
        actor=actor,
        detail={
            "body_registered_at": body_registered_at.isoformat(),
            "due_on": body_due_on.isoformat(),
            "case_sha256": complaint.case_pdf_sha256,
            "late": late,
            "automatic": actor is None,
        },
    )
    return complaint


@transaction.atomic
def complaint_forward(*, complaint: Complaint, actor, now: datetime | None = None) -> Complaint:
    """A Fund reviewer forwards a reviewing-body-route complaint with its administrative case (R10.7)."""
    complaint = _locked(complaint)
    if _require_level(actor, complaint) != Level.FUND:
        raise PermissionDenied(_("You cannot act on this complaint."))
    _require_forwardable(complaint)
    return forward(complaint, actor=actor, now=now or timezone.now(), calendar=working_calendar())
