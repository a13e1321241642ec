"""IIN and BIN: the 12-digit identifiers of individuals and legal entities.

Both end in a mod-11 check digit: weights 1..11 over the first eleven digits; when the remainder is 10,
the weights 3..11,1,2 are tried; a second 10 means the number can never be valid. An IIN starts with the
birth date YYMMDD and its 7th digit gives century and sex (1–2: 1800s, 3–4: 1900s, 5–6: 2000s; odd male).
A BIN starts with the registration year and month, and its 5th digit is the entity type (4–6).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
FALLBACK_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURY_BY_DIGIT = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
BIN_ENTITY_TYPES = {"4", "5", "6"}


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None when no check digit can exist."""
    digits = [int(c) for c in first_eleven]
    for weights in (WEIGHTS, FALLBACK_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _has_valid_check_digit(value: str) -> bool:
    return check_digit(value[:11]) == int(value[11])


def _require_twelve_digits(value) -> str:
    if not isinstance(value, str) or len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("Must be exactly 12 digits."), code="format")
    return value


def iin_birth_date(iin: str) -> date | None:
    """The birth date encoded in an IIN, or None if the IIN does not encode a real date."""
    century = CENTURY_BY_DIGIT.get(iin[6:7])
    if century is None:
        return None
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def validate_iin(value) -> str:
    """Raise ValidationError unless ``value`` is a well-formed IIN; return it."""
    value = _require_twelve_digits(value)
    if value[6] not in CENTURY_BY_DIGIT:
        raise ValidationError(_("The 7th digit of an IIN must be 1 to 6 (century and sex)."), code="century")
    if iin_birth_date(value) is None:
        raise ValidationError(
            _("The first six digits of an IIN must be a real birth date."), code="birth_date"
        )
    if not _has_valid_check_digit(value):
        raise ValidationError(_("The check digit does not match: the IIN has a typo."), code="checksum")
    return value


def validate_bin(value) -> str:
    """Raise ValidationError unless ``value`` is a well-formed BIN; return it."""
    value = _require_twelve_digits(value)
    if not 1 <= int(value[2:4]) <= 12:
        raise ValidationError(_("Digits 3–4 of a BIN must be a month."), code="month")
    if value[4] not in BIN_ENTITY_TYPES:
        raise ValidationError(_("The 5th digit of a BIN must be 4, 5 or 6."), code="entity_type")
    if not _has_valid_check_digit(value):
        raise ValidationError(_("The check digit does not match: the BIN has a typo."), code="checksum")
    return value


def is_iin(value) -> bool:
    try:
        validate_iin(value)
    except ValidationError:
        return False
    return True


def is_bin(value) -> bool:
    try:
        validate_bin(value)
    except ValidationError:
        return False
    return True


def validate_payer_id(value) -> str:
    """A payer is identified by a BIN (organisations) or an IIN (individuals, sole proprietors)."""
    value = _require_twelve_digits(value)
    if not (is_iin(value) or is_bin(value)):
        raise ValidationError(_("Not a valid BIN or IIN: check the digits."), code="invalid")
    return value


def make_iin(birth: date, *, female: bool = False, serial: int = 1) -> str:
    """Build a valid IIN for a birth date (demo data and tests). Skips serials with no check digit."""
    century_digit = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + int(female)
    while True:
        body = f"{birth:%y%m%d}{century_digit}{serial % 10000:04d}"
        digit = check_digit(body)
        if digit is not None:
            return f"{body}{digit}"
        serial += 1


def make_bin(registered: date, *, entity_type: int = 4, serial: int = 1) -> str:
    """Build a valid BIN (demo data and tests)."""
    while True:
        body = f"{registered:%y%m}{entity_type}0{serial % 100000:05d}"
        digit = check_digit(body)
        if digit is not None:
            return f"{body}{digit}"
        serial += 1


def mask_iin(iin: str) -> str:
    """Show an IIN to someone who may know whose it is, but not read it off: 8801******23."""
    return f"{iin[:4]}******{iin[-2:]}" if len(iin) == 12 else "************"
