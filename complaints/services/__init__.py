"""Every write to complaints goes through these services (CONVENTIONS 1)."""

from .enforcement import EnforcementResult, complaints_enforce
from .filing import complaint_file, complaint_number_next
from .history import event_append
from .notifications import event_notify
from .review import complaint_assign, complaint_decide, complaint_forward

__all__ = [
    "EnforcementResult",
    "complaint_assign",
    "complaint_decide",
    "complaint_file",
    "complaint_forward",
    "complaint_number_next",
    "complaints_enforce",
    "event_append",
    "event_notify",
]
