"""The reviewer pages: the queue (/complaints/queue/) and one complaint's whole case, with the actions.

Only staff in a reviewer group get in, and each sees only the level they work at (complaints.roles):
another level's complaint is "not found". The actions are POSTs that call the services, which check again.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints import deadlines, selectors, services
from complaints.forms import AssignForm, DecisionForm, QueueFilterForm, SearchForm
from complaints.models import Level, Route
from complaints.roles import reviewer_level, reviewers_of
from complaints.views.files import serve_attachment, serve_case_pdf
from insurance.auth.limits import client_address
from insurance.models import AccessLog
from insurance.working_time import working_calendar

SEARCH_LIMIT = 100


def reviewer_required(view):
    """Staff log in through the admin login; a signed-in user who is not a reviewer gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        level = reviewer_level(request.user)
        if level is None:
            raise PermissionDenied
        return view(request, level, *args, **kwargs)

    return wrapper


def _marked(complaints, today):
    """The deadline mark of each row, from two dates computed once (no query per row)."""
    soon_until = deadlines.due_soon_until(working_calendar(), today)
    for complaint in complaints:
        complaint.urgency = deadlines.urgency(due_on=complaint.due_on, today=today, soon_until=soon_until)
    return complaints


def _filters(form: QueueFilterForm) -> selectors.QueueFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.QueueFilters(
        status=data.get("status", ""),
        route=data.get("route", ""),
        mine=data.get("mine", False),
        unassigned=data.get("unassigned", False),
        overdue=data.get("overdue", False),
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def queue(request, level: Level):
    today = timezone.localdate()
    filter_form = QueueFilterForm(request.GET or None)
    search_form = SearchForm(request.POST or None)
    context = {"level": level, "filter_form": filter_form, "search_form": search_form, "today": today}
    if request.method == "POST":
        # A search shows its results on this response: the IIN stays in the POST body, never in a link.
        if search_form.is_valid():
            found = selectors.search(level, search_form.cleaned_data["q"])
            context["results"] = _marked(list(found[:SEARCH_LIMIT]), today)
        return render(
            request, "complaints/reviewer/queue.html", context, status=200 if search_form.is_valid() else 400
        )
    complaints = selectors.queue(level, user=request.user, filters=_filters(filter_form), today=today)
    page = Paginator(complaints, settings.COMPLAINT_QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    _marked(page.object_list, today)
    query = request.GET.copy()
    query.pop("page", None)
    context.update({"page": page, "query": query.urlencode()})
    return render(request, "complaints/reviewer/queue.html", context)


def _render_detail(request, level, complaint, *, decision_form=None, status=200):
    today = timezone.localdate()
    context = selectors.case_context(complaint)
    _marked([complaint], today)
    fund_on_body_route = level == Level.FUND and complaint.route == Route.REVIEWING_BODY
    context.update(
        {
            "level": level,
            "viewer": level,
            "decision_form": decision_form or DecisionForm(fund_on_body_route=fund_on_body_route),
            "assign_form": AssignForm(
                reviewers=reviewers_of(level), initial={"assignee": complaint.assignee_id}
            ),
            "can_forward": complaint.is_open and fund_on_body_route,
        }
    )
    return render(request, "complaints/reviewer/detail.html", context, status=status)


@reviewer_required
@require_GET
def detail(request, level, pk):
    complaint = selectors.complaint_for_reviewer(level, pk)
    AccessLog.objects.create(
        subject=complaint.complainant,
        what=AccessLog.What.COMPLAINT,
        object_ref=complaint.number,
        user=request.user,
        actor_label=request.user.get_username(),
        ip_address=client_address(request),  # behind the load balancer: the client, not the proxy
    )
    return _render_detail(request, level, complaint)


def _act(request, complaint, action, success: str, *, then: str = ""):
    """Run a service; show what went wrong on the case page, or go on (``then``) after success."""
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        problems = error.messages if isinstance(error, ValidationError) else [str(error)]
        for problem in problems:
            messages.error(request, problem)
    else:
        messages.success(request, success % {"number": complaint.number})
        if then:
            return redirect(then)
    return redirect("complaints:review", pk=complaint.pk)


@reviewer_required
@require_POST
def assign(request, level, pk):
    complaint = selectors.complaint_for_reviewer(level, pk)
    if request.POST.get("to_me"):
        assignee = request.user
    else:
        form = AssignForm(request.POST, reviewers=reviewers_of(level))
        assignee = form.cleaned_data["assignee"] if form.is_valid() else None
    return _act(
        request,
        complaint,
        lambda: services.complaint_assign(complaint=complaint, actor=request.user, assignee=assignee),
        _("Complaint %(number)s assigned."),
    )


@reviewer_required
@require_POST
def decide(request, level, pk):
    complaint = selectors.complaint_for_reviewer(level, pk)
    form = DecisionForm(
        request.POST, fund_on_body_route=level == Level.FUND and complaint.route == Route.REVIEWING_BODY
    )
    if not form.is_valid():
        return _render_detail(request, level, complaint, decision_form=form, status=400)
    try:
        services.complaint_decide(
            complaint=complaint,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
            return _render_detail(request, level, complaint, decision_form=form, status=400)
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The decision on complaint %(number)s is recorded.") % {"number": complaint.number}
        )
    return redirect("complaints:review", pk=complaint.pk)


@reviewer_required
@require_POST
def forward(request, level, pk):
    complaint = selectors.complaint_for_reviewer(level, pk)
    return _act(
        request,
        complaint,
        lambda: services.complaint_forward(complaint=complaint, actor=request.user),
        _("Complaint %(number)s forwarded to the reviewing body with the administrative case."),
        then="complaints:queue",  # a forwarded complaint is the reviewing body's: the Fund no longer sees it
    )


@reviewer_required
@require_GET
def attachment(request, level, pk, attachment_pk):
    return serve_attachment(selectors.complaint_for_reviewer(level, pk), attachment_pk)


@reviewer_required
@require_GET
def case_pdf(request, level, pk):
    return serve_case_pdf(selectors.complaint_for_reviewer(level, pk))
