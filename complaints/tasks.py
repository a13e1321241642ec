"""Celery tasks: thin, idempotent, each calls one service (CONVENTIONS 3)."""

from celery import shared_task

from complaints import services
from insurance.sms import SmsError


@shared_task(bind=True, max_retries=8, default_retry_delay=60, retry_backoff=True)
def deliver_event_notification(self, event_id: int) -> bool:
    """The SMS or e-mail a complaint history entry calls for; sent once (see ``event_notify``)."""
    try:
        return services.event_notify(event_id=event_id)
    except (SmsError, OSError) as error:
        raise self.retry(exc=error) from error


@shared_task
def enforce_deadlines() -> dict:
    """Celery beat runs this every few minutes; ``manage.py enforce_deadlines`` runs it once."""
    result = services.complaints_enforce()
    return {
        "forwarded": len(result.forwarded),
        "overdue": len(result.overdue),
        "reminded": len(result.reminded),
    }
