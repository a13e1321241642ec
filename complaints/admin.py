"""Fund staff look at complaints in admin (read-only: reviewers act through the queue and its services)
and at a small report: open complaints by status, overdue now, median working days to a decision."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints import selectors
from complaints.models import Attachment, Complaint, ComplaintEvent
from insurance.admin.base import ReadOnlyAdmin, ReadOnlyInline


class EventInline(ReadOnlyInline):
    model = ComplaintEvent
    fields = ("at", "kind", "actor_role", "actor_label", "note", "detail", "notified_at")
    readonly_fields = fields
    show_change_link = False


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("original_name", "content_type", "size", "sha256", "uploaded_at")
    readonly_fields = fields
    show_change_link = False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("number", "registered_at", "route", "level", "status", "due_on", "assignee", "decision")
    list_select_related = ("assignee",)
    list_filter = ("status", "route", "level", "decision", "subject")
    search_fields = ("=number", "=complainant__iin")
    search_help_text = _("complaint number or the complainant's IIN (all 12 digits)")
    date_hierarchy = "registered_at"
    raw_id_fields = ("complainant", "statement_request", "assignee", "decided_by")
    exclude = ("case_pdf",)
    readonly_fields = ("case_pdf_sha256",)
    inlines = [AttachmentInline, EventInline]

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [path("report/", report, name="complaints_complaint_report"), *super().get_urls()]

    def report_view(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Complaints report"),
            "opts": self.model._meta,
            "rows": selectors.report(today=today),
            "today": today,
        }
        return TemplateResponse(request, "admin/complaints/report.html", context)


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "complaint", "kind", "actor_role", "actor_label", "notified_at")
    list_select_related = ("complaint",)
    list_filter = ("kind", "actor_role")
    search_fields = ("=complaint__number",)
    search_help_text = _("complaint number")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "complaint", "content_type", "size", "uploaded_at")
    list_select_related = ("complaint",)
    list_filter = ("content_type",)
    search_fields = ("=complaint__number",)
    exclude = ("file",)
