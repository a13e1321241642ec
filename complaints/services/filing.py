"""Filing a complaint: checked, numbered, registered (A1.7) with its stored deadline (R10.2 / R10.7)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import deadlines
from complaints.attachments import CheckedFile, check_files
from complaints.models import (
    ActorRole,
    Attachment,
    Complaint,
    ComplaintNumberSeries,
    EventKind,
    Route,
    Subject,
)
from complaints.numbers import NUMBER_PREFIX
from insurance.models import Person, StatementRequest
from insurance.working_time import working_calendar

from .history import event_append


def complaint_number_next(*, year: int) -> str:
    """The next number of ``year``. The UPDATE locks the series row until the transaction ends, so two
    complaints filed at once never share a number."""
    ComplaintNumberSeries.objects.get_or_create(year=year)
    ComplaintNumberSeries.objects.filter(year=year).update(last_value=F("last_value") + 1)
    value = ComplaintNumberSeries.objects.values_list("last_value", flat=True).get(year=year)
    return f"{NUMBER_PREFIX}-{year}-{value:06d}"


def clean_complaint_text(text: str) -> str:
    text = (text or "").strip()
    low, high = settings.COMPLAINT_TEXT_MIN_CHARS, settings.COMPLAINT_TEXT_MAX_CHARS
    if len(text) < low:
        raise ValidationError(
            _("Describe the problem in at least %(limit)d characters.") % {"limit": low}, code="too_short"
        )
    if len(text) > high:
        raise ValidationError(
            _("The text is too long: at most %(limit)d characters.") % {"limit": high}, code="too_long"
        )
    return text


def _check(*, person, route, subject, text, statement_request, files) -> tuple[str, list[CheckedFile]]:
    errors: dict[str, list] = {}
    if route not in Route.values:
        errors["route"] = [_("Choose where to send the complaint.")]
    if subject not in Subject.values:
        errors["subject"] = [_("Choose what you are complaining about.")]
    if statement_request is not None and statement_request.person_id != person.pk:
        errors["statement_request"] = [_("Choose one of your own requests.")]
    clean_text, checked = "", []
    try:
        clean_text = clean_complaint_text(text)
    except ValidationError as error:
        errors["text"] = error.messages
    try:
        checked = check_files(files)
    except ValidationError as error:
        errors["attachments"] = error.messages
    if errors:
        raise ValidationError(errors)
    return clean_text, checked


def _store_attachments(complaint: Complaint, checked: list[CheckedFile], now: datetime) -> list[Attachment]:
    stored = []
    try:
        for item in checked:
            attachment = Attachment(
                complaint=complaint,
                original_name=item.name,
                content_type=item.content_type,
                size=len(item.data),
                sha256=item.sha256,
                uploaded_at=now,
            )
            attachment.file.save(item.name, ContentFile(item.data), save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        # The transaction rolls the rows back; the files written so far go too (no half-written state).
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def complaint_file(
    *,
    person: Person,
    route: str,
    subject: str,
    text: str,
    statement_request: StatementRequest | None = None,
    files=(),
    submitted_at: datetime | None = None,
) -> Complaint:
    """File a complaint for ``person``. Bad input raises ValidationError (by field) and writes nothing."""
    clean_text, checked = _check(
        person=person,
        route=route,
        subject=subject,
        text=text,
        statement_request=statement_request,
        files=files,
    )
    submitted_at = submitted_at or timezone.now()
    registration = deadlines.register(working_calendar(), route=route, submitted_at=submitted_at)
    complaint = Complaint.objects.create(
        number=complaint_number_next(year=deadlines.local_date(registration.registered_at).year),
        complainant=person,
        statement_request=statement_request,
        subject=subject,
        text=clean_text,
        route=route,
        submitted_at=submitted_at,
        registered_at=registration.registered_at,
        review_due_on=registration.review_due_on,
        forward_due_on=registration.forward_due_on,
        due_on=registration.due_on,
    )
    _store_attachments(complaint, checked, submitted_at)
    _record_filing(complaint, registration)
    return complaint


def _record_filing(complaint: Complaint, registration: deadlines.Registration) -> None:
    event_append(
        complaint=complaint, kind=EventKind.SUBMITTED, at=complaint.submitted_at, role=ActorRole.CITIZEN
    )
    # A1.7: filed after hours, it is registered at 09:00 of the next working day — a later moment.
    event_append(
        complaint=complaint,
        kind=EventKind.REGISTERED,
        at=registration.registered_at,
        role=ActorRole.SYSTEM,
        detail={"due_on": registration.due_on.isoformat(), "route": complaint.route},
    )
