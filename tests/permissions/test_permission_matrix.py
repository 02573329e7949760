"""The permission matrix (REL-12): every page and API route is found in the URLconf and in the API's route table,
has an expected result for every persona in ``matrix.py``, and answers accordingly on the demo data set.

Besides the status, every answer is searched for inspection codes the persona may not see (SEC-02: the three
administrators see none at all, AUD-09), the API lists of those who see nothing must be empty, and reads of
personal data must be in the audit log.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions import matrix
from tests.permissions.conftest import DemoWorld
from tests.permissions.matrix import API, PAGES, PERSONAS, SKIPPED_PAGES, Cell, Obj, Refused, Route, Scoped, Upload
from xuncha.api.api import route_table
from xuncha.audit.models import AuditEvent

MATRIX_FILE = "tests/permissions/matrix.py"


# ---- Route discovery -------------------------------------------------------------------------------------------

VIEW_MODULES: dict[str, str] = {}  # URL name → module of its view (for the messages)


def _walk(patterns: list[Any], namespace: str, prefix: str, found: dict[str, str], unnamed: list[str]) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            _walk(pattern.url_patterns, inner, prefix + str(pattern.pattern), found, unnamed)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name is None:
                unnamed.append(route)
            else:
                found.setdefault(namespace + pattern.name, route)
                VIEW_MODULES.setdefault(namespace + pattern.name, getattr(pattern.callback, "__module__", "?"))


def _skipped(url_name: str) -> bool:
    return url_name in SKIPPED_PAGES or any(
        prefix.endswith(":") and url_name.startswith(prefix) for prefix in SKIPPED_PAGES)


def _as_api_template(route: str) -> str:
    """``/api/v1/teams/<team_id>`` → ``/api/v1/teams/{team_id}`` (how route_table() writes it)."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def api_routes() -> set[tuple[str, str]]:
    """Every API operation, as ``(METHOD, path template)``, and the schema and docs pages."""
    return set(route_table())


def api_modules() -> dict[tuple[str, str], str]:
    """(METHOD, path) → module of the endpoint, for the messages (reads ninja's router table; best effort)."""
    from xuncha.api.api import api

    root = reverse("api:api-root").rstrip("/")
    modules: dict[tuple[str, str], str] = {}
    try:
        for _prefix, router in api._routers:
            for path, path_view in router.path_operations.items():
                for operation in path_view.operations:
                    for method in operation.methods:
                        modules[(method, root + path)] = operation.view_func.__module__
    except AttributeError:  # another ninja version: the messages just say less
        pass
    return modules


def discover_pages() -> tuple[dict[str, str], list[str]]:
    """URL name → route of every named pattern, without Django's own and without the API operations (which the
    API table covers); and the routes of unnamed patterns."""
    found: dict[str, str] = {}
    unnamed: list[str] = []
    _walk(get_resolver().url_patterns, "", "/", found, unnamed)
    api_paths = {path for _method, path in api_routes()}
    pages = {
        name: route for name, route in found.items()
        if not _skipped(name) and not (name.startswith("api:") and _as_api_template(route) in api_paths)
    }
    return pages, unnamed


DISCOVERED_PAGES, UNNAMED = discover_pages()
DISCOVERED_API = api_routes()
CELLS, TABLE_PROBLEMS = matrix.all_cells()


def _exists(cell: Cell) -> bool:
    if cell.kind == "page":
        return cell.route in DISCOVERED_PAGES
    return (cell.method, cell.route) in DISCOVERED_API


def _params() -> list[Any]:
    return [pytest.param(cell, id=cell.id) for cell in CELLS]


# ---- Completeness ----------------------------------------------------------------------------------------------


def test_every_page_route_has_expectations() -> None:
    """A named URL pattern without a row in PAGES fails here, by name."""
    missing = sorted(set(DISCOVERED_PAGES) - set(PAGES))
    assert not missing, f"{len(missing)} page routes have no expectations:\n" + "\n".join(
        f"route {name!r} ({DISCOVERED_PAGES[name]}, view in {VIEW_MODULES.get(name, '?')}) has no expectations: "
        f"add PAGES[{name!r}] to {MATRIX_FILE}, in its section, with the expected status for every persona"
        for name in missing)


def test_every_api_route_has_expectations() -> None:
    """An API operation without a row in API fails here, by method and path."""
    missing = sorted(DISCOVERED_API - set(API), key=lambda r: (r[1], r[0]))
    modules = api_modules() if missing else {}
    assert not missing, f"{len(missing)} API routes have no expectations:\n" + "\n".join(
        f"API route {method} {path} ({modules.get((method, path), '?')}) has no expectations: "
        f"add API[({method!r}, {path!r})] to {MATRIX_FILE}, in its section, with the expected status for every "
        f"persona" for method, path in missing)


