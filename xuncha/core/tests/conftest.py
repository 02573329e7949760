"""These tests read the work world (tests/worlds.py): 江城市's inspections in several phases, dated from today, a
second city outside everyone's scope, one user per persona."""

import pytest

from tests.worlds import WorkWorld, login, work_world

__all__ = ["login", "world"]


@pytest.fixture
def world(db: None) -> WorkWorld:
    return work_world()
