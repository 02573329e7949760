"""The authentication backend behind ``Client.force_login`` in the test suite (config/settings_test.py).

``force_login`` takes the first backend with ``get_user``; this one comes before Django's ModelBackend, never
authenticates a password itself, and declares ``implies_second_factor`` so that a session a test opens with
``force_login`` counts as having passed the second factor (xuncha.accounts.signin). Sign-ins through the login
page use ModelBackend and go through every step; tests of those steps sign in that way or pass
``backend="django.contrib.auth.backends.ModelBackend"`` to ``force_login``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class ForceLoginBackend(ModelBackend):
    implies_second_factor = True

    def authenticate(self, request: Any, username: Any = None, password: Any = None, **kwargs: Any) -> None:
        return None
