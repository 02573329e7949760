"""What feature apps hang on an inspection without the spine importing them: tabs, stay figures, guards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from xuncha.core.exceptions import TransitionNotAllowed
from xuncha.inspections import sections
from xuncha.inspections.models import Inspection
from xuncha.inspections.workflow import INSPECTION_WORKFLOW, InspectionStatus


@pytest.fixture
def clean_registries() -> Iterator[None]:
    """Empty registries for the test (the installed apps' own entries query the database), restored after."""
    registries: list[dict[str, Any]] = [sections.SECTIONS, sections.STAY_FIGURES,
                                        INSPECTION_WORKFLOW.added_guards]
    saved = [dict(registry) for registry in registries]
    for registry in registries:
        registry.clear()
    yield
    for registry, entries in zip(registries, saved, strict=True):
        registry.clear()
        registry.update(entries)


def _stationed() -> Inspection:
    return Inspection(pk=7, status=InspectionStatus.STATIONED, stationed_on="2019-03-01")


def test_an_added_guard_blocks_the_step_and_names_what_is_missing(clean_registries: None) -> None:
    def petitions_handled(obj: Any) -> str | None:
        """信访件均已办理"""
        return "还有 2 件信访件未办理。"

    step = INSPECTION_WORKFLOW.get("withdraw")
    assert "还有 2 件信访件未办理。" not in INSPECTION_WORKFLOW.blockers(_stationed(), step)
    INSPECTION_WORKFLOW.add_guard("withdraw", petitions_handled)
    INSPECTION_WORKFLOW.add_guard("withdraw", petitions_handled)  # idempotent
    assert INSPECTION_WORKFLOW.blockers(_stationed(), step).count("还有 2 件信访件未办理。") == 1
    with pytest.raises(TransitionNotAllowed, match="信访件未办理"):
        INSPECTION_WORKFLOW.ensure_allowed(_stationed(), step)
    assert "信访件均已办理" in INSPECTION_WORKFLOW.mermaid()


def test_a_guard_for_an_unknown_step_is_refused(clean_registries: None) -> None:
    with pytest.raises(TransitionNotAllowed):
        INSPECTION_WORKFLOW.add_guard("no_such_step", lambda obj: None)


def test_sections_are_listed_in_order_for_those_who_may_open_them(clean_registries: None) -> None:
    sections.SECTIONS.clear()
    sections.register_section(sections.InspectionSection("b", "信访", "planning:inspection-detail", 20,
                                                          lambda user, insp: True))
    sections.register_section(sections.InspectionSection("a", "谈话", "planning:inspection-detail", 10,
                                                          lambda user, insp: True))
    sections.register_section(sections.InspectionSection("c", "测评", "planning:inspection-detail", 5,
                                                          lambda user, insp: False))
    links = sections.sections_for(object(), _stationed(), active="a")  # type: ignore[arg-type]
    assert [(link.key, link.active) for link in links] == [("overview", False), ("a", True), ("b", False)]
    assert links[1].url == reverse("planning:inspection-detail", kwargs={"pk": 7})


def test_stay_figures_come_from_every_registered_app(clean_registries: None) -> None:
    sections.STAY_FIGURES.clear()
    sections.register_stay_figures("talks", lambda insp: [sections.StayFigure("个别谈话", 12, "计划 15 人")])
    sections.register_stay_figures("petitions", lambda insp: [sections.StayFigure("未办理信访件", 1, attention=True)])
    assert [(f.label, f.value) for f in sections.stay_figures(_stationed())] == [("个别谈话", 12), ("未办理信访件", 1)]
