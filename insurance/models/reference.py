"""Reference data Fund staff edit in admin, with the history of every change."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MinimumWage(models.Model):
    """The minimum monthly wage set by the republican budget law for a year (A2 note)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    amount = models.DecimalField(_("amount, tenge"), max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="minimum_wage_positive")]

    def __str__(self):
        return f"{self.year}: {self.amount} ₸"


class CoveragePolicy(models.Model):
    """The parameters of the consumer-status rules, in force from a date until the next policy."""

    effective_from = models.DateField(_("in force from"), unique=True)
    grace_months = models.PositiveSmallIntegerField(
        _("grace months after the last paid month"), default=3, validators=[MaxValueValidator(24)]
    )
    long_payer_months = models.PositiveSmallIntegerField(
        _("consecutive paid months for the longer grace"),
        null=True,
        blank=True,
        help_text=_("empty: no longer grace"),
    )
    long_payer_grace_months = models.PositiveSmallIntegerField(
        _("longer grace months"), null=True, blank=True, validators=[MaxValueValidator(24)]
    )
    arrears_window_months = models.PositiveSmallIntegerField(
        _("months of arrears counted"), default=12, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    arrears_rate = models.DecimalField(
        _("contribution rate for arrears"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.05"),
        help_text=_("share of the minimum wage per unpaid month, 0.05 = 5%"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coverage policy")
        verbose_name_plural = _("coverage policies")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(arrears_rate__gt=0) & Q(arrears_rate__lte=1), name="policy_rate_between_0_and_1"
            ),
            models.CheckConstraint(
                condition=(Q(long_payer_months__isnull=True) & Q(long_payer_grace_months__isnull=True))
                | (Q(long_payer_months__gt=0) & Q(long_payer_grace_months__isnull=False)),
                name="policy_long_payer_pair",
            ),
        ]

    def __str__(self):
        return str(_("policy from %(date)s") % {"date": self.effective_from})


class CalendarOverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("day off")
    WORKING_DAY = "working_day", _("working day")


class CalendarOverride(models.Model):
    """A day a Government decree moves: an extra day off, or a weekend day worked (A1.7)."""

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CalendarOverrideKind.choices)
    reason = models.CharField(
        _("reason"), max_length=255, help_text=_("the decree, e.g. its number and date")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CalendarOverrideKind.values), name="override_kind_valid"
            )
        ]

    def __str__(self):
        return f"{self.day}: {self.get_kind_display()}"
