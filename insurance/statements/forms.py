"""Forms of the request (consent, period, language, certification) and of the verification page."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from insurance.coverage import month_end
from insurance.models import Language

from .periods import default_period, period_errors

MONTH_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"),
    re.compile(r"^(?P<m>\d{1,2})[./](?P<y>\d{4})$"),
)


class Scope:
    LAST_12 = "last12"
    ALL = "all"
    MONTHS = "months"

    CHOICES = [
        (LAST_12, _("The last 12 months")),
        (ALL, _("The whole history")),
        (MONTHS, _("Months I choose")),
    ]


class Method:
    OTP = "otp"
    EDS = "eds"

    CHOICES = [
        (OTP, _("A one-time code sent by SMS to my registered phone")),
        (EDS, _("My electronic digital signature (EDS)")),
    ]


def parse_month(value: str) -> date | None:
    """2026-03 (what <input type=month> sends) or 03.2026 (what people type) → the first of the month."""
    value = (value or "").strip()
    for pattern in MONTH_PATTERNS:
        match = pattern.match(value)
        if match and 1 <= int(match["m"]) <= 12:
            return date(int(match["y"]), int(match["m"]), 1)
    return None


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01", "min": "2017-01"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2025-01."), code="invalid")
        return month


class StatementRequestForm(forms.Form):
    """R4, A1.9 (5): what the applicant asks for and whether they consent; certified on the next step."""

    consent = forms.BooleanField(
        label=_(
            "I consent to the Fund accessing my restricted personal data (identity document data, "
            "deductions and contributions) to provide this service"
        ),
        required=False,
        help_text=_(
            "The Fund needs this consent (Personal Data Law, article 8) to obtain your identity document data "
            "and your payments. Without it the Fund must refuse the request."
        ),
    )
    confirm_without_consent = forms.BooleanField(required=False, widget=forms.HiddenInput)
    scope = forms.ChoiceField(
        label=_("Payments for"), choices=Scope.CHOICES, initial=Scope.LAST_12, widget=forms.RadioSelect
    )
    period_from = MonthField(label=_("From month"), required=False)
    period_to = MonthField(label=_("To month"), required=False)
    language = forms.ChoiceField(label=_("Language of the statement"), choices=Language.choices)
    method = forms.ChoiceField(
        label=_("Confirm the request with"),
        choices=Method.CHOICES,
        initial=Method.OTP,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, eds_available: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        current = (get_language() or settings.LANGUAGE_CODE)[:2]
        self.fields["language"].initial = current if current in Language.values else Language.KK
        if not eds_available:
            self.fields["method"].choices = Method.CHOICES[:1]

    @property
    def needs_consent_decision(self) -> bool:
        return "consent" in self.errors

    def clean(self):
        data = super().clean()
        self._clean_period(data)
        if not data.get("consent") and not data.get("confirm_without_consent"):
            self.add_error(
                "consent",
                _(
                    "Without your consent the Fund must refuse the request (ground 5 of the grounds for "
                    "refusal). Tick the box, or choose “Send without consent” below."
                ),
            )
        return data

    def _clean_period(self, data) -> None:
        today = timezone.localdate()
        scope = data.get("scope")
        if scope == Scope.LAST_12:
            data["period_from"], data["period_to"] = default_period(today)
            return
        if scope == Scope.ALL:
            data["period_from"] = data["period_to"] = None
            return
        for name in ("period_from", "period_to"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("Choose the month."))
        if data.get("period_to"):
            data["period_to"] = month_end(data["period_to"])
        for name, message in period_errors(data.get("period_from"), data.get("period_to"), today).items():
            if name not in self.errors:
                self.add_error(name, message)


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The code has 6 digits."), code="invalid")
        return code


class EdsSignatureForm(forms.Form):
    signed_xml = forms.CharField(widget=forms.HiddenInput, max_length=200_000)

    def clean_signed_xml(self):
        value = self.cleaned_data["signed_xml"].strip()
        if not value:
            raise forms.ValidationError(
                _("The request was not signed. Press “Sign and send”."), code="required"
            )
        return value


class VerifyCodeForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40)


class VerifyUploadForm(forms.Form):
    """The verification page's check: is this PDF byte for byte the one the Fund issued?"""

    pdf = forms.FileField(label=_("The PDF file to check"))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        limit = settings.VERIFY_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
                code="too_large",
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":  # by content, not by the name or the browser's content type
            raise forms.ValidationError(_("This is not a PDF file."), code="not_pdf")
        return upload
