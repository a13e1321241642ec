"""Small template helpers for the complaint pages."""

from datetime import date

from django import forms, template
from django.utils.dateparse import parse_date, parse_datetime

register = template.Library()

URGENCY_BADGES = {
    "overdue": "badge-bad",
    "due_today": "badge-warn",
    "due_soon": "badge-info",
    "on_time": "badge-ok",
}
STATUS_BADGES = {
    "registered": "badge-info",
    "in_review": "badge-info",
    "forwarded": "badge-warn",
    "decided": "badge-ok",
}


@register.filter
def with_aria(field):
    """The field's widget tied to its errors and hint (aria-describedby), marked invalid when it is."""
    ids = []
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_list(field) -> bool:
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def urgency_badge(urgency) -> str:
    return URGENCY_BADGES.get(str(urgency), "badge-info")


@register.filter
def status_badge(status) -> str:
    return STATUS_BADGES.get(str(status), "badge-info")


@register.filter
def as_date(value) -> date | None:
    """An ISO date kept in a history entry's detail, for the |date filter."""
    return parse_date(value) if isinstance(value, str) else value


@register.filter
def as_datetime(value):
    return parse_datetime(value) if isinstance(value, str) else value


@register.filter
def is_reviewer(user) -> bool:
    from complaints.roles import reviewer_level

    return user is not None and reviewer_level(user) is not None
