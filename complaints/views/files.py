"""Serving a complaint's files only to those who may see the complaint (the caller checked that).

The files live under MEDIA_ROOT with random names; they are streamed from here as downloads, never shown
inline, with the type the portal found in their content, so a file can never run as a page of the portal.
"""

from django.http import FileResponse, Http404

from complaints.models import Complaint


def _download(field_file, *, filename: str, content_type: str) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def serve_attachment(complaint: Complaint, attachment_pk) -> FileResponse:
    attachment = complaint.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return _download(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


def serve_case_pdf(complaint: Complaint) -> FileResponse:
    if not complaint.case_pdf:
        raise Http404
    return _download(complaint.case_pdf, filename=f"{complaint.number}.pdf", content_type="application/pdf")
