"""These tests read the office world (tests/worlds.py): 江城市's round 3 of 2024 with two teams and three
inspections, cadres with their records, one user per persona."""

import pytest

from tests.worlds import OfficeWorld, login, office_world

__all__ = ["login", "world"]


@pytest.fixture
def world(db: None) -> OfficeWorld:
    return office_world()
