"""A survey answered on a phone (390 px, no sign-in): the respondent types the one-time code of a slip on the public
``/s/`` page, answers every question and submits; the code is then spent (the same code is refused, with a clear
message). The demo's appraisals are closed, so the test opens one in 第一组's stay at 市驻郑办 (stationed in the
demo) through the services. Screenshots: var/screenshots/phone-survey-*.png."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.support import LOCALE, login
from tests.browser.test_fieldwork import fits
from tests.browser.test_phone import PHONE

pytestmark = pytest.mark.browser

SETUP = """
import datetime, json
from xuncha.accounts.models import User
from xuncha.inspections.models import Inspection
from xuncha.surveys import services
from xuncha.surveys.models import SurveyTemplate
i = Inspection.objects.get(code="11-7-E01")
Inspection.objects.filter(pk=i.pk).update(planned_withdrawal=datetime.date(2019, 4, 30))
member1 = User.objects.get(username="member1")
template = SurveyTemplate.objects.filter(kind="leadership").order_by("-version").first()
survey = services.survey_create(actor=member1, inspection_id=i.pk, template_id=template.pk,
                                title="市驻郑办领导班子民主测评（浏览器测试）")
batch = services.tokens_issue(actor=member1, survey_id=survey.pk, group="middle", count=2)
services.survey_transition(actor=member1, survey_id=survey.pk, name="open")
open({path!r}, "w").write(json.dumps({{"survey": survey.pk, "codes": batch.codes}}))
"""


def _shot(page: Any, screenshots: Any, name: str) -> None:
    page.wait_for_load_state("networkidle")
    fits(page, name)
    page.screenshot(path=str(screenshots / f"phone-survey-{name}.png"), full_page=True)


def test_a_respondent_answers_once_with_a_code_on_a_phone(browser: Any, base_url: str, demo_server: Any,
                                                          watch: Any, screenshots: Any) -> None:
    target = demo_server.var_dir / "survey.json"
    demo_server.manage("shell", "-c", SETUP.format(path=str(target)))
    setup = json.loads(target.read_text())
    code = setup["codes"][0]
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale=LOCALE, timezone_id="Asia/Shanghai",
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    watch.attach(page)

    response = page.goto("/s/")
    assert response is not None and response.status == 200
    _shot(page, screenshots, "entry")
    # Typed as people type it: lower case, with spaces instead of dashes.
    page.fill("input[name='code']", " ".join(code[i:i + 4] for i in range(0, 16, 4)).lower())
    with page.expect_navigation():
        page.get_by_role("button", name="开始答题").click()
    assert "市驻郑办领导班子民主测评（浏览器测试）" in page.inner_text("h1")
    _shot(page, screenshots, "questionnaire")

    # Submitting nothing says what is missing and stores nothing.
    with page.expect_navigation():
        page.get_by_role("button", name="提交答卷").click()
    assert "未提交" in page.inner_text("body")
    # Every question answered: the first choice of each, a sentence in each text box.
    for fieldset in page.locator("fieldset.survey-question").all():
        fieldset.locator("input.form-check-input").first.check()
    for box in page.locator("textarea").all():
        box.fill("希望班子多听取基层干部意见。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交答卷").click()
    assert "提交答卷" not in page.inner_text("body")
    _shot(page, screenshots, "done")

    # The code is spent: the entry page and the link both refuse it, clearly.
    page.goto("/s/")
    page.fill("input[name='code']", code)
    with page.expect_navigation():
        page.get_by_role("button", name="开始答题").click()
    assert "已经使用过" in page.inner_text("body")
    _shot(page, screenshots, "spent")
    assert watch.problems(ignore_console=("409", "400", "Failed to load resource")) == [], watch.problems()
    # A code that was never issued is told so as well.
    page.goto("/s/")
    page.fill("input[name='code']", "0000-0000-0000-0000")
    with page.expect_navigation():
        page.get_by_role("button", name="开始答题").click()
    assert "答题码无效" in page.inner_text("body")
    context.close()


def test_the_team_revokes_a_lost_slip_on_a_phone(browser: Any, base_url: str, demo_server: Any, account: Any,
                                                 watch: Any, screenshots: Any) -> None:
    target = demo_server.var_dir / "survey-revoke.json"
    demo_server.manage("shell", "-c", SETUP.format(path=str(target)))
    setup = json.loads(target.read_text())
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale=LOCALE, timezone_id="Asia/Shanghai",
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    watch.attach(page)
    login(page, "member1", account("member1")["password"])
    page.goto(f"/surveys/{setup['survey']}/")
    page.locator("summary", has_text="作废答题码").click()
    page.fill("input[name='code']", setup["codes"][1])
    _shot(page, screenshots, "revoke")
    with page.expect_navigation():
        page.get_by_role("button", name="作废", exact=True).click()
    assert "已作废第 1 批" in page.inner_text(".messages")
    _shot(page, screenshots, "revoked")
    assert watch.problems() == [], watch.problems()
    # The revoked code answers nothing.
    public = browser.new_context(base_url=base_url, viewport=PHONE, locale=LOCALE)
    answer = public.new_page()
    response = answer.goto(f"/s/{setup['codes'][1]}/")
    assert response is not None and response.status == 409 and "已作废" in answer.inner_text("body")
    public.close()
    context.close()
