"""The shared world of the sign-in, work-page, administration and audit tests (xuncha.core.tests.world)."""

from xuncha.core.tests.world import World, build_world, login, world

__all__ = ["World", "build_world", "login", "world"]
