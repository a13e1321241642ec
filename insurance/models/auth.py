"""Citizen authentication records: one-time passwords sent by SMS and EDS signing challenges (R4, A1.8).

Neither table ever holds a secret in clear: a one-time password is kept as a keyed hash, and a challenge is
a random value that is worthless once used or expired.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .people import Person


class AuthPurpose(models.TextChoices):
    """What a code or a signature certifies: logging in, or one statement request (R4)."""

    LOGIN = "login", _("log in")
    REQUEST = "request", _("certify a request")


class OtpStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    USED = "used", _("used")
    SUPERSEDED = "superseded", _("replaced by a newer code")
    LOCKED = "locked", _("locked after too many wrong tries")


class OneTimePassword(models.Model):
    """A 6-digit code sent by SMS (R4, A1.10), stored only as a keyed hash.

    ``subject`` is a keyed digest of the IIN the code was asked for. A row is written for every accepted
    request, also when the IIN is unknown or has no phone (then ``person`` is empty and no code was sent):
    the answer and the work done are the same either way, so the page never reveals who is registered.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(_("IIN digest"), max_length=64, db_index=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="one_time_passwords",
    )
    purpose = models.CharField(_("purpose"), max_length=8, choices=AuthPurpose.choices)
    code_hash = models.CharField(_("code hash"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=OtpStatus.choices, default=OtpStatus.ACTIVE)
    wrong_attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time password")
        verbose_name_plural = _("one-time passwords")
        indexes = [models.Index(fields=["subject", "purpose", "-created_at"], name="otp_subject_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=AuthPurpose.values), name="otp_purpose_valid"),
            models.CheckConstraint(condition=Q(status__in=OtpStatus.values), name="otp_status_valid"),
            # R4/issue 3: at most 5 wrong tries per code.
            models.CheckConstraint(condition=Q(wrong_attempts__lte=5), name="otp_wrong_attempts_max_5"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="otp_expiry_after"
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_purpose_display()} · {self.get_status_display()} · {self.created_at:%Y-%m-%d %H:%M}"
        )


class SignatureChallenge(models.Model):
    """A single-use random value the citizen signs with an EDS (R4, A1.8); expires after 5 minutes."""

    nonce = models.CharField(_("nonce"), max_length=64, unique=True)
    purpose = models.CharField(_("purpose"), max_length=8, choices=AuthPurpose.choices)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature challenge")
        verbose_name_plural = _("signature challenges")
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=AuthPurpose.values), name="challenge_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="challenge_expiry_after"
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.created_at:%Y-%m-%d %H:%M}"
