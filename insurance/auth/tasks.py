"""Periodic clean-up of spent one-time passwords and EDS challenges (Celery beat, daily)."""

from celery import shared_task
from django.utils import timezone

from .services import auth_records_purge


@shared_task(name="insurance.auth.tasks.purge_auth_records")
def purge_auth_records() -> int:
    # Idempotent: it deletes by age only, so a missed or repeated run does no harm.
    return auth_records_purge(now=timezone.now())
