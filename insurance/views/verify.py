"""/verify/<code>/ — anyone can check that a statement or a refusal the Fund issued is genuine and unaltered.

It shows what identifies the document (number, issue date, status, masked name and IIN, the PDF's SHA-256)
and compares an uploaded PDF with the stored one. It never shows the payments: those are the person's own.
An uploaded PDF's signature (the Fund's PAdES signature, insurance/security/signing.py) is checked too, on
/verify/<code>/ and on /verify/ itself, where the file alone finds its document by SHA-256.
"""

from __future__ import annotations

import hashlib

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from insurance.identifiers import mask_iin
from insurance.models import Refusal, Statement
from insurance.security.signing import check_signature
from insurance.statements.codes import grouped, normalise_code
from insurance.statements.forms import VerifyCodeForm, VerifyUploadForm


def mask_name(full_name: str) -> str:
    """ "Әбенова Айгерім Нұрланқызы" → "Ә****** А****** Н*********": recognisable to its owner only."""
    return " ".join(part[0] + "*" * (len(part) - 1) for part in full_name.split())


def _document(code: str):
    code = normalise_code(code)
    for model in (Statement, Refusal):
        document = model.objects.filter(verification_code=code).first()
        if document is not None:
            return document
    raise Http404("no document with this verification code")


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _read(upload) -> bytes:
    upload.seek(0)
    return b"".join(upload.chunks())  # at most VERIFY_UPLOAD_MAX_BYTES (checked by the form)


def _by_sha256(sha256: str):
    for model in (Statement, Refusal):
        document = model.objects.filter(pdf_sha256=sha256).first()
        if document is not None:
            return document
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def verify_lookup(request):
    """A code typed by hand (e.g. read off paper) leads to its verification page; an uploaded PDF is
    checked on the spot: its signature, and whether it is byte for byte a document the Fund issued."""
    form = VerifyCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("insurance:verify", code=normalise_code(form.cleaned_data["code"]))
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "upload_form": upload_form}
    if request.method == "POST" and upload_form.is_valid():
        pdf = _read(upload_form.cleaned_data["pdf"])
        document = _by_sha256(hashlib.sha256(pdf).hexdigest())
        context.update({"checked": True, "signature": check_signature(pdf), "match": document})
        if document is not None:
            context["match_code"] = document.verification_code
    status = 400 if request.method == "POST" and not upload_form.is_valid() else 200
    return render(request, "insurance/verify/lookup.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, code):
    try:
        document = _document(code)
    except Http404:
        form = VerifyCodeForm(initial={"code": code})
        context = {"form": form, "not_found": True, "upload_form": VerifyUploadForm()}
        return render(request, "insurance/verify/lookup.html", context, status=404)
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    matches = signature = None
    if request.method == "POST" and form.is_valid():
        matches = bool(document.pdf_sha256) and _sha256(form.cleaned_data["pdf"]) == document.pdf_sha256
        signature = check_signature(_read(form.cleaned_data["pdf"]))
    context = {
        "document": document,
        "is_statement": isinstance(document, Statement),
        "code": grouped(document.verification_code),
        "masked_name": mask_name(document.full_name),
        "masked_iin": mask_iin(document.iin),
        "form": form,
        "matches": matches,
        "signature": signature,
    }
    return render(request, "insurance/verify/verify.html", context)
