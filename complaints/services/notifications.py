"""Telling people: the citizen by SMS in their language (registration, forwarding, decision), staff by e-mail
(a deadline tomorrow). Called by a Celery task after the history entry was committed."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from complaints.models import ComplaintEvent, Decision, EventKind, Level, Route
from complaints.roles import reviewers_of
from insurance.sms import send_sms

logger = logging.getLogger(__name__)


def _day(value: str | date) -> str:
    return formats.date_format(date.fromisoformat(value) if isinstance(value, str) else value, "d.m.Y")


def sms_text(event: ComplaintEvent) -> str:
    """The SMS for a history entry, in the active language."""
    complaint = event.complaint
    values = {"number": complaint.number, "due": _day(event.detail.get("due_on", complaint.due_on))}
    if event.kind == EventKind.REGISTERED:
        values["date"] = _day(timezone.localdate(complaint.registered_at))
        if complaint.route == Route.FUND_HEAD:
            text = _("Complaint %(number)s registered on %(date)s. The Fund will answer by %(due)s.")
        else:
            text = _(
                "Complaint %(number)s registered on %(date)s. By %(due)s the Fund will satisfy it in full "
                "or send it to the reviewing body."
            )
    elif event.kind == EventKind.FORWARDED:
        text = _("Complaint %(number)s was sent to the reviewing body. It will answer by %(due)s.")
    else:
        values["decision"] = Decision(event.detail["decision"]).label
        text = _("Decision on complaint %(number)s: %(decision)s. The reasons are in your personal cabinet.")
    return text % values


def _sms_citizen(event: ComplaintEvent) -> None:
    person = event.complaint.complainant
    if not person.phone:
        logger.warning("complaint %s: the complainant has no phone number", event.complaint.number)
        return
    with translation.override(person.language):
        send_sms(person.phone, sms_text(event))


def _email_reminder(event: ComplaintEvent) -> None:
    complaint = event.complaint
    if complaint.assignee and complaint.assignee.email:
        recipients = [complaint.assignee.email]
    else:  # unassigned (or no address): the whole team of the level holding the case
        recipients = [u.email for u in reviewers_of(Level(complaint.level)) if u.email]
    if not recipients:
        logger.warning("complaint %s: nobody to remind", complaint.number)
        return
    with translation.override(settings.LANGUAGE_CODE):
        values = {"number": complaint.number, "due": _day(event.detail["due_on"])}
        send_mail(
            subject=_("Complaint %(number)s is due on %(due)s") % values,
            message=_(
                "Complaint %(number)s must be decided or forwarded by the end of %(due)s. "
                "Open the reviewer queue to work on it."
            )
            % values,
            from_email=None,
            recipient_list=recipients,
        )


def event_notify(*, event_id: int) -> bool:
    """Send what the history entry calls for, at most once: the ``notified_at`` mark is claimed with a
    compare-and-set before sending and released if sending failed, so a retry sends it then."""
    claimed = ComplaintEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    event = ComplaintEvent.objects.select_related("complaint__complainant", "complaint__assignee").get(
        pk=event_id
    )
    try:
        if event.kind == EventKind.REMINDED:
            _email_reminder(event)
        else:
            _sms_citizen(event)
    except Exception:
        ComplaintEvent.objects.filter(pk=event_id).update(notified_at=None)
        raise
    return True
