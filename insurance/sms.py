"""Sending SMS through a pluggable backend (settings.SMS_BACKEND).

- ``FileBackend`` (the embedded default): appends each message to a JSON-lines outbox under var/ and logs
  it; in DEBUG the page /dev/outbox/ lists them, so the demo works with no phone.
- ``ConsoleBackend``: logs only.
- ``MemoryBackend`` (tests): keeps messages in ``insurance.sms.outbox``.
- ``HttpGatewayBackend`` (production): POSTs JSON to the operator's gateway; raises ``SmsError`` on failure.

Message texts may contain one-time codes: they are never written to the application log in production.
"""

from __future__ import annotations

import fcntl
import json
import logging
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

outbox: list[SmsMessage] = []


class SmsError(Exception):
    """The message could not be handed to the gateway."""


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str
    sent_at: str


def send_sms(phone: str, text: str) -> SmsMessage:
    message = SmsMessage(phone=phone, text=text, sent_at=timezone.now().isoformat())
    import_string(settings.SMS_BACKEND)().send(message)
    return message


class ConsoleBackend:
    def send(self, message: SmsMessage) -> None:
        logger.info("SMS to %s: %s", message.phone, message.text)


class MemoryBackend:
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


def _outbox_path() -> Path:
    return Path(settings.SMS_OUTBOX_FILE)


class FileBackend(ConsoleBackend):
    def send(self, message: SmsMessage) -> None:
        super().send(message)
        path = _outbox_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # the web process and the worker both write here
            fh.write(json.dumps(asdict(message), ensure_ascii=False) + "\n")


def read_outbox(limit: int = 50) -> list[SmsMessage]:
    """The messages the file backend wrote, newest first."""
    path = _outbox_path()
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()[-limit:]
    return [SmsMessage(**json.loads(line)) for line in reversed(lines) if line.strip()]


class HttpGatewayBackend:
    """POST {"phone", "text"} with a bearer token to settings.SMS_GATEWAY_URL."""

    def send(self, message: SmsMessage) -> None:
        body = json.dumps({"phone": message.phone, "text": message.text}).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL comes from configuration, https in production
            settings.SMS_GATEWAY_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310
                if response.status >= 300:
                    raise SmsError(f"gateway answered {response.status}")
        except (urllib.error.URLError, TimeoutError) as error:
            raise SmsError(str(error)) from error
