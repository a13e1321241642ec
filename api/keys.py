"""API keys: made from 256 random bits, shown once, stored as SHA-256, found by their prefix, revocable.

A key reads ``mshi_<prefix>_<secret>``. SHA-256 is enough for a random 256-bit secret (no dictionary to
guess from); the comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiKey, Scope

KEY_START = "mshi_"


def key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@dataclass(frozen=True)
class NewKey:
    api_key: ApiKey
    raw_key: str  # shown once, never stored


def scope_errors(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        return [_("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}]
    if not scopes:
        return [_("Give the key at least one scope.")]
    return []


@transaction.atomic
def api_key_create(*, name: str, scopes: list[str], rate_limit_per_minute: int = 600) -> NewKey:
    errors = scope_errors(scopes)
    if errors:
        raise ValidationError({"scopes": errors})
    prefix = secrets.token_hex(4)
    raw_key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey(
        name=name,
        prefix=prefix,
        hashed_key=key_hash(raw_key),
        scopes=sorted(set(scopes)),
        rate_limit_per_minute=rate_limit_per_minute,
    )
    api_key.full_clean()
    api_key.save()
    return NewKey(api_key=api_key, raw_key=raw_key)


def api_key_revoke(*, api_key: ApiKey) -> bool:
    """Revoke once; a revoked key stays revoked (its use is refused from the next request on)."""
    return bool(
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )


def api_key_find(raw_key: str) -> ApiKey | None:
    """The active key ``raw_key`` is, or None (unknown, malformed or revoked)."""
    if not raw_key.startswith(KEY_START) or raw_key.count("_") < 2:
        return None
    prefix = raw_key[len(KEY_START) :].split("_", 1)[0]
    api_key = ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if api_key is None or not hmac.compare_digest(api_key.hashed_key, key_hash(raw_key)):
        return None
    return api_key


def api_key_touch(api_key: ApiKey, *, every_seconds: int = 60) -> None:
    """Record the last use, at most once a minute per key (not a write on every request)."""
    now = timezone.now()
    recent = now - timedelta(seconds=every_seconds)
    ApiKey.objects.filter(pk=api_key.pk).exclude(last_used_at__gt=recent).update(last_used_at=now)
