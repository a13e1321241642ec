"""Server-side limits on authentication, kept in the cache (Redis in production, shared by every process).

- Rate limits count attempts in fixed windows (``settings.AUTH_RATE_LIMITS``: attempts per seconds). The
  window is derived from the clock, so the answer can say exactly when to try again.
- Cooldowns hold back a repeated action (re-sending a code) for a number of seconds.

Keys hold a keyed digest of the IIN or the address, never the value itself.
"""

import math

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = retry_after


def subject_digest(value: str) -> str:
    """A keyed digest of an IIN or address: stable for lookups, useless to anyone without SECRET_KEY."""
    return salted_hmac("insurance.auth.subject", value, algorithm="sha256").hexdigest()


def rate_limit_hit(scope: str, value: str | None) -> None:
    """Count one attempt for ``value`` in ``scope``; raise RateLimited once over the limit."""
    if not value:
        return
    limit, seconds = settings.AUTH_RATE_LIMITS[scope]
    now = int(timezone.now().timestamp())
    window = now // seconds
    key = f"auth:rl:{scope}:{subject_digest(value)}:{window}"
    cache.add(key, 0, timeout=seconds + 60)
    try:
        count = cache.incr(key)  # atomic on Redis: concurrent requests cannot both slip under the limit
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=seconds + 60)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=(window + 1) * seconds - now)


def cooldown_start(scope: str, value: str, seconds: int) -> int:
    """Start a cooldown for ``value``; return 0 if it started, else the seconds left of the running one."""
    now = timezone.now().timestamp()
    key = f"auth:cd:{scope}:{subject_digest(value)}"
    if cache.add(key, now, timeout=seconds):
        return 0
    started = cache.get(key)
    if started is None or now - started >= seconds:
        cache.set(key, now, timeout=seconds)
        return 0
    return max(1, math.ceil(seconds - (now - started)))


def cooldown_remaining(scope: str, value: str, seconds: int) -> int:
    started = cache.get(f"auth:cd:{scope}:{subject_digest(value)}")
    if started is None:
        return 0
    return max(0, math.ceil(seconds - (timezone.now().timestamp() - started)))


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry our own proxies appended to X-Forwarded-For.

    Only the last ``CLIENT_IP_PROXY_COUNT`` entries are trusted: anything further left was written by the
    client and could be forged to dodge the per-address limits.
    """
    proxies = settings.CLIENT_IP_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
