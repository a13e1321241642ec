from .complaint import (
    OPEN_STATUSES,
    Complaint,
    ComplaintNumberSeries,
    Decision,
    Level,
    Route,
    Status,
    Subject,
)
from .history import ActorRole, Attachment, AttachmentType, ComplaintEvent, EventKind

__all__ = [
    "ActorRole",
    "Attachment",
    "AttachmentType",
    "Complaint",
    "ComplaintEvent",
    "ComplaintNumberSeries",
    "Decision",
    "EventKind",
    "OPEN_STATUSES",
    "Level",
    "Route",
    "Status",
    "Subject",
]
