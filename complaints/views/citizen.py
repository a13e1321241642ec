"""The citizen's complaint pages in the cabinet: the list, filing (both routes explained first), one
complaint with its history and decision. Another person's complaint is "not found" (404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from complaints import selectors, services
from complaints.forms import ComplaintForm
from complaints.models import ActorRole, EventKind
from complaints.views.files import serve_attachment
from insurance.citizens import citizen_required, current_person


@citizen_required
@require_GET
def complaint_list(request):
    person = current_person(request)
    complaints = selectors.complaints_of(person).annotate(files=Count("attachments"))
    return render(request, "complaints/citizen/list.html", {"complaints": complaints})


def _file(request, form, person):
    try:
        return services.complaint_file(
            person=person,
            route=form.cleaned_data["route"],
            subject=form.cleaned_data["subject"],
            text=form.cleaned_data["text"],
            statement_request=form.cleaned_data["statement_request"],
            files=form.cleaned_data["attachments"],
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return None


def _preselect_request(form, value: str) -> None:
    """/cabinet/complaints/new/?request=<uuid> (a link from a statement or refusal) preselects that request
    when it is the citizen's own."""
    try:
        if value and form.fields["statement_request"].queryset.filter(pk=value).exists():
            form.initial["statement_request"] = value
    except ValidationError:  # not a UUID
        pass


@citizen_required
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    person = current_person(request)
    form = ComplaintForm(request.POST or None, request.FILES or None, person=person)
    if request.method == "POST" and form.is_valid():
        complaint = _file(request, form, person)
        if complaint is not None:
            messages.success(
                request, _("Your complaint %(number)s has been filed.") % {"number": complaint.number}
            )
            return redirect("complaints:detail", pk=complaint.pk)
    if request.method == "GET":
        _preselect_request(form, request.GET.get("request", ""))
    return render(request, "complaints/citizen/new.html", {"form": form}, status=400 if form.errors else 200)


@citizen_required
@require_GET
def complaint_detail(request, pk):
    person = current_person(request)
    complaint = selectors.complaint_of(person, pk)
    context = selectors.case_context(complaint)
    # Reminders are the reviewers' business; everything else in the history is the citizen's to see.
    context["events"] = [e for e in context["events"] if e.kind != EventKind.REMINDED]
    context["viewer"] = ActorRole.CITIZEN
    return render(request, "complaints/citizen/detail.html", context)


@citizen_required
@require_GET
def attachment(request, pk, attachment_pk):
    person = current_person(request)
    complaint = selectors.complaint_of(person, pk)
    return serve_attachment(complaint, attachment_pk)
