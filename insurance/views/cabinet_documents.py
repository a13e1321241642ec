"""The citizen's documents: statements (A2) and refusals (A1.9), as pages and as the stored PDFs (R8).

Each opening is written to the access log. Another person's document is a 404; the number in the URL is
a document number, never a database id, and the IIN never appears in a URL.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from insurance.citizens import citizen_required, current_person
from insurance.models import AccessLog, Refusal, Statement
from insurance.services.access import access_log_record
from insurance.statements.documents import pdf_file_name, refusal_context, statement_context


@never_cache
@require_GET
@citizen_required
def statement_list(request):
    """The person's statements and refusals, newest first."""
    person = current_person(request)
    statements = Statement.objects.filter(person=person).only(
        "number", "issued_at", "status", "language", "period_from", "period_to"
    )
    refusals = Refusal.objects.filter(person=person).only("number", "issued_at", "ground", "language")
    documents = sorted(
        [*(("statement", s) for s in statements), *(("refusal", r) for r in refusals)],
        key=lambda item: item[1].issued_at,
        reverse=True,
    )
    return render(request, "insurance/cabinet/statement_list.html", {"documents": documents})


def _own(model, request, number: str):
    return get_object_or_404(
        model.objects.select_related("request"), number=number, person=current_person(request)
    )


@never_cache
@require_GET
@citizen_required
def statement_detail(request, number):
    statement = _own(Statement, request, number)
    access_log_record(
        subject=statement.person, what=AccessLog.What.STATEMENT, object_ref=number, request=request
    )
    context = {**statement_context(statement), "body_template": "insurance/statement/statement.html"}
    return render(request, "insurance/cabinet/document_detail.html", context)


@never_cache
@require_GET
@citizen_required
def refusal_detail(request, number):
    refusal = _own(Refusal, request, number)
    access_log_record(subject=refusal.person, what=AccessLog.What.REFUSAL, object_ref=number, request=request)
    context = {**refusal_context(refusal), "body_template": "insurance/statement/refusal.html"}
    return render(request, "insurance/cabinet/document_detail.html", context)


def _pdf_response(document) -> FileResponse:
    if not document.pdf:
        raise Http404("the PDF is not stored")
    response = FileResponse(
        document.pdf.open("rb"),
        as_attachment=True,
        filename=pdf_file_name(document),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_GET
@citizen_required
def statement_pdf(request, number):
    """The PDF exactly as stored at issue (its SHA-256 is on the verification page)."""
    statement = _own(Statement, request, number)
    access_log_record(
        subject=statement.person, what=AccessLog.What.STATEMENT, object_ref=f"{number}.pdf", request=request
    )
    return _pdf_response(statement)


@never_cache
@require_GET
@citizen_required
def refusal_pdf(request, number):
    refusal = _own(Refusal, request, number)
    access_log_record(
        subject=refusal.person, what=AccessLog.What.REFUSAL, object_ref=f"{number}.pdf", request=request
    )
    return _pdf_response(refusal)
