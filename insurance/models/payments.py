from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .people import Payer, Person


class RegisterKind(models.TextChoices):
    PERSONS = "persons", _("persons")
    PAYMENTS = "payments", _("payments")
    REFUNDS = "refunds", _("refunds")
    CATEGORIES = "categories", _("preferential categories")


class RegisterStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    PROCESSING = "processing", _("importing")
    IMPORTED = "imported", _("imported")
    REJECTED = "rejected", pgettext_lazy("register status", "rejected")


class PaymentRegister(models.Model):
    """One imported file. It imports whole or not at all; a rejected file keeps its error report."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=RegisterKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="registers/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RegisterStatus.choices, default=RegisterStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(_("rows in file"), default=0)
    rows_created = models.PositiveIntegerField(_("rows added"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("rows already present"), default=0)
    rows_processed = models.PositiveIntegerField(_("rows checked so far"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    error_report = models.TextField(_("error report"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RegisterKind.values), name="register_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=RegisterStatus.values), name="register_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name}"


class PaymentKind(models.TextChoices):
    DEDUCTION = "deduction", _("deduction")  # R3.1: paid by an employer from its own funds
    CONTRIBUTION = "contribution", _("contribution")  # R3.2: employees, proprietors, self-payers, the state


class Payment(models.Model):
    """One receipt: a row of the Appendix-2 statement (A2). Imported from registers, never edited."""

    # No index of its own: payment_person_history_idx starts with the person (docs/decisions.md).
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="payments", db_index=False
    )
    payer = models.ForeignKey(
        Payer, verbose_name=_("payer"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("payment date"))
    amount = models.DecimalField(_("amount, tenge"), max_digits=14, decimal_places=2)
    kind = models.CharField(_("receipt type"), max_length=12, choices=PaymentKind.choices)
    period = models.DateField(_("period"), help_text=_("the first day of the month paid for"))
    # Kept beside the amount so the database itself guarantees refunds never exceed the payment.
    refunded_amount = models.DecimalField(_("refunded, tenge"), max_digits=14, decimal_places=2, default=0)
    # Not indexed: nothing reads payments by register, and registers are never deleted (every import
    # would pay for the index, docs/decisions.md).
    register = models.ForeignKey(
        PaymentRegister,
        verbose_name=_("register"),
        on_delete=models.PROTECT,
        related_name="payments",
        db_index=False,
    )
    external_id = models.CharField(_("external id"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            # One person's history in payment-date order from the index alone (index-only scans): the
            # statement (A2), the cabinet and coverage.assess read nothing else of the table.
            models.Index(
                fields=["person", "paid_on", "id", "period", "kind", "amount", "refunded_amount", "payer"],
                name="payment_person_history_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(kind__in=PaymentKind.values), name="payment_kind_valid"),
            models.CheckConstraint(condition=Q(period__day=1), name="payment_period_first_of_month"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("amount")),
                name="payment_refunds_within_amount",
            ),
        ]

    def __str__(self):
        return f"{self.external_id} · {self.amount} ₸ · {self.period:%Y-%m}"

    @property
    def is_fully_refunded(self) -> bool:
        return self.refunded_amount >= self.amount


class Refund(models.Model):
    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds", db_index=False
    )
    amount = models.DecimalField(_("amount, tenge"), max_digits=14, decimal_places=2)
    refunded_on = models.DateField(_("refund date"))
    register = models.ForeignKey(
        PaymentRegister,
        verbose_name=_("register"),
        on_delete=models.PROTECT,
        related_name="refunds",
        db_index=False,
    )
    external_id = models.CharField(_("external id"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        # The refunds beside their payment on a statement (A2), from the index alone.
        indexes = [models.Index(fields=["payment", "refunded_on", "amount"], name="refund_payment_idx")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self):
        return f"{self.external_id} · {self.amount} ₸"


class Category(models.TextChoices):
    """Preferential categories the state pays contributions for (MSHI Law art. 26)."""

    CHILD = "child", _("child")
    PENSIONER = "pensioner", _("pensioner")
    DISABILITY = "disability", _("person with a disability")
    STUDENT = "student", _("full-time student")
    UNEMPLOYED = "unemployed", _("registered unemployed")
    CHILDCARE = "childcare", _("on childcare leave")
    PREGNANT = "pregnant", _("pregnant woman")
    LARGE_FAMILY = "large_family", _("mother of many children")
    CARER = "carer", _("carer of a person with a disability")
    OTHER = "other", _("other category")


class CategoryMembership(models.Model):
    """A period when the state pays for the person as a member of a preferential category."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="category_memberships"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True, help_text=_("empty: still valid"))
    register = models.ForeignKey(
        PaymentRegister, verbose_name=_("register"), on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        verbose_name = _("preferential category membership")
        verbose_name_plural = _("preferential category memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "category", "valid_from"], name="membership_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="membership_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.valid_from}–{self.valid_to or '…'}"
