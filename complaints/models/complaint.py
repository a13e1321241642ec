"""A complaint about the Fund's decision, action or inaction (R10), with its stored deadlines.

Deadlines are computed once, when the complaint is registered (and, for the reviewing body, when it is
forwarded), and stored; nothing re-derives them later, so a calendar override added afterwards never moves
a deadline the citizen was already told.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from insurance.models import Person, StatementRequest


class Route(models.TextChoices):
    """How the citizen chose to complain (R10.1, R10.5–R10.6)."""

    FUND_HEAD = "fund", _("to the head of the Fund")
    REVIEWING_BODY = "body", _("to the reviewing body through the Fund")


class Level(models.TextChoices):
    """Who holds the case now: the Fund, or the reviewing body after forwarding (R10.7)."""

    FUND = "fund", _("the Fund")
    BODY = "body", _("the reviewing body")


class Subject(models.TextChoices):
    DECISION = "decision", _("a decision")
    ACTION = "action", _("an action")
    INACTION = "inaction", _("inaction")


class Status(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_REVIEW = "in_review", _("under review")
    FORWARDED = "forwarded", _("forwarded to the reviewing body")
    DECIDED = "decided", _("decided")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_REVIEW, Status.FORWARDED)


class Decision(models.TextChoices):
    FULLY_SATISFIED = "satisfied", _("fully satisfied")
    PARTLY_SATISFIED = "partly", _("partly satisfied")
    REJECTED = "rejected", _("rejected")


class ComplaintNumberSeries(models.Model):
    """The last complaint number issued in a year. Numbers are for people; URLs use the UUID."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("complaint number series")
        verbose_name_plural = _("complaint number series")

    def __str__(self):
        return f"{self.year}: {self.last_value}"


class Complaint(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("number"), max_length=20, unique=True)
    complainant = models.ForeignKey(
        Person, verbose_name=_("complainant"), on_delete=models.PROTECT, related_name="complaints"
    )
    statement_request = models.ForeignKey(
        StatementRequest,
        verbose_name=_("request complained about"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    subject = models.CharField(_("complaint against"), max_length=10, choices=Subject.choices)
    text = models.TextField(_("text"))
    route = models.CharField(_("route"), max_length=4, choices=Route.choices)
    level = models.CharField(_("held by"), max_length=4, choices=Level.choices, default=Level.FUND)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)

    submitted_at = models.DateTimeField(_("submitted"))
    registered_at = models.DateTimeField(_("registered"))  # A1.7
    review_due_on = models.DateField(_("review due"), null=True, blank=True)  # R10.2: Fund route, 5 days
    forward_due_on = models.DateField(_("forwarding due"), null=True, blank=True)  # R10.7: 3 days
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    body_registered_at = models.DateTimeField(_("registered at the reviewing body"), null=True, blank=True)
    body_review_due_on = models.DateField(_("reviewing body's review due"), null=True, blank=True)  # R10.3
    # The deadline that applies now: a copy of one of the three stored above, kept for the queue's index.
    due_on = models.DateField(_("current deadline"))

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    working_days_to_decision = models.PositiveSmallIntegerField(
        _("working days to decision"), null=True, blank=True
    )

    case_pdf = models.FileField(
        _("administrative case (PDF)"), upload_to="complaints/cases/%Y/%m/", blank=True
    )
    case_pdf_sha256 = models.CharField(_("administrative case SHA-256"), max_length=64, blank=True)
    # Enforcement marks: the deadline a reminder was sent for / the deadline found missed. Comparing with
    # due_on makes each mark happen once per deadline, however often enforcement runs.
    reminded_for = models.DateField(_("reminder sent for deadline"), null=True, blank=True)
    overdue_for = models.DateField(_("marked overdue for deadline"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-registered_at"]
        indexes = [
            # The reviewer queue: open complaints of one level, by deadline (a partial index stays small).
            models.Index(
                fields=["level", "due_on", "registered_at"],
                name="complaint_queue_idx",
                condition=~Q(status="decided"),
            ),
            models.Index(fields=["level", "status", "due_on"], name="complaint_level_status_idx"),
            models.Index(fields=["assignee", "due_on"], name="complaint_assignee_idx"),
            models.Index(fields=["complainant", "-submitted_at"], name="complaint_person_idx"),
            models.Index(
                fields=["forward_due_on"],
                name="complaint_to_forward_idx",
                condition=Q(route="body", level="fund") & ~Q(status="decided"),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="complaint_status_valid"),
            models.CheckConstraint(condition=Q(route__in=Route.values), name="complaint_route_valid"),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="complaint_level_valid"),
            models.CheckConstraint(condition=Q(subject__in=Subject.values), name="complaint_subject_valid"),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=Decision.values), name="complaint_decision_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status="decided") & ~Q(decision="") & Q(decided_at__isnull=False))
                | (~Q(status="decided") & Q(decision="") & Q(decided_at__isnull=True)),
                name="complaint_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=Q(registered_at__gte=F("submitted_at")), name="complaint_registered_after"
            ),
            # R10.2 / R10.7: each route has its own stored deadline.
            models.CheckConstraint(
                condition=(Q(route="fund") & Q(review_due_on__isnull=False) & Q(forward_due_on__isnull=True))
                | (Q(route="body") & Q(review_due_on__isnull=True) & Q(forward_due_on__isnull=False)),
                name="complaint_route_deadline",
            ),
            # R10.7: only a body-route complaint reaches the reviewing body, and only with its registration.
            models.CheckConstraint(
                condition=Q(level="fund", forwarded_at__isnull=True, body_registered_at__isnull=True)
                | Q(
                    level="body",
                    route="body",
                    forwarded_at__isnull=False,
                    body_registered_at__isnull=False,
                    body_review_due_on__isnull=False,
                ),
                name="complaint_level_forwarded",
            ),
            models.CheckConstraint(
                condition=~Q(status="forwarded") | Q(level="body"), name="complaint_forwarded_at_body"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status != Status.DECIDED

    @property
    def is_forwarded(self) -> bool:
        return self.level == Level.BODY
