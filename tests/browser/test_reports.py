"""The feedback on a phone (390 px): 市工商联's liaison finds the feedback addressed to the unit under the
inspection's tab 反馈意见, reads it (its number, the two deliveries, the receipt) and never the report. The demo's
11-7-03 went through all of it.
Screenshots: var/screenshots/phone-reports-*.png."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.test_fieldwork import fits, phone_as  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

SETUP = """
import json
from xuncha.reports.models import Feedback
f = Feedback.objects.select_related("inspection").get(inspection__code="11-7-03")
open({path!r}, "w").write(json.dumps({{"inspection": f.inspection_id, "feedback": f.pk, "number": f.number}}))
"""


@pytest.fixture(scope="module")
def gsl(demo_server: Any) -> dict[str, Any]:
    target = demo_server.var_dir / "reports-gsl.json"
    demo_server.manage("shell", "-c", SETUP.format(path=str(target)))
    result: dict[str, Any] = json.loads(target.read_text())
    return result


def shot(page: Any, screenshots: Any, name: str) -> None:
    page.wait_for_load_state("networkidle")
    fits(page, name)
    page.screenshot(path=str(screenshots / f"phone-reports-{name}.png"), full_page=True)


def test_the_liaison_reads_the_feedback_on_a_phone_and_never_the_report(
        gsl: dict[str, Any], phone_as: Any, account: Any, watch: Any, screenshots: Any) -> None:  # noqa: F811
    liaison = phone_as("liaison_gsl", account("liaison_gsl")["password"])
    response = liaison.goto(f"/inspections/{gsl['inspection']}/feedback/")
    assert response is not None and response.status == 200
    shot(liaison, screenshots, "liaison-list")
    liaison.locator(f"main a[href='/feedback/{gsl['feedback']}/']").click()
    liaison.wait_for_load_state()
    main = liaison.inner_text("main")
    assert gsl["number"] in main and "向领导班子反馈" in main and "向主要负责人反馈" in main and "已签收" in main
    shot(liaison, screenshots, "liaison-feedback")
    # The report is not there for the unit (asked without opening it: a 404 page would be a console error).
    assert liaison.request.get(f"/inspections/{gsl['inspection']}/report/").status == 404

    assert watch.problems() == [], watch.problems()
