"""Whether a team's composition follows its jurisdiction's rules (巡察组组成): size, leader, deputies, their
rank, the per-round authorisation of leaders (一次一授权) and the skills the team should have. Read by the
forming pages and the API, and by the team workflow's guards (``planning.workflows``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from xuncha.inspections.models import MembershipRole, Team, TeamMembership
from xuncha.orgs.models import Rank
from xuncha.pool.models import InspectorSkill
from xuncha.rules.models import PlanningPolicy, Skill

# Highest first; a leader must be at or above the policy's minimum.
RANK_ORDER = [r.value for r in Rank]


@dataclass(frozen=True)
class CompositionIssue:
    code: str
    message: str
    blocking: bool = True


def team_composition(team: Team) -> list[CompositionIssue]:
    """What the team still lacks under the jurisdiction's rules (size, leader, deputies, rank, skills)."""
    # A county team lent to a city round is formed under its own county's rules.
    policy = PlanningPolicy.effective_for(team.home_jurisdiction)
    memberships = list(
        TeamMembership.objects.filter(team=team).select_related("person").prefetch_related(
            Prefetch("person__inspector_profile__skills", queryset=InspectorSkill.objects.all())
        )
    )
    issues: list[CompositionIssue] = []
    leaders = [m for m in memberships if m.role == MembershipRole.LEADER]
    deputies = [m for m in memberships if m.role == MembershipRole.DEPUTY_LEADER]
    if not leaders:
        issues.append(CompositionIssue("leader", "尚未确定组长。"))
    if len(deputies) > policy.deputies_max:
        issues.append(CompositionIssue("deputies", f"副组长{len(deputies)}人，超过规定的{policy.deputies_max}人。"))
    if not deputies:
        issues.append(CompositionIssue("deputies", "尚未确定副组长。", blocking=False))
    size = len(memberships)
    if size < policy.team_size_min:
        issues.append(CompositionIssue("size", f"现有{size}人，少于规定的{policy.team_size_min}人。"))
    elif size > policy.team_size_max:
        issues.append(CompositionIssue("size", f"现有{size}人，多于规定的{policy.team_size_max}人。"))
    for members, minimum in ((leaders, policy.leader_min_rank), (deputies, policy.deputy_min_rank)):
        for m in members:
            if RANK_ORDER.index(m.person.rank) > RANK_ORDER.index(minimum):
                issues.append(CompositionIssue(
                    "rank", f"{m.get_role_display()}{m.person.name}为{m.person.get_rank_display()}，"
                            f"低于要求的{Rank(minimum).label}。"))
    for m in leaders + deputies:
        if not m.authorized_on:
            issues.append(CompositionIssue(
                "authorization", f"{m.get_role_display()}{m.person.name}尚未授权（一次一授权）。"))
    covered = set()
    for m in memberships:
        profile = getattr(m.person, "inspector_profile", None)
        if profile is not None:
            covered |= {s.skill for s in profile.skills.all()}
    missing = [str(Skill(c).label) for c in policy.required_skill_codes if c in Skill.values and c not in covered]
    if missing:
        issues.append(CompositionIssue("skills", f"缺少{'、'.join(missing)}方面的人员。", blocking=False))
    return issues
