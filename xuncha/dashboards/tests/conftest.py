"""The work-page tests share the world of the sign-in and administration tests (xuncha.core.tests.world)."""

from xuncha.core.tests.world import World, build_world, login, world

__all__ = ["World", "build_world", "login", "world"]
