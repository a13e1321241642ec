"""Spent one-time passwords and challenges are deleted a day after they expire."""

from datetime import date

import pytest
from django.conf import settings

from insurance.auth.eds import eds_challenge_issue
from insurance.auth.otp import otp_issue
from insurance.auth.tasks import purge_auth_records
from insurance.identifiers import make_iin
from insurance.models import OneTimePassword, SignatureChallenge


@pytest.mark.django_db
def test_records_expired_over_a_day_ago_are_deleted_and_fresh_ones_kept(time_machine):
    time_machine.move_to("2026-03-01 10:00:00+05:00", tick=False)
    otp_issue(iin=make_iin(date(1977, 7, 7), serial=777), purpose="login", client_ip=None)
    eds_challenge_issue(purpose="login")
    time_machine.move_to("2026-03-02 10:06:00+05:00", tick=False)
    otp_issue(iin=make_iin(date(1978, 8, 8), serial=778), purpose="login", client_ip=None)
    eds_challenge_issue(purpose="request")

    assert purge_auth_records() == 2
    assert purge_auth_records() == 0  # running again does no harm
    assert OneTimePassword.objects.count() == 1 and SignatureChallenge.objects.get().purpose == "request"


def test_the_purge_runs_daily_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["auth-purge-spent-records"]
    assert entry["task"] == "insurance.auth.tasks.purge_auth_records"
    assert "insurance.auth.tasks" in settings.CELERY_IMPORTS
