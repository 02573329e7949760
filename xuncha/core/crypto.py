"""Field encryption at rest (SEC-25, SEC-31, SEC-39; docs/security.md, ADR-0019).

A value is sealed with an AEAD cipher chosen per deployment — AES-256-GCM (default) or SM4-GCM (GB/T 32907) —
under the *current* key of a key ring that lives outside the database (the environment and ``var/keys/field/``).
The stored text names the cipher and the key id, so older keys and the other cipher stay readable::

    xc2:<cipher>:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>

The associated data binds the value to its column (``xc2|cipher|key id|table.column``): a ciphertext copied into
another column, or with its cipher or key id edited, fails to decrypt (``DecryptionError``), as does any change
to its bytes. Values written before key ids existed (``gcm1:``: AES-256-GCM under SHA-256 of
``FIELD_ENCRYPTION_KEY``, no associated data) and rows written before a column was encrypted (no prefix) are read
as they are; ``manage.py rotate_field_keys`` re-seals both with the current key.

Private files are sealed with the same ring and cipher (``encrypt_bytes``/``decrypt_bytes``, used by
``xuncha.core.files.PrivateFileSystemStorage``).

Key material is derived per cipher and key id with HKDF (SHA-256 for AES, SM3 for SM4), so one secret never
serves as two keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.apps import apps
from django.conf import settings
from django.core import validators
from django.core.checks import CheckMessage, Error, register
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

PREFIX = "gcm1:"  # the first format: AES-256-GCM, one key, no key id, no associated data
PREFIX_V2 = "xc2:"
LEGACY_KEY_ID = "k0"  # FIELD_ENCRYPTION_KEY, the ring's first key
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
NONCE_BYTES = 12
TAG_BYTES = 16
CURRENT_FILE = "current"
KEY_SUFFIX = ".key"
MIN_SECRET_CHARS = 32
# How often a process looks at var/keys/field/ for keys another process added (rotation without restarts).
RELOAD_SECONDS = 1.0


class CryptoError(Exception):
    """The key ring or the cipher setting is unusable; the message (Chinese) says what to fix."""


class DecryptionError(Exception):
    """A stored value does not decrypt: altered, copied from another column, or its key is not in the ring."""


@dataclass(frozen=True)
class Suite:
    """One AEAD cipher of the suite: its setting name, its short code in stored values, its key length and the
    hash its keys are derived with."""

    name: str
    code: str
    key_bytes: int
    kdf_hash: type[hashes.HashAlgorithm]

    def seal(self, key: bytes, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        if self.code == "a256":
            return AESGCM(key).encrypt(nonce, data, aad)
        encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        return encryptor.update(data) + encryptor.finalize() + encryptor.tag

    def open(self, key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
        if self.code == "a256":
            return AESGCM(key).decrypt(nonce, sealed, aad)
        if len(sealed) < TAG_BYTES:
            raise InvalidTag
        body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag, min_tag_length=TAG_BYTES)).decryptor()
        decryptor.authenticate_additional_data(aad)
        return decryptor.update(body) + decryptor.finalize()


AES_256_GCM = Suite("aes-256-gcm", "a256", 32, hashes.SHA256)
SM4_GCM = Suite("sm4-gcm", "sm4", 16, hashes.SM3)
CIPHERS = {c.name: c for c in (AES_256_GCM, SM4_GCM)}
CIPHER_CODES = {c.code: c for c in CIPHERS.values()}


@dataclass
class KeyRing:
    """Key id → secret (text, as configured), the current key id and the cipher new values are sealed with."""

    keys: dict[str, str]
    current: str
    cipher: Suite
    sources: dict[str, str] = field(default_factory=dict)  # key id → where it came from (for messages)
    _derived: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False)

    def key(self, cipher: Suite, key_id: str) -> bytes:
        derived = self._derived.get((cipher.code, key_id))
        if derived is None:
            secret = self.keys[key_id].encode()
            info = f"xuncha-field-key|{cipher.name}|{key_id}".encode()
            derived = HKDF(algorithm=cipher.kdf_hash(), length=cipher.key_bytes, salt=None, info=info).derive(secret)
            self._derived[(cipher.code, key_id)] = derived
        return derived


def _keys_dir() -> Path:
    return Path(settings.FIELD_ENCRYPTION_KEYS_DIR)


def _dir_stamp() -> int:
    try:
        return os.stat(_keys_dir()).st_mtime_ns
    except FileNotFoundError:
        return 0


def load_keyring() -> KeyRing:
    """Read the ring from the settings, the environment and ``var/keys/field/``; raises ``CryptoError``."""
    keys = {LEGACY_KEY_ID: str(settings.FIELD_ENCRYPTION_KEY)}
    sources = {LEGACY_KEY_ID: "XUNCHA_FIELD_KEY / var/field_key"}
    directory = _keys_dir()
    current = str(settings.FIELD_ENCRYPTION_KEY_ID or "")
    if directory.is_dir():
        for path in sorted(directory.glob("*" + KEY_SUFFIX)):
            keys[path.name.removesuffix(KEY_SUFFIX)] = path.read_text().strip()
            sources[path.name.removesuffix(KEY_SUFFIX)] = str(path)
        if not current and (directory / CURRENT_FILE).is_file():
            current = (directory / CURRENT_FILE).read_text().strip()
    for key_id, secret in dict(settings.FIELD_ENCRYPTION_KEYS).items():
        keys[key_id] = secret  # the environment wins over a file of the same id
        sources[key_id] = "XUNCHA_FIELD_KEYS"
    current = current or LEGACY_KEY_ID
    for key_id, secret in keys.items():
        if not KEY_ID.match(key_id):
            raise CryptoError(f"字段加密密钥编号 {key_id!r} 不合规（只能是 1–32 个字母、数字、- 或 _）："
                              f"{sources[key_id]}。")
        if len(secret) < MIN_SECRET_CHARS:
            raise CryptoError(f"字段加密密钥 {key_id} 过短（至少 {MIN_SECRET_CHARS} 个字符的随机串）："
                              f"{sources[key_id]}。")
    if current not in keys:
        raise CryptoError(f"当前字段加密密钥 {current} 不在密钥环中"
                          f"（XUNCHA_FIELD_KEY_ID 或 {directory / CURRENT_FILE}）。")
    cipher = CIPHERS.get(str(settings.FIELD_ENCRYPTION_ALGORITHM))
    if cipher is None:
        raise CryptoError(f"不支持的字段加密算法 {settings.FIELD_ENCRYPTION_ALGORITHM!r}"
                          f"（XUNCHA_FIELD_CIPHER 可选：{'、'.join(CIPHERS)}）。")
    return KeyRing(keys, current, cipher, sources)


_lock = threading.Lock()
_state: dict[str, Any] = {"ring": None, "stamp": 0, "checked": 0.0}


def keyring(*, refresh: bool = False) -> KeyRing:
    """The ring of this process; re-read when ``var/keys/field/`` changed (looked at once a second), so a key
    added by ``rotate_field_keys`` in another process is known here without a restart."""
    now = time.monotonic()
    with _lock:
        ring: KeyRing | None = _state["ring"]
        if ring is None or refresh or now - _state["checked"] >= RELOAD_SECONDS:
            stamp = _dir_stamp()
            _state["checked"] = now
            if ring is None or refresh or stamp != _state["stamp"]:
                ring = load_keyring()
                _state["ring"], _state["stamp"] = ring, stamp
        return ring


def reload_keys() -> None:
    """Forget the ring (tests, restore): the next use reads it again."""
    with _lock:
        _state["ring"] = None
    _legacy_aead.cache_clear()


@receiver(setting_changed)
def _settings_changed(setting: str, **kwargs: Any) -> None:
    if setting.startswith("FIELD_ENCRYPTION_"):
        reload_keys()


@cache
def _legacy_aead() -> AESGCM:
    # The gcm1 format derived exactly 32 bytes whatever the length of the configured secret.
    return AESGCM(hashlib.sha256(str(settings.FIELD_ENCRYPTION_KEY).encode()).digest())


def _aad(cipher: Suite, key_id: str, context: str) -> bytes:
    return f"xc2|{cipher.code}|{key_id}|{context}".encode()


@dataclass(frozen=True)
class Envelope:
    """What the header of a stored value says: its format, cipher and key id."""

    format: str  # "xc2", "gcm1" or "plain"
    cipher: str = ""
    key_id: str = ""


def envelope(token: str) -> Envelope:
    if token.startswith(PREFIX_V2):
        parts = token.split(":", 3)
        suite = CIPHER_CODES.get(parts[1]) if len(parts) == 4 else None
        return Envelope("xc2", suite.name if suite else "?", parts[2] if len(parts) == 4 else "?")
    if token.startswith(PREFIX):
        return Envelope("gcm1", AES_256_GCM.name, LEGACY_KEY_ID)
    return Envelope("plain")


def encrypt(plaintext: str, context: str = "") -> str:
    """Seal ``plaintext`` with the current cipher and key, bound to ``context`` (``table.column`` for fields)."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.cipher.seal(ring.key(ring.cipher, ring.current), nonce, plaintext.encode(),
                              _aad(ring.cipher, ring.current, context))
    return f"{PREFIX_V2}{ring.cipher.code}:{ring.current}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, context: str = "") -> str:
    """The plain text of a stored value; text without a known prefix is returned as it is (rows written before
    the column was encrypted). Raises ``DecryptionError`` on any alteration, another column's value or an
    unknown key — never returns a wrong plain text."""
    if token.startswith(PREFIX_V2):
        return _decrypt_v2(token, context)
    if not token.startswith(PREFIX):
        return token
    try:
        raw = base64.b64decode(token[len(PREFIX):], validate=True)
        return _legacy_aead().decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None).decode()
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError(f"加密字段 {context or '（未指明）'} 的旧格式密文无法解密："
                              "已被篡改或密钥 k0 不符。") from exc


