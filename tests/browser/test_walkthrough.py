"""README.md's 试一试, followed bullet by bullet in Chromium on the demo, as the account each bullet names.

Each step is screenshot into var/screenshots/walkthrough-*.png for a person to look at. The bullets are quoted in
the test names' docstrings so that a change to one is a change to the other.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.support import login

pytestmark = pytest.mark.browser
README = Path(__file__).resolve().parents[2] / "README.md"


def _shot(page: Any, screenshots: Path, name: str) -> None:
    page.screenshot(path=str(screenshots / f"walkthrough-{name}.png"), full_page=True)


def _api(page: Any, path: str) -> Any:
    response = page.request.get(path)
    assert response.ok, f"GET {path} answered {response.status}"
    return response.json()


def _click(page: Any, locator: Any) -> None:
    """Follow a link or send a form, and wait until the new page's own requests (its lazy panels) are done, as a
    person reads the page before the next click; a click meanwhile would abort a panel's request."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("networkidle")


def _open_round7(page: Any) -> None:
    """届次与轮次 → 十一届 → 第七轮, by the links a person would follow."""
    page.goto("/")
    _click(page, page.get_by_role("link", name="届次与轮次").first)
    _click(page, page.get_by_role("link", name=re.compile("十一届")).first)
    _click(page, page.get_by_role("link", name=re.compile("第七轮")).first)


def test_the_readme_walkthrough_names_these_steps() -> None:
    text = README.read_text(encoding="utf-8")
    walkthrough = text.split("试一试：", 1)[1].split("\n## ", 1)[0]
    for phrase in ("以 `director` 登录", "以 `liaison_gsl` 登录", "以 `member1` 登录", "交叉配对",
                   "以 `office` 登录", "第八轮", "新建巡察组", "市房管局", "经济责任审计科", "以 `county_director` 登录",
                   "以 `sysadmin`、`secadmin`、`auditor` 登录"):
        assert phrase in walkthrough, phrase


def test_director_sees_round7(page: Any, login_as: Any, watch: Any, screenshots: Path) -> None:
    """以 director 登录，打开“届次与轮次”→ 十一届 → 第七轮，可看到 21 个巡察（5 个常规巡察组 7 家单位、15 个交叉巡察的
    县级巡察组、1 个延伸巡察）；市工商联的巡察已进入“整改落实”阶段。"""
    login_as("director")
    _open_round7(page)
    body = page.inner_text("main")
    codes = set(re.findall(r"11-7-(?:\d\d|X\d\d|E\d\d)", body))
    # The demo's 21 (other browser tests may have arranged more in round 7 on the shared server: 11-7-06 on).
    demo = {c for c in codes if not re.fullmatch(r"11-7-(?!0[1-5]\b)\d\d", c)}
    assert len(demo) == 21, sorted(codes)
    assert len([c for c in demo if re.fullmatch(r"11-7-\d\d", c)]) == 5
    assert len([c for c in codes if "X" in c]) == 15 and len([c for c in codes if "E" in c]) == 1
    row = page.locator("tr", has_text="市工商联").first
    assert "整改落实" in row.inner_text()
    _shot(page, screenshots, "1-director-round7")
    assert watch.problems() == []


def test_liaison_sees_only_its_own_inspection(page: Any, login_as: Any, context: Any, base_url: str,
                                              screenshots: Path) -> None:
    """以 liaison_gsl 登录，只能看到市工商联自己的巡察；打开其他单位的巡察地址会得到“未找到”。"""
    director = context.browser.new_context(base_url=base_url)
    other = director.new_page()
    login(other, "director", "Demo#2018xc")
    fgj = next(i for i in _api(other, "/api/v1/inspections?page_size=200")["results"] if i["code"] == "11-7-05")
    director.close()
    login_as("liaison_gsl")
    page.goto("/planning/inspections/")
    body = page.inner_text("main")
    assert set(re.findall(r"11-\d-(?:\d\d|X\d\d|E\d\d)", body)) == {"11-7-03"}
    _shot(page, screenshots, "2-liaison-list")
    response = page.goto(f"/planning/inspections/{fgj['id']}/")
    assert response is not None and response.status == 404
    assert "未找到" in page.inner_text("body")
    _shot(page, screenshots, "2-liaison-not-found")


