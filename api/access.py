"""Who is calling and what they may do: ``Authorization: Api-Key KEY``, scopes, per-key rate limits.

No key → 401; a key without the endpoint's scope → 403; over the key's requests per minute → 429 with
``Retry-After``. The counters live in the cache — Redis in production — so every web process shares them.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions, throttling

from .keys import api_key_find, api_key_touch
from .models import ApiKey

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None  # → 401 "not authenticated" (authenticate_header makes it a 401, not a 403)
        keyword, _space, raw_key = header.partition(" ")
        if keyword != KEYWORD or not raw_key.strip():
            raise exceptions.AuthenticationFailed(_("Send the key as “Authorization: Api-Key KEY”."))
        api_key = api_key_find(raw_key.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("The API key is unknown or revoked."))
        api_key_touch(api_key)
        return (ApiClient(api_key), api_key)

    def authenticate_header(self, request):
        return KEYWORD


class ApiClient:
    """``request.user`` for a system client: authenticated, never staff."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key
        self.pk = None

    def __str__(self):
        return f"API key {self.api_key.name} ({self.api_key.prefix})"


class HasScope(permissions.BasePermission):
    """The view names its scope in ``required_scope``; the key must hold it."""

    message = _("This API key does not have the scope this endpoint needs.")

    def has_permission(self, request, view):
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return False
        return api_key.has_scope(view.required_scope)


class KeyRateThrottle(throttling.BaseThrottle):
    """A fixed one-minute window per key: at most ``rate_limit_per_minute`` requests in it."""

    WINDOW = 60

    def allow_request(self, request, view):
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return True  # 401 comes first
        now = time.time()
        window = int(now // self.WINDOW)
        counter = f"api-rate:{api_key.pk}:{window}"
        cache.add(counter, 0, timeout=self.WINDOW * 2)
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.set(counter, 1, timeout=self.WINDOW * 2)
            count = 1
        self._wait = (window + 1) * self.WINDOW - now
        return count <= api_key.rate_limit_per_minute

    def wait(self):
        return max(1, round(self._wait))
