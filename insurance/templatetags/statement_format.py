"""Formatting for the statement and the cabinet: money in tenge, dates and months the way people write them."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

NBSP = "\u00a0"


@register.filter
def tenge(value) -> str:
    """A2: amounts in tenge with two decimals — 4 250,00 in Kazakh and Russian, 4,250.00 in English."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    text = f"{amount:,.2f}"
    if (get_language() or "kk")[:2] == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",")


@register.filter
def day(value) -> str:
    """A date as 22.11.2026: the form used on official papers in Kazakhstan, in every language."""
    return value.strftime("%d.%m.%Y") if value else ""


@register.filter
def month(value) -> str:
    """The period a payment is for: 11.2026."""
    return value.strftime("%m.%Y") if value else ""


@register.filter
def month_name(value) -> str:
    """A month in words for plain sentences: "November 2026", "қараша 2026", "ноябрь 2026" (Kazakh and
    Russian write month names in lower case inside a sentence)."""
    if not value:
        return ""
    text = formats.date_format(value, "F Y")
    return text if (get_language() or "kk")[:2] == "en" else text[:1].lower() + text[1:]


@register.filter
def seconds(value) -> str:
    """A processing time for the service-level figures: "1.4 s"."""
    if value is None:
        return "—"
    return _("%(seconds).1f s") % {"seconds": value.total_seconds()}
