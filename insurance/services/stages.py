"""R9: each stage of each request is recorded once, for the public-services monitoring system."""

from datetime import datetime

from insurance.models import ServiceStageEvent, Stage, StatementRequest


def stage_record(
    *, request: StatementRequest, stage: Stage, occurred_at: datetime, detail: dict | None = None
) -> ServiceStageEvent:
    """Write the stage unless it is already written: a repeated task writes nothing twice (unique per
    request and stage in the database too)."""
    event, _ = ServiceStageEvent.objects.get_or_create(
        request=request, stage=stage, defaults={"occurred_at": occurred_at, "detail": detail or {}}
    )
    return event
