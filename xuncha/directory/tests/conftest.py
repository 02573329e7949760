"""The directory page tests share the planning page tests' world (the pages show inspections and teams too)."""

from xuncha.planning.tests.conftest import World, build_world, login, world

__all__ = ["World", "build_world", "login", "world"]
