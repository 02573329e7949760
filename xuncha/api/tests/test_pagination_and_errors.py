import pytest

from xuncha.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_orgs(world):
    for n in range(7):
        Organization.objects.create(name=f"中共江城市第{n}局党组", short_name=f"第{n}局", org_type="party_group",
                                    sector="party_government", jurisdiction=world.city)
    return Organization.objects.count()  # 10


def test_page_envelope(world, as_user, many_orgs):
    api = as_user("office_staff")
    first = api.get("/organizations", page_size=4).json()
    assert set(first) == {"count", "page", "page_size", "results"}
    assert (first["count"], first["page"], first["page_size"], len(first["results"])) == (many_orgs, 1, 4, 4)
    last = api.get("/organizations", page_size=4, page=3).json()
    assert len(last["results"]) == many_orgs - 8
    seen = {r["id"] for p in (1, 2, 3) for r in api.get("/organizations", page_size=4, page=p).json()["results"]}
    assert len(seen) == many_orgs


def test_default_page_size_and_page_past_the_end(world, as_user, many_orgs):
    api = as_user("office_staff")
    assert api.get("/organizations").json()["page_size"] == 50
    beyond = api.get("/organizations", page=99).json()
    assert (beyond["count"], beyond["results"]) == (many_orgs, [])


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"page_size": 201}, "page_size", "不能大于 200。"),
    ({"page_size": 0}, "page_size", "不能小于 1。"),
    ({"page": 0}, "page", "不能小于 1。"),
    ({"page": "abc"}, "page", "应为整数。"),
    ({"page": 10**30}, "page", "不能大于 1000000。"),
    ({"jurisdiction": "x"}, "jurisdiction", "应为整数。"),
    ({"jurisdiction": 2**70}, "jurisdiction", None),
    ({"q": "a\x00b"}, "q", "不能包含空字符。"),
    ({"q": "长" * 101}, "q", "长度不能超过 100 个字符。"),
])
def test_bad_query_parameters_are_422_in_chinese(world, as_user, params, field, message):
    response = as_user("office_staff").get("/organizations", **params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"].startswith("请求参数有误")
    assert field in body["fields"]
    if message:
        assert body["fields"][field] == [message]


@pytest.mark.parametrize("path", [
    "/inspections/abc", "/inspections/0", "/inspections/-1", f"/inspections/{2**64}", "/inspections/99999",
    "/people/1.5", "/teams/%00", "/frameworks/NOPE", "/frameworks/%00",
    "/no-such-endpoint", "/inspections/1/extra/segments", "/",
])
def test_unknown_or_malformed_paths_are_json_404(world, as_user, path):
    response = as_user("office_staff").get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_wrong_method_is_json_405(world, as_user):
    response = as_user("office_staff").post("/inspections", {})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_malformed_json_body_is_400_in_chinese(world, as_user):
    api = as_user("office_staff")
    response = api.client.post(f"/api/v1/inspections/{world.inspection_a.pk}/transitions/station", "{not json",
                               content_type="application/json", headers=api.headers)
    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "message": "请求体不是有效的 JSON。", "fields": {}}


def test_json_array_body_is_422(world, as_user):
    response = as_user("office_staff").post(f"/inspections/{world.inspection_a.pk}/transitions/station", [1, 2])
    assert response.status_code == 422


def test_oversized_body_is_413(world, as_user):
    api = as_user("office_staff")
    body = '{"note": "' + "x" * 3_000_000 + '"}'
    response = api.client.post(f"/api/v1/inspections/{world.inspection_a.pk}/transitions/station", body,
                               content_type="application/json", headers=api.headers)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_unexpected_errors_are_json_500_and_logged(world, as_user, monkeypatch, caplog):
    from xuncha.inspections import selectors

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "term_filter", broken)
    response = as_user("office_staff").get("/terms")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "boom" not in response.content.decode()
    assert any("boom" in (r.exc_text or "") or r.exc_info for r in caplog.records)