def _decrypt_v2(token: str, context: str) -> str:
    parts = token.split(":", 3)
    where = context or "（未指明）"
    if len(parts) != 4 or parts[1] not in CIPHER_CODES:
        raise DecryptionError(f"加密字段 {where} 的密文格式不符（算法标识 {parts[1] if len(parts) > 1 else ''!r}）。")
    cipher, key_id = CIPHER_CODES[parts[1]], parts[2]
    ring = keyring()
    if key_id not in ring.keys:
        ring = keyring(refresh=True)  # a key another process has just added
        if key_id not in ring.keys:
            raise DecryptionError(f"加密字段 {where} 使用的密钥 {key_id} 不在密钥环中："
                                  "请恢复该密钥（见 docs/security.md）。")
    try:
        raw = base64.b64decode(parts[3], validate=True)
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise ValueError("too short")
        plain = cipher.open(ring.key(cipher, key_id), raw[:NONCE_BYTES], raw[NONCE_BYTES:],
                            _aad(cipher, key_id, context))
        return plain.decode()
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError(f"加密字段 {where} 的密文无法通过完整性校验（{cipher.name}，密钥 {key_id}）："
                              "已被篡改、来自其他字段或密钥不符。") from exc


def is_sealed(stored: str | None) -> bool:
    """Whether a value read from the database (raw SQL) is a sealed value of any known format, not plain text;
    for tests that look at the raw columns."""
    return bool(stored) and envelope(str(stored)).format != "plain"


