"""Login forms. Each field is rendered by hand in the templates (labels, hints and errors tied by id)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from insurance.identifiers import validate_iin

from .otp import CODE_DIGITS


class IinForm(forms.Form):
    iin = forms.CharField(
        label=_("IIN"),
        max_length=20,
        help_text=_("12 digits, as in your identity document."),
        error_messages={"required": _("Enter your IIN.")},
    )

    def clean_iin(self):
        value = "".join(self.cleaned_data["iin"].split())  # people type "900315 401015"
        validate_iin(value)
        return value


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        help_text=_("6 digits. The code is valid for 5 minutes."),
        error_messages={"required": _("Enter the code from the SMS.")},
    )

    def clean_code(self):
        value = "".join(self.cleaned_data["code"].split())
        if len(value) != CODE_DIGITS or not value.isascii() or not value.isdigit():
            raise ValidationError(_("Enter the 6 digits of the code from the SMS."), code="format")
        return value


class SignedDocumentForm(forms.Form):
    signed_xml = forms.CharField(
        max_length=settings.EDS_MAX_DOCUMENT_BYTES,
        strip=False,
        error_messages={"required": _("Sign the document first.")},
    )
