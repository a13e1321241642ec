"""The Celery task that imports a register uploaded in admin: an id in, one service call (CONVENTIONS 3)."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from .uploads import register_import_stored

# A national register (ten million rows) takes minutes, far more than a statement task may; the claim in
# register_import takes back an import left "processing" for longer than importer.STALE_IMPORT.
IMPORT_TIME_LIMIT = 2 * 3600


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=IMPORT_TIME_LIMIT - 60,
    time_limit=IMPORT_TIME_LIMIT,
)
def import_register_file(register_id: int, language: str | None = None) -> str:
    # The error report's reasons in the language of the staff member who uploaded the file.
    with translation.override(language or settings.LANGUAGE_CODE):
        return register_import_stored(register_id=register_id)


def enqueue(register_id: int, language: str | None = None) -> None:
    """Send the import to the register queue (settings.REGISTER_QUEUE; Celery's default queue if empty)."""
    import_register_file.apply_async(args=[register_id, language], queue=settings.REGISTER_QUEUE or None)
