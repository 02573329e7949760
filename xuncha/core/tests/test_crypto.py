"""Field encryption (SEC-31, SEC-39): both ciphers, the key ring, values bound to their column, tamper detection,
the older format, and key rotation by ``manage.py rotate_field_keys``."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms import TextInput
from django.test import RequestFactory

from tests import factories
from xuncha.accounts.models import User
from xuncha.audit.models import AuditEvent
from xuncha.core import crypto, keyrotation
from xuncha.core.crypto import (
    CryptoError,
    DecryptionError,
    EncryptedCharField,
    check_keyring,
    decrypt,
    encrypt,
    envelope,
    generate_key,
    keyring,
)
from xuncha.core.files import PrivateFileSystemStorage, serve_private_file
from xuncha.core.models import BackgroundJob, JobStatus
from xuncha.orgs.models import Person

PersonFactory: Any = factories.PersonFactory
CONTEXT = "orgs_person.id_number"
KEY_1 = "k1-" + "x" * 40
KEY_2 = "k2-" + "y" * 40


@pytest.fixture(autouse=True)
def keys_dir(settings: Any, tmp_path: Path) -> Path:
    """Each test keeps its key files in a directory of its own, never the project's var/keys/field/."""
    settings.FIELD_ENCRYPTION_KEYS_DIR = tmp_path / "field-keys"
    settings.FIELD_ENCRYPTION_KEYS = {}
    settings.FIELD_ENCRYPTION_KEY_ID = ""
    settings.FIELD_ENCRYPTION_ALGORITHM = "aes-256-gcm"
    return Path(settings.FIELD_ENCRYPTION_KEYS_DIR)


