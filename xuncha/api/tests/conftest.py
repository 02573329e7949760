"""The API tests read the API world (tests/worlds.py) and call the API as one of its personas with a bearer
token: ``as_user("member_a").get("/inspections")``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.worlds import ApiWorld, api_world
from xuncha.accounts.models import ApiToken, User


@pytest.fixture
def world(db: None) -> ApiWorld:
    return api_world()


class Api:
    """A test client calling the API as one user with a bearer token (or anonymously)."""

    def __init__(self, client: Client, user: User | None = None) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        if user is not None:
            _, raw = ApiToken.issue(user=user, name="test")
            self.headers["Authorization"] = f"Bearer {raw}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(_url(path), params, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        body = json.dumps(data) if data is not None else ""
        return self.client.post(_url(path), body, content_type="application/json", headers=self.headers)

    def put(self, path: str, data: Any) -> Any:
        return self.client.put(_url(path), json.dumps(data), content_type="application/json", headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(_url(path), headers=self.headers)


def _url(path: str) -> str:
    return path if path.startswith("/api/") else "/api/v1" + path


@pytest.fixture
def as_user(client: Client, world: ApiWorld) -> Any:
    """``as_user("member_a")`` → an ``Api`` calling with that persona's bearer token."""

    def make(username: str | None) -> Api:
        return Api(client, world.users[username] if username else None)

    return make
