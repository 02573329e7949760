"""Every role's next step leads somewhere: a link to the page that does it, or a plain statement that the
system does not offer it yet; feature apps replace the statement with a link through the registry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xuncha.dashboards import next_steps
from xuncha.dashboards.next_steps import LIAISON, NOT_YET, TEAM, NextStep, steps_for
from xuncha.inspections.workflow import InspectionStatus as S
from xuncha.rules.models import TimeLimits

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("audience", [TEAM, LIAISON])
@pytest.mark.parametrize("status", [s for s in S.values if s != S.PLANNED])
def test_every_step_is_a_page_or_says_it_is_not_offered_yet(world, audience, status):
    inspection = world.stationed
    inspection.status = status
    steps = steps_for(audience, inspection, TimeLimits(jurisdiction=world.city))
    assert steps
    for step in steps:
        assert "%(" not in step.text  # the time limits are filled in
        assert bool(step.url) != bool(step.not_yet)
        if step.url:
            assert step.url.startswith("/")


def test_team_leader_sees_links_and_plain_statements(login, world):
    html = login("leader_a").get(reverse("dashboards:home")).content.decode()
    stationing = reverse("planning:stationing-detail", args=[world.stationed.pk])
    petitions = reverse("petitions:petition-list", args=[world.stationed.pk])
    assert (f'<a href="{petitions}">受理、研判和办理信访件；撤驻前 3 天停止受理信访，撤驻前须全部办理或纳入巡察报告。</a>'
            in html)
    # Fieldwork (xuncha.fieldwork): the talk plan and the work log of the stationed inspection.
    talks = reverse("fieldwork:talk-list", args=[world.stationed.pk])
    assert f'<a href="{talks}">按谈话安排开展个别谈话，填写谈话笔录。</a>' in html
    assert reverse("fieldwork:work-log", args=[world.stationed.pk]) in html
    assert str(NOT_YET) not in html.split(talks)[0].rsplit("<li", 1)[-1]
    # Preparing (JC-P-03): the work plan of the round and the declarations are real pages the leader may open.
    assert reverse("planning:workplan-list", args=[world.round.pk]) in html
    client = login("leader_a")
    for url in (stationing, petitions, reverse("planning:workplan-list", args=[world.round.pk])):
        assert client.get(url).status_code == 200


def test_liaison_is_led_to_the_liaison_group_form_and_told_what_is_not_offered(login, world):
    html = login("liaison_a").get(reverse("dashboards:home")).content.decode()
    stationing = reverse("planning:stationing-detail", args=[world.shared.pk])
    assert f'<a href="{stationing}">收到巡察通知后，于进驻前 2 天报送联络组名单。</a>' in html
    assert "进驻后 3 天内向巡察组提交工作汇报。" in html and str(NOT_YET) in html
    assert login("liaison_a").get(stationing).status_code == 200


def test_a_feature_app_gives_a_step_its_page(login, world, monkeypatch):
    monkeypatch.setattr(next_steps, "_REGISTRY", {k: list(v) for k, v in next_steps._REGISTRY.items()})
    before = len(next_steps._REGISTRY[(TEAM, S.STATIONED)])
    next_steps.register(TEAM, S.STATIONED, NextStep("stationed.interviews", "开展个别谈话。",
                                                    link=lambda i: f"/interviews/{i.pk}/"))
    assert len(next_steps._REGISTRY[(TEAM, S.STATIONED)]) == before  # replaced in place, not appended
    html = login("leader_a").get(reverse("dashboards:home")).content.decode()
    assert f'<a href="/interviews/{world.stationed.pk}/">开展个别谈话。</a>' in html
