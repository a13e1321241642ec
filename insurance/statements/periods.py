"""The period a statement covers: whole months of payment dates (pure functions, the date passed in).

Default: the last 12 months, this month included. A person may ask for the whole history (no bounds) or
for any months from January 2017 — MSHI payments began in 2017 — up to the current month.
"""

from datetime import date

from django.utils.translation import gettext as _

from insurance.coverage import add_months, month_end, month_start

EARLIEST_MONTH = date(2017, 1, 1)
DEFAULT_MONTHS = 12


def default_period(today: date) -> tuple[date, date]:
    return add_months(month_start(today), -(DEFAULT_MONTHS - 1)), month_end(today)


def period_errors(period_from: date | None, period_to: date | None, today: date) -> dict[str, str]:
    """Field → translated message for a period that cannot be asked for; empty when it can."""
    errors = {}
    current = month_start(today)
    for name, value in (("period_from", period_from), ("period_to", period_to)):
        if value is None:
            continue
        if month_start(value) > current:
            errors[name] = _("The month cannot be in the future.")
        elif value < EARLIEST_MONTH:
            errors[name] = _("MSHI payments began in 2017: choose January 2017 or later.")
    if (
        period_from
        and period_to
        and "period_to" not in errors
        and month_start(period_to) < month_start(period_from)
    ):
        errors["period_to"] = _("The last month must not be before the first month.")
    return errors
