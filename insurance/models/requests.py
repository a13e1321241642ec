"""Statement requests, the documents they produce, and the record of every service stage (R8, R9)."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .people import Language, Person


class Channel(models.TextChoices):
    OTP = "otp", _("one-time password")
    EDS = "eds", _("digital signature (EDS)")
    API = "api", _("e-government gateway")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    PROCESSING = "processing", _("processing")
    COMPLETED = "completed", _("completed")
    REFUSED = "refused", _("refused")


class RefusalGround(models.IntegerChoices):
    """A1.9: the grounds on which the service is refused."""

    UNRELIABLE_DATA = 1, _("the documents or data are unreliable")
    REQUIREMENTS_NOT_MET = 2, _("the applicant or the data do not meet the legal requirements")
    COURT_BAN = 3, _("a court decision prohibits the activity")
    COURT_DEPRIVATION = 4, _("a court verdict deprives the applicant of a special right")
    NO_CONSENT = 5, _("no consent to access restricted personal data")


class StatementRequest(models.Model):
    """An applicant's electronic request (R4), certified by a one-time password or an EDS."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="statement_requests"
    )
    channel = models.CharField(_("channel"), max_length=3, choices=Channel.choices)
    consent = models.BooleanField(_("consent to access restricted personal data"))
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period to"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KK)
    evidence = models.JSONField(
        _("certification evidence"),
        default=dict,
        blank=True,
        help_text=_("the OTP check or the signed document"),
    )
    submitted_at = models.DateTimeField(_("submitted"))
    registered_at = models.DateTimeField(_("registered"))  # A1.7
    due_at = models.DateTimeField(_("due"))  # R8: registration + 15 minutes
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    refusal_ground = models.PositiveSmallIntegerField(
        _("refusal ground"), choices=RefusalGround.choices, null=True, blank=True
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("processing attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("statement request")
        verbose_name_plural = _("statement requests")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["person", "-submitted_at"], name="request_person_idx"),
            models.Index(fields=["status", "registered_at"], name="request_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="request_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="request_channel_valid"),
            models.CheckConstraint(
                condition=Q(refusal_ground__isnull=True) | Q(refusal_ground__gte=1, refusal_ground__lte=5),
                name="request_refusal_ground_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.REFUSED, refusal_ground__isnull=False)
                | (~Q(status=RequestStatus.REFUSED) & Q(refusal_ground__isnull=True)),
                name="request_refusal_has_ground",
            ),
            models.CheckConstraint(
                condition=Q(registered_at__gte=F("submitted_at")), name="request_registered_after"
            ),
            models.CheckConstraint(
                condition=Q(period_from__isnull=True)
                | Q(period_to__isnull=True)
                | Q(period_to__gte=F("period_from")),
                name="request_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.submitted_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RequestStatus.COMPLETED, RequestStatus.REFUSED)


class IssuedDocument(models.Model):
    """An electronic document issued to the applicant's cabinet (R8): a statement or a refusal.

    What the applicant was told is frozen here: names, IIN and the PDF with its SHA-256. The verification
    code lets anyone check the document at /verify/<code>/ without seeing its contents.
    """

    number = models.CharField(_("number"), max_length=32, unique=True)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # Blank when the Fund knows the person by the IIN alone (a payments register came before the persons
    # register): a refusal is still issued to them, "name unknown".
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    iin = models.CharField(_("IIN"), max_length=12)
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    pdf = models.FileField(_("PDF"), upload_to="documents/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.number


class ConsumerStatus(models.TextChoices):
    CONSUMER = "consumer", _("MSHI consumer")
    NOT_CONSUMER = "not_consumer", _("not an MSHI consumer")


class Statement(IssuedDocument):
    """The Appendix-2 statement: an immutable snapshot of the rows and the status on the issue date."""

    request = models.OneToOneField(
        StatementRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="statement"
    )
    status = models.CharField(_("status in the MSHI system"), max_length=12, choices=ConsumerStatus.choices)
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period to"), null=True, blank=True)
    rows = models.JSONField(_("rows"), default=list)
    assessment = models.JSONField(_("assessment"), default=dict, help_text=_("status reason and arrears"))

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["person", "-issued_at"], name="statement_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ConsumerStatus.values), name="statement_status_valid"
            )
        ]


class Refusal(IssuedDocument):
    """A reasoned refusal (A1.9), issued to the cabinet like a statement."""

    request = models.OneToOneField(
        StatementRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="refusal"
    )
    ground = models.PositiveSmallIntegerField(_("ground"), choices=RefusalGround.choices)
    reasons = models.TextField(_("reasons"))

    class Meta:
        verbose_name = _("refusal")
        verbose_name_plural = _("refusals")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["person", "-issued_at"], name="refusal_person_idx")]


class Stage(models.TextChoices):
    """R9: the stages of service delivery reported to the monitoring system."""

    RECEIVED = "received", _("request received")
    REGISTERED = "registered", _("request registered")
    PROCESSING = "processing", _("processing started")
    IDENTITY_CHECKED = "identity_checked", _("identity checked with the state register")
    CONSENT_CHECKED = "consent_checked", _("consent checked")
    DOCUMENT_ISSUED = "document_issued", _("document issued")
    COMPLETED = "completed", _("service delivered")
    REFUSED = "refused", _("service refused")
    NOTIFIED = "notified", _("applicant notified")


class ServiceStageEvent(models.Model):
    """One stage of one request. Unique per (request, stage): a repeated task writes nothing twice.

    Delivery to the monitoring system is at least once: ``delivered_at`` is set only after the endpoint
    acknowledged the event.
    """

    request = models.ForeignKey(
        StatementRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="stage_events"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    occurred_at = models.DateTimeField(_("occurred"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivery_attempts = models.PositiveIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("service stage event")
        verbose_name_plural = _("service stage events")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "stage"], name="stage_once_per_request"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="stage_valid"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="stage_undelivered_idx",
                condition=Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()} · {self.occurred_at:%Y-%m-%d %H:%M:%S}"
