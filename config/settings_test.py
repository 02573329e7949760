"""Test settings: the production settings with a fast hasher and tasks run inline."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# The suite makes many API calls per persona within a minute; xuncha/api/tests/test_throttling.py turns it on.
XUNCHA_API_USER_RATE = ""
