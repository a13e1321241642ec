"""The page a visitor sees when the server fails: never a traceback, always in the visitor's language.

A database or Redis that cannot be reached (PostgreSQL restarting, a failover) is a temporary outage, not a
bug: the answer is ``503 Service Unavailable`` with ``Retry-After``, and the next request after the service
is back succeeds on a fresh connection (``CONN_HEALTH_CHECKS``), with no restart of the web process. Anything
else is a plain 500. The traceback goes to the log (``django.request``), never to the page.

The page is rendered without the request's context processors, so it needs neither the database nor the
session to draw itself.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError
from django.db import OperationalError as DatabaseUnavailable
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

UNAVAILABLE = (DatabaseUnavailable, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 30


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def server_error(request, template_name: str = "server_error.html"):
    """handler500: called while the exception is being handled, so ``sys.exc_info()`` names it."""
    unavailable = isinstance(sys.exc_info()[1], UNAVAILABLE)
    status = 503 if unavailable else 500
    if unavailable:
        title = _("The service is temporarily unavailable")
        message = _(
            "We could not reach our database for a moment. Nothing you sent has been lost. "
            "Please try again in a minute."
        )
    else:
        title = _("Something went wrong on our side")
        message = _(
            "The error has been recorded and will be looked into. Please try again later; if it happens "
            "again, call the Fund's contact centre 1406."
        )
    if _wants_json(request):
        response = JsonResponse({"detail": str(message)}, status=status)
    else:
        context = {"title": title, "message": message, "status": status}
        response = HttpResponse(render_to_string(template_name, context), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
