from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from insurance.models import AccessLog, Refusal, ServiceStageEvent, Statement, StatementRequest

from .base import ReadOnlyAdmin, ReadOnlyInline


class StageEventInline(ReadOnlyInline):
    model = ServiceStageEvent
    fields = ("stage", "occurred_at", "detail", "delivered_at", "delivery_attempts")
    readonly_fields = fields
    show_change_link = False


@admin.register(StatementRequest)
class StatementRequestAdmin(ReadOnlyAdmin):
    list_display = (
        "submitted_at",
        "person",
        "channel",
        "status",
        "refusal_ground",
        "registered_at",
        "due_at",
        "completed_at",
    )
    list_select_related = ("person",)
    list_filter = ("status", "channel", "refusal_ground")
    search_fields = ("=person__iin",)
    search_help_text = _("the applicant's IIN (all 12 digits)")
    date_hierarchy = "submitted_at"
    inlines = [StageEventInline]
    exclude = ("evidence",)


class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "issued_at", "full_name", "iin", "language")
    search_fields = ("=number", "=iin", "=verification_code")
    search_help_text = _("number, IIN or verification code")
    date_hierarchy = "issued_at"
    list_filter = ("language",)


@admin.register(Statement)
class StatementAdmin(IssuedDocumentAdmin):
    list_display = (*IssuedDocumentAdmin.list_display, "status")
    list_filter = ("status", "language")


@admin.register(Refusal)
class RefusalAdmin(IssuedDocumentAdmin):
    list_display = (*IssuedDocumentAdmin.list_display, "ground")
    list_filter = ("ground", "language")


@admin.register(ServiceStageEvent)
class ServiceStageEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "request", "stage", "delivered_at", "delivery_attempts")
    list_filter = ("stage",)
    list_select_related = ("request",)
    date_hierarchy = "occurred_at"


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "what", "object_ref", "subject", "ip_address")
    list_select_related = ("subject",)
    list_filter = ("what",)
    search_fields = ("=subject__iin", "actor_label")
    date_hierarchy = "at"
