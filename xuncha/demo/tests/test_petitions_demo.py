"""The demo's petitions: 市工商联's stay (11-7-03) received them through every channel, public and registered;
one duplicate was merged, one was referred, none is left open, all dated within the stay."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.demo import data
from xuncha.inspections.models import Inspection
from xuncha.petitions.models import Petition, PetitionFile
from xuncha.petitions.selectors import stay_figures

pytestmark = pytest.mark.django_db


def test_the_gsl_stay_has_public_and_registered_petitions_all_handled(demo: Any) -> None:
    gsl = Inspection.objects.get(code="11-7-03")
    petitions = list(Petition.objects.filter(inspection=gsl))
    channels = {p.channel for p in petitions}
    assert "online" in channels and {"letter", "phone", "visit"} <= channels
    statuses = [p.status for p in petitions]
    assert statuses.count("merged") == 1 and statuses.count("referred") == 1
    assert not any(p.is_open for p in petitions)
    assert all(gsl.stationed_on <= p.received_on <= gsl.withdrawn_on for p in petitions)  # type: ignore[operator]
    assert all(p.handled_on and p.handled_on <= gsl.withdrawn_on for p in petitions)  # type: ignore[operator]
    merged = next(p for p in petitions if p.status == "merged")
    assert merged.duplicate_of is not None and merged.duplicate_of.inspection_id == gsl.pk
    assert PetitionFile.objects.filter(petition__inspection=gsl).exists()
    assert all(p.petitioner_name for p in petitions if not p.anonymous)
    figures = {f.label: f.value for f in stay_figures(gsl)}
    assert figures["受理信访件"] == len(petitions) and figures["未办理信访件"] == 0
    assert data.GSL in str(gsl)
