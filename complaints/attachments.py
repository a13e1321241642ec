"""Checking the files a citizen attaches: PDF, JPEG or PNG by their content, within the size and count limits.

The browser's content type and the file name are what the citizen says; the first bytes are what the file
is. A renamed executable or HTML page is refused whatever it is called.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, UnidentifiedImageError

from complaints.models import AttachmentType

MAGIC = (
    (b"%PDF-", AttachmentType.PDF),
    (b"\xff\xd8\xff", AttachmentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG),
)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(head: bytes) -> str | None:
    """The attachment type the leading bytes show, or None."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def _image_is_whole(data: bytes, content_type: str) -> bool:
    try:
        with Image.open(BytesIO(data)) as image:
            image.verify()
            return Image.MIME.get(image.format) == content_type
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def check_file(uploaded) -> CheckedFile:
    """Read one uploaded file and return it checked, or raise ValidationError in the user's language."""
    name = (getattr(uploaded, "name", "") or "file").rsplit("/", 1)[-1][:255]
    limit = settings.COMPLAINT_ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)},
            code="too_big",
        )
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if not data:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if len(data) > limit:  # the declared size was wrong
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)},
            code="too_big",
        )
    content_type = sniff(data[:16])
    if content_type is None or (
        content_type != AttachmentType.PDF and not _image_is_whole(data, content_type)
    ):
        raise ValidationError(
            _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name}, code="wrong_type"
        )
    return CheckedFile(name=name, content_type=content_type, data=data)


def check_files(files) -> list[CheckedFile]:
    """All the files of one complaint: every file is checked and every problem reported at once."""
    files = list(files)
    limit = settings.COMPLAINT_ATTACHMENT_MAX_COUNT
    if len(files) > limit:
        raise ValidationError(
            ngettext(
                "You can attach at most %(limit)d file.", "You can attach at most %(limit)d files.", limit
            )
            % {"limit": limit},
            code="too_many",
        )
    checked, errors = [], []
    for uploaded in files:
        try:
            checked.append(check_file(uploaded))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked
