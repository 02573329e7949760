"""The spine: terms, rounds, teams and their members, inspections and their targets, stationing records."""

from xuncha.inspections.models.base import (
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
from xuncha.inspections.models.recusal import RecusalOverride
from xuncha.inspections.models.stationing import (
    DeclarationKind,
    InspectionNotice,
    LiaisonContact,
    MemberDeclaration,
    MobilizationMeeting,
    StationingAnnouncement,
)

__all__ = [
    "LIAISON_VISIBLE_STATUSES",
    "DeclarationKind",
    "Inspection",
    "InspectionNotice",
    "InspectionQuerySet",
    "InspectionTarget",
    "InspectionType",
    "LiaisonContact",
    "MemberDeclaration",
    "MembershipRole",
    "MobilizationMeeting",
    "RecusalOverride",
    "Round",
    "RoundQuerySet",
    "StationingAnnouncement",
    "Team",
    "TeamMembership",
    "TeamQuerySet",
    "Term",
    "TermQuerySet",
]
