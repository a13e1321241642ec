"""The citizen cabinet: the dashboard, a new request (R4, A1.9) and its progress (R8).

Every view lets in only the logged-in citizen (``citizen_required``) and only to their own objects: another
person's request is a 404, never a 403 (CONVENTIONS 7).
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from insurance.citizens import citizen_required, current_person
from insurance.coverage import CENT, assess_history, load_history, load_policies, minimum_wage_for, timeline
from insurance.models import AccessLog, Category, Refusal, Stage, Statement, StatementRequest
from insurance.services.access import access_log_record
from insurance.statements import dashboard as grid
from insurance.statements.forms import StatementRequestForm

from . import request_certification

# The stages a citizen sees on the progress bar, in order (R9 records them all).
PROGRESS = [Stage.RECEIVED, Stage.REGISTERED, Stage.PROCESSING, Stage.IDENTITY_CHECKED, Stage.DOCUMENT_ISSUED]


@never_cache
@require_GET
@citizen_required
def dashboard(request):
    """The status today and why, the arrears and what they cost, the last 36 months, recent requests."""
    person = current_person(request)
    today = timezone.localdate()
    history, policies = load_history(person), load_policies()  # read once for the status and the timeline
    assessment = assess_history(history, today, policies, minimum_wage_for(today.year))
    cells = timeline(history, today, policies, months=36)
    access_log_record(subject=person, what=AccessLog.What.STATUS, object_ref="dashboard", request=request)
    context = {
        "person": person,
        "today": today,
        "assessment": assessment,
        "category_label": Category(assessment.category).label if assessment.category else "",
        "per_month": (assessment.arrears_rate * assessment.minimum_wage).quantize(CENT),
        "arrears_rate_percent": (assessment.arrears_rate * 100).normalize(),
        "grid": grid.timeline_grid(cells),
        "runs": grid.timeline_runs(cells),
        "legend": grid.legend(cells),
        "requests": person.statement_requests.select_related("statement", "refusal")[:5],
    }
    return render(request, "insurance/cabinet/dashboard.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def request_new(request):
    """Step 1: consent, period, language and how to certify. Nothing is saved until it is certified."""
    form = StatementRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return request_certification.start(request, form.cleaned_data)
    return render(request, "insurance/cabinet/request_new.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def request_confirm(request):
    """Step 2: certify the request with a fresh SMS code or an EDS signature of its content (R4, A1.8)."""
    return request_certification.confirm(request)


def _own_request(request, request_id) -> StatementRequest:
    return get_object_or_404(
        StatementRequest.objects.select_related("statement", "refusal"),
        pk=request_id,
        person=current_person(request),
    )


def document_of(statement_request: StatementRequest) -> Statement | Refusal | None:
    return getattr(statement_request, "statement", None) or getattr(statement_request, "refusal", None)


def _progress(statement_request: StatementRequest) -> dict:
    events = {e.stage: e for e in statement_request.stage_events.all()}
    steps = [
        {
            "stage": stage.value,
            "label": str(stage.label),
            "done": stage in events,
            "at": events[stage].occurred_at,
        }
        if stage in events
        else {"stage": stage.value, "label": str(stage.label), "done": False, "at": None}
        for stage in PROGRESS
    ]
    finished = statement_request.is_finished
    document = document_of(statement_request)
    if isinstance(document, Statement):
        url = reverse("insurance:statement_detail", args=[document.number])
        link = _("Open the statement")
    elif document is not None:
        url = reverse("insurance:refusal_detail", args=[document.number])
        link = _("Open the reasoned refusal")
    else:
        url = link = ""
    done = len(PROGRESS) if finished else sum(step["done"] for step in steps)
    return {
        "status": statement_request.status,
        "status_label": capfirst(str(statement_request.get_status_display())),
        "finished": finished,
        "percent": round(100 * done / len(PROGRESS)),
        "steps": steps,
        "document_url": url,
        "document_link": link,
    }


@never_cache
@require_GET
@citizen_required
def request_detail(request, request_id):
    """The request's progress, live (static/js/progress.js polls ``request_status``) or by a refresh link."""
    statement_request = _own_request(request, request_id)
    context = {"statement_request": statement_request, "progress": _progress(statement_request)}
    return render(request, "insurance/cabinet/request_detail.html", context)


@never_cache
@require_GET
@citizen_required
def request_status(request, request_id):
    """The small JSON the progress bar polls: status, the stages done, and the result's address when ready."""
    progress = _progress(_own_request(request, request_id))
    for step in progress["steps"]:
        step["at"] = step["at"].isoformat() if step["at"] else None
    return JsonResponse(progress)