def raw(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM orgs_person WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def write_raw(pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_person SET id_number = %s WHERE id = %s", [value, pk])


def legacy_token(plaintext: str, key: str) -> str:
    """A value as the first version stored it: AES-256-GCM under SHA-256 of the key, no associated data."""
    nonce = os.urandom(12)
    sealed = AESGCM(hashlib.sha256(key.encode()).digest()).encrypt(nonce, plaintext.encode(), None)
    return "gcm1:" + base64.b64encode(nonce + sealed).decode()


def flip(token: str, position: int = -5) -> str:
    head, body = token.rsplit(":", 1)
    data = bytearray(base64.b64decode(body))
    data[position] ^= 0x01
    return f"{head}:{base64.b64encode(bytes(data)).decode()}"


# ---- The ciphers and the format -----------------------------------------------------------------------------

@pytest.mark.parametrize(("cipher", "code"), [("aes-256-gcm", "a256"), ("sm4-gcm", "sm4")])
def test_each_cipher_round_trips_and_names_itself_and_the_key(settings: Any, cipher: str, code: str) -> None:
    settings.FIELD_ENCRYPTION_ALGORITHM = cipher
    token = encrypt("410302197001011234", CONTEXT)
    assert token.startswith(f"xc2:{code}:k0:") and "410302197001011234" not in token
    assert envelope(token) == crypto.Envelope("xc2", cipher, "k0")
    assert decrypt(token, CONTEXT) == "410302197001011234"
    assert encrypt("同一明文", CONTEXT) != encrypt("同一明文", CONTEXT)  # a fresh nonce every time


def test_sm4_gcm_is_the_standard_block_cipher() -> None:
    """GB/T 32907-2016 Appendix A.1: key = plaintext = 0123456789abcdeffedcba9876543210."""
    block = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(block), modes.ECB()).encryptor()  # noqa: S305 (a known-answer test)
    assert (encryptor.update(block) + encryptor.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


def test_values_sealed_with_the_other_cipher_stay_readable(settings: Any) -> None:
    aes = encrypt("甲", CONTEXT)
    settings.FIELD_ENCRYPTION_ALGORITHM = "sm4-gcm"
    sm4 = encrypt("乙", CONTEXT)
    assert (decrypt(aes, CONTEXT), decrypt(sm4, CONTEXT)) == ("甲", "乙")


@pytest.mark.parametrize("cipher", ["aes-256-gcm", "sm4-gcm"])
def test_any_altered_byte_or_header_is_detected(settings: Any, cipher: str) -> None:
    settings.FIELD_ENCRYPTION_ALGORITHM = cipher
    settings.FIELD_ENCRYPTION_KEYS = {"k1": KEY_1}
    token = encrypt("谈话记录：某某反映问题", CONTEXT)
    other_cipher = "sm4" if cipher == "aes-256-gcm" else "a256"
    code = token.split(":")[1]
    for altered in (flip(token), flip(token, 0), flip(token, 12), token[:-4] + "AAA=",
                    token.replace(f":{code}:k0:", ":" + other_cipher + ":k0:"),
                    token.replace(":k0:", ":k1:"), "xc2:zzz:k0:" + token.split(":")[3], "xc2:a256:k0"):
        with pytest.raises(DecryptionError):
            decrypt(altered, CONTEXT)


def test_a_value_is_bound_to_its_table_and_column() -> None:
    token = encrypt("410302197001011234", CONTEXT)
    for elsewhere in ("orgs_relative.id_number", "orgs_person.phone", "", "petitions_petition.id_number"):
        with pytest.raises(DecryptionError, match="来自其他字段"):
            decrypt(token, elsewhere)


@pytest.mark.django_db
def test_the_field_stores_only_ciphertext_and_refuses_a_value_copied_from_another_column() -> None:
    person = PersonFactory(id_number="410302197001011234")
    stored = raw(person.pk)
    assert stored.startswith("xc2:a256:k0:") and "1234" not in stored
    assert Person.objects.get(id=person.pk).id_number == "410302197001011234"
    write_raw(person.pk, encrypt("410302197001011234", "orgs_relative.id_number"))
    with pytest.raises(DecryptionError, match=re.escape("orgs_person.id_number")):
        Person.objects.get(id=person.pk)
    write_raw(person.pk, flip(stored))
    with pytest.raises(DecryptionError):
        Person.objects.get(id=person.pk)


@pytest.mark.django_db
def test_older_values_stay_readable(settings: Any) -> None:
    """gcm1 values (first format) and rows written before the column was encrypted."""
    old, plain = PersonFactory(), PersonFactory()
    write_raw(old.pk, legacy_token("410302196501010011", settings.FIELD_ENCRYPTION_KEY))
    write_raw(plain.pk, "410302196501010022")
    assert Person.objects.get(id=old.pk).id_number == "410302196501010011"
    assert Person.objects.get(id=plain.pk).id_number == "410302196501010022"
    write_raw(old.pk, flip(legacy_token("x", settings.FIELD_ENCRYPTION_KEY)))
    with pytest.raises(DecryptionError, match="旧格式"):
        Person.objects.get(id=old.pk)


def test_empty_values_are_stored_as_they_are() -> None:
    field = Person._meta.get_field("id_number")
    assert field.get_prep_value("") == "" and field.get_prep_value(None) is None


# ---- The key ring ------------------------------------------------------------------------------------------

def test_the_ring_holds_the_first_key_the_environments_and_the_files(settings: Any, keys_dir: Path) -> None:
    keys_dir.mkdir()
    (keys_dir / "k2.key").write_text(KEY_2)
    (keys_dir / "current").write_text("k2")
    settings.FIELD_ENCRYPTION_KEYS = {"k1": KEY_1}
    crypto.reload_keys()
    ring = keyring()
    assert set(ring.keys) == {"k0", "k1", "k2"} and ring.current == "k2"
    assert encrypt("x", CONTEXT).startswith("xc2:a256:k2:")
    settings.FIELD_ENCRYPTION_KEY_ID = "k1"  # the environment wins over the file
    assert encrypt("x", CONTEXT).startswith("xc2:a256:k1:")


def test_keys_are_derived_per_cipher_and_id(settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = {"k1": KEY_1}
    ring = keyring()
    derived = {ring.key(c, k) for c in crypto.CIPHERS.values() for k in ("k0", "k1")}
    assert len(derived) == 4 and {len(d) for d in derived} == {16, 32}


def test_older_keys_decrypt_after_the_current_key_changes(settings: Any) -> None:
    under_k0 = encrypt("旧密钥", CONTEXT)
    settings.FIELD_ENCRYPTION_KEYS = {"k1": KEY_1}
    settings.FIELD_ENCRYPTION_KEY_ID = "k1"
    assert encrypt("新密钥", CONTEXT).startswith("xc2:a256:k1:")
    assert decrypt(under_k0, CONTEXT) == "旧密钥"
    under_k1 = encrypt("新密钥", CONTEXT)
    settings.FIELD_ENCRYPTION_KEYS = {}
    settings.FIELD_ENCRYPTION_KEY_ID = ""
    with pytest.raises(DecryptionError, match="密钥 k1 不在密钥环中"):
        decrypt(under_k1, CONTEXT)


def test_a_key_added_by_another_process_is_found_without_a_restart(keys_dir: Path) -> None:
    keyring()  # this process has read the ring
    keys_dir.mkdir()
    (keys_dir / "k7.key").write_text(KEY_1)
    nonce = os.urandom(12)
    ring = crypto.load_keyring()
    sealed = crypto.AES_256_GCM.seal(ring.key(crypto.AES_256_GCM, "k7"), nonce, "另一进程".encode(),
                                     f"xc2|a256|k7|{CONTEXT}".encode())
    token = "xc2:a256:k7:" + base64.b64encode(nonce + sealed).decode()
    assert decrypt(token, CONTEXT) == "另一进程"


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("FIELD_ENCRYPTION_KEY_ID", "k9", "当前字段加密密钥 k9 不在密钥环中"),
    ("FIELD_ENCRYPTION_ALGORITHM", "des", "不支持的字段加密算法"),
    ("FIELD_ENCRYPTION_KEYS", {"k1": "short"}, "字段加密密钥 k1 过短"),
    ("FIELD_ENCRYPTION_KEYS", {"bad id": KEY_1}, "不合规"),
])
def test_an_unusable_ring_stops_the_start(settings: Any, setting: str, value: Any, message: str) -> None:
    setattr(settings, setting, value)
    with pytest.raises(CryptoError, match=message):
        encrypt("x", CONTEXT)
    assert [(m.id, message in m.msg) for m in check_keyring(None)] == [("xuncha.E010", True)]


def test_generate_key_writes_a_private_file_and_makes_it_current(keys_dir: Path) -> None:
    key_id = generate_key("k2026")
    assert key_id == "k2026" and (keys_dir / "current").read_text() == "k2026"
    assert (keys_dir / "k2026.key").stat().st_mode & 0o777 == 0o600
    assert len((keys_dir / "k2026.key").read_text()) >= 43
    assert encrypt("x", CONTEXT).startswith("xc2:a256:k2026:")
    with pytest.raises(CryptoError, match="已存在"):
        generate_key("k2026")


def test_generate_key_is_refused_when_the_environment_names_the_current_key(settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = {"k1": KEY_1}
    settings.FIELD_ENCRYPTION_KEY_ID = "k1"
    with pytest.raises(CryptoError, match="XUNCHA_FIELD_KEY_ID"):
        generate_key()


def test_encrypted_char_field_validates_the_plain_length_and_edits_in_one_line() -> None:
    field = EncryptedCharField("电话", max_length=5)
    field.run_validators("12345")
    with pytest.raises(ValidationError):
        field.run_validators("123456")
    assert isinstance(field.formfield().widget, TextInput)
    assert field.get_internal_type() == "TextField"


# ---- Rotation ------------------------------------------------------------------------------------------------

def _people(settings: Any, n: int = 7) -> dict[int, str]:
    numbers = {PersonFactory(id_number=f"41030219800101{i:04d}").pk: f"41030219800101{i:04d}" for i in range(n)}
    first = min(numbers)
    write_raw(first, legacy_token(numbers[first], settings.FIELD_ENCRYPTION_KEY))
    PersonFactory(id_number="")
    return numbers


@pytest.mark.django_db
def test_rotation_reseals_every_value_with_a_new_key_and_cipher_in_audited_batches(settings: Any) -> None:
    numbers = _people(settings)
    settings.FIELD_ENCRYPTION_ALGORITHM = "sm4-gcm"
    call_command("rotate_field_keys", "--new-key", "k2", "--batch-size", "3")
    for pk, number in numbers.items():
        assert raw(pk).startswith("xc2:sm4:k2:")
        assert Person.objects.get(id=pk).id_number == number
    assert Person.objects.filter(id_number="").count() == 1  # empty stays empty
    batches = AuditEvent.objects.filter(action="crypto.rotate_batch")
    assert batches.count() == 3  # 8 rows in batches of 3
    assert sum(json.loads(e.details)["resealed"] for e in batches) == 7
    assert AuditEvent.objects.filter(action="crypto.key_create").count() == 1
    done = AuditEvent.objects.get(action="crypto.rotate")
    assert json.loads(done.details) | {"tables": None} == {
        "cipher": "sm4-gcm", "key_id": "k2", "resealed": 7, "changed": 0, "tables": None,
        "files": {"resealed": 0, "skipped": 0}}  # the test settings keep files in memory: none on disk
    # A second run finds nothing to do: what is done is never done twice.
    call_command("rotate_field_keys")
    assert AuditEvent.objects.filter(action="crypto.rotate_batch").count() == 3
    last = AuditEvent.objects.filter(action="crypto.rotate").order_by("id").last()
    assert last is not None and json.loads(last.details)["resealed"] == 0


@pytest.mark.django_db
def test_an_interrupted_rotation_keeps_its_committed_batches_and_resumes(settings: Any) -> None:
    numbers = _people(settings)
    pks = sorted(numbers)
    stored = raw(pks[4])
    write_raw(pks[4], flip(stored))  # the second batch (rows 4–6) holds a damaged value
    with pytest.raises(CommandError, match=r"orgs_person\.id_number.*再次运行即可继续"):
        call_command("rotate_field_keys", "--new-key", "k2", "--batch-size", "3")
    assert [raw(pk).split(":")[2] for pk in pks] == ["k2", "k2", "k2", "k0", "k0", "k0", "k0"]
    assert AuditEvent.objects.filter(action="crypto.rotate", result="failure").count() == 1
    write_raw(pks[4], stored)
    call_command("rotate_field_keys", "--batch-size", "3")
    assert {raw(pk).split(":")[2] for pk in pks} == {"k2"}
    assert {Person.objects.get(id=pk).id_number for pk in pks} == set(numbers.values())


@pytest.mark.django_db
def test_a_value_changed_during_the_batch_is_not_overwritten(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    person = PersonFactory(id_number="410302198001010001")
    generate_key("k2")
    real_reseal = keyrotation.reseal

    def reseal_while_a_user_saves(token: str, context: str) -> str:
        Person.objects.filter(id=person.pk).update(id_number="410302198001019999")
        return real_reseal(token, context)

    monkeypatch.setattr(keyrotation, "reseal", reseal_while_a_user_saves)
    result = keyrotation.rotate_all()
    assert (result.resealed, result.changed) == (0, 1)
    assert Person.objects.get(id=person.pk).id_number == "410302198001019999"


@pytest.mark.django_db
def test_status_counts_values_per_key(settings: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _people(settings, 3)
    call_command("rotate_field_keys", "--status")
    out = capsys.readouterr().out
    assert "orgs_person.id_number：gcm1/aes-256-gcm/k0 1，xc2/aes-256-gcm/k0 2" in out
    assert "尚有值未使用当前密钥" in out


# ---- Private files -----------------------------------------------------------------------------------------

FILE_CONTENT = "谈话笔录扫描件：某某反映工程款问题".encode() * 200


@pytest.fixture
def storage(tmp_path: Path) -> PrivateFileSystemStorage:
    return PrivateFileSystemStorage(location=tmp_path / "private")


@pytest.mark.parametrize(("cipher", "code"), [("aes-256-gcm", "a256"), ("sm4-gcm", "sm4")])
def test_private_files_are_sealed_on_disk_and_read_back_in_clear(settings: Any, storage: PrivateFileSystemStorage,
                                                                 cipher: str, code: str) -> None:
    settings.FIELD_ENCRYPTION_ALGORITHM = cipher
    name = storage.save("fieldwork/talks/笔录.pdf", ContentFile(FILE_CONTENT))
    stored = Path(storage.path(name)).read_bytes()
    assert stored.startswith(f"xc2f:{code}:k0:".encode()) and "某某反映".encode() not in stored
    with storage.open(name) as fh:
        assert fh.read() == FILE_CONTENT
    assert storage.size(name) == len(FILE_CONTENT)


def test_a_file_stored_before_encryption_is_read_as_it_is(storage: PrivateFileSystemStorage) -> None:
    path = Path(storage.location) / "imports" / "old.xlsx"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 plain")
    with storage.open("imports/old.xlsx") as fh:
        assert fh.read() == b"PK\x03\x04 plain"
    assert storage.size("imports/old.xlsx") == len(b"PK\x03\x04 plain")


def test_an_altered_file_is_refused(storage: PrivateFileSystemStorage) -> None:
    name = storage.save("a.bin", ContentFile(FILE_CONTENT))
    path = Path(storage.path(name))
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(DecryptionError, match=re.escape("a.bin 无法通过完整性校验")):
        storage.open(name)
    path.write_bytes(bytes(data).replace(b":k0:", b":k9:", 1))
    with pytest.raises(DecryptionError, match="密钥 k9 不在密钥环中"):
        storage.open(name)


def test_private_files_are_only_read(storage: PrivateFileSystemStorage) -> None:
    name = storage.save("a.bin", ContentFile(b"x"))
    with pytest.raises(ValueError, match="只能读取"):
        storage.open(name, "wb")


@pytest.mark.django_db
def test_a_sealed_file_is_served_in_clear(storage: PrivateFileSystemStorage, rf: RequestFactory) -> None:
    user = User.objects.create_user("reader", password="Xc-test-Passw0rd")
    job = BackgroundJob.objects.create(kind="pool.export", label="导出", status=JobStatus.SUCCEEDED, created_by=user)
    name = storage.save("exports/r.xlsx", ContentFile(FILE_CONTENT))
    request = rf.get("/")
    request.user = user
    response = serve_private_file(request, job, name, filename="r.xlsx", storage=storage)
    assert b"".join(response.streaming_content) == FILE_CONTENT  # type: ignore[arg-type]
    assert response["Content-Length"] == str(len(FILE_CONTENT))


def test_rotation_reseals_files_and_a_second_run_finds_nothing(settings: Any, storage: PrivateFileSystemStorage
                                                               ) -> None:
    sealed = storage.save("a.bin", ContentFile(FILE_CONTENT))
    plain = Path(storage.location) / "b.bin"
    plain.write_bytes(b"stored before encryption")
    generate_key("k2")
    settings.FIELD_ENCRYPTION_ALGORITHM = "sm4-gcm"
    root = Path(storage.location)
    assert keyrotation.file_usage(root) == {"xc2f/aes-256-gcm/k0": 1, "plain": 1}
    result = keyrotation.rotate_files(root)
    assert (result.files, result.resealed) == (2, 2)
    assert keyrotation.file_usage(root) == {"xc2f/sm4-gcm/k2": 2}
    assert storage.open(sealed).read() == FILE_CONTENT and storage.open("b.bin").read() == b"stored before encryption"
    assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no temporary file left behind
    assert keyrotation.rotate_files(root).resealed == 0
