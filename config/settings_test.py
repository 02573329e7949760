"""Test settings: the production settings with a fast hasher and tasks run inline."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# ``Client.force_login`` signs in through tests.backends.ForceLoginBackend, which counts as a passed second
# factor; second-factor enforcement itself stays on (XUNCHA_REQUIRE_2FA) and is tested through the sign-in pages.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tests.backends.ForceLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
