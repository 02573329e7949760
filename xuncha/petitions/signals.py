"""The public petition page follows the stationing announcement that names it."""

from __future__ import annotations

from typing import Any

from xuncha.petitions.services import ensure_page


def announcement_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    ensure_page(instance.inspection)
