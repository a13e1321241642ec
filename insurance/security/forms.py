"""Staff forms: the rate-limited admin login, the TOTP code, the access-log export period."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from insurance.auth.limits import RateLimited, client_address, rate_limit_hit
from insurance.auth.security_log import security_event
from insurance.models import AccessLog


def too_many_attempts(retry_after: int) -> ValidationError:
    minutes = max(1, -(-retry_after // 60))
    return ValidationError(
        ngettext(
            "Too many login attempts. For the account's safety, try again in %(minutes)d minute.",
            "Too many login attempts. For the account's safety, try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
        code="rate_limited",
    )


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin login (staff and reviewers), limited per username and per address before the password
    is even checked, so guessing is slow whether one account or many are tried."""

    def clean(self):
        username = (self.data.get("username") or "").strip().lower()[:150]
        address = client_address(self.request) if self.request else None
        try:
            rate_limit_hit("admin_login_address", address)
            rate_limit_hit("admin_login_username", username)
        except RateLimited as limited:
            security_event("admin.login_rate_limited", address=address, username=repr(username[:64]))
            raise too_many_attempts(limited.retry_after) from limited
        try:
            return super().clean()
        except ValidationError:
            security_event("admin.login_failed", address=address, username=repr(username[:64]))
            raise


class TotpCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=10,
        help_text=_("6 digits; a new code appears every 30 seconds."),
        error_messages={"required": _("Enter the 6-digit code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        value = "".join(self.cleaned_data["token"].split())
        if len(value) != 6 or not value.isascii() or not value.isdigit():
            raise ValidationError(_("Enter the 6 digits from the authenticator app."), code="format")
        return value


class AccessLogExportForm(forms.Form):
    """A period for the audit export; the IIN is never asked here (it would end up in the URL)."""

    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))
    what = forms.ChoiceField(
        label=_("What was read"), choices=[("", _("everything")), *AccessLog.What.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The period ends before it starts."), code="period")
        return data
