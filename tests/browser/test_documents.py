"""Official documents on a phone (390 px): 市工商联's liaison opens the stationing page of 11-7-03, which lists the
inspection notice and the announcement each with "下载 Word / 下载 PDF", asks for the notice in Word, and the
export's progress card takes the buttons' place without leaving the page (htmx). The browser's demo server has no
task worker, so the job stays queued here; the services' tests run it. Screenshots:
var/screenshots/phone-documents-*.png."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.test_fieldwork import fits, phone_as  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

FIND = """
import json
from xuncha.inspections.models import Inspection, InspectionNotice
i = Inspection.objects.get(code="11-7-03")
notice = InspectionNotice.objects.get(inspection=i, organization__short_name="市工商联")
open({path!r}, "w").write(json.dumps({{"inspection": i.pk, "notice": notice.pk, "number": notice.notice_no}}))
"""


@pytest.fixture(scope="module")
def stationing(demo_server: Any) -> dict[str, Any]:
    target = demo_server.var_dir / "documents-stationing.json"
    demo_server.manage("shell", "-c", FIND.format(path=str(target)))
    result: dict[str, Any] = json.loads(target.read_text())
    return result


def test_the_liaison_asks_for_the_notice_in_word_on_a_phone(
        stationing: dict[str, Any], phone_as: Any, watch: Any, screenshots: Any) -> None:  # noqa: F811
    liaison = phone_as("liaison_gsl")
    response = liaison.goto(f"/planning/inspections/{stationing['inspection']}/stationing/")
    assert response is not None and response.status == 200
    documents = liaison.locator(".notice-documents")
    assert stationing["number"] in documents.inner_text()
    word = documents.get_by_role("button", name="下载 Word")
    word.wait_for()
    assert liaison.locator("#announcement").get_by_role("button", name="下载 Word").count() == 1
    liaison.wait_for_load_state("networkidle")
    fits(liaison, "stationing")
    word.click()
    card = documents.locator(".job-status")
    card.wait_for()
    assert "生成巡察通知（Word）" in card.inner_text()
    assert f"/planning/inspections/{stationing['inspection']}/stationing/" in liaison.url  # stayed on the page
    fits(liaison, "stationing-export")
    liaison.screenshot(path=str(screenshots / "phone-documents-stationing.png"), full_page=True)
    assert watch.problems() == [], watch.problems()
