"""Appending to a complaint's history, in the caller's transaction (CONVENTIONS 5)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from complaints.models import ActorRole, Complaint, ComplaintEvent, EventKind
from complaints.models.history import CITIZEN_NOTIFIED


def staff_label(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def event_append(
    *,
    complaint: Complaint,
    kind: EventKind,
    at: datetime,
    role: ActorRole,
    actor=None,
    note: str = "",
    detail: dict | None = None,
) -> ComplaintEvent:
    """Write one history entry. If it calls for an SMS to the citizen (registration, forwarding, decision)
    or an e-mail to staff (reminder), the message is queued once the transaction commits."""
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        at=at,
        actor=actor,
        actor_role=role,
        actor_label=staff_label(actor),
        note=note,
        detail=detail or {},
    )
    if kind in CITIZEN_NOTIFIED or kind == EventKind.REMINDED:
        from complaints.tasks import deliver_event_notification

        transaction.on_commit(lambda: deliver_event_notification.delay(event.pk))
    return event