def test_no_stale_expectations() -> None:
    """An expectation for a route that does not exist (any more) fails here, by name (and its cells fail too)."""
    stale = sorted(set(PAGES) - set(DISCOVERED_PAGES)) + sorted(
        f"{method} {path}" for method, path in set(API) - DISCOVERED_API)
    assert not stale, f"{len(stale)} stale expectations: remove them from {MATRIX_FILE} (or restore the route):\n" + \
        "\n".join(f"{name} is not in the URLconf" for name in stale)


def test_every_url_pattern_is_named() -> None:
    """An unnamed pattern could not be listed in the matrix (Django's own are skipped by name)."""
    assert not UNNAMED, f"give these URL patterns a name so the matrix can list them: {UNNAMED}"


def test_matrix_names_every_persona_once_per_route_and_method() -> None:
    ids = [cell.id for cell in CELLS]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not TABLE_PROBLEMS and not duplicates, "\n".join(TABLE_PROBLEMS + [f"two cells {i}" for i in duplicates])


def test_a_write_refused_for_an_allowed_persona_must_say_why() -> None:
    """400/409/422 for a write is no "allowed" expectation: only a ``Refused`` with a reason and a message is; a
    read is never ``Refused``; a success status passes the table check."""
    problems: list[str] = []
    for where, method, expected in [("plain-400", "POST", 400), ("plain-409", "PUT", 409), ("plain-422", "DELETE", 422),
                                    ("no-reason", "POST", Refused(409, " ", "不能")),
                                    ("no-message", "POST", Refused(409, "the state", "")),
                                    ("refused-read", "GET", Refused(409, "the state", "不能")),
                                    ("ok-refused", "POST", Refused(409, "the state", "不能")),
                                    ("ok-302", "POST", 302), ("ok-201", "POST", 201), ("ok-read-400", "GET", 400)]:
        matrix.check_expectation(where, method, expected, problems)
    assert [problem.split(":")[0] for problem in problems] == [
        "plain-400", "plain-409", "plain-422", "no-reason", "no-message", "refused-read"]


def test_matrix_personas_cover_every_role() -> None:
    from xuncha.accounts.roles import Role

    covered = {role for role, _username in PERSONAS.values() if role}
    assert covered == {str(r) for r in Role}


# ---- The matrix ------------------------------------------------------------------------------------------------


def _route(cell: Cell) -> Route:
    return PAGES[cell.route] if cell.kind == "page" else API[(cell.method, cell.route)]


def _resolve(value: Any, demo: DemoWorld, outside: bool) -> Any:
    if isinstance(value, Scoped):
        value = value.outside if outside and value.outside is not None else value.inside
    if isinstance(value, Obj):
        return demo.objects[value.key]
    if isinstance(value, Upload):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(value.name, demo.objects[value.content.key])
    if isinstance(value, Mapping):
        return {k: _resolve(v, demo, outside) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, demo, outside) for v in value]
    return value


def _kwargs(cell: Cell, route: Route, demo: DemoWorld) -> dict[str, Any]:
    specs = matrix.route_kwargs(cell.kind, cell.route, route)
    if cell.case in route.variants:
        specs.update(route.variants[cell.case].kwargs)
    return {name: _resolve(spec, demo, cell.case == "out") for name, spec in specs.items()}


def _url(cell: Cell, route: Route, kwargs: dict[str, Any]) -> str:
    if route.path:
        return route.path
    if cell.kind == "api":
        return cell.route.format(**kwargs)
    return reverse(cell.route, kwargs=kwargs or None)


def _describe(cell: Cell, url: str, kwargs: dict[str, Any], demo: DemoWorld) -> str:
    user = demo.users.get(cell.persona)
    who = f"{cell.persona} ({user.username})" if user else cell.persona
    filled = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    variant = f"variant {cell.case}" if cell.case not in ("", "in", "out") else ""
    if cell.case == "out":
        scope = f"OUT-OF-SCOPE object {cell.objects}"
    elif cell.objects:
        side = " (the in-scope one; seen from outside by member1 and liaison_fgj)" if ".gsl" in cell.objects else ""
        scope = f"{variant + ', ' if variant else ''}object {cell.objects}{side}"
    else:
        scope = variant or "no object"
    return f"{who} {cell.method} {url} [{cell.route}; {scope}{'; ' + filled if filled else ''}]"


def _send(client: Any, cell: Cell, route: Route, url: str, demo: DemoWorld) -> Any:
    if cell.method == "GET":
        return client.get(url)
    variant = route.variants.get(cell.case)
    body = variant.body if variant is not None and variant.body is not None else route.body
    body = _resolve(body or {}, demo, cell.case == "out")
    if cell.kind == "api":
        return client.generic(cell.method, url, data=json.dumps(body), content_type="application/json")
    if cell.method == "POST":  # as a browser sends a form (multipart, which carries files too)
        return client.post(url, data={k: v for k, v in body.items() if v is not None})
    from urllib.parse import urlencode

    return client.generic(cell.method, url, data=urlencode(body, doseq=True),
                          content_type="application/x-www-form-urlencoded")