def test_member1_sees_only_team1(page: Any, login_as: Any, screenshots: Path) -> None:
    """以 member1 登录，只能看到第一巡察组的巡察。"""
    login_as("member1")
    page.goto("/planning/inspections/")
    rows = page.locator("main tbody tr")
    assert rows.count() >= 1
    for k in range(rows.count()):
        assert "市委第一巡察组" in rows.nth(k).inner_text()
    _shot(page, screenshots, "3-member1-list")


def test_director_simulates_the_cross_assignment(page: Any, login_as: Any, watch: Any, screenshots: Path) -> None:
    """以 director 登录，打开第七轮的“交叉配对”，锁定一对、以上一轮的配对为禁止，重新生成，阅读每一对的理由；再锁定一个
    县巡本县，阅读“为什么无解”。第七轮已进驻，方案只作模拟推演。"""
    login_as("director")
    _open_round7(page)
    _click(page, page.get_by_role("link", name=re.compile("交叉配对")).first)
    assert "模拟推演" in page.inner_text("main")
    lock = page.get_by_label(re.compile("^老城区委巡察组"))
    lock.select_option(label="涧西区")
    page.fill("input[name='lookback']", "1")
    _click(page, page.locator("form.crossing-form [type='submit']").first)
    main = page.inner_text("main")
    assert "理由" in main and "为什么无解" not in main
    assert "模拟推演" in main
    _shot(page, screenshots, "4-crossing-reasons")
    _click(page, page.get_by_role("link", name="调整条件重新生成"))
    page.get_by_label(re.compile("^老城区委巡察组")).select_option(label="老城区")
    _click(page, page.locator("form.crossing-form [type='submit']").first)
    assert "为什么无解" in page.inner_text("main")
    _shot(page, screenshots, "4-crossing-infeasible")
    assert watch.problems() == []


