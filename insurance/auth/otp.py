"""SMS one-time passwords (R4, A1.10): a 6-digit code to the phone registered for the IIN.

Codes are stored as a keyed hash (never in clear, never logged), expire in 5 minutes, allow 5 wrong tries,
can be re-sent after 60 s, and sending is rate-limited per IIN and per client address. The caller answers
the same way whether or not the IIN is registered: an unknown IIN, or a person with no phone, gets a row
with a code nobody receives, so even the following "wrong code" answers match those of a real person.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insurance.identifiers import validate_iin
from insurance.models import AuthPurpose, OneTimePassword, OtpStatus, Person
from insurance.sms import SmsError, send_sms

from .limits import RateLimited, cooldown_remaining, cooldown_start, rate_limit_hit, subject_digest
from .security_log import security_event

logger = logging.getLogger(__name__)

CODE_DIGITS = 6


class OtpError(Exception):
    """str(error) is a translated message for the user; .code is stable:
    invalid_iin | rate_limited | resend_too_soon | wrong_code | expired | too_many_attempts | no_code.
    ``retry_after`` (seconds) comes with rate_limited and resend_too_soon, ``tries_left`` with wrong_code.
    """

    def __init__(
        self, code: str, message: str, *, retry_after: int | None = None, tries_left: int | None = None
    ):
        super().__init__(message)
        self.code = code
        self.retry_after = retry_after
        self.tries_left = tries_left


def _try_again_at(seconds: int) -> str:
    """'14:35' in the user's time zone: when a limit lifts."""
    return time_format(timezone.localtime(timezone.now() + timedelta(seconds=seconds)), "H:i")


