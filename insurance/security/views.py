"""Staff pages outside the admin: the TOTP second factor and the access-log export for an audit."""

from __future__ import annotations

import csv

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from insurance.auth.limits import RateLimited, client_address, rate_limit_hit
from insurance.auth.security_log import security_event
from insurance.models import AccessLog

from . import two_factor
from .forms import AccessLogExportForm, TotpCodeForm, too_many_attempts


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/admin/"


@never_cache
@staff_member_required
@require_http_methods(["GET", "POST"])
def two_factor_page(request):
    """Enrol an authenticator (QR code) or, once enrolled, enter its code to reach the staff pages."""
    device = two_factor.confirmed_device(request.user)
    enrolling = device is None
    if enrolling:
        device = two_factor.pending_device(request.user)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_hit("staff_totp_user", str(request.user.pk))
        except RateLimited as limited:
            form.add_error(None, too_many_attempts(limited.retry_after))
        else:
            if device.verify_token(form.cleaned_data["token"]):
                if enrolling:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                otp_login(request, device)
                security_event("staff.totp_verified", address=client_address(request), user=request.user.pk)
                return redirect(_next_url(request))
            security_event("staff.totp_wrong", address=client_address(request), user=request.user.pk)
            form.add_error("token", _("The code is wrong or has expired. Enter the code shown now."))
    context = {
        **admin.site.each_context(request),  # the admin's header and navigation
        "form": form,
        "enrolling": enrolling,
        "qr_svg": two_factor.qr_svg(device) if enrolling else "",
        "secret": device.bin_key.hex() if enrolling else "",
        "next": _next_url(request),
        "title": _("Set up the second factor") if enrolling else _("Second factor"),
    }
    return render(request, "security/two_factor.html", context, status=400 if form.errors else 200)


def _rows(entries):
    """CSV lines, one by one: an audit of a year is written as it is read, never held in memory."""

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    yield writer.writerow(["at", "subject_iin", "what", "object", "user", "actor", "ip_address"])
    for entry in entries.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                timezone.localtime(entry.at).isoformat(),
                entry.subject.iin,
                entry.what,
                entry.object_ref,
                entry.user.get_username() if entry.user else "",
                entry.actor_label,
                entry.ip_address or "",
            ]
        )


@never_cache
@staff_member_required
@require_GET
def access_log_export(request):
    """The access log of a period as CSV, for an audit (Personal Data Law art. 8)."""
    if not request.user.has_perm("insurance.view_accesslog"):
        raise PermissionDenied
    form = AccessLogExportForm(request.GET or None)
    if not form.is_valid():
        context = {**admin.site.each_context(request), "form": form, "title": _("Access log")}
        return render(request, "security/access_log_export.html", context)
    data = form.cleaned_data
    entries = AccessLog.objects.filter(at__date__gte=data["date_from"], at__date__lte=data["date_to"])
    if data["what"]:
        entries = entries.filter(what=data["what"])
    entries = entries.select_related("subject", "user").order_by("at", "pk")
    security_event(
        "staff.access_log_exported",
        address=client_address(request),
        user=request.user.pk,
        period=f"{data['date_from']}..{data['date_to']}",
    )
    response = StreamingHttpResponse(_rows(entries), content_type="text/csv; charset=utf-8")
    name = f"access-log-{data['date_from']}-{data['date_to']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
