"""Complaint test fixtures: named staff on each side, citizens, files of each kind, a filing helper.

Time is frozen on Thursday 19 March 2026, 11:00 in Almaty — the week of Nauryz (21–25 March are off).
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from complaints import services
from complaints.models import Route, Subject
from insurance import roles
from insurance.working_time import ALMATY
from tests.factories import PersonFactory, make_staff

NOW = datetime(2026, 3, 19, 11, 0, tzinfo=ALMATY)
TEXT = "Выписка не показывает взносы за январь 2026 года, хотя они были уплачены."


def at(y, m, d, hh=11, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=ALMATY)


@pytest.fixture
def english():
    """Messages in English, for tests that read them (Kazakh is the default language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def _staff(username, group, **extra):
    return make_staff(username, group, last_name="Reviewer", **extra)


@pytest.fixture
def reviewer(db):
    return _staff("reviewer", roles.FUND_REVIEWERS)


@pytest.fixture
def reviewer2(db):
    return _staff("reviewer2", roles.FUND_REVIEWERS)


@pytest.fixture
def inspector(db):
    return _staff("inspector", roles.BODY_REVIEWERS)


@pytest.fixture
def clerk(db):
    return _staff("clerk", roles.FUND_STAFF)


@pytest.fixture
def citizen(db):
    return PersonFactory(iin="900315401015", last_name="Әбенова", first_name="Айгерім", phone="+77011234501")


@pytest.fixture
def other_citizen(db):
    return PersonFactory(
        iin="850702301020", last_name="Жұмабаев", first_name="Ерлан", phone="+77011234502", language="ru"
    )


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def file_complaint(now):
    """File a complaint through the service (the way the page does)."""

    def _file(
        person, *, route=Route.FUND_HEAD, subject=Subject.DECISION, text=TEXT, submitted_at=None, **kwargs
    ):
        return services.complaint_file(
            person=person, route=route, subject=subject, text=text, submitted_at=submitted_at or now, **kwargs
        )

    return _file
