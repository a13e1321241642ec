"""Errors as RFC 9457 problem details (``application/problem+json``), in the client's language.

Every error the API gives — bad input, no key, a missing scope, another key's object, too many requests —
has ``type``, ``title``, ``status``, ``detail`` and ``instance``; bad input also has ``errors``, one entry per
field (``field``, ``pointer`` as a JSON pointer, ``detail``). The language follows ``Accept-Language``
(LocaleMiddleware: kk, ru, en). Bad input is a 4xx, never a 500.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:mshi:api:problem:"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _titles() -> dict[int, tuple[str, str]]:
    # Evaluated per response, so the title is in the language of this request.
    return {
        400: ("invalid-request", _("The request has invalid data")),
        401: ("not-authenticated", _("An API key is needed")),
        403: ("forbidden", _("Not allowed for this API key")),
        404: ("not-found", _("Not found")),
        405: ("method-not-allowed", _("Method not allowed")),
        406: ("not-acceptable", _("The requested response format is not available")),
        409: ("conflict", _("Conflict")),
        413: ("too-large", _("The request is too large")),
        415: ("unsupported-media-type", _("Unsupported media type")),
        429: ("too-many-requests", _("Too many requests")),
    }


def _field_errors(detail, path=()) -> list[dict]:
    """DRF's nested error detail → a flat list, each entry naming its field and JSON pointer."""
    if isinstance(detail, dict):
        return [error for key, value in detail.items() for error in _field_errors(value, (*path, str(key)))]
    if isinstance(detail, list) and detail and all(isinstance(item, (dict, list)) for item in detail):
        return [
            error for index, item in enumerate(detail) for error in _field_errors(item, (*path, str(index)))
        ]
    items = detail if isinstance(detail, list) else [detail]
    field = ".".join(path) if path else None
    return [
        {"field": field, "pointer": "#/" + "/".join(path) if path else "#", "detail": str(item)}
        for item in items
    ]


def problem(status_code: int, *, detail: str, instance: str, errors: list | None = None, headers=None):
    code, title = _titles().get(status_code, ("error", _("Error")))
    body = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status_code, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    patch_vary_headers(response, ["Accept-Language"])
    add_never_cache_headers(response)
    return response


def _validation(exc: exceptions.ValidationError, instance: str):
    errors = _field_errors(exc.detail)
    for error in errors:
        if error["field"] == "non_field_errors":
            error["field"], error["pointer"] = None, "#"
    named = [error["field"] for error in errors if error["field"]]
    if named:
        detail = _("Check these fields: %(fields)s.") % {"fields": ", ".join(dict.fromkeys(named))}
    else:
        detail = errors[0]["detail"] if errors else _("The request has invalid data.")
    return problem(400, detail=detail, instance=instance, errors=errors)


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every error of an API view as a problem document."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a bug, logged and answered 500 by Django
    if isinstance(exc, exceptions.ValidationError):
        return _validation(exc, instance)
    headers = {
        name: value
        for name, value in response.items()
        if name in ("Retry-After", "WWW-Authenticate", "Allow")
    }
    detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail, ensure_ascii=False)
    if isinstance(exc, exceptions.NotFound):
        detail = _("Nothing with this identifier exists for this API key.")
    elif isinstance(exc, exceptions.Throttled):
        detail = _("This API key made too many requests. Try again in %(seconds)s seconds.") % {
            "seconds": headers.get("Retry-After", "60")
        }
    return problem(response.status_code, detail=str(detail), instance=instance, headers=headers)


def not_found(request, *args, **kwargs):
    """Any address under /api/ that does not exist: a 404 problem, not the portal's HTML page."""
    return problem(404, detail=_("There is no such address in the API."), instance=request.path)
