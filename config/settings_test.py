"""Test settings: the production settings with a fast hasher, tasks run inline, and an SQLite that does not fsync.

The SQLite test database is pytest-django's in-memory one (one per xdist worker, each worker being a process of
its own); nothing of it needs to survive a crash, so the pragmas that make the production file durable
(WAL, synchronous=FULL: ADR-0002) are replaced with ones that never wait for the disk. PostgreSQL keeps its
settings: each worker gets its own test database (``test_<name>_gw0``…, pytest-django's suffix).
"""

from config.settings import *  # noqa: F403
from config.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# The suite makes many API calls per persona within a minute; xuncha/api/tests/test_throttling.py turns it on.
XUNCHA_API_USER_RATE = ""

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],  # type: ignore[dict-item]
        "init_command": "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON;",
    }
    # In memory, even when XUNCHA_SQLITE_PATH names a file for the development database.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# ``Client.force_login`` signs in through tests.backends.ForceLoginBackend, which counts as a passed second
# factor; second-factor enforcement itself stays on (XUNCHA_REQUIRE_2FA) and is tested through the sign-in pages.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tests.backends.ForceLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
