"""Checking an applicant's identity data against the state register of individuals (R6, A1.8 (2)).

The Fund never takes identity data from the applicant: it compares what it holds for the person with the
state register. Which register answers is configuration (``settings.IDENTITY_PROVIDER``):

- ``LocalMirrorProvider`` (the default) reads ``IdentityRecord``, the Fund's local mirror of the register;
- ``HttpGatewayProvider`` asks the e-government gateway over HTTPS (POST, the IIN in the body, never in the
  URL) and expects ``{"found": bool, "last_name", "first_name", "patronymic", "document_valid"}``.

A provider that cannot answer raises ``IdentityUnavailable``: a transient error, the task retries later.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from insurance.models import IdentityRecord, Person

NAME_FIELDS = ("last_name", "first_name", "patronymic")


class IdentityUnavailable(Exception):
    """The register could not be asked right now (network, timeout, gateway error): try again later."""


@dataclass(frozen=True)
class RegisterEntry:
    """What the state register says about one IIN."""

    last_name: str
    first_name: str
    patronymic: str = ""
    document_valid: bool = True


@dataclass(frozen=True)
class IdentityCheck:
    """The outcome of R6: ``matches`` or why not (stable codes, shown translated on the refusal)."""

    matches: bool
    not_found: bool = False
    document_invalid: bool = False
    differing_fields: tuple[str, ...] = field(default_factory=tuple)

    def as_detail(self) -> dict:
        return {
            "matches": self.matches,
            "not_found": self.not_found,
            "document_invalid": self.document_invalid,
            "differing_fields": list(self.differing_fields),
        }


def _normalised(value: str) -> str:
    # Case and spacing are presentation; letters are identity: "Сұлтанов" and "Султанов" differ.
    return " ".join((value or "").split()).casefold()


def compare(person: Person, entry: RegisterEntry | None) -> IdentityCheck:
    """R6: the names the Fund holds must be the register's, and the identity document valid (pure)."""
    if entry is None:
        return IdentityCheck(matches=False, not_found=True)
    differing = tuple(
        name
        for name in NAME_FIELDS
        if _normalised(getattr(person, name)) != _normalised(getattr(entry, name))
    )
    if not entry.document_valid or differing:
        return IdentityCheck(
            matches=False, document_invalid=not entry.document_valid, differing_fields=differing
        )
    return IdentityCheck(matches=True)


class IdentityProvider(Protocol):
    def lookup(self, iin: str) -> RegisterEntry | None: ...


class LocalMirrorProvider:
    """The Fund's mirror of the state register (``IdentityRecord``), kept in sync by a register feed."""

    def lookup(self, iin: str) -> RegisterEntry | None:
        record = IdentityRecord.objects.filter(iin=iin).first()
        if record is None:
            return None
        return RegisterEntry(record.last_name, record.first_name, record.patronymic, record.document_valid)


class HttpGatewayProvider:
    """The e-government gateway adapter: POST {"iin"} with a bearer token to settings.IDENTITY_GATEWAY_URL."""

    def lookup(self, iin: str) -> RegisterEntry | None:
        request = urllib.request.Request(  # noqa: S310 - the URL comes from configuration, https in production
            settings.IDENTITY_GATEWAY_URL,
            data=json.dumps({"iin": iin}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {settings.IDENTITY_GATEWAY_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.IDENTITY_GATEWAY_TIMEOUT) as response:  # noqa: S310
                body = json.loads(response.read(64 * 1024) or b"{}")
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
            raise IdentityUnavailable(f"identity gateway: {error}") from error
        return self._entry(body)

    @staticmethod
    def _entry(body) -> RegisterEntry | None:
        if not isinstance(body, dict) or "found" not in body:
            raise IdentityUnavailable("identity gateway: unexpected answer")
        if not body["found"]:
            return None
        return RegisterEntry(
            last_name=str(body.get("last_name") or ""),
            first_name=str(body.get("first_name") or ""),
            patronymic=str(body.get("patronymic") or ""),
            document_valid=bool(body.get("document_valid", True)),
        )


def identity_provider() -> IdentityProvider:
    return import_string(settings.IDENTITY_PROVIDER)()


def identity_check(person: Person) -> IdentityCheck:
    """R6: compare the person's identity data with the state register (raises IdentityUnavailable)."""
    return compare(person, identity_provider().lookup(person.iin))
