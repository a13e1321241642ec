"""Which pages read a person's data, and whose: the access log for staff pages and complaint pages.

Every read of a person's statement, payments or complaint — by staff or by the person — is recorded with
who, whose, what, when and from where (Personal Data Law art. 8; issue 7). The cabinet's statement and
refusal views and the reviewer's case page record it themselves; this module covers the rest from one
table, so a page added later is caught by ``tests/security/test_access_log.py`` instead of forgotten:

- every model registered in the admin is either in ``PERSONAL_MODELS`` (its change and history pages are
  logged) or in ``NOT_PERSONAL_MODELS``;
- complaint pages outside the admin are listed in ``COMPLAINT_PAGES``.

The record is written before the response leaves: if it cannot be written, the data is not shown.
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError

from insurance.models import AccessLog, Person
from insurance.services.access import access_log_record

What = AccessLog.What


def _person_by_iin(record):
    return Person.objects.filter(iin=record.iin).first()


# "app_label.model": (what was read, how to get whose data it is)
PERSONAL_MODELS = {
    "insurance.person": (What.PERSON, lambda o: o),
    "insurance.identityrecord": (What.PERSON, _person_by_iin),
    "insurance.payment": (What.PAYMENTS, lambda o: o.person),
    "insurance.refund": (What.PAYMENTS, lambda o: o.payment.person),
    "insurance.categorymembership": (What.STATUS, lambda o: o.person),
    "insurance.statementrequest": (What.STATEMENT, lambda o: o.person),
    "insurance.statement": (What.STATEMENT, lambda o: o.person),
    "insurance.refusal": (What.REFUSAL, lambda o: o.person),
    "insurance.servicestageevent": (What.STATEMENT, lambda o: o.request.person),
    "complaints.complaint": (What.COMPLAINT, lambda o: o.complainant),
    "complaints.complaintevent": (What.COMPLAINT, lambda o: o.complaint.complainant),
    "complaints.attachment": (What.COMPLAINT, lambda o: o.complaint.complainant),
}
NOT_PERSONAL_MODELS = {
    "auth.user",  # staff accounts
    "auth.group",
    "api.apikey",  # integration clients' keys
    "otp_totp.totpdevice",  # staff second-factor devices
    "insurance.payer",  # employers and other payers: the payer register, not a person's health data
    "insurance.paymentregister",
    "insurance.minimumwage",
    "insurance.coveragepolicy",
    "insurance.calendaroverride",
    "insurance.accesslog",  # the log itself
    "insurance.servicelevelreport",  # counts only
}
ADMIN_OBJECT_VIEWS = ("_change", "_history")
# URL name: (what, object reference suffix). The citizen's and the reviewer's complaint pages.
COMPLAINT_PAGES = {
    "complaints:detail": "",
    "complaints:attachment": "/file",
    "complaints:review_attachment": "/file",
    "complaints:case_pdf": "/case.pdf",
}


def _admin_read(request):
    match = request.resolver_match
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None or not match.url_name.endswith(ADMIN_OBJECT_VIEWS):
        return None
    entry = PERSONAL_MODELS.get(model_admin.model._meta.label_lower)
    object_id = match.kwargs.get("object_id")
    if entry is None or object_id is None:
        return None
    try:
        obj = model_admin.get_queryset(request).filter(pk=unquote(object_id)).first()
    except (ValueError, ValidationError):
        return None
    if obj is None:
        return None
    what, subject_of = entry
    return subject_of(obj), what, f"{model_admin.model._meta.model_name}:{obj.pk}"


def _complaint_read(request):
    from complaints.models import Complaint

    match = request.resolver_match
    suffix = COMPLAINT_PAGES.get(match.view_name)
    if suffix is None:
        return None
    complaint = Complaint.objects.select_related("complainant").filter(pk=match.kwargs["pk"]).first()
    if complaint is None:
        return None
    return complaint.complainant, What.COMPLAINT, f"{complaint.number}{suffix}"


def record_read(request, response) -> None:
    """Record a successful read of a person's data on an admin object page or a complaint page."""
    match = getattr(request, "resolver_match", None)
    if match is None or request.method not in ("GET", "HEAD") or response.status_code != 200:
        return
    staff_page = match.app_name == "admin" or match.view_name.startswith("complaints:review")
    staff_page = staff_page or match.view_name == "complaints:case_pdf"
    read = _admin_read(request) if match.app_name == "admin" else _complaint_read(request)
    if read is None:
        return
    subject, what, object_ref = read
    if subject is not None:
        access_log_record(
            subject=subject, what=what, object_ref=object_ref, request=request, as_staff=staff_page
        )
