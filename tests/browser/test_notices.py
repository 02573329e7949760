"""A notice during the stay on a phone (390 px): the inspected unit's liaison finds the notice on the home page,
signs for it, answers it with the measures on its item and a file; the team leader accepts the answer and the item is
done. The demo's 11-7-03 stay is over, so the test works in 第一组's extended stay at 市驻郑办 (stationed in the demo,
its window opened up to April 2019), as tests/browser/test_fieldwork.py does, with the same two accounts.
Screenshots: var/screenshots/phone-notices-*.png."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.test_fieldwork import fits, phone_as  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

SETUP = """
import base64, datetime, hashlib, json
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
from xuncha.accounts.models import User
from xuncha.accounts.services import role_grant
from xuncha.demo.accounts import DEMO_PASSWORD
from xuncha.inspections.models import Inspection
from xuncha.notices import services
from xuncha.orgs.models import Organization

i = Inspection.objects.get(code="11-7-E01")
Inspection.objects.filter(pk=i.pk).update(planned_withdrawal=datetime.date(2019, 4, 30))
secadmin = User.objects.get(username="secadmin")
seats = list(i.team.memberships.select_related("person").order_by("order", "pk"))
leader_person = next(m.person for m in seats if m.role == "leader")
key = hashlib.sha1(b"xuncha-browser-totp:leader1").digest()
leader, created = User.objects.get_or_create(username="leader1", defaults={{
    "person": leader_person, "display_name": leader_person.name, "password": make_password(DEMO_PASSWORD)}})
if created:
    TOTPDevice.objects.create(user=leader, name="测试令牌", key=key.hex(), confirmed=True)
    role_grant(actor=secadmin, user=leader, role="team_leader", team=i.team,
               reason="浏览器测试：为第一组组长开通账户以签发和审核通知书。")
unit = Organization.objects.get(short_name="市驻郑办")
liaison, created = User.objects.get_or_create(username="liaison_zzb", defaults={{
    "display_name": "驻郑办联络员", "password": make_password(DEMO_PASSWORD)}})
if created:
    role_grant(actor=secadmin, user=liaison, role="liaison", organization=unit)
notice = services.notice_create(actor=leader, inspection_id=i.pk, data=services.NoticeData(
    kind="rectification", organization_id=unit.pk, title="关于立即整改公务接待超标准问题的通知",
    subject="抽查2018年公务接待台账发现，个别接待超出标准，且无公函。",
    basis="《党政机关国内公务接待管理规定》第九条", requirement="立即规范接待审批，三日内书面回复。",
    deadline=datetime.date(2019, 3, 21), contact="市委第一巡察组",
    items=[services.ItemData("个别公务接待超标准、无公函", "退还超标准部分，补齐审批手续")]))
services.notice_transition(actor=leader, notice_id=notice.pk, transition="issue")
notice.refresh_from_db()
open({path!r}, "w").write(json.dumps({{"inspection": i.pk, "notice": notice.pk, "number": notice.number,
    "totp": base64.b32encode(key).decode()}}))
"""


@pytest.fixture(scope="module")
def notice(demo_server: Any) -> dict[str, Any]:
    target = demo_server.var_dir / "notices-stay.json"
    demo_server.manage("shell", "-c", SETUP.format(path=str(target)))
    result: dict[str, Any] = json.loads(target.read_text())
    return result


def shot(page: Any, screenshots: Any, name: str) -> None:
    page.wait_for_load_state("networkidle")
    fits(page, name)
    page.screenshot(path=str(screenshots / f"phone-notices-{name}.png"), full_page=True)


def test_the_liaison_signs_for_and_answers_on_a_phone_and_the_leader_accepts(
        notice: dict[str, Any], phone_as: Any, watch: Any, screenshots: Any) -> None:  # noqa: F811
    liaison = phone_as("liaison_zzb")
    response = liaison.goto("/")
    assert response is not None and response.status == 200
    assert "签收通知书" in liaison.inner_text("main") and notice["number"] in liaison.inner_text("main")
    shot(liaison, screenshots, "home")
    # The inspection's tab 通知书 lists it for the unit.
    response = liaison.goto(f"/inspections/{notice['inspection']}/stay-notices/")
    assert response is not None and response.status == 200
    shot(liaison, screenshots, "list")
    liaison.get_by_role("link", name=notice["number"]).click()
    liaison.wait_for_load_state()
    assert "个别公务接待超标准" in liaison.inner_text("main")
    shot(liaison, screenshots, "notice")
    with liaison.expect_navigation():
        liaison.get_by_role("button", name="签收").click()
    assert "已完成“签收”" in liaison.inner_text(".messages")
    assert "驻郑办联络员" in liaison.inner_text("main")  # who signed for it, and when
    liaison.get_by_role("link", name="填写回复").click()
    liaison.wait_for_load_state()
    shot(liaison, screenshots, "answer-form")
    liaison.fill("textarea[name='text']", "已对2018年公务接待逐笔清理，超标准部分已由个人退还，审批手续已补齐。")
    liaison.locator("textarea[name^='measures_']").fill("超标准部分已退还，补齐公函和审批单")
    liaison.locator("input[name^='done_']").check()
    liaison.set_input_files("input[name='attachments']", files=[
        {"name": "退款凭证.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% voucher\n"}])
    with liaison.expect_navigation():
        liaison.get_by_role("button", name="提交回复").click()
    assert "已回复" in liaison.inner_text(".messages")
    assert "退款凭证.pdf" in liaison.inner_text("main")
    shot(liaison, screenshots, "answered")

    leader = phone_as("leader1", totp=notice["totp"])
    response = leader.goto("/")
    assert response is not None and "审核通知书回复" in leader.inner_text("main")
    leader.goto(f"/stay-notices/{notice['notice']}/")
    assert "超标准部分已退还" in leader.inner_text("main")
    leader.fill("textarea[id='id_accept_note']", "经核对凭证，已整改到位。")
    with leader.expect_navigation():
        leader.get_by_role("button", name="认可回复").click()
    assert "已完成“认可回复”" in leader.inner_text(".messages")
    main = leader.inner_text("main")
    assert "已认可" in main and "已完成" in main
    shot(leader, screenshots, "accepted")
    leader.goto(f"/inspections/{notice['inspection']}/immediate-items/")
    assert "100%" in leader.inner_text("main")
    shot(leader, screenshots, "items")
    assert watch.problems() == [], watch.problems()
