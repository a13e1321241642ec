"""What the API takes and gives (DESIGN "Public contract", API v1). No IIN ever goes in a URL."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from insurance.coverage import month_end, month_start
from insurance.identifiers import validate_iin
from insurance.models import Language, RegisterKind
from insurance.statements.forms import parse_month

IIN_HELP = _("The person's 12-digit IIN (with a valid check digit). Sent in the body, never in a URL.")


class IinField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(min_length=12, max_length=12, help_text=IIN_HELP, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return validate_iin(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


@extend_schema_field({"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$", "example": "2025-01"})
class MonthField(serializers.Field):
    """A month as ``YYYY-MM`` (a full date ``YYYY-MM-DD`` is taken as its month)."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2025-01.")}

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) == 10:
            try:
                return month_start(date.fromisoformat(data))
            except ValueError:
                self.fail("invalid")
        month = parse_month(data) if isinstance(data, str) else None
        if month is None:
            self.fail("invalid")
        return month

    def to_representation(self, value):
        return f"{value:%Y-%m}"


class CertifiedBy:
    CHOICES = [("otp", _("a one-time password (OTP)")), ("eds", _("an EDS signature"))]


class StatementRequestCreateSerializer(serializers.Serializer):
    """R4: the applicant's request as the e-government portal certified it."""

    iin = IinField()
    consent = serializers.BooleanField(
        help_text=_(
            "Consent to access restricted personal data (A1.9 ground 5: without it the Fund refuses)."
        )
    )
    channel = serializers.ChoiceField(
        choices=CertifiedBy.CHOICES,
        help_text=_("How the applicant certified the request on the e-government portal (R4): otp or eds."),
    )
    language = serializers.ChoiceField(choices=Language.choices, help_text=_("Language of the statement."))
    period_from = MonthField(
        required=False, help_text=_("First month of payments (YYYY-MM); default: 11 months ago.")
    )
    period_to = MonthField(
        required=False, help_text=_("Last month of payments (YYYY-MM); default: this month.")
    )

    def validate(self, attrs):
        if attrs.get("period_to"):
            attrs["period_to"] = month_end(attrs["period_to"])
        return attrs


class StatementRequestCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    registered_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()


class RefusalSerializer(serializers.Serializer):
    number = serializers.CharField()
    ground = serializers.IntegerField(help_text=_("A1.9 ground, 1–5"))
    reasons = serializers.CharField()
    issued_at = serializers.DateTimeField()


class StatementRequestSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["received", "processing", "completed", "refused"])
    language = serializers.CharField()
    period_from = serializers.DateField(allow_null=True)
    period_to = serializers.DateField(allow_null=True)
    submitted_at = serializers.DateTimeField()
    registered_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    statement = serializers.CharField(allow_null=True, help_text=_("The statement's number once issued."))
    refusal = RefusalSerializer(allow_null=True)


class StatementRowSerializer(serializers.Serializer):
    no = serializers.IntegerField()
    payment_date = serializers.DateField()
    amount = serializers.CharField(help_text=_("Tenge with 2 decimals, as a string"))
    kind = serializers.ChoiceField(choices=["deduction", "contribution"])
    period = serializers.CharField(help_text="YYYY-MM")
    payer_id = serializers.CharField(help_text=_("The payer's BIN or IIN"))
    refunded_amount = serializers.CharField(allow_null=True)
    refund_date = serializers.DateField(allow_null=True)


class IssuedToSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    iin = serializers.CharField()


class StatementSerializer(serializers.Serializer):
    """A2: the statement as issued — header, one row per receipt, the status line."""

    number = serializers.CharField()
    issued_at = serializers.DateTimeField()
    issued_to = IssuedToSerializer()
    status = serializers.ChoiceField(choices=["consumer", "not_consumer"])
    language = serializers.CharField()
    period_from = serializers.DateField(allow_null=True)
    period_to = serializers.DateField(allow_null=True)
    rows = StatementRowSerializer(many=True)
    verification_code = serializers.CharField()
    pdf_sha256 = serializers.CharField()


class EligibilityRequestSerializer(serializers.Serializer):
    iin = IinField()


class EligibilitySerializer(serializers.Serializer):
    is_consumer = serializers.BooleanField()
    covered_until = serializers.DateField(
        allow_null=True,
        help_text=_("Last day covered, grace included; null when open-ended or never covered."),
    )
    reason = serializers.ChoiceField(choices=["state_category", "paid", "grace", "lapsed", "never_covered"])


class RegisterUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RegisterKind.choices)
    file = serializers.FileField(help_text=_("CSV, UTF-8, header row (DESIGN: import_register columns)."))


class RegisterSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    file_name = serializers.CharField()
    sha256 = serializers.CharField()
    status = serializers.ChoiceField(choices=["pending", "processing", "imported", "rejected"])
    rows_total = serializers.IntegerField()
    rows_processed = serializers.IntegerField()
    rows_created = serializers.IntegerField()
    rows_unchanged = serializers.IntegerField()
    error_count = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class RegisterErrorsSerializer(serializers.Serializer):
    error_count = serializers.IntegerField()
    errors = serializers.ListField(
        child=serializers.CharField(), help_text=_("“line N: reason”, in line order")
    )


class StageEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    request_id = serializers.UUIDField()
    stage = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    detail = serializers.DictField()
    delivered_at = serializers.DateTimeField(allow_null=True)
