import csv
import json

from django import forms
from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from insurance.models import (
    CategoryMembership,
    Payer,
    Payment,
    PaymentRegister,
    Person,
    Refund,
    RegisterKind,
    RegisterStatus,
)
from insurance.registers import uploads

from .base import ReadOnlyAdmin, ReadOnlyInline

PREVIEW_LINES = 50
# The result file's columns: tools read them, so they stay in English, like the "line N: reason" report.
RESULT_COLUMNS = (
    "file", "kind", "sha256", "status", "rows", "added", "already present", "errors", "started", "finished",
)  # fmt: skip
PHASES = {"reading": _("reading the file"), "checking": _("checking"), "writing": _("writing")}


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ("external_id", "amount", "refunded_on", "register")
    readonly_fields = fields


class EstimatedCountPaginator(Paginator):
    """Exact counts for short lists; above ``EXACT_UP_TO`` rows, PostgreSQL's planner estimate.

    Counting ten million payments exactly takes seconds on every page; "about 9,966,000" is what staff need
    to page through a list they search anyway (``show_full_result_count`` is off for the same reason).
    """

    EXACT_UP_TO = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if connection.vendor == "postgresql":
            plan = json.loads(queryset.order_by().explain(format="json"))
            estimate = int(plan[0]["Plan"]["Plan Rows"])
            if estimate > self.EXACT_UP_TO:
                return estimate
        return queryset.count()


class LargeTableAdmin(ReadOnlyAdmin):
    """Lists over tables of millions of rows: no date hierarchy (it reads every row's date to offer the
    years), estimated counts, and searches that reach each row through an index of the table itself."""

    paginator = EstimatedCountPaginator
    date_hierarchy = None


def _person_pk(term: str):
    return Person.objects.filter(iin=term).values_list("pk", flat=True).first()


@admin.register(Payment)
class PaymentAdmin(LargeTableAdmin):
    list_display = (
        "external_id",
        "person",
        "paid_on",
        "amount",
        "kind",
        "period",
        "payer",
        "refunded_amount",
    )
    list_select_related = ("person", "payer")
    list_filter = ("kind",)
    search_fields = ("=external_id", "=person__iin", "=payer__payer_id")
    search_help_text = _("the person's IIN, the payer's BIN/IIN or the external id — all exact")
    inlines = [RefundInline]
    raw_id_fields = ("person", "payer", "register")

    def get_search_results(self, request, queryset, search_term):
        """The person and the payer are looked up first, so the payments are found by their own indexes
        (one person's history, one payer's payments, one external id) instead of joining every row."""
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q(external_id=term)
        if (person := _person_pk(term)) is not None:
            condition |= Q(person_id=person)
        if (payer := Payer.objects.filter(payer_id=term).values_list("pk", flat=True).first()) is not None:
            condition |= Q(payer_id=payer)
        return queryset.filter(condition), False


@admin.register(Refund)
class RefundAdmin(LargeTableAdmin):
    list_display = ("external_id", "payment", "amount", "refunded_on")
    list_select_related = ("payment",)
    search_fields = ("=external_id", "=payment__external_id", "=payment__person__iin")
    search_help_text = _("the refund's or its payment's external id, or the person's IIN — all exact")

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        payments = list(Payment.objects.filter(external_id=term).values_list("pk", flat=True))
        if (person := _person_pk(term)) is not None:
            payments += Payment.objects.filter(person_id=person).values_list("pk", flat=True)
        return queryset.filter(Q(external_id=term) | Q(payment_id__in=payments)), False


@admin.register(CategoryMembership)
class CategoryMembershipAdmin(LargeTableAdmin):
    list_display = ("person", "category", "valid_from", "valid_to")
    list_select_related = ("person",)
    list_filter = ("category",)
    search_fields = ("=person__iin",)


class RegisterUploadForm(forms.Form):
    # No default: a register imported as the wrong kind is refused whole, but staff should choose knowingly.
    kind = forms.ChoiceField(label=_("Register kind"), choices=[("", "---------"), *RegisterKind.choices])
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV, UTF-8, with the header row of its kind. The whole file is imported or nothing."),
    )


