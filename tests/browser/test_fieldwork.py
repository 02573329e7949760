"""Fieldwork on a phone (390 px): a team member opens the talk plan, writes the record of a talk they hold and the
team leader signs it off; the inspected unit's liaison sees the document requests addressed to their unit, uploads a
file and marks them delivered. The demo's 11-7-03 stay is over (its records are signed and its documents returned),
so the tests work in 第一组's extended stay at 市驻郑办 (stationed in the demo), whose window they open up to April
2019; its leader and the unit's liaison get accounts of their own here (the demo publishes none for them).
Screenshots: var/screenshots/phone-fieldwork-*.png."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.support import LOCALE, login
from tests.browser.test_phone import PHONE

pytestmark = pytest.mark.browser

SETUP = """
import base64, datetime, hashlib, json
from django.contrib.auth.hashers import make_password
from xuncha.core.clock import business_now
from django_otp.plugins.otp_totp.models import TOTPDevice
from xuncha.accounts.models import User
from xuncha.accounts.services import role_grant
from xuncha.demo.accounts import DEMO_PASSWORD
from xuncha.fieldwork import services
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Organization

i = Inspection.objects.get(code="11-7-E01")
Inspection.objects.filter(pk=i.pk).update(planned_withdrawal=datetime.date(2019, 4, 30))
secadmin = User.objects.get(username="secadmin")
member1 = User.objects.get(username="member1")
seats = list(i.team.memberships.select_related("person").order_by("order", "pk"))
leader_person = next(m.person for m in seats if m.role == "leader")
key = hashlib.sha1(b"xuncha-browser-totp:leader1").digest()
leader, created = User.objects.get_or_create(username="leader1", defaults={{
    "person": leader_person, "display_name": leader_person.name, "password": make_password(DEMO_PASSWORD)}})
if created:
    TOTPDevice.objects.create(user=leader, name="测试令牌", key=key.hex(), confirmed=True)
    role_grant(actor=secadmin, user=leader, role="team_leader", team=i.team,
               reason="浏览器测试：为第一组组长开通账户以审签谈话笔录。")
unit = Organization.objects.get(short_name="市驻郑办")
liaison, created = User.objects.get_or_create(username="liaison_zzb", defaults={{
    "display_name": "驻郑办联络员", "password": make_password(DEMO_PASSWORD)}})
if created:
    role_grant(actor=secadmin, user=liaison, role="liaison", organization=unit)
recorder = next(m.person for m in seats if m.person_id not in (member1.person_id, leader_person.pk))
talk = services.talk_add(actor=leader, inspection_id=i.pk, data=services.TalkData(
    organization_id=unit.pk, person_id=None, name="浏览器测试谈话对象", post="市驻郑办综合科科员",
    category="staff", interviewer_id=member1.person_id, recorder_id=recorder.pk,
    scheduled_at=business_now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=2)))
doc = services.document_request_create(actor=leader, inspection_id=i.pk, data=services.DocumentRequestData(
    organization_id=unit.pk, title="2018年公务接待台账（浏览器测试）", period="2018年", deadline=datetime.date(2019, 4, 20)))
open({path!r}, "w").write(json.dumps({{"inspection": i.pk, "talk": talk.pk, "talk_code": talk.code,
    "document": doc.pk, "document_code": doc.code, "totp": base64.b32encode(key).decode()}}))
