"""Service-level figures for Fund staff (R7, R8, A1.3): how many requests, how many answered within the
15 minutes after registration, how long processing takes, and why requests were refused (A1.9).

Aggregate queries only — a handful, whatever the number of requests — that run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate

from insurance.models import RefusalGround, RequestStatus, StatementRequest

ON_TIME = Q(completed_at__isnull=False, completed_at__lte=F("due_at"))
FINISHED = Q(status__in=(RequestStatus.COMPLETED, RequestStatus.REFUSED))


@dataclass(frozen=True)
class Figures:
    first: date
    last: date
    per_day: list[dict]
    total: int
    finished: int
    on_time: int
    overdue_open: int
    p50: timedelta | None
    p95: timedelta | None
    refusals: list[tuple[int, str, int]]

    @property
    def on_time_share(self) -> float | None:
        """Of the requests that are answered or already past due: the share answered in time (R8)."""
        judged = self.finished + self.overdue_open
        return self.on_time / judged if judged else None


def percentile(queryset, p: float, count: int) -> timedelta | None:
    """Nearest-rank percentile of the processing time (submitted → completed), read with one ordered query."""
    if not count:
        return None
    rank = max(math.ceil(p * count) - 1, 0)
    return queryset.order_by("duration").values_list("duration", flat=True)[rank]


def service_level_figures(*, first: date, last: date, now) -> Figures:
    """Requests registered from ``first`` to ``last`` (Almaty dates, inclusive)."""
    requests = StatementRequest.objects.filter(registered_at__date__gte=first, registered_at__date__lte=last)
    per_day = list(
        requests.annotate(day=TruncDate("registered_at"))
        .values("day")
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=ON_TIME),
            refused=Count("id", filter=Q(status=RequestStatus.REFUSED)),
        )
        .order_by("day")
    )
    totals = requests.aggregate(
        total=Count("id"),
        finished=Count("id", filter=FINISHED),
        on_time=Count("id", filter=ON_TIME),
        overdue_open=Count("id", filter=~FINISHED & Q(due_at__lt=now)),
    )
    done = requests.filter(completed_at__isnull=False).annotate(
        duration=ExpressionWrapper(F("completed_at") - F("submitted_at"), output_field=DurationField())
    )
    labels = dict(RefusalGround.choices)
    refusals = [
        (row["refusal_ground"], labels.get(row["refusal_ground"], ""), row["n"])
        for row in requests.filter(status=RequestStatus.REFUSED)
        .values("refusal_ground")
        .annotate(n=Count("id"))
        .order_by("refusal_ground")
    ]
    return Figures(
        first=first,
        last=last,
        per_day=per_day,
        p50=percentile(done, 0.50, totals["finished"]),
        p95=percentile(done, 0.95, totals["finished"]),
        refusals=refusals,
        **totals,
    )
