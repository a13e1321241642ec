"""Admin: the service-level figures page for Fund staff (R7, R8, A1.3, A1.9).

A proxy model gives the page its place in the admin index; the page itself is the changelist, replaced by
the figures. Staff who may view statement requests may view it; nothing here can be changed.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insurance.models import ServiceLevelReport
from insurance.statements.service_level import service_level_figures

DEFAULT_DAYS = 30


class PeriodForm(forms.Form):
    first = forms.DateField(label=_("registered from"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["last"] < data["first"]:
            self.add_error("last", _("The end must not be before the start."))
        return data


@admin.register(ServiceLevelReport)
class ServiceLevelAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("insurance.view_statementrequest")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.changelist_view), name=name)]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        initial = {"first": today - timedelta(days=DEFAULT_DAYS - 1), "last": today}
        form = PeriodForm(request.GET or None, initial=initial)
        period = form.cleaned_data if form.is_bound and form.is_valid() else initial
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Service-level figures"),
            "form": form,
            "figures": service_level_figures(first=period["first"], last=period["last"], now=timezone.now()),
        }
        return TemplateResponse(request, "admin/insurance/service_level.html", context)
