"""Pages of jurisdictions, organisations and cadres: who may open them, what they show, what they cost."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuncha.audit.models import AuditEvent
from xuncha.orgs.models import Organization, Person
from xuncha.orgs.selectors import mask_identifier

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    return response.content.decode()


# ---- Who may open which page -------------------------------------------------------------------------------------

LIST_MATRIX = [
    # persona, url name, expected status
    ("office_staff", "orgs:jurisdiction-list", 200),
    ("leader_a", "orgs:jurisdiction-list", 200),
    ("system_admin", "orgs:jurisdiction-list", 200),  # binds roles to jurisdictions
    ("security_admin", "orgs:jurisdiction-list", 200),
    ("security_auditor", "orgs:jurisdiction-list", 404),
    ("liaison_a", "orgs:jurisdiction-list", 404),
    ("outsider", "orgs:jurisdiction-list", 404),
    ("office_director", "orgs:organization-list", 200),
    ("member_a", "orgs:organization-list", 200),
    ("system_admin", "orgs:organization-list", 200),
    ("security_auditor", "orgs:organization-list", 404),
    ("liaison_a", "orgs:organization-list", 404),
    ("office_staff", "orgs:person-list", 200),
    ("leading_group", "orgs:person-list", 200),
    ("member_a", "orgs:person-list", 200),
    ("cdi", "orgs:person-list", 404),  # the discipline commission holds no VIEW_PEOPLE
    ("system_admin", "orgs:person-list", 404),
    ("security_admin", "orgs:person-list", 404),
    ("security_auditor", "orgs:person-list", 404),
    ("liaison_a", "orgs:person-list", 404),
]


@pytest.mark.parametrize(("persona", "url_name", "expected"), LIST_MATRIX)
def test_list_pages_by_role(login: Any, persona: str, url_name: str, expected: int) -> None:
    assert login(persona).get(reverse(url_name)).status_code == expected


def test_anonymous_is_sent_to_sign_in(client: Any, world: Any, settings: Any) -> None:
    settings.LOGIN_URL = "/accounts/login/"
    response = client.get(reverse("orgs:organization-list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("persona", "obj", "url_name", "expected"), [
    ("office_staff", "city", "orgs:jurisdiction-detail", 200),
    ("county_staff", "county", "orgs:jurisdiction-detail", 200),
    ("county_staff", "city", "orgs:jurisdiction-detail", 404),  # above their jurisdiction
    ("county_staff", "county_b", "orgs:jurisdiction-detail", 404),  # a sibling county
    ("office_staff", "org_a", "orgs:organization-detail", 200),
    ("county_staff", "org_a", "orgs:organization-detail", 404),
    ("member_a", "org_a", "orgs:organization-detail", 200),  # team A inspects it
    ("member_b", "org_a", "orgs:organization-detail", 404),  # team B does not
    ("member_a", "org_a_branch", "orgs:organization-children", 200),  # under what team A inspects
    ("member_b", "org_a_branch", "orgs:organization-children", 404),
    ("office_staff", "org_a", "orgs:organization-children", 200),
    ("liaison_a", "org_a", "orgs:organization-detail", 404),  # liaisons have no organisation pages
    ("office_staff", "person_a", "orgs:person-detail", 200),
    ("member_a", "person_a", "orgs:person-detail", 200),  # a cadre of the organisation team A inspects
    ("member_a", "member_a_person", "orgs:person-detail", 200),  # their own team mate
    ("member_b", "person_a", "orgs:person-detail", 404),
    ("county_staff", "person_a", "orgs:person-detail", 404),
    ("system_admin", "person_a", "orgs:person-detail", 404),
])
def test_detail_pages_by_scope(login: Any, world: Any, persona: str, obj: str, url_name: str,
                               expected: int) -> None:
    response = login(persona).get(reverse(url_name, args=[getattr(world, obj).pk]))
    assert response.status_code == expected


def test_unknown_ids_are_404(login: Any) -> None:
    client = login("office_director")
    for name in ("orgs:jurisdiction-detail", "orgs:organization-detail", "orgs:person-detail",
                 "orgs:organization-children"):
        assert client.get(reverse(name, args=[987654])).status_code == 404
    assert client.get("/orgs/people/99999999999999999999999/").status_code == 404


# ---- What the pages show -----------------------------------------------------------------------------------------


def test_jurisdiction_tree_counts_what_the_user_may_see(login: Any, world: Any) -> None:
    html = _html(login("office_staff").get(reverse("orgs:jurisdiction-list")))
    assert world.city.committee_name in html and world.county.committee_name in html
    assert reverse("orgs:jurisdiction-detail", args=[world.county.pk]) in html
    # The county user sees only their own subtree.
    html = _html(login("county_staff").get(reverse("orgs:jurisdiction-list")))
    assert world.county.committee_name in html
    assert world.city.committee_name not in html and world.county_b.committee_name not in html


def test_jurisdiction_search_and_live_partial(login: Any, world: Any) -> None:
    client = login("office_staff")
    html = _html(client.get(reverse("orgs:jurisdiction-list"), {"q": "西山"}))
    assert world.county_b.committee_name in html and world.county.committee_name not in html
    partial = client.get(reverse("orgs:jurisdiction-list"), {"q": "420101"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in _html(partial) and world.county.committee_name in _html(partial)


def test_jurisdiction_detail_shows_inherited_time_limits(login: Any, world: Any) -> None:
    html = _html(login("office_staff").get(reverse("orgs:jurisdiction-detail", args=[world.county.pk])))
    assert "沿用上级" in html and world.city.committee_name in html
    assert "35" in html  # the city's 常规巡察进驻天数
    assert world.org_county.name in html
    own = _html(login("office_staff").get(reverse("orgs:jurisdiction-detail", args=[world.city.pk])))
    assert "本级党委已单独设定期限参数" in own


def test_organization_tree_without_search_and_table_with_search(login: Any, world: Any) -> None:
    client = login("office_staff")
    tree = _html(client.get(reverse("orgs:organization-list")))
    assert "org-tree" in tree and world.org_a.name in tree
    assert reverse("orgs:organization-children", args=[world.org_a.pk]) in tree  # org_a has a child to load
    assert world.org_a_branch.name not in tree  # children come on demand
    table = _html(client.get(reverse("orgs:organization-list"), {"q": "工商联"}))
    assert world.org_a.name in table and world.org_a_branch.name in table and world.org_b.name not in table
    by_sector = _html(client.get(reverse("orgs:organization-list"), {"sector": "education"}))
    assert world.org_county.name in by_sector and world.org_a.name not in by_sector
    by_jurisdiction = _html(client.get(reverse("orgs:organization-list"), {"jurisdiction": world.county.pk}))
    assert world.org_county.name in by_jurisdiction and world.org_a.name not in by_jurisdiction


def test_organization_children_partial(login: Any, world: Any) -> None:
    response = login("office_staff").get(reverse("orgs:organization-children", args=[world.org_a.pk]),
                                         headers={"HX-Request": "true"})
    html = _html(response)
    assert response.status_code == 200 and "<html" not in html
    assert world.org_a_branch.name in html


def test_organization_list_htmx_returns_only_results(login: Any, world: Any) -> None:
    response = login("office_staff").get(reverse("orgs:organization-list"), {"q": "住建"},
                                         headers={"HX-Request": "true"})
    html = _html(response)
    assert "<html" not in html and world.org_b.name in html
    assert "HX-Request" in response["Vary"]


def test_organization_detail_lists_visible_inspections(login: Any, world: Any) -> None:
    html = _html(login("office_staff").get(reverse("orgs:organization-detail", args=[world.org_a.pk])))
    assert world.inspection_a.code in html
    assert reverse("planning:inspection-detail", args=[world.inspection_a.pk]) in html
    # An administrator binds roles to organisations but sees no inspections (三员分立).
    html = _html(login("system_admin").get(reverse("orgs:organization-detail", args=[world.org_a.pk])))
    assert world.inspection_a.code not in html


def test_person_list_filters(login: Any, world: Any) -> None:
    client = login("office_staff")
    html = _html(client.get(reverse("orgs:person-list"), {"q": "张明"}))
    assert world.person_a.name in html and world.person_b.name not in html
    html = _html(client.get(reverse("orgs:person-list"), {"organization": world.org_county.pk}))
    assert world.person_county.name in html and world.person_a.name not in html


def test_person_list_unit_filter_is_an_autocomplete_not_a_list(login: Any, world: Any) -> None:
    """The unit filter lists no organisation (it would grow with the data, issue 8): a combobox whose matches come
    from the search endpoint; a picked unit shows its name and still means "with subordinates"."""
    client = login("office_staff")
    html = _html(client.get(reverse("orgs:person-list")))
    assert '<select name="organization"' not in html and "<option" not in html.split('id="person-results"')[0]
    assert re.search(r'<input type="hidden" name="organization" value=""', html)
    assert 'role="combobox"' in html and reverse("orgs:organization-search") in html
    html = _html(client.get(reverse("orgs:person-list"), {"organization": world.org_a.pk}))
    assert f'value="{world.org_a.pk}"' in html and f'value="{world.org_a.name}"' in html
    assert world.person_a.name in html and world.person_county.name not in html
    # A malformed or unknown unit is reported and ignored, the box left empty.
    for bad in ("abc", "999999"):
        response = client.get(reverse("orgs:person-list"), {"organization": bad})
        assert response.status_code == 200 and world.person_county.name in _html(response)


def _options(response: Any) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<li role="option" aria-selected="false"[^>]*data-label="([^"]*)"', _html(response))


def test_organization_search_offers_only_what_the_user_sees(login: Any, world: Any) -> None:
    url = reverse("orgs:organization-search")
    assert _options(login("office_staff").get(url, {"q": "教育"})) == ["中共东湖县教育局党组"]
    city = _options(login("office_staff").get(url))
    assert {world.org_a.name, world.org_b.name, world.org_county.name} <= set(city)
    assert _options(login("county_staff").get(url)) == [world.org_county.name]
    # A team sees its targets and what lies under them, not the county's units.
    team_sees = set(Organization.objects.visible_to(world.users["leader_a"]).values_list("name", flat=True))
    assert set(_options(login("leader_a").get(url))) == team_sees
    assert world.org_a_branch.name in team_sees and world.org_county.name not in team_sees
    assert _options(login("leader_a").get(url, {"q": "教育"})) == []
    assert login("liaison_a").get(url).status_code == 404


def test_organization_search_is_bounded_and_flat(login: Any, world: Any) -> None:
    from tests.worlds import organization
    from xuncha.core.autocomplete import RESULT_LIMIT

    client = login("office_staff")
    url = reverse("orgs:organization-search")
    client.get(url, {"q": "测试"})  # session and scope warm
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "测试"})
    for n in range(RESULT_LIMIT + 5):
        organization(f"江城市测试单位{n:02d}党组", f"测试{n:02d}", world.city)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"q": "测试"})
    assert len(_options(response)) == RESULT_LIMIT and "仅列出前" in _html(response)
    assert len(many) == len(few)



def test_person_list_read_is_audited_once_with_its_filter_and_count(login: Any, world: Any) -> None:
    client = login("office_staff")
    client.get(reverse("orgs:person-list"), {"q": "张明", "organization": world.org_a.pk})
    (event,) = AuditEvent.objects.filter(action="person.list")
    details = json.loads(event.details)
    assert event.actor_username == "office_staff"
    assert details["filters"] == {"q": "张明", "organization": str(world.org_a.pk)}
    assert details["count"] == 1 and details["page"] == 1
    assert not AuditEvent.objects.filter(action="person.read").exists()  # one event for the list, none per row


def test_person_detail_is_audited_and_masks_identifiers(login: Any, world: Any) -> None:
    client = login("office_director")
    before = AuditEvent.objects.filter(action="person.read").count()
    response = client.get(reverse("orgs:person-detail", args=[world.person_a.pk]))
    html = _html(response)
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="person.read").latest("id")
    assert AuditEvent.objects.filter(action="person.read").count() == before + 1
    assert event.actor_username == "office_director" and event.object_id == str(world.person_a.pk)
    assert "420101197501011234" not in html and "4201**********1234" in html
    assert "13800001234" not in html and "138****1234" in html
    assert "副局长" in html and "张华" in html  # work history and declared relatives
    client.get(reverse("orgs:person-detail", args=[world.person_a.pk]))
    assert AuditEvent.objects.filter(action="person.read").count() == before + 2  # every read


def test_refused_person_read_is_not_audited_as_a_read(login: Any, world: Any) -> None:
    login("member_b").get(reverse("orgs:person-detail", args=[world.person_a.pk]))
    assert not AuditEvent.objects.filter(action="person.read", object_id=str(world.person_a.pk)).exists()


def test_person_detail_lists_team_memberships(login: Any, world: Any) -> None:
    html = _html(login("office_staff").get(reverse("orgs:person-detail", args=[world.leader_a_person.pk])))
    assert world.team_a.name in html and "组长" in html


def test_mask_identifier() -> None:
    assert mask_identifier("410103198001011234") == "4101**********1234"
    assert mask_identifier("1234567") == "*******"
    assert mask_identifier("") == ""


# ---- Bad input never fails ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url_name", "params"), [
    ("orgs:jurisdiction-list", {"q": "x" * 500, "page": "abc"}),
    ("orgs:jurisdiction-list", {"page": "-1", "page_size": "zzz"}),
    ("orgs:organization-list", {"jurisdiction": "abc", "sector": "nope", "org_type": "<script>", "page": "9999"}),
    ("orgs:organization-list", {"jurisdiction": "99999999999999999999999", "q": "\x00"}),
    ("orgs:organization-list", {"q": "%", "page_size": "100000"}),
    ("orgs:person-list", {"organization": "1e9", "q": "'; drop table x;--"}),
    ("orgs:person-list", {"organization": "-5", "page": "0"}),
])
def test_bad_query_parameters_do_not_fail(login: Any, url_name: str, params: dict[str, str]) -> None:
    response = login("office_director").get(reverse(url_name), params)
    assert response.status_code == 200


def test_invalid_filter_is_reported(login: Any) -> None:
    html = _html(login("office_director").get(reverse("orgs:organization-list"), {"sector": "nope"}))
    assert "部分筛选条件无效" in html


def test_out_of_scope_filter_choice_is_ignored(login: Any, world: Any) -> None:
    html = _html(login("county_staff").get(reverse("orgs:organization-list"), {"jurisdiction": world.city.pk}))
    assert "部分筛选条件无效" in html and world.org_a.name not in html


# ---- Query budgets -----------------------------------------------------------------------------------------------


@pytest.fixture
def many_orgs(world: Any) -> None:
    for i in range(30):
        parent = Organization.objects.create(name=f"测试单位{i}党组", short_name=f"测试{i}", org_type="party_group",
                                             sector="other", jurisdiction=world.city if i % 2 else world.county)
        Organization.objects.create(name=f"测试单位{i}支部", short_name=f"测试{i}支部", org_type="branch",
                                    sector="other", jurisdiction=parent.jurisdiction, parent=parent)
        Person.objects.create(name=f"干部{i}", gender="M", birth_year=1980, organization=parent, post="科员")


@pytest.mark.parametrize(("url_name", "params"), [
    ("orgs:jurisdiction-list", {}),
    ("orgs:jurisdiction-list", {"q": "县"}),
    ("orgs:organization-list", {}),
    ("orgs:organization-list", {"q": "测试"}),
    ("orgs:person-list", {}),
    ("orgs:person-list", {"q": "干部"}),
])
def test_list_query_budget(login: Any, many_orgs: None, django_assert_max_num_queries: Any, url_name: str,
                           params: dict[str, str]) -> None:
    client = login("office_director")
    # The page's own queries, one for the menu's to-do badge and, for the cadre list, the audit event of a read of
    # personal data: three queries, four on PostgreSQL (its advisory lock serialises appends). A constant:
    # many_orgs makes any per-row query blow the budget.
    audit = 3 + (connection.vendor == "postgresql")
    with django_assert_max_num_queries(15 + audit if url_name == "orgs:person-list" else 15):
        assert client.get(reverse(url_name), params).status_code == 200


def test_detail_query_budget(login: Any, world: Any, many_orgs: None, django_assert_max_num_queries: Any) -> None:
    client = login("office_director")
    # Each with one query for the menu's to-do badge.
    with django_assert_max_num_queries(19):
        assert client.get(reverse("orgs:jurisdiction-detail", args=[world.city.pk])).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(reverse("orgs:organization-detail", args=[world.org_a.pk])).status_code == 200
    with django_assert_max_num_queries(23):
        assert client.get(reverse("orgs:person-detail", args=[world.person_a.pk])).status_code == 200
