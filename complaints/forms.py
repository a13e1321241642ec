"""Forms: what the citizen and reviewers type. The services check everything again; the forms give each
field its own error in the user's language."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from complaints.attachments import check_files
from complaints.models import Decision, Route, Status, Subject
from complaints.services.filing import clean_complaint_text
from complaints.services.review import REASONS_MAX_CHARS, clean_reasons
from insurance.models import StatementRequest


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StatementRequest) -> str:
        submitted = formats.date_format(timezone.localtime(obj.submitted_at), "d.m.Y H:i")
        return f"{submitted} · {obj.get_status_display()}"


class ComplaintForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Where to send the complaint"), choices=Route.choices, widget=forms.RadioSelect
    )
    statement_request = RequestChoiceField(
        label=_("What the complaint is about"),
        queryset=StatementRequest.objects.none(),
        required=False,
        empty_label=_("The service in general"),
    )
    subject = forms.ChoiceField(
        label=_("You complain about"), choices=Subject.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your complaint"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, when, and what you ask the Fund to do."),
    )
    attachments = MultipleFileField(
        label=_("Documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement_request"].queryset = StatementRequest.objects.filter(person=person).order_by(
            "-submitted_at"
        )
        low, high = settings.COMPLAINT_TEXT_MIN_CHARS, settings.COMPLAINT_TEXT_MAX_CHARS
        self.fields["text"].widget.attrs.update({"minlength": low, "maxlength": high, "data-counter": high})
        self.fields["attachments"].help_text = _(
            "PDF, JPEG or PNG; up to %(count)d files of at most %(size)d MB each."
        ) % {
            "count": settings.COMPLAINT_ATTACHMENT_MAX_COUNT,
            "size": settings.COMPLAINT_ATTACHMENT_MAX_BYTES // 2**20,
        }

    def clean_text(self):
        return clean_complaint_text(self.cleaned_data["text"])

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        check_files(files)  # raises with every problem listed
        return files


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": REASONS_MAX_CHARS}),
        help_text=_("The complainant reads them: say what was checked and why this is the decision."),
    )

    def __init__(self, *args, fund_on_body_route: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if fund_on_body_route:
            # R10.8: before forwarding, the Fund can only satisfy the complaint in full.
            self.fields["decision"].choices = [(Decision.FULLY_SATISFIED, Decision.FULLY_SATISFIED.label)]

    def clean_reasons(self):
        return clean_reasons(self.cleaned_data["reasons"])


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Reviewer"), queryset=None, empty_label=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


STATUS_FILTER_CHOICES = [("", _("Open")), *Status.choices, ("all", _("All"))]


class QueueFilterForm(forms.Form):
    """The queue's filters: in the address (no personal data in them), so a filtered page can be shared."""

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
    route = forms.ChoiceField(
        label=_("Route"), choices=[("", _("Both routes")), *Route.choices], required=False
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    unassigned = forms.BooleanField(label=_("Unassigned"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)


class SearchForm(forms.Form):
    """Search by complaint number or IIN. Sent by POST so an IIN never ends up in an address, a log or the
    browser history."""

    q = forms.CharField(
        label=_("Complaint number or IIN"),
        max_length=30,
        help_text=_("For example Ш-2026-000123, or the complainant's 12-digit IIN."),
    )

    def clean_q(self):
        from complaints.selectors import IIN_RE, NUMBER_RE

        value = self.cleaned_data["q"].strip()
        if not (IIN_RE.match(value) or NUMBER_RE.match(value)):
            raise ValidationError(_("Enter a complaint number or a 12-digit IIN."))
        return value
