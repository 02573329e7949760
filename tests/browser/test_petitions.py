"""A petition from a phone: the public page of a stationed inspection (390 px, no sign-in) takes a petition with a
photo, shows the receipt code once; the code follows it; the team answers from its side; the petitioner reads the
answer with the code. The demo's 11-7-03 is past its cut-off, so the test opens the window of 第一组's extended
inspection of 市驻郑办 (stationed in the demo) up to April 2019."""

from __future__ import annotations

import io
import json
import sqlite3
from typing import Any

import pytest
from PIL import Image

from tests.browser.support import LOCALE, login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

SETUP = """
import datetime, json
from xuncha.inspections.models import Inspection, StationingAnnouncement
from xuncha.petitions.services import ensure_page
i = Inspection.objects.get(targets__organization__short_name="市驻郑办", status="stationed")
Inspection.objects.filter(pk=i.pk).update(planned_withdrawal=datetime.date(2019, 4, 30))
StationingAnnouncement.objects.filter(inspection=i).update(accept_until=datetime.date(2019, 4, 25))
open({path!r}, "w").write(json.dumps({{"slug": ensure_page(i).slug, "inspection": i.pk}}))
"""


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, "JPEG")
    return out.getvalue()


def _captcha_answer(server: Any, page: Any) -> str:
    key = page.input_value("input[name='captcha_0']")
    with sqlite3.connect(server.var_dir / "browser.sqlite3") as db:
        (answer,) = db.execute("SELECT response FROM captcha_captchastore WHERE hashkey = ?", (key,)).fetchone()
    return str(answer)


def test_submit_follow_and_answer_a_petition(browser: Any, base_url: str, demo_server: Any, account: Any,
                                             watch: Any, screenshots: Any) -> None:
    target = demo_server.var_dir / "petition-page.json"
    demo_server.manage("shell", "-c", SETUP.format(path=str(target)))
    setup = json.loads(target.read_text())
    phone_context = browser.new_context(base_url=base_url, viewport=PHONE, locale=LOCALE,
                                        timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True)
    phone_context.set_default_timeout(15_000)
    phone = phone_context.new_page()
    watch.attach(phone)

    # The public page at phone size: the channels and the form.
    response = phone.goto(f"/xf/{setup['slug']}/")
    assert response is not None and response.status == 200
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.fill("input[name='about_whom']", "某某，市驻郑办副主任")
    phone.fill("input[name='summary']", "公车私用")
    phone.fill("textarea[name='content']", "周末多次使用公务用车接送家属，车牌号已拍照。")
    phone.set_input_files("input[name='evidence']", files=[
        {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    phone.fill("input[name='captcha_1']", _captcha_answer(demo_server, phone))
    phone.screenshot(path=str(screenshots / "phone-petition-form.png"), full_page=True)
    with phone.expect_navigation():
        phone.locator("form [type='submit']").last.click()
    code = phone.inner_text("#receipt-code").strip()
    assert len(code.replace("-", "")) == 18, code
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(screenshots / "phone-petition-receipt.png"), full_page=True)

    # Followed by its receipt.
    phone.goto("/xf/track/")
    phone.fill("input[name='code']", code.lower())
    with phone.expect_navigation():
        phone.locator("form [type='submit']").first.click()
    assert "已收到，正在研判" in phone.inner_text("#public-status")

    # The team answers from its side (第一组's member).
    team_context = browser.new_context(base_url=base_url, locale=LOCALE, timezone_id="Asia/Shanghai")
    team_context.set_default_timeout(15_000)
    team = team_context.new_page()
    watch.attach(team)
    login(team, "member1", account("member1")["password"])
    team.goto(f"/inspections/{setup['inspection']}/petitions/")
    team.locator("#petition-results a[href^='/petitions/']").first.click()
    team.wait_for_load_state()
    assert "公车私用" in team.inner_text("h1")
    assert team.locator("a[href*='/files/']").count() == 1
    team.fill("form[action$='/messages/'] textarea[name='body']", "已收到您反映的情况，巡察组正在核实。")
    with team.expect_navigation():
        team.locator("form[action$='/messages/'] [type='submit']").click()
    assert "已回复反映人" in team.inner_text(".messages")

    # The petitioner reads the answer with the code.
    phone.goto("/xf/track/")
    phone.fill("input[name='code']", code)
    with phone.expect_navigation():
        phone.locator("form [type='submit']").first.click()
    assert "巡察组正在核实" in phone.inner_text("main")
    phone.screenshot(path=str(screenshots / "phone-petition-track.png"), full_page=True)
    assert not watch.problems(), watch.problems()
    phone_context.close()
    team_context.close()
