"""Security events for the "insurance.security" logger: masked IIN and client address, never a code."""

import logging

from insurance.identifiers import mask_iin

logger = logging.getLogger("insurance.security")


def security_event(event: str, *, iin: str | None = None, address: str | None = None, **details) -> None:
    """Log one authentication event, e.g. ``otp.wrong_code``; warnings for refusals, info otherwise."""
    level = (
        logging.INFO
        if event.endswith((".sent", ".verified", ".issued", ".login", ".logout"))
        else logging.WARNING
    )
    fields = " ".join(f"{key}={value}" for key, value in sorted(details.items()))
    logger.log(
        level,
        "%s iin=%s address=%s %s",
        event,
        mask_iin(iin) if iin else "-",
        address or "-",
        fields,
    )
