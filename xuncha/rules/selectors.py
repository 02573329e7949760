"""Which rule applies where: the values in force in a jurisdiction and where they come from."""

from __future__ import annotations

from dataclasses import dataclass

from xuncha.orgs.models import Jurisdiction
from xuncha.rules.models import TimeLimits


@dataclass(frozen=True)
class EffectiveTimeLimits:
    """The limits in force in one jurisdiction and where they come from."""

    jurisdiction: Jurisdiction
    limits: TimeLimits
    # "own": set for this jurisdiction; "ancestor": inherited from a superior one; "default": built-in values
    source: str
    source_jurisdiction: Jurisdiction | None

    @property
    def inherited(self) -> bool:
        return self.source != "own"


def time_limits_effective(jurisdiction: Jurisdiction) -> EffectiveTimeLimits:
    """``TimeLimits.effective_for`` plus whether the values are inherited, and from whom."""
    limits = TimeLimits.effective_for(jurisdiction)
    if limits.pk is None:
        return EffectiveTimeLimits(jurisdiction, limits, "default", None)
    if limits.jurisdiction_id == jurisdiction.pk:
        return EffectiveTimeLimits(jurisdiction, limits, "own", jurisdiction)
    source = limits.jurisdiction
    return EffectiveTimeLimits(jurisdiction, limits, "ancestor", source)
