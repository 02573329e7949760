from typing import Any


def navigation(request: Any) -> dict[str, Any]:
    return {}
