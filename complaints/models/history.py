"""The case history (append-only) and the files a citizen attached to a complaint."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .complaint import Complaint


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("complaint submitted")
    REGISTERED = "registered", _("complaint registered")
    ASSIGNED = "assigned", _("reviewer assigned")
    DECIDED = "decided", _("decision taken")
    FORWARDED = "forwarded", _("forwarded to the reviewing body with the administrative case")
    REMINDED = "reminded", _("deadline reminder sent")
    OVERDUE = "overdue", _("deadline missed")


class ActorRole(models.TextChoices):
    CITIZEN = "citizen", _("the complainant")
    FUND = "fund", _("the Fund")
    BODY = "body", _("the reviewing body")
    SYSTEM = "system", _("the portal")


# Events the citizen is told about by SMS; a reminder goes to staff by e-mail.
CITIZEN_NOTIFIED = (EventKind.REGISTERED, EventKind.FORWARDED, EventKind.DECIDED)


class ComplaintEvent(models.Model):
    """One entry of the case history: who did what, when, with a note. Never changed once written;
    ``notified_at`` only records that the SMS or e-mail the entry calls for went out (once)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(_("who"), max_length=8, choices=ActorRole.choices)
    actor_label = models.CharField(_("name"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Facts for the page to show in the reader's language (deadlines, the assignee's name).
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    notified_at = models.DateTimeField(_("notification sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint history entry")
        verbose_name_plural = _("complaint history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_event_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="complaint_event_kind_valid"),
            models.CheckConstraint(
                condition=Q(actor_role__in=ActorRole.values), name="complaint_event_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} · {self.get_kind_display()}"


class AttachmentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


def attachment_path(instance, filename: str) -> str:
    # The stored name is random: nothing the citizen typed reaches the file system.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[instance.content_type]
    return f"complaints/attachments/{instance.complaint_id}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=20, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "original_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=AttachmentType.values), name="attachment_type_valid"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self):
        return self.original_name
