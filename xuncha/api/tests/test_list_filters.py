"""The inspection list endpoint filters with the page's FilterSet: the same search, the same choices; a value the
FilterSet refuses is a 422 naming the parameter, never an unfiltered list."""

from __future__ import annotations


def _codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def test_the_search_of_the_page_works_in_the_api(world, as_user):
    api = as_user("office_staff")
    assert _codes(api.get(f"/inspections?q={world.org_a.name}")) == {world.inspection_a.code}
    assert _codes(api.get(f"/inspections?q={world.inspection_b.code}")) == {world.inspection_b.code}


def test_filters_by_organization_team_type_and_status(world, as_user):
    api = as_user("office_staff")
    assert _codes(api.get(f"/inspections?organization={world.org_b.pk}")) == {world.inspection_b.code}
    assert _codes(api.get(f"/inspections?team={world.team_a.pk}")) == {world.inspection_a.code}
    assert _codes(api.get(f"/inspections?round={world.round.pk}&status={world.inspection_a.status}")) >= {
        world.inspection_a.code}
    assert _codes(api.get(f"/inspections?type={world.inspection_a.inspection_type}&status=")) >= {
        world.inspection_a.code}


def test_a_refused_value_is_422_not_the_whole_list(world, as_user):
    api = as_user("office_staff")
    response = api.get("/inspections?round=999999")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and "round" in response.json()["fields"]
    response = api.get("/inspections?status=nope")
    assert response.status_code == 422 and "status" in response.json()["fields"]