def rate_limited_error(retry_after: int) -> OtpError:
    minutes = max(1, -(-retry_after // 60))
    message = ngettext(
        "Too many codes were requested. For your safety, try again in %(minutes)d minute (after %(time)s), "
        "or log in with an EDS.",
        "Too many codes were requested. For your safety, try again in %(minutes)d minutes (after %(time)s), "
        "or log in with an EDS.",
        minutes,
    ) % {"minutes": minutes, "time": _try_again_at(retry_after)}
    return OtpError("rate_limited", message, retry_after=retry_after)


def _resend_too_soon_error(retry_after: int) -> OtpError:
    message = ngettext(
        "A new code can be sent in %(seconds)d second.",
        "A new code can be sent in %(seconds)d seconds.",
        retry_after,
    ) % {"seconds": retry_after}
    return OtpError("resend_too_soon", message, retry_after=retry_after)


def _wrong_code_error(tries_left: int) -> OtpError:
    message = ngettext(
        "The code is wrong. You have %(tries)d more try.",
        "The code is wrong. You have %(tries)d more tries.",
        tries_left,
    ) % {"tries": tries_left}
    return OtpError("wrong_code", message, tries_left=tries_left)


def _simple_error(code: str) -> OtpError:
    messages = {
        "expired": _("The code has expired: a code is valid for 5 minutes. Request a new code."),
        "too_many_attempts": _(
            "A wrong code was entered 5 times, so this code no longer works. Request a new code."
        ),
        "no_code": _(
            "There is no valid code to check: it has already been used, or none was requested. "
            "Request a new code."
        ),
        "malformed_code": _("Enter the 6 digits of the code from the SMS."),
    }
    return OtpError("wrong_code" if code == "malformed_code" else code, messages[code])


def clean_iin(iin: str) -> str:
    iin = (iin or "").strip()
    try:
        return validate_iin(iin)
    except ValidationError as error:
        message = " ".join(error.messages)
        raise OtpError("invalid_iin", _("Enter a valid 12-digit IIN.") + " " + message) from error


def _clean_purpose(purpose: str) -> str:
    if purpose not in AuthPurpose.values:
        raise ValueError(f"unknown one-time password purpose {purpose!r}")
    return purpose


def _hash(otp: OneTimePassword, code: str) -> str:
    # Keyed with SECRET_KEY and salted with the row id: a stolen table does not give away the codes.
    return salted_hmac("insurance.auth.otp", f"{otp.id}:{code}", algorithm="sha256").hexdigest()


def _sms_text(code: str, purpose: str) -> str:
    if purpose == AuthPurpose.REQUEST:
        return _(
            "%(code)s is your code to confirm the request for an MSHI statement. It is valid for 5 minutes. "
            "Do not tell it to anyone."
        ) % {"code": code}
    return _(
        "%(code)s is your code to log in to the Social Health Insurance Fund's cabinet. It is valid for "
        "5 minutes. Do not tell it to anyone, including Fund staff."
    ) % {"code": code}


def _enforce_send_limits(*, iin: str, subject: str, purpose: str, client_ip: str | None) -> None:
    scope = f"otp_resend:{purpose}"
    if left := cooldown_remaining(scope, subject, settings.OTP_RESEND_SECONDS):
        security_event("otp.resend_too_soon", iin=iin, address=client_ip, purpose=purpose)
        raise _resend_too_soon_error(left)
    try:
        rate_limit_hit("otp_send_address", client_ip)
        rate_limit_hit("otp_send_iin", f"{purpose}:{iin}")
    except RateLimited as limited:
        security_event("otp.rate_limited", iin=iin, address=client_ip, purpose=purpose)
        raise rate_limited_error(limited.retry_after) from limited
    # Started only now, so a refused attempt does not hold back the next one; and atomically, so two
    # requests at the same moment send one code.
    if left := cooldown_start(scope, subject, settings.OTP_RESEND_SECONDS):
        raise _resend_too_soon_error(left)


@transaction.atomic
def _store_code(*, subject: str, person: Person | None, purpose: str) -> tuple[OneTimePassword, str]:
    """Replace any live code for this IIN and purpose with a new one; return it with the clear code."""
    now = timezone.now()
    OneTimePassword.objects.filter(subject=subject, purpose=purpose, status=OtpStatus.ACTIVE).update(
        status=OtpStatus.SUPERSEDED
    )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    otp = OneTimePassword(
        subject=subject,
        person=person,
        purpose=purpose,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.OTP_TTL_SECONDS),
    )
    otp.code_hash = _hash(otp, code)
    otp.full_clean()
    otp.save()
    return otp, code


def otp_issue(*, iin: str, purpose: str, client_ip: str | None) -> None:
    """Send a fresh code to the phone registered for this IIN, or (unknown IIN, no phone) pretend to.

    Raises OtpError (invalid_iin, resend_too_soon, rate_limited); never reveals whether the IIN is known.
    """
    iin, purpose = clean_iin(iin), _clean_purpose(purpose)
    subject = subject_digest(iin)
    _enforce_send_limits(iin=iin, subject=subject, purpose=purpose, client_ip=client_ip)
    person = Person.objects.filter(iin=iin).exclude(phone="").first()
    otp, code = _store_code(subject=subject, person=person, purpose=purpose)
    if person is None:
        security_event(
            "otp.not_sent", iin=iin, address=client_ip, purpose=purpose, reason="no_person_or_phone"
        )
        return
    with translation.override(person.language):
        text = _sms_text(code, purpose)
    try:
        send_sms(person.phone, text)
    except SmsError as error:
        # Not shown to the user: a failure only a registered IIN can have would reveal it. They may re-send.
        security_event(
            "otp.sms_failed", iin=iin, address=client_ip, purpose=purpose, error=type(error).__name__
        )
        return
    security_event("otp.sent", iin=iin, address=client_ip, purpose=purpose)


@transaction.atomic
def _check(*, subject: str, purpose: str, code: str) -> tuple[str, OneTimePassword | None]:
    """Compare the code with the latest one for this IIN and record the outcome; never raises."""
    otp = (
        OneTimePassword.objects.select_for_update()
        .filter(subject=subject, purpose=purpose)
        .order_by("-created_at")
        .first()
    )
    now = timezone.now()
    if otp is None or otp.status in (OtpStatus.USED, OtpStatus.SUPERSEDED):
        return "no_code", otp
    if otp.status == OtpStatus.LOCKED:
        return "too_many_attempts", otp
    if otp.expires_at <= now:
        return "expired", otp
    matches = constant_time_compare(otp.code_hash, _hash(otp, code))
    if matches and otp.person_id is not None:
        otp.status, otp.used_at = OtpStatus.USED, now  # one use only
        otp.save(update_fields=["status", "used_at"])
        return "ok", otp
    otp.wrong_attempts += 1
    if otp.wrong_attempts >= settings.OTP_MAX_WRONG_ATTEMPTS:
        otp.status = OtpStatus.LOCKED
    otp.save(update_fields=["wrong_attempts", "status"])
    return ("locked" if otp.status == OtpStatus.LOCKED else "wrong_code"), otp


def otp_verify(*, iin: str, code: str, purpose: str, client_ip: str | None = None) -> Person:
    """Check the code and consume it (one use); return the person. Raises OtpError."""
    iin, purpose = clean_iin(iin), _clean_purpose(purpose)
    code = (code or "").strip()
    if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        raise _simple_error("malformed_code")
    try:
        rate_limit_hit("otp_verify_address", client_ip)
    except RateLimited as limited:
        security_event("otp.verify_rate_limited", iin=iin, address=client_ip, purpose=purpose)
        raise rate_limited_error(limited.retry_after) from limited
    outcome, otp = _check(subject=subject_digest(iin), purpose=purpose, code=code)
    if outcome == "ok":
        security_event("otp.verified", iin=iin, address=client_ip, purpose=purpose)
        return otp.person
    if outcome == "wrong_code":
        tries_left = settings.OTP_MAX_WRONG_ATTEMPTS - otp.wrong_attempts
        security_event("otp.wrong_code", iin=iin, address=client_ip, purpose=purpose, tries_left=tries_left)
        raise _wrong_code_error(tries_left)
    if outcome == "locked":
        security_event("otp.locked", iin=iin, address=client_ip, purpose=purpose)
        outcome = "too_many_attempts"
    else:
        security_event(f"otp.{outcome}", iin=iin, address=client_ip, purpose=purpose)
    raise _simple_error(outcome)
