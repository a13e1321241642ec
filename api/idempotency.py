"""``Idempotency-Key`` on POST: a retry with the same key and body gets the first answer again; the same
key with another body is a 409. The first answer is kept in the database with the API key, in the same
transaction as what the request created — so either both exist or neither does.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from .models import IdempotencyRecord
from .problems import Conflict

HEADER = "Idempotency-Key"
MAX_LENGTH = 255
REPLAYED_HEADER = "Idempotent-Replayed"
KEPT_HEADERS = ("Location",)


def fingerprint(request) -> str:
    """The method, the path and the body: JSON compared by value, uploaded files by their SHA-256."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    files = getattr(request, "FILES", {})
    data = {key: value for key, value in request.data.items() if key not in files}
    digest.update(json.dumps(data, sort_keys=True, default=str).encode())
    for name in sorted(files):
        upload = files[name]
        file_digest = hashlib.sha256()
        for chunk in upload.chunks():
            file_digest.update(chunk)
        upload.seek(0)
        digest.update(f"\n{name}:{file_digest.hexdigest()}".encode())
    return digest.hexdigest()


def records_purge(*, now: datetime) -> int:
    """Delete the answers older than ``API_IDEMPOTENCY_HOURS``; returns how many."""
    cutoff = now - timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _header_value(request) -> str | None:
    value = request.headers.get(HEADER)
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_LENGTH:
        raise exceptions.ValidationError(
            {HEADER: [_("Give from 1 to %(max)d characters.") % {"max": MAX_LENGTH}]}
        )
    return value


def _replay(record: IdempotencyRecord, print_: str) -> Response:
    if record.fingerprint != print_:
        raise Conflict(_("This Idempotency-Key was already used with another request body."))
    response = Response(record.body, status=record.status_code)
    for name, value in record.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def idempotent(handler):
    """Wrap a view's ``post``: answer from the record when the key was seen, else run it and keep it."""

    def post(view, request, *args, **kwargs):
        key = _header_value(request)
        if key is None:
            return handler(view, request, *args, **kwargs)
        print_ = fingerprint(request)
        record = IdempotencyRecord.objects.filter(api_key=request.auth, key=key).first()
        if record is not None:
            return _replay(record, print_)
        try:
            with transaction.atomic():
                response = handler(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotencyRecord.objects.create(
                        api_key=request.auth,
                        key=key,
                        fingerprint=print_,
                        status_code=response.status_code,
                        body=response.data,
                        headers={name: response[name] for name in KEPT_HEADERS if name in response},
                    )
        except IntegrityError:
            # Two retries raced: the other one's answer stands, and what this one did was rolled back.
            record = IdempotencyRecord.objects.filter(api_key=request.auth, key=key).first()
            if record is None:
                raise
            return _replay(record, print_)
        return response

    post.__name__ = handler.__name__
    post.__doc__ = handler.__doc__
    return post