def test_office_plans_round8_and_meets_a_recusal(page: Any, login_as: Any, watch: Any,
                                                 screenshots: Path) -> None:
    """以 office 登录，打开十一届第八轮（工作方案已报批、尚无巡察），在“安排被巡察党组织”中勾选第七轮未覆盖的单位（可跨页勾选），
    安排为一次巡察；在第八轮页面“新建巡察组”，再勾选“包括已覆盖”找到市房管局，安排一次由该组承担的专项巡察；在该组的
    “从人才库选配成员”中查找“经济责任审计科”，系统立即说明回避情形：这名干部曾在市房管局任职。"""
    login_as("office")
    page.goto("/")
    _click(page, page.get_by_role("link", name="届次与轮次").first)
    _click(page, page.get_by_role("link", name=re.compile("十一届")).first)
    _click(page, page.get_by_role("link", name=re.compile("第八轮")).first)
    assert "第八轮" in page.inner_text("main")
    round_url = page.url
    _shot(page, screenshots, "5-office-round8")

    # Units round 7 did not cover, ticked on two pages, arranged as one inspection.
    _click(page, page.get_by_role("link", name=re.compile("安排被巡察党组织")).first)
    first = page.locator("#plan-form tbody input[name='organizations']").first
    first_name = page.locator("#plan-form tbody tr").first.locator("label").inner_text()
    first.check()
    _click(page, page.locator("#plan-form a.page-link", has_text="下一页").first)
    second_name = page.locator("#plan-form tbody tr").first.locator("label").inner_text()
    page.locator("#plan-form tbody input[name='organizations']").first.check()
    assert "已选 2 个党组织" in page.inner_text("#plan-form")
    _shot(page, screenshots, "5-office-ticks-two-pages")
    _click(page, page.locator("#plan-form [type='submit']").first)
    planned = page.inner_text(".planned-list")
    assert first_name in planned and second_name in planned

    # A team of round 8, then a special inspection of 市房管局 by it.
    page.goto(round_url)
    _click(page, page.get_by_role("link", name="新建巡察组"))
    page.fill("input[name='name']", "市委第一巡察组")
    _click(page, page.locator("form:has(input[name='name']) [type='submit']"))
    page.wait_for_load_state("networkidle")  # the new team's page loads its forming panels: let it finish
    _shot(page, screenshots, "5-office-new-team")
    page.goto(round_url)
    _click(page, page.get_by_role("link", name=re.compile("安排被巡察党组织")).first)
    page.get_by_label(re.compile("包括已覆盖|本届已覆盖")).check()
    page.fill("input[name='q']", "市房管局")
    _click(page, page.locator("form.filter-bar [type='submit']"))
    page.locator("#plan-form tbody tr", has_text="市房管局").first.locator("input[name='organizations']").check()
    page.select_option("#plan-form select[name='inspection_type']", value="special")
    page.fill("#plan-form input[name='special_topic']", "住房保障")
    page.select_option("#plan-form select[name='team']", label="市委第一巡察组")
    _click(page, page.locator("#plan-form [type='submit']").first)
    assert "市房管局" in page.inner_text(".planned-list")
    _shot(page, screenshots, "5-office-special-fgj")

    # The team's forming page: the pool search names the cadre who worked at 市房管局, and why.
    page.goto(round_url)
    _click(page, page.get_by_role("link", name="市委第一巡察组").first)
    page.wait_for_load_state("networkidle")  # the team page loads its forming panels
    page.fill("#cand-q", "经济责任审计科")  # the list follows the typing (htmx), no button needed
    # 市审计局's 经济责任审计科副科长 was 计划财务科副科长 at 市房管局 until October 2015 (seeded: worked_at_fgj).
    hit = page.locator("#team-candidates label", has_text="市审计局").filter(has_text="计划财务科副科长").first
    hit.wait_for()
    page.wait_for_load_state("networkidle")
    assert "市房管局" in hit.inner_text() and "必须回避" in hit.inner_text()
    hit.scroll_into_view_if_needed()
    _shot(page, screenshots, "5-office-recusal")
    assert watch.problems() == []


def test_county_director_reads_the_linked_inspections(page: Any, login_as: Any, screenshots: Path) -> None:
    """以 county_director 登录，巡察列表中只有上下联动的巡察，只能查阅，不能办理。"""
    login_as("county_director")
    page.goto("/planning/inspections/")
    body = page.inner_text("main")
    codes = set(re.findall(r"11-\d-(?:\d\d|X\d\d|E\d\d)", body))
    assert {"11-7-X03", "11-7-X06"} <= codes, codes
    assert all("X" in c for c in codes), codes
    _shot(page, screenshots, "6-county-director-list")
    _click(page, page.get_by_role("link", name="11-7-X03").first)
    main = page.inner_text("main")
    assert "洛龙区" in main and "反馈移交" in main
    assert page.locator("form[action*='/transitions/']").count() == 0
    _shot(page, screenshots, "6-county-director-linked")


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_administrators_see_no_business_data(username: str, page: Any, login_as: Any, screenshots: Path) -> None:
    """以 sysadmin、secadmin、auditor 登录，看不到任何业务数据（三员分立）；auditor 可以查阅和校验审计日志。"""
    login_as(username)
    page.goto("/")
    assert not re.findall(r"11-\d-\w\d\d", page.inner_text("body"))
    response = page.goto("/planning/inspections/")
    assert response is not None and response.status == 404
    if username == "auditor":
        page.goto("/audit/")
        assert page.locator("main table").count() >= 1
        page.get_by_role("button", name=re.compile("校验哈希链")).first.click()
        # The check runs as a background job (make run starts the worker; this server has none): it is under way.
        page.get_by_text(re.compile("校验通过|正在校验审计日志哈希链")).first.wait_for()
    _shot(page, screenshots, f"7-{username}")
