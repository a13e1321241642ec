"""The administrative case sent to the reviewing body with a complaint (R10.7), as one PDF.

It holds the complaint, the request it is about with its result (the statement or the refusal), the list
of attachments and the whole history up to the forwarding, and it is stored with its SHA-256 so what was
sent can be proved later.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from complaints.models import Complaint
from complaints.selectors import case_context
from insurance.pdf import render_pdf


def render_case_pdf(
    complaint: Complaint, *, forwarded_at: datetime, body_registered_at: datetime, body_due_on: date
) -> bytes:
    with translation.override(settings.COMPLAINT_CASE_LANGUAGE):
        html = render_to_string(
            "complaints/case_pdf.html",
            {
                **case_context(complaint),
                "forwarded_at": forwarded_at,
                "body_registered_at": body_registered_at,
                "body_due_on": body_due_on,
                "LANGUAGE_CODE": settings.COMPLAINT_CASE_LANGUAGE,
            },
        )
    return render_pdf(html, extra_stylesheets=("css/complaint-case-pdf.css",))
