"""One lifecycle stepper for every page (the inspection page and the work pages once disagreed on "archived")."""

from __future__ import annotations

from xuncha.inspections.models import Inspection
from xuncha.inspections.selectors import inspection_lifecycle
from xuncha.inspections.workflow import ORDER, InspectionStatus


def test_an_archived_inspection_has_passed_every_phase() -> None:
    steps = inspection_lifecycle(Inspection(status=InspectionStatus.ARCHIVED))
    assert [s.state for s in steps] == ["done"] * len(ORDER)


def test_the_current_phase_is_marked_and_later_ones_are_ahead() -> None:
    steps = inspection_lifecycle(Inspection(status=InspectionStatus.REPORTING))
    here = ORDER.index(InspectionStatus.REPORTING)
    assert [s.state for s in steps] == ["done"] * here + ["current"] + [""] * (len(ORDER) - here - 1)


def test_the_work_pages_use_the_same_stepper() -> None:
    from xuncha.dashboards import home

    assert home.inspection_lifecycle is inspection_lifecycle
    assert not hasattr(home, "lifecycle")