@admin.register(PaymentRegister)
class PaymentRegisterAdmin(ReadOnlyAdmin):
    """Registers: the imported files. Fund staff upload one here; a Celery task imports it (uploads.py)."""

    list_display = (
        "created_at",
        "kind",
        "file_name",
        "status",
        "rows_total",
        "rows_created",
        "rows_unchanged",
        "error_count",
        "uploaded_by",
    )
    list_select_related = ("uploaded_by",)
    list_filter = ("kind", "status")
    search_fields = ("file_name", "=sha256")
    date_hierarchy = "created_at"
    fields = (
        "kind",
        "file_name",
        "sha256",
        "status",
        "progress",
        "rows_created",
        "rows_unchanged",
        "error_count",
        "error_preview",
        "downloads",
        "uploaded_by",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields
    change_form_template = "admin/insurance/paymentregister/change_form.html"

    def has_add_permission(self, request, obj=None):
        # Uploading is the one way staff add a register (the Fund staff group has this permission).
        return request.user.has_perm("insurance.add_paymentregister")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/errors/", view(self.errors_view), name="insurance_paymentregister_errors"),
            path("<path:object_id>/result/", view(self.result_view), name="insurance_paymentregister_result"),
            *super().get_urls(),
        ]

    @admin.display(description=_("progress"))
    def progress(self, register):
        done = uploads.progress_of(register)
        return format_html(
            '<progress value="{}" max="100">{}%</progress> {} {}',
            done["percent"],
            done["percent"],
            _("%(rows)s of %(total)s rows")
            % {"rows": intcomma(done["rows"]), "total": intcomma(done["total"])},
            PHASES.get(done["phase"], ""),
        )

    @admin.display(description=_("error report (first lines)"))
    def error_preview(self, register):
        lines = register.error_report.splitlines()
        shown = "\n".join(lines[:PREVIEW_LINES])
        more = len(lines) - PREVIEW_LINES
        if more > 0:
            shown += "\n" + _("… %(count)d more lines in the downloadable report") % {"count": more}
        return format_html("<pre>{}</pre>", shown) if shown else "—"

    @admin.display(description=_("download"))
    def downloads(self, register):
        if register.status in (RegisterStatus.PENDING, RegisterStatus.PROCESSING):
            return "—"
        links = [(reverse("admin:insurance_paymentregister_result", args=[register.pk]), _("result (CSV)"))]
        if register.error_report:
            links.append(
                (
                    reverse("admin:insurance_paymentregister_errors", args=[register.pk]),
                    _("error report (text)"),
                )
            )
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RegisterUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                register = uploads.register_upload(
                    kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], uploaded_by=request.user
                )
            except uploads.UploadRefused as refused:
                form.add_error("file", str(refused))
            else:
                self.log_addition(request, register, [{"added": {}}])
                messages.info(request, _("The file was received; its import runs in the background."))
                return redirect("admin:insurance_paymentregister_change", register.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload a register"),
            "opts": self.model._meta,
            "form": form,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/insurance/paymentregister/upload.html", context)

    def _viewable(self, request, object_id) -> PaymentRegister:
        register = self.get_object(request, object_id)
        if register is None:
            raise Http404
        if not self.has_view_permission(request, register):
            raise PermissionDenied
        return register

    def errors_view(self, request, object_id):
        """The whole error report, one "line N: reason" a line, as a text file."""
        register = self._viewable(request, object_id)
        response = HttpResponse(register.error_report + "\n", content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="register-{register.pk}-errors.txt"'
        return response

    def result_view(self, request, object_id):
        """The import's result as a one-row CSV (opens in a spreadsheet: UTF-8 with a BOM)."""
        register = self._viewable(request, object_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="register-{register.pk}-result.csv"'
        response.write("\ufeff")
        out = csv.writer(response)
        out.writerow(RESULT_COLUMNS)
        out.writerow(
            [
                register.file_name, register.kind, register.sha256, register.status, register.rows_total,
                register.rows_created, register.rows_unchanged, register.error_count,
                register.started_at.isoformat() if register.started_at else "",
                register.finished_at.isoformat() if register.finished_at else "",
            ]
        )  # fmt: skip
        return response
