"""Field encryption at rest with AES-256-GCM (AEAD, SEC-25); the key lives outside the database."""

from __future__ import annotations

import base64
import hashlib
import os
from functools import cache
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

PREFIX = "gcm1:"


@cache
def _aead() -> AESGCM:
    # Derive exactly 32 bytes whatever the length of the configured secret.
    key = hashlib.sha256(settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    return AESGCM(key)


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = _aead().encrypt(nonce, plaintext.encode(), None)
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        return token
    raw = base64.b64decode(token[len(PREFIX) :])
    return _aead().decrypt(raw[:12], raw[12:], None).decode()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; it cannot be searched or ordered in SQL, by design."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value))
