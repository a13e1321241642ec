"""Rendering an issued document — the Appendix-2 statement or a refusal — as HTML and as PDF.

CONVENTIONS 8: one template per document renders both the cabinet page's body and the PDF, always in the
language the applicant chose in the request. The PDF carries the number, the issue date and a QR code to
the public verification page.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from insurance.models import Refusal, Statement
from insurance.pdf import render_pdf

from .codes import grouped

STATEMENT_TEMPLATE = "insurance/statement/statement.html"
REFUSAL_TEMPLATE = "insurance/statement/refusal.html"
PDF_TEMPLATE = "insurance/statement/pdf.html"
PDF_STYLESHEETS = ("css/document-pdf.css",)


def verification_url(code: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("insurance:verify", args=[code])


@lru_cache(maxsize=4096)
def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data URI: the same image in the page and in the PDF, no file to serve.

    A document's code never changes, and drawing it is most of the page's time: kept per process."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2, dark="#1b2a33")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _display_rows(rows: list[dict]) -> list[dict]:
    """The stored rows with Decimals and dates again, for the template's formatting filters."""
    return [
        {
            **row,
            "amount": Decimal(row["amount"]),
            "payment_date": _date(row["payment_date"]),
            "period": date.fromisoformat(row["period"] + "-01"),
            "refunded_amount": Decimal(row["refunded_amount"]) if row["refunded_amount"] else None,
            "refund_date": _date(row["refund_date"]),
        }
        for row in rows
    ]


def _common(document) -> dict:
    url = verification_url(document.verification_code)
    return {
        "document": document,
        "verification_url": url,
        "verification_code": grouped(document.verification_code),
        "qr": qr_data_uri(url),
    }


def statement_context(statement: Statement) -> dict:
    assessment = statement.assessment or {}
    return {
        **_common(statement),
        "statement": statement,
        "rows": _display_rows(statement.rows),
        "assessment": assessment,
        "arrears_months": [date.fromisoformat(m + "-01") for m in assessment.get("arrears_months", [])],
        "arrears_amount": Decimal(assessment.get("arrears_amount") or "0"),
        "minimum_wage": Decimal(assessment.get("minimum_wage") or "0"),
        "arrears_rate_percent": (Decimal(assessment.get("arrears_rate") or "0.05") * 100).normalize(),
    }


def refusal_context(refusal: Refusal) -> dict:
    return {**_common(refusal), "refusal": refusal, "request": refusal.request}


def _pdf(template: str, context: dict, language: str, title: str) -> bytes:
    with translation.override(language):
        html = render_to_string(PDF_TEMPLATE, {**context, "body_template": template, "title": title})
    return render_pdf(html, extra_stylesheets=PDF_STYLESHEETS)


def statement_pdf(statement: Statement) -> bytes:
    return _pdf(STATEMENT_TEMPLATE, statement_context(statement), statement.language, statement.number)


def refusal_pdf(refusal: Refusal) -> bytes:
    return _pdf(REFUSAL_TEMPLATE, refusal_context(refusal), refusal.language, refusal.number)


def pdf_file_name(document) -> str:
    kind = "statement" if isinstance(document, Statement) else "refusal"
    return f"mshi-{kind}-{document.number}.pdf"
