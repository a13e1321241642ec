"""The staff second factor: a TOTP code from an authenticator app (django-otp's TOTP devices).

It is required for a staff member when ``STAFF_TOTP_REQUIRED`` is on (production default) or once the
staff member has enrolled a device (their own choice, then always asked). Citizens never need it: they log
in with an SMS code or EDS, which are already a second factor (R4, A1.10).
"""

from __future__ import annotations

import segno
from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


def totp_required(user) -> bool:
    if not (user.is_authenticated and user.is_staff):
        return False
    return settings.STAFF_TOTP_REQUIRED or user_has_device(user, confirmed=True)


def needs_second_factor(request) -> bool:
    """A staff page asked for by a staff member who must, but did not yet, give a TOTP code."""
    if not request.path.startswith(settings.STAFF_TOTP_PATH_PREFIXES):
        return False
    if request.path.startswith(("/admin/login/", "/admin/logout/", "/admin/jsi18n/")):
        return False
    user = getattr(request, "user", None)
    if user is None or not totp_required(user):
        return False
    return not user.is_verified()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: its secret stays the same until it is confirmed with a code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG (no script, no data: URL: the CSP stays strict)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)
