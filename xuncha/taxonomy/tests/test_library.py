"""The grown taxonomy (typical problems, sub-items, local additions per committee) and the basis library (article
by article with validity dates: a finding cites the article in force at the time of the conduct)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.taxonomy import selectors, services
from xuncha.taxonomy.models import Article, Framework, FrameworkNode, Regulation, TypicalProblem, Wording

d = datetime.date


@pytest.mark.django_db
def test_the_seed_grows_the_frameworks_spec_5() -> None:
    f2018 = Framework.objects.get(code="F2018")
    assert "整改" in f2018.nodes.get(code="G").name  # 一个加强: the supervision of rectification
    d1 = f2018.nodes.get(code="D1")
    assert TypicalProblem.objects.filter(node=d1, text__contains="公务用车私用").exists()
    assert FrameworkNode.objects.filter(framework__code="F2020", parent__code="T1").count() >= 3
    assert FrameworkNode.objects.filter(framework__code="F2023", parent__code="Q4").count() == 2
    assert Framework.objects.get(code="VILLAGE").nodes.filter(name__contains="四议两公开").exists()
    assert Framework.objects.get(code="GZF").nodes.count() == 8 and Framework.objects.get(code="SEL").nodes.count() == 8
    assert Wording.objects.filter(area_code="D1").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "version"), [
    (d(2017, 5, 4), "JL2015"), (d(2018, 9, 30), "JL2015"), (d(2018, 10, 1), "JL2018"), (d(2023, 12, 31), "JL2018"),
    (d(2024, 1, 1), "JL2023"),
])
def test_the_version_of_the_discipline_regulations_in_force_on_a_day(day: datetime.date, version: str) -> None:
    [found] = Regulation.objects.filter(family="纪律处分条例").in_force_on(day)
    assert found.code == version
    assert set(Article.objects.in_force_on(day).filter(regulation__family="纪律处分条例")
               .values_list("regulation__code", flat=True)) == {version}


@pytest.mark.django_db
def test_citing_an_article_not_in_force_names_the_version_that_was() -> None:
    gift_2018 = Article.objects.get(regulation__code="JL2018", number="第八十八条")
    gift_2015 = Article.objects.get(regulation__code="JL2015", number="第八十三条")
    assert selectors.basis_problems([gift_2018], d(2018, 11, 1)) == []
    [problem] = selectors.basis_problems([gift_2018], d(2017, 5, 4))
    assert "不适用于2017年05月04日" in problem and "2015年修订" in problem
    [problem] = selectors.basis_problems([gift_2015], d(2015, 6, 1))
    assert "尚未施行" in problem
    assert gift_2018.citation == "《中国共产党纪律处分条例》（2018年修订）第八十八条"


@pytest.mark.django_db
def test_texts_not_quoted_verbatim_are_marked_as_summaries() -> None:
    assert not Article.objects.filter(regulation__code="LJ2015", is_summary=True).exists()
    assert Article.objects.get(regulation__code="LJ2015", number="第五条").text == "廉洁从政，自觉保持人民公仆本色。"
    assert not Article.objects.filter(regulation__family="纪律处分条例", is_summary=False).exists()


def test_a_county_adds_its_own_items_seen_in_its_tree_only(personas: SimpleNamespace, objects: SimpleNamespace
                                                          ) -> None:
    from tests.factories import JurisdictionFactory, UserFactory, grant
    from xuncha.accounts.roles import Role

    county, city = objects.county, objects.city
    other_county = JurisdictionFactory.create(name="丙县", parent=city)
    county_office = UserFactory.create(username="county_office")
    grant(county_office, Role.OFFICE_STAFF, county)
    node = services.local_item_add(actor=county_office, jurisdiction_id=county.pk, framework_code="F2018",
                                   parent_code="F", name="农村集体“三资”监管", note="乙县本轮重点")
    problem = services.local_problem_add(actor=county_office, jurisdiction_id=county.pk, framework_code="F2018",
                                         node_code=node.code, text="集体土地发包未经村民代表会议")
    assert node.level == 2 and node.parent is not None and node.parent.code == "F" and node.code == "F-L1"
    f2018 = Framework.objects.get(code="F2018")
    in_county = {n.pk for n in selectors.framework_nodes(framework=f2018, jurisdiction_path=county.path)}
    in_city = {n.pk for n in selectors.framework_nodes(framework=f2018, jurisdiction_path=city.path)}
    in_other = {n.pk for n in selectors.framework_nodes(framework=f2018, jurisdiction_path=other_county.path)}
    assert node.pk in in_county and node.pk not in in_city and node.pk not in in_other
    assert in_city == in_other
    assert problem in TypicalProblem.objects.in_tree_of(county.path) and problem not in TypicalProblem.objects.in_tree_of(
        other_county.path)
    # The API's common tree stays common.
    framework: Any = selectors.framework_get(actor=personas.office_staff, code="F2018")
    tree = framework.api_node_tree
    assert all(child["code"] != node.code for area in tree for child in area["children"])


def test_only_the_committees_office_adds_under_an_area(personas: SimpleNamespace, objects: SimpleNamespace) -> None:
    with pytest.raises(CapabilityMissing):
        services.local_item_add(actor=personas.leading_group, jurisdiction_id=objects.city.pk,
                                framework_code="F2018", parent_code="F", name="x")
    with pytest.raises(DomainError, match="一级领域"):
        services.local_item_add(actor=personas.office_staff, jurisdiction_id=objects.city.pk,
                                framework_code="F2018", parent_code="F1", name="x")
    with pytest.raises(DomainError, match="条目名称"):
        services.local_item_add(actor=personas.office_staff, jurisdiction_id=objects.city.pk,
                                framework_code="F2018", parent_code="F", name="  ")
    services.local_item_add(actor=personas.office_staff, jurisdiction_id=objects.city.pk, framework_code="F2018",
                            parent_code="F", name="国企改制")
    with pytest.raises(DomainError, match="同名"):
        services.local_item_add(actor=personas.office_staff, jurisdiction_id=objects.city.pk,
                                framework_code="F2018", parent_code="F", name="国企改制")


def test_the_library_pages_for_readers_and_the_local_form_for_the_office(client, personas: SimpleNamespace,
                                                                         objects: SimpleNamespace) -> None:
    client.force_login(personas.member_a)
    for url in ("/library/", "/library/frameworks/F2018/", "/library/regulations/?in_force_on=2017-05-04",
                "/library/regulations/JL2018/", "/library/wordings/?area_code=D1"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/library/regulations/?in_force_on=2017-05-04").content.decode()
    assert "2015年修订" in page and "2018年修订" not in page
    assert "增补本地监督重点" not in client.get("/library/frameworks/F2018/").content.decode()
    client.force_login(personas.auditor)
    assert client.get("/library/").status_code == 404
    client.force_login(personas.office_staff)
    assert "增补本地监督重点" in client.get("/library/frameworks/F2018/").content.decode()
    response = client.post("/library/frameworks/F2018/local/", {
        "kind": "item", "jurisdiction": objects.city.pk, "node": "C", "text": "机关党建与业务融合"})
    assert response.status_code == 302
    assert FrameworkNode.objects.filter(jurisdiction=objects.city, name="机关党建与业务融合").exists()
    response = client.post("/library/frameworks/F2018/local/", {
        "kind": "item", "jurisdiction": objects.city.pk, "node": "C", "text": ""})
    assert response.status_code == 400 and "提交的内容有误" in response.content.decode()


def test_the_api_reads_the_library(client, personas: SimpleNamespace) -> None:
    client.force_login(personas.member_a)
    articles = client.get("/api/v1/articles", {"in_force_on": "2019-03-01", "family": "纪律处分条例"}).json()
    assert {a["regulation"] for a in articles["results"]} == {"JL2018"}
    assert articles["results"][0]["citation"].startswith("《中国共产党纪律处分条例》（2018年修订）")
    assert client.get("/api/v1/articles", {"family": "无此法规"}).status_code == 422
    detail = client.get("/api/v1/regulations/LJ2015").json()
    assert len(detail["articles"]) == 8 and detail["effective_to"] is None
    tree = client.get("/api/v1/frameworks/F2018").json()
    d_area = next(n for n in tree["nodes"] if n["code"] == "D")
    assert any("公务用车私用" in p for p in d_area["children"][0]["typical_problems"])
    assert client.get("/api/v1/wordings", {"area_code": "C1"}).json()["count"] == 1