def is_current(token: str | None) -> bool:
    """Whether a stored value is empty or already sealed with the current cipher and key."""
    if not token:
        return True
    ring = keyring()
    return token.startswith(f"{PREFIX_V2}{ring.cipher.code}:{ring.current}:")


def reseal(token: str, context: str) -> str:
    """The value re-sealed with the current cipher and key (plain text of older rows gets sealed)."""
    return encrypt(decrypt(token, context), context)


# ---- Files -------------------------------------------------------------------------------------------------------
# A stored file is ``xc2f:<cipher>:<key id>:`` followed by nonce ‖ ciphertext ‖ tag (one AEAD message: uploads are
# capped at a few tens of MB). The associated data names the format, cipher and key id; a file is not bound to
# its name (the storage may pick another name while saving), so swapping two files' bytes goes unnoticed here.

FILE_PREFIX = b"xc2f:"
FILE_CONTEXT = "private-file"
FILE_HEADER_MAX = len(FILE_PREFIX) + 4 + 1 + 32 + 1  # prefix, cipher code, key id and their separators


def _file_aad(cipher: Suite, key_id: str) -> bytes:
    return f"xc2f|{cipher.code}|{key_id}|{FILE_CONTEXT}".encode()


def encrypt_bytes(data: bytes) -> bytes:
    """Seal a file's content with the current cipher and key."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.cipher.seal(ring.key(ring.cipher, ring.current), nonce, data, _file_aad(ring.cipher, ring.current))
    return FILE_PREFIX + f"{ring.cipher.code}:{ring.current}:".encode() + nonce + sealed


def file_envelope(head: bytes) -> tuple[Envelope, int]:
    """What the first bytes of a stored file say, and the length of its header (0 for a plain file)."""
    if not head.startswith(FILE_PREFIX):
        return Envelope("plain"), 0
    parts = head[len(FILE_PREFIX):FILE_HEADER_MAX].split(b":", 2)
    if len(parts) != 3 or parts[0].decode(errors="replace") not in CIPHER_CODES:
        return Envelope("xc2f", "?", "?"), -1
    code, key_id = parts[0].decode(), parts[1].decode(errors="replace")
    return Envelope("xc2f", CIPHER_CODES[code].name, key_id), len(FILE_PREFIX) + len(parts[0]) + len(parts[1]) + 2


def decrypt_bytes(blob: bytes, name: str = "") -> bytes:
    """A stored file's content; files stored before encryption (no header) are returned as they are. Raises
    ``DecryptionError`` on any alteration or an unknown key."""
    env, header = file_envelope(blob[:FILE_HEADER_MAX])
    if env.format == "plain":
        return blob
    where = name or "（未指明）"
    if header < 0:
        raise DecryptionError(f"文件 {where} 的加密头格式不符。")
    cipher, key_id = CIPHERS[env.cipher], env.key_id
    ring = keyring()
    if key_id not in ring.keys:
        ring = keyring(refresh=True)
        if key_id not in ring.keys:
            raise DecryptionError(f"文件 {where} 使用的密钥 {key_id} 不在密钥环中："
                                  "请恢复该密钥（见 docs/security.md）。")
    body = blob[header:]
    try:
        if len(body) < NONCE_BYTES + TAG_BYTES:
            raise ValueError("too short")
        return cipher.open(ring.key(cipher, key_id), body[:NONCE_BYTES], body[NONCE_BYTES:],
                           _file_aad(cipher, key_id))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(f"文件 {where} 无法通过完整性校验（{cipher.name}，密钥 {key_id}）："
                              "已被篡改或密钥不符。") from exc


def file_is_current(head: bytes) -> bool:
    ring = keyring()
    return head.startswith(FILE_PREFIX + f"{ring.cipher.code}:{ring.current}:".encode())


def sealed_overhead(head: bytes) -> int:
    """How many bytes a stored file has beyond its content (0 for a plain file)."""
    env, header = file_envelope(head)
    return 0 if env.format == "plain" or header < 0 else header + NONCE_BYTES + TAG_BYTES


# ---- Keys on disk ----------------------------------------------------------------------------------------------

def new_key_id() -> str:
    return "k" + time.strftime("%Y%m%d%H%M%S", time.gmtime())


def generate_key(key_id: str | None = None) -> str:
    """Write a new random key to ``var/keys/field/<id>.key`` (0600, never overwriting) and make it current;
    returns its id. Refused when the environment names the current key (it would not take effect)."""
    if settings.FIELD_ENCRYPTION_KEY_ID:
        raise CryptoError("当前密钥由环境变量 XUNCHA_FIELD_KEY_ID 指定：请在环境中加入新密钥（XUNCHA_FIELD_KEYS）"
                          "并改 XUNCHA_FIELD_KEY_ID，再运行 rotate_field_keys。")
    key_id = key_id or new_key_id()
    ring = keyring(refresh=True)
    if not KEY_ID.match(key_id) or key_id in ring.keys:
        raise CryptoError(f"密钥编号 {key_id!r} 不合规或已存在。")
    directory = _keys_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_secret(directory / (key_id + KEY_SUFFIX), secrets.token_urlsafe(32), exclusive=True)
    set_current(key_id)
    return key_id


def write_secret(path: Path, value: str, *, exclusive: bool = False) -> None:
    """Write a key file readable by the service account only; atomically unless ``exclusive`` (new file)."""
    if exclusive:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(value)
        return
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    os.replace(tmp, path)


def set_current(key_id: str) -> None:
    directory = _keys_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_secret(directory / CURRENT_FILE, key_id)
    reload_keys()


def file_keys() -> dict[str, str]:
    """The keys kept in ``var/keys/field/`` (what a key backup must carry besides ``FIELD_ENCRYPTION_KEY``)."""
    directory = _keys_dir()
    if not directory.is_dir():
        return {}
    return {p.name.removesuffix(KEY_SUFFIX): p.read_text().strip() for p in sorted(directory.glob("*" + KEY_SUFFIX))}


def current_file() -> str:
    path = _keys_dir() / CURRENT_FILE
    return path.read_text().strip() if path.is_file() else ""


# ---- Fields ------------------------------------------------------------------------------------------------------

class EncryptedTextField(models.TextField):
    """A text column stored encrypted and bound to its table and column; it cannot be searched or ordered in SQL,
    by design. Renaming its table or column needs the values re-sealed (they are bound to the old name)."""

    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value, self.context())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value), self.context())


class EncryptedCharField(EncryptedTextField):
    """A short encrypted value (a telephone number, an identity number): validated and edited like a CharField of
    ``max_length`` characters of *plain* text; the column is text, since the sealed value is longer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every concrete model with encrypted columns of its own table, and those fields."""
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        found = [f for f in opts.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if found:
            yield model, found


@register()
def check_keyring(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The key ring and the cipher setting must be usable before the system starts."""
    try:
        keyring(refresh=True)
    except (CryptoError, OSError) as exc:
        return [Error(str(exc), hint="docs/security.md, 密钥管理", id="xuncha.E010")]
    return []
