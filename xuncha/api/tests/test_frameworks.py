import pytest

from xuncha.taxonomy.models import Framework

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["office_staff", "liaison_a", "member_a", "system_admin", "security_admin"])
def test_dictionaries_are_open_to_all_but_the_auditor(world, as_user, persona):
    body = as_user(persona).get("/frameworks").json()
    assert body["count"] == Framework.objects.count() > 0


@pytest.mark.parametrize("persona", ["security_auditor", "outsider"])
def test_auditor_and_roleless_users_see_none(world, as_user, persona):
    api = as_user(persona)
    assert api.get("/frameworks").json()["count"] == 0
    code = Framework.objects.order_by("id")[0].code
    assert api.get(f"/frameworks/{code}").status_code == 404


def test_detail_is_a_tree(world, as_user):
    framework = Framework.objects.filter(nodes__parent__isnull=False).distinct()[0]
    body = as_user("office_staff").get(f"/frameworks/{framework.code}").json()
    assert body["code"] == framework.code
    assert body["kind_label"]
    roots = body["nodes"]
    assert roots and all(n["level"] == 1 for n in roots)
    assert any(n["children"] for n in roots)
    total = 0
    stack = list(roots)
    while stack:
        node = stack.pop()
        total += 1
        stack.extend(node["children"])
    assert total == framework.nodes.count()


def test_filters(world, as_user):
    api = as_user("office_staff")
    focus = api.get("/frameworks", kind="focus").json()["results"]
    assert focus and all(f["kind"] == "focus" for f in focus)
    in_force = api.get("/frameworks", kind="focus", valid_on="2019-01-01").json()["results"]
    assert len(in_force) == 1
    assert api.get("/frameworks", valid_on="2019-02-30").status_code == 422
