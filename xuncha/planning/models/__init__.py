"""Planning models, one module per concern; import them from here."""

from xuncha.planning.models.base import (
    LIAISON_VISIBLE_STATUSES,
    Inspection,
    InspectionQuerySet,
    InspectionTarget,
    InspectionType,
    MembershipRole,
    Round,
    RoundQuerySet,
    Team,
    TeamMembership,
    TeamQuerySet,
    Term,
    TermQuerySet,
)

__all__ = [
    "LIAISON_VISIBLE_STATUSES",
    "Inspection",
    "InspectionQuerySet",
    "InspectionTarget",
    "InspectionType",
    "MembershipRole",
    "Round",
    "RoundQuerySet",
    "Team",
    "TeamMembership",
    "TeamQuerySet",
    "Term",
    "TermQuerySet",
]
