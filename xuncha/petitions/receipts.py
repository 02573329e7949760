"""Receipt codes (查询码) of public petitions: 85 random bits, typed easily, checked, stored only as a keyed hash.

A code is 17 symbols of Crockford's base32 (no I, L, O, U: nothing to confuse) and one Luhn mod 32 check symbol,
shown in three groups of six: ``7K2M9Q-XH4D1R-B8ZC3W``. Typing is forgiving (lower case, spaces, dashes, O for 0,
I and L for 1); a mistyped symbol or two swapped neighbours fail the check before any lookup, so a typo says so
and never finds another petition. The database keeps ``HMAC-SHA256(key, code)`` only: a stolen table gives no
code, and without the key no code can be tested offline.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_SYMBOLS = 17  # 17 × 5 = 85 bits
GROUP = 6
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _check_symbol(data: str) -> str:
    """Luhn mod N (N = 32) over ``data``: catches every single substitution and most adjacent swaps."""
    factor, total = 2, 0
    for char in reversed(data):
        addend = factor * _VALUE[char]
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def new_code() -> str:
    """A fresh code, grouped for display (shown to the petitioner once, never stored)."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_SYMBOLS))
    raw = data + _check_symbol(data)
    return "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))


def normalize(typed: str) -> str | None:
    """The code's 18 symbols, or None when ``typed`` is not a well-formed code with a right check symbol."""
    raw = "".join(typed.split()).replace("-", "").upper().translate(_ALIASES)
    if len(raw) != DATA_SYMBOLS + 1 or any(c not in _VALUE for c in raw):
        return None
    return raw if _check_symbol(raw[:-1]) == raw[-1] else None


def digest(code: str) -> str:
    """The keyed hash stored for a (normalized) code."""
    key = hashlib.sha256(b"xuncha-petition-receipt:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()
