"""Citizen log in and log out (R4, A1.8, A1.10): by an SMS one-time password or by an EDS signature.

Every check and limit lives in insurance.auth (services); these views only move the citizen between the
steps, keep the pending IIN and the EDS challenge in the session (never in a URL), and start the session
with insurance.citizens.login_citizen (which rotates the session key).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from lxml import etree

from insurance.auth.eds import EdsError, eds_challenge_issue, eds_verify
from insurance.auth.forms import CodeForm, IinForm, SignedDocumentForm
from insurance.auth.limits import client_address, cooldown_remaining, subject_digest
from insurance.auth.otp import OtpError, otp_issue, otp_verify
from insurance.auth.security_log import security_event
from insurance.auth.services import person_get_or_create_for_signer
from insurance.citizens import current_person, login_citizen, logout_citizen
from insurance.identifiers import mask_iin
from insurance.models import AuthPurpose

PENDING_IIN_KEY = "auth_otp_pending_iin"
EDS_NONCE_KEY = "auth_eds_login_nonce"


def _dashboard_url() -> str:
    try:
        return reverse("insurance:dashboard")
    except NoReverseMatch:  # the cabinet's dashboard is built beside this; its path is fixed
        return "/cabinet/"


def _next_url(request) -> str:
    """Where to go after logging in: a `next` on this site only (no open redirect), else the cabinet."""
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return _dashboard_url()


def _with_next(request, url_name: str) -> str:
    url = reverse(url_name)
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return f"{url}?{urlencode({REDIRECT_FIELD_NAME: candidate})}"
    return url


def _finish_login(request, person, *, method: str):
    destination = _next_url(request)
    login_citizen(request, person, method=method)
    security_event("citizen.login", iin=person.iin, address=client_address(request), method=method)
    return redirect(destination)


@never_cache
@require_GET
def login(request):
    """Choose how to log in (A1.10: an SMS code to the registered phone, or an EDS)."""
    if current_person(request) is not None:
        return redirect(_next_url(request))
    context = {
        "sms_url": _with_next(request, "insurance:login_sms"),
        "eds_url": _with_next(request, "insurance:login_eds"),
    }
    return render(request, "insurance/auth/login.html", context)


# --- SMS one-time password -------------------------------------------------------------------------


def _render_iin_step(request, form, status=200):
    context = {"form": form, "next": _next_param(request), "outbox": settings.DEBUG}
    return render(request, "insurance/auth/login_sms_iin.html", context, status=status)


def _render_code_step(request, iin: str, form=None, status=200, error: str | None = None):
    wait = cooldown_remaining(
        f"otp_resend:{AuthPurpose.LOGIN}", subject_digest(iin), settings.OTP_RESEND_SECONDS
    )
    context = {
        "form": form or CodeForm(),
        "error": error,
        "masked_iin": mask_iin(iin),
        "resend_wait": wait,
        "next": _next_param(request),
        "outbox": settings.DEBUG,
    }
    return render(request, "insurance/auth/login_sms_code.html", context, status=status)


def _next_param(request) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    return candidate if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}) else ""


def _send_code(request):
    form = IinForm(request.POST)
    if not form.is_valid():
        return _render_iin_step(request, form, status=400)
    iin = form.cleaned_data["iin"]
    try:
        otp_issue(iin=iin, purpose=AuthPurpose.LOGIN, client_ip=client_address(request))
    except OtpError as error:
        if error.code != "resend_too_soon":  # a code sent moments ago still works: go on to enter it
            form.add_error("iin", str(error))
            return _render_iin_step(request, form, status=429 if error.code == "rate_limited" else 400)
        messages.info(request, str(error))
    request.session[PENDING_IIN_KEY] = iin
    return redirect(_with_next(request, "insurance:login_sms"))


def _resend_code(request, iin: str):
    try:
        otp_issue(iin=iin, purpose=AuthPurpose.LOGIN, client_ip=client_address(request))
    except OtpError as error:
        return _render_code_step(request, iin, status=429, error=str(error))
    messages.success(request, _("If this IIN is registered with a mobile phone, a new code has been sent."))
    return redirect(_with_next(request, "insurance:login_sms"))


def _check_code(request, iin: str):
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _render_code_step(request, iin, form, status=400)
    try:
        person = otp_verify(
            iin=iin,
            code=form.cleaned_data["code"],
            purpose=AuthPurpose.LOGIN,
            client_ip=client_address(request),
        )
    except OtpError as error:
        form.add_error("code", str(error))
        return _render_code_step(request, iin, form, status=429 if error.code == "rate_limited" else 400)
    request.session.pop(PENDING_IIN_KEY, None)
    return _finish_login(request, person, method="otp")


@never_cache
@require_http_methods(["GET", "POST"])
def login_sms(request):
    """Step 1: the IIN → a code goes to the registered phone (if any; never said). Step 2: the code."""
    pending = request.session.get(PENDING_IIN_KEY)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "send":
        return _send_code(request)
    if action == "restart":
        request.session.pop(PENDING_IIN_KEY, None)
        return redirect(_with_next(request, "insurance:login_sms"))
    if pending and action == "resend":
        return _resend_code(request, pending)
    if pending and action == "verify":
        return _check_code(request, pending)
    if pending:
        return _render_code_step(request, pending)
    return _render_iin_step(request, IinForm())


# --- EDS ------------------------------------------------------------------------------------------


def login_document(nonce: str) -> str:
    """The XML the citizen signs to log in: the challenge, and what it is for, in plain words."""
    root = etree.Element("mshiLogin")
    etree.SubElement(root, "service").text = "MSHI statement portal: log in to the personal cabinet"
    etree.SubElement(root, "purpose").text = AuthPurpose.LOGIN
    etree.SubElement(root, "nonce").text = nonce
    etree.SubElement(root, "issuedAt").text = timezone.now().isoformat(timespec="seconds")
    return etree.tostring(root, encoding="unicode")


def _render_eds(request, error: str | None = None, status=200):
    context = {"error": error, "next": _next_param(request), "demo_signer": settings.DEBUG, "document": None}
    try:
        challenge = eds_challenge_issue(purpose=AuthPurpose.LOGIN, client_ip=client_address(request))
    except EdsError as limited:
        context["error"] = str(limited)
        return render(request, "insurance/auth/login_eds.html", context, status=429)
    request.session[EDS_NONCE_KEY] = challenge.nonce
    context["document"] = login_document(challenge.nonce)
    context["expires_at"] = challenge.expires_at
    return render(request, "insurance/auth/login_eds.html", context, status=status)


def _check_signature(request):
    form = SignedDocumentForm(request.POST)
    if not form.is_valid():
        return _render_eds(request, " ".join(form.errors.get("signed_xml", [])), status=400)
    try:
        signed = eds_verify(
            signed_xml=form.cleaned_data["signed_xml"],
            purpose=AuthPurpose.LOGIN,
            client_ip=client_address(request),
        )
    except EdsError as error:
        return _render_eds(request, str(error), status=429 if error.code == "rate_limited" else 400)
    if signed.nonce != request.session.pop(EDS_NONCE_KEY, None):
        # A challenge issued to another browser: refuse, or a signed document could be replayed elsewhere.
        security_event("eds.foreign_challenge", iin=signed.identity.iin, address=client_address(request))
        return _render_eds(
            request, _("The signed document is not the one this page asked for. Start again."), 400
        )
    person = person_get_or_create_for_signer(identity=signed.identity, language=get_language() or "kk")
    return _finish_login(request, person, method="eds")


@never_cache
@require_http_methods(["GET", "POST"])
def login_eds(request):
    """Sign a fresh challenge with NCALayer (or, in DEBUG, the demo signer); the server verifies it."""
    if request.method == "POST":
        return _check_signature(request)
    return _render_eds(request)


@require_POST
def logout(request):
    person = current_person(request)
    if person is not None:
        security_event("citizen.logout", iin=person.iin, address=client_address(request))
    logout_citizen(request)
    messages.success(request, _("You have logged out."))
    return redirect("insurance:home")