"""


@pytest.fixture(scope="module")
def stay(demo_server: Any) -> dict[str, Any]:
    target = demo_server.var_dir / "fieldwork-stay.json"
    demo_server.manage("shell", "-c", SETUP.format(path=str(target)))
    result: dict[str, Any] = json.loads(target.read_text())
    return result


@pytest.fixture
def phone_as(browser: Any, base_url: str, account: Any, watch: Any) -> Iterator[Any]:
    """``phone_as("member1")``: a 390 px page signed in as that account (with its authenticator code if any)."""
    contexts: list[Any] = []

    def open_as(username: str, password: str = "", totp: str = "") -> Any:
        context = browser.new_context(base_url=base_url, viewport=PHONE, locale=LOCALE, timezone_id="Asia/Shanghai",
                                      is_mobile=True, has_touch=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        login(page, username, password or account("member1")["password"], totp)
        return page

    yield open_as
    for context in contexts:
        context.close()


def fits(page: Any, name: str) -> None:
    """The page is no wider than the phone (a wide table scrolls inside its card); names what sticks out."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        wide = page.evaluate("""(limit) => Array.from(document.querySelectorAll('body *')).filter(el => {
            const r = el.getBoundingClientRect();
            return r.right > limit && !(el.parentElement && el.parentElement.getBoundingClientRect().right > limit);
        }).slice(0, 5).map(el => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(
            el.getBoundingClientRect().right)} px)`)""", PHONE["width"])
        pytest.fail(f"{name} is {width} px wide on a {PHONE['width']} px screen: {wide}")


def shot(page: Any, screenshots: Any, name: str) -> None:
    page.wait_for_load_state("networkidle")
    fits(page, name)
    page.screenshot(path=str(screenshots / f"phone-fieldwork-{name}.png"), full_page=True)


def test_a_member_writes_a_talk_record_on_a_phone_and_the_leader_signs_it_off(
        stay: dict[str, Any], phone_as: Any, watch: Any, screenshots: Any) -> None:
    member = phone_as("member1")
    response = member.goto(f"/inspections/{stay['inspection']}/talks/")
    assert response is not None and response.status == 200
    shot(member, screenshots, "talk-plan")
    # Only the talks the member holds: the filter bar's choice applies at once (htmx).
    member.select_option("select[name='mine']", "1")
    member.wait_for_url("**mine=1**")
    member.locator("#talk-results").get_by_text(stay["talk_code"]).wait_for()
    member.locator("#talk-results").get_by_role("link", name=stay["talk_code"]).click()
    member.wait_for_load_state()
    assert "浏览器测试谈话对象" in member.inner_text("main")
    shot(member, screenshots, "talk")
    member.get_by_role("link", name="填写笔录").click()
    member.wait_for_load_state()
    shot(member, screenshots, "record-form")
    member.fill("input[name='place']", "市驻郑办三楼谈话室")
    member.fill("textarea[name='questions_answers']", "问：单位公务接待情况如何？\n答：接待有台账，但个别接待超标准。")
    member.fill("textarea[name='issues_raised']", "个别公务接待超标准。")
    with member.expect_navigation():
        member.get_by_role("button", name="保存笔录").click()
    assert "谈话笔录已保存" in member.inner_text(".messages")
    assert "个别接待超标准" in member.inner_text("main")
    shot(member, screenshots, "record")

    leader = phone_as("leader1", totp=stay["totp"])
    leader.goto(f"/talks/{stay['talk']}/")
    assert "个别接待超标准" in leader.inner_text("main")
    with leader.expect_navigation():
        leader.get_by_role("button", name="审签").click()
    assert "谈话笔录已审签" in leader.inner_text(".messages")
    assert "组长已审签" in leader.inner_text("main")
    shot(leader, screenshots, "signed")
    # The member sees it signed and may not change it any more.
    member.reload()
    assert member.get_by_role("link", name="修改笔录").count() == 0
    assert watch.problems() == [], watch.problems()


def test_the_liaison_uploads_and_delivers_documents_on_a_phone(stay: dict[str, Any], phone_as: Any, watch: Any,
                                                                 screenshots: Any) -> None:
    liaison = phone_as("liaison_zzb")
    response = liaison.goto(f"/inspections/{stay['inspection']}/documents/")
    assert response is not None and response.status == 200
    text = liaison.inner_text("main")
    assert "巡察组向本单位调阅的资料" in text and stay["document_code"] in text
    shot(liaison, screenshots, "documents")
    liaison.get_by_role("link", name=stay["document_code"]).click()
    liaison.wait_for_load_state()
    liaison.set_input_files("input[name='file']", files=[
        {"name": "接待台账.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% test\n"}])
    with liaison.expect_navigation():
        liaison.get_by_role("button", name="上传").click()
    assert "文件已上传" in liaison.inner_text(".messages")
    assert "接待台账.pdf" in liaison.inner_text("main")
    with liaison.expect_navigation():
        liaison.get_by_role("button", name="标记已提供").click()
    assert "已完成" in liaison.inner_text(".messages")
    shot(liaison, screenshots, "delivered")
    assert watch.problems() == [], watch.problems()
    # Nothing of the talks reaches the liaison (the inspection is visible to them, its talks are not).
    response = liaison.goto(f"/inspections/{stay['inspection']}/talks/")
    assert response is not None and response.status in (403, 404)
    assert "浏览器测试谈话对象" not in liaison.content()
