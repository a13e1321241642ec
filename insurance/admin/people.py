from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from insurance.coverage import assess_person
from insurance.models import CategoryMembership, IdentityRecord, Payer, Person, StatementRequest

from .base import ReadOnlyAdmin, ReadOnlyInline


class CategoryMembershipInline(ReadOnlyInline):
    model = CategoryMembership
    fields = ("category", "valid_from", "valid_to", "register")
    readonly_fields = fields


class StatementRequestInline(ReadOnlyInline):
    model = StatementRequest
    fields = ("submitted_at", "channel", "status", "refusal_ground", "completed_at")
    readonly_fields = fields
    ordering = ("-submitted_at",)
    max_num = 20


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("iin", "last_name", "first_name", "patronymic", "phone", "created_at")
    search_fields = ("=iin", "^last_name", "^first_name")
    search_help_text = _("IIN (all 12 digits), or the beginning of a last or first name")
    list_filter = ("language",)
    date_hierarchy = "created_at"
    fields = (
        "iin",
        "birth_date",
        "last_name",
        "first_name",
        "patronymic",
        "phone",
        "language",
        "status_today",
        "payments_link",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = [CategoryMembershipInline, StatementRequestInline]

    @admin.display(description=_("birth date"))
    def birth_date(self, person):
        return person.birth_date

    @admin.display(description=_("status today"))
    def status_today(self, person):
        result = assess_person(person, timezone.localdate())
        label = _("MSHI consumer") if result.is_consumer else _("not an MSHI consumer")
        until = result.covered_until.isoformat() if result.covered_until else "—"
        return format_html(
            "<strong>{}</strong> · {}: {} · {}: {} ({} ₸)",
            label,
            _("covered until"),
            until,
            _("arrears months"),
            len(result.arrears_months),
            result.arrears_amount,
        )

    @admin.display(description=_("payments"))
    def payments_link(self, person):
        from django.urls import reverse

        url = reverse("admin:insurance_payment_changelist") + f"?person__id__exact={person.pk}"
        return format_html('<a href="{}">{}</a>', url, _("all payments of this person"))


@admin.register(IdentityRecord)
class IdentityRecordAdmin(ReadOnlyAdmin):
    list_display = ("iin", "last_name", "first_name", "patronymic", "document_valid", "synced_at")
    search_fields = ("=iin", "^last_name")
    list_filter = ("document_valid",)


@admin.register(Payer)
class PayerAdmin(admin.ModelAdmin):
    """Names and kinds of payers may be tidied by staff (a state body marked as such); the id may not."""

    list_display = ("payer_id", "name", "kind", "created_at")
    search_fields = ("=payer_id", "name")
    search_help_text = _("BIN or IIN (all 12 digits), or a part of the name")
    list_filter = ("kind",)
    readonly_fields = ("payer_id", "created_at")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