def _answer_problem(cell: Cell, response: Any) -> str:
    """What is wrong with the answer to an allowed write (its status being right): "" when nothing."""
    status = response.status_code
    if status in (301, 302, 303):
        location = response.get("Location", "")
        # Sent to the sign-in page: the anonymous visitor's refusal, the end of signing out, nobody's success.
        if not location or ("/accounts/login/" in location and cell.persona != matrix.ANONYMOUS
                            and cell.route != "accounts:logout"):
            return f"the redirect after the write goes to {location!r}"
        return ""
    if cell.kind != "api":
        return ""
    if status == 204:
        return f"a 204 carries no body, this one has {len(response.content)} bytes" if response.content else ""
    try:
        body = response.json()
    except ValueError:
        return f"the answer is not JSON: {response.content[:200]!r}"
    return "" if isinstance(body, dict) and body else f"the answer is not a JSON object: {body!r:.200}"


def _refusal_problem(expected: Refused, response: Any) -> str:
    """Whether the answer is the refusal the matrix names (its message, or where a refusing redirect goes)."""
    if response.status_code in (301, 302, 303):
        text = response.get("Location", "")
    elif response.get("Content-Type", "").startswith("application/json"):
        text = str(response.json().get("message", ""))
    else:
        text = html.unescape(response.content.decode("utf-8", "replace"))
    if expected.message in text:
        return ""
    return f"the refusal does not say {expected.message!r} ({expected.reason}); it says: {text[:300]!r}"


@pytest.mark.parametrize("cell", _params())
def test_permission_matrix(cell: Cell, demo: DemoWorld, rollback: None) -> None:
    if not _exists(cell):
        pytest.fail(f"stale expectation: {cell.kind} route {cell.route} ({cell.method}) is not in the URLconf; "
                    f"remove it from {MATRIX_FILE}", pytrace=False)
    route = _route(cell)
    kwargs = _kwargs(cell, route, demo)
    url = _url(cell, route, kwargs)
    client = demo.fresh_client(cell.persona) if route.signs_out else demo.client(cell.persona)
    user = demo.users.get(cell.persona)
    audited = (AuditEvent.objects.filter(action=route.audit, actor_id=user.pk).count()
               if route.audit and user else 0)

    response = _send(client, cell, route, url, demo)

    where = _describe(cell, url, kwargs, demo)
    status = response.status_code
    expected = cell.expected
    if status != (expected.status if isinstance(expected, Refused) else expected):
        pytest.fail(f"{where}: expected {matrix.describe(expected)}, got {status}", pytrace=False)
    if isinstance(expected, Refused):
        problem = _refusal_problem(expected, response)
    elif cell.method in matrix.UNSAFE and status < 400:
        problem = _answer_problem(cell, response)
    else:
        problem = ""
    if problem:
        pytest.fail(f"{where}: {problem}", pytrace=False)
    if not getattr(response, "streaming", False):
        foreign = (set() if route.names_any_inspection
                   else demo.foreign_codes(cell.persona, response.content.decode("utf-8", "replace")))
        if foreign:
            pytest.fail(f"{where}: the answer shows inspections this persona may not see: {sorted(foreign)}",
                        pytrace=False)
        if cell.persona in route.empty_for and status == 200 and response.json()["results"]:
            pytest.fail(f"{where}: the list must be empty for {cell.persona}, it has "
                        f"{len(response.json()['results'])} rows", pytrace=False)
    written = route.audit and user and status == 200 and (
        AuditEvent.objects.filter(action=route.audit, actor_id=user.pk).count() > audited)
    if route.audit and user and status == 200 and not written:
        pytest.fail(f"{where}: the read was not written to the audit log as {route.audit!r}", pytrace=False)


# ---- Sensitive reads and the administrators ----------------------------------------------------------------------


def test_refused_cadre_read_is_audited_as_denied(demo: DemoWorld, rollback: None) -> None:
    """Probing for a cadre record out of scope leaves a trace (API: person.read, result denied)."""
    member = demo.users["team_member"]
    pk = demo.objects["person.fgj"]
    response = demo.client("team_member").get(f"/api/v1/people/{pk}")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="person.read", actor_id=member.pk, object_id=str(pk),
                                     result="denied").exists()


@pytest.mark.parametrize("persona", sorted(matrix.ADMINS))
def test_administrators_see_no_business_data(persona: str, demo: DemoWorld, rollback: None) -> None:
    """三员分立: the business lists of the API are empty for each of the three administrators, and their work page
    names no inspection."""
    client = demo.client(persona)
    for path in ("/api/v1/inspections", "/api/v1/terms", "/api/v1/rounds", "/api/v1/teams", "/api/v1/people"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json()["results"] == [], f"{persona} sees business data at {path}"
    home = client.get("/").content.decode()
    assert not demo.code_pattern.findall(home), f"{persona}'s work page names inspections"


def test_the_demo_is_loaded_once_per_process(demo: DemoWorld, demo_database: Any) -> None:
    """The matrix and the demo's own tests share one load per process (xdist worker): the demo's tests run after
    every other database test, so nothing rolled the demo back in between (tests/demo_database.py)."""
    assert demo_database.loaded
    assert demo_database.loads == 1
