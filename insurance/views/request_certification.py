"""Certifying a statement request (R4, A1.8): a fresh SMS code, or an EDS signature of the request itself.

Step 1 keeps the validated request as a draft in the session; step 2 certifies it and only then calls
``statement_request_create``. The evidence — the OTP check, or the signed XML with the certificate serial —
is stored with the request. For EDS the signed XML must say exactly what the draft says, and be signed by
the person logged in.
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from insurance.auth.eds import EdsError, eds_challenge_issue, eds_verify
from insurance.auth.limits import client_address
from insurance.auth.otp import OtpError, otp_issue, otp_verify
from insurance.citizens import current_person
from insurance.models import Channel, Person
from insurance.services.statement_requests import statement_request_create
from insurance.statements.forms import EdsSignatureForm, Method, OtpCodeForm

DRAFT_KEY = "statement_request_draft"
DRAFT_SECONDS = 15 * 60
PURPOSE = "request"
SIGNED_FIELDS = ("iin", "consent", "periodFrom", "periodTo", "language")


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def start(request, data: dict):
    """Keep the validated request in the session and send the SMS code if that is the chosen way."""
    request.session[DRAFT_KEY] = {
        "consent": bool(data["consent"]),
        "period_from": _iso(data["period_from"]),
        "period_to": _iso(data["period_to"]),
        "language": data["language"],
        "method": data["method"],
        "created_at": timezone.now().isoformat(),
    }
    if data["method"] == Method.OTP:
        _send_code(request, current_person(request))
    return redirect("insurance:request_confirm")


def _draft(request) -> dict | None:
    draft = request.session.get(DRAFT_KEY)
    if not draft:
        return None
    age = timezone.now() - datetime.fromisoformat(draft["created_at"])
    return draft if age.total_seconds() < DRAFT_SECONDS else None


def _send_code(request, person: Person) -> bool:
    try:
        otp_issue(iin=person.iin, purpose=PURPOSE, client_ip=client_address(request))
    except OtpError as error:
        messages.error(request, str(error))
        return False
    messages.info(request, _("We sent a 6-digit code to the phone registered for you."))
    return True


def confirm(request):
    draft = _draft(request)
    if draft is None:
        messages.warning(request, _("Your request form expired. Please fill it in again."))
        return redirect("insurance:request_new")
    person = current_person(request)
    if draft["method"] == Method.OTP:
        return _confirm_otp(request, person, draft)
    return _confirm_eds(request, person, draft)


def _create(request, person: Person, draft: dict, *, channel: str, evidence: dict):
    try:
        statement_request = statement_request_create(
            person=person,
            channel=channel,
            consent=draft["consent"],
            period_from=date.fromisoformat(draft["period_from"]) if draft["period_from"] else None,
            period_to=date.fromisoformat(draft["period_to"]) if draft["period_to"] else None,
            language=draft["language"],
            evidence=evidence,
            submitted_at=timezone.now(),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("insurance:request_new")
    request.session.pop(DRAFT_KEY, None)
    return redirect("insurance:request_detail", request_id=statement_request.pk)


def _confirm_otp(request, person: Person, draft: dict):
    if request.method == "POST" and "resend" in request.POST:
        _send_code(request, person)
        return redirect("insurance:request_confirm")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = otp_verify(
                iin=person.iin,
                code=form.cleaned_data["code"],
                purpose=PURPOSE,
                client_ip=client_address(request),
            )
        except OtpError as error:
            form.add_error("code", str(error))
        else:
            evidence = {
                "method": "otp",
                "purpose": PURPOSE,
                "verified_at": timezone.now().isoformat(),
                "phone_ending": (verified.phone or "")[-2:],
                "client_ip": client_address(request),
            }
            return _create(request, person, draft, channel=Channel.OTP, evidence=evidence)
    return render(
        request, "insurance/cabinet/request_confirm.html", {"draft": _shown(draft), "otp_form": form}
    )


def request_xml(person: Person, draft: dict, nonce: str) -> str:
    """What the citizen signs: the challenge and every field of the request, nothing else."""
    root = etree.Element("statementRequest")
    for name, value in (
        ("service", "mshi-statement"),
        ("nonce", nonce),
        ("iin", person.iin),
        ("consent", "true" if draft["consent"] else "false"),
        ("periodFrom", draft["period_from"]),
        ("periodTo", draft["period_to"]),
        ("language", draft["language"]),
    ):
        etree.SubElement(root, name).text = value
    etree.indent(root, space="  ")  # readable in the page's preview of what is signed
    return etree.tostring(root, encoding="unicode")


def _signed_fields(root) -> dict[str, str]:
    found = {}
    for name in SIGNED_FIELDS:
        element = root if root.tag == name else next(root.iter(name), None)
        found[name] = (element.text or "") if element is not None else None
    return found


def _signature_problem(signed, person: Person, draft: dict) -> str | None:
    if signed.identity.iin != person.iin:
        return _("The request was signed with another person's certificate. Sign it with your own EDS.")
    expected = _signed_fields(etree.fromstring(request_xml(person, draft, signed.nonce)))
    if _signed_fields(signed.root) != expected:
        return _("The signed request differs from the one you filled in. Please sign it again.")
    return None


def _challenge(request, draft: dict) -> str | None:
    try:
        challenge = eds_challenge_issue(purpose=PURPOSE, client_ip=client_address(request))
    except EdsError as error:
        messages.error(request, str(error))
        return None
    return challenge.nonce


def _confirm_eds(request, person: Person, draft: dict):
    form = EdsSignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signed = eds_verify(
                signed_xml=form.cleaned_data["signed_xml"], purpose=PURPOSE, client_ip=client_address(request)
            )
        except EdsError as error:
            form.add_error(None, str(error))
        else:
            problem = _signature_problem(signed, person, draft)
            if problem:
                form.add_error(None, problem)
            else:
                return _create(
                    request, person, draft, channel=Channel.EDS, evidence=_eds_evidence(signed, form)
                )
    nonce = _challenge(request, draft)
    context = {
        "draft": _shown(draft),
        "eds_form": form,
        "xml": request_xml(person, draft, nonce) if nonce else "",
    }
    return render(request, "insurance/cabinet/request_confirm.html", context)


def _eds_evidence(signed, form) -> dict:
    return {
        "method": "eds",
        "certificate_serial": signed.identity.certificate_serial,
        "signer_iin": signed.identity.iin,
        "signer_name": signed.identity.full_name,
        "certificate_not_after": signed.identity.not_after.isoformat(),
        "nonce": signed.nonce,
        "signed_xml": form.cleaned_data["signed_xml"],
        "verified_at": timezone.now().isoformat(),
    }


def _shown(draft: dict) -> dict:
    """The draft as the confirmation page shows it."""
    return {
        **draft,
        "period_from": date.fromisoformat(draft["period_from"]) if draft["period_from"] else None,
        "period_to": date.fromisoformat(draft["period_to"]) if draft["period_to"] else None,
    }
