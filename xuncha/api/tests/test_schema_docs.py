import json
import re

import pytest
from django.test import Client

from xuncha.accounts.models import ApiToken
from xuncha.api.api import route_table

pytestmark = pytest.mark.django_db


def test_schema_needs_a_signed_in_user(world):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_schema_is_valid_json_listing_the_paths(world, client):
    client.force_login(world.users["member_a"])
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ["/api/v1/me", "/api/v1/inspections", "/api/v1/inspections/{inspection_id}",
                 "/api/v1/inspections/{inspection_id}/transitions/{name}", "/api/v1/audit-events",
                 "/api/v1/jurisdictions/{jurisdiction_id}/time-limits", "/api/v1/role-assignments"]:
        assert path in paths, path
    assert set(paths["/api/v1/jurisdictions/{jurisdiction_id}/time-limits"]) == {"get", "put"}
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    page = schema["components"]["schemas"]["PagedInspectionOut"]
    assert set(page["properties"]) == {"count", "page", "page_size", "results"}
    assert "id_number" not in response.content.decode()


def test_schema_with_bearer_token(world, client):
    _, raw = ApiToken.issue(user=world.users["office_staff"])
    response = client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_docs_need_a_signed_in_user(world):
    response = Client().get("/api/v1/docs")
    assert response.status_code in (302, 401)
    assert b"swagger-ui" not in response.content


def test_docs_page_loads_only_local_assets_under_the_csp(world, client):
    client.force_login(world.users["member_a"])
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    match = re.search(r"'nonce-([^']+)'", csp)
    assert match, csp
    nonce = match.group(1)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "asset from another origin"
    assert "http://" not in html and "https://" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    executable = [s for s in scripts if "application/json" not in s]
    assert len(executable) == 2
    assert all(f'nonce="{nonce}"' in s and "src=" in s for s in executable)
    assert "<style" not in html and "style=" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
    block = re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', html, re.S)
    assert block, "settings data block missing"
    settings = json.loads(block.group(1))
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None


def test_route_table_lists_every_operation(world):
    routes = route_table()
    assert ("GET", "/api/v1/inspections/{inspection_id}") in routes
    assert ("POST", "/api/v1/inspections/{inspection_id}/transitions/{name}") in routes
    assert ("PUT", "/api/v1/jurisdictions/{jurisdiction_id}/time-limits") in routes
    assert ("GET", "/api/v1/docs") in routes and ("GET", "/api/v1/openapi.json") in routes
    assert len(route_table(include_docs=False)) == len(routes) - 2
    assert len(routes) == len(set(routes))


def test_the_committed_schema_is_the_code():
    # docs/api/openapi.json is committed so that API changes show in review; regenerate with
    # `manage.py export_openapi` when this fails.
    from django.core.management import call_command

    call_command("export_openapi", "--check")


def test_the_schema_is_built_once_per_process(monkeypatch):
    from xuncha.api import api as api_module

    calls = []
    original = api_module.NinjaAPI.get_openapi_schema

    def counting(self, **kwargs):
        calls.append(kwargs)
        return original(self, **kwargs)

    monkeypatch.setattr(api_module.NinjaAPI, "get_openapi_schema", counting)
    monkeypatch.setattr(api_module.api, "_schemas", {}, raising=False)
    first = api_module.api.get_openapi_schema(path_prefix="api/v1/")
    second = api_module.api.get_openapi_schema(path_prefix="api/v1/")
    assert first is second and len(calls) == 1
