"""Document numbers and verification codes.

Both appear in URLs and on paper, so neither is a database id: a number is the issue date and eight random
characters (``ST-20261122-7K3QM9XA``), a verification code sixteen (80 random bits, so codes cannot be
guessed to find documents). Crockford's alphabet leaves out I, L, O and U, which people misread.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
STATEMENT_PREFIX = "ST"
REFUSAL_PREFIX = "RF"
CODE_LENGTH = 16


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def document_number(prefix: str, issued_on) -> str:
    return f"{prefix}-{issued_on:%Y%m%d}-{_random(8)}"


def verification_code() -> str:
    return _random(CODE_LENGTH)


def normalise_code(value: str) -> str:
    """What a person typed or scanned, as stored: upper case, no spaces or dashes, O→0 and I/L→1."""
    cleaned = "".join(value.split()).replace("-", "").upper()
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def grouped(code: str) -> str:
    """XXXX-XXXX-XXXX-XXXX: easier to read aloud and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
