from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.scoping import ScopedQuerySet, ScopedVia, ScopeRoot
from xuncha.inspections.states import ORDER, STATUS_COLORS, InspectionStatus, TeamStatus
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.taxonomy.models import Framework


def _jurisdiction_q(paths: tuple[str, ...], field: str) -> models.Q:
    q = models.Q(pk__in=[])
    for path in paths:
        q |= models.Q(**{f"{field}__path__startswith": path})
    return q


class TermQuerySet(models.QuerySet["Term"]):
    def visible_to(self, user: Any) -> TermQuerySet:
        scope = scope_of(user)
        q = _jurisdiction_q(scope.business_paths(Cap.VIEW_PLANNING), "jurisdiction")
        if team_ids := scope.all_team_ids():
            q |= models.Q(pk__in=Round.objects.filter(teams__id__in=team_ids).values("term_id"))
        return self.filter(q)  # subqueries, not joins: no duplicate rows to remove with DISTINCT (issue 8)


class Term(models.Model):
    """A Party committee's term (届), five years in which every organisation is inspected once (全覆盖)."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("党委"), on_delete=models.PROTECT,
                                     related_name="terms")
    number = models.PositiveSmallIntegerField(_("届次"))
    name = models.CharField(_("名称"), max_length=40)
    start_date = models.DateField(_("开始"))
    end_date = models.DateField(_("结束"))

    objects = TermQuerySet.as_manager()
    scope = ScopeRoot()


    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["jurisdiction__path", "-number"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "number"], name="term_unique_number")]

    def __str__(self) -> str:
        return f"{self.jurisdiction.committee_name}{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("planning:term-detail", args=[self.pk])

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("届的结束时间必须晚于开始时间。")})

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        return scope_of(user).capabilities_at(jurisdiction_path=self.jurisdiction.path)


class RoundQuerySet(models.QuerySet["Round"]):
    def visible_to(self, user: Any) -> RoundQuerySet:
        scope = scope_of(user)
        q = _jurisdiction_q(scope.business_paths(Cap.VIEW_PLANNING), "jurisdiction")
        if team_ids := scope.all_team_ids():
            q |= models.Q(pk__in=Team.objects.filter(pk__in=team_ids).values("round_id"))
        return self.filter(q)  # subqueries, not joins: no duplicate rows to remove with DISTINCT (issue 8)


class Round(models.Model):
    """A round (轮) of a term: several teams stationed at about the same time."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="rounds")
    # Copied from the term so that scope filters need no join (services keep it in step).
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="rounds",
                                     editable=False)
    number = models.PositiveSmallIntegerField(_("轮次"))
    name = models.CharField(_("名称"), max_length=60)
    year = models.PositiveSmallIntegerField(_("年度"))
    planned_start = models.DateField(_("计划进驻"))
    planned_end = models.DateField(_("计划撤驻"))
    focus_framework = models.ForeignKey(
        Framework, verbose_name=_("监督重点框架"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to={"kind": "focus"},
    )
    eight_rules_framework = models.ForeignKey(
        Framework, verbose_name=_("八项规定统计口径"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to={"kind": "eight_rules"},
    )
    focus_notes = models.TextField(_("监督重点说明"), blank=True)

    objects = RoundQuerySet.as_manager()
    scope = ScopeRoot()


    class Meta:
        verbose_name = _("轮次")
        verbose_name_plural = _("轮次")
        ordering = ["-planned_start", "-number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="round_unique_number")]

    def __str__(self) -> str:
        return f"{self.term.name}第{self.number}轮"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.jurisdiction_id = self.term.jurisdiction_id
        if self.planned_start:
            # The dictionaries in force when the round starts (spec §5: versioned, never "current").
            if self.focus_framework_id is None:
                self.focus_framework = Framework.for_date(self.planned_start, "focus")
            if self.eight_rules_framework_id is None:
                self.eight_rules_framework = Framework.for_date(self.planned_start, "eight_rules")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("planning:round-detail", args=[self.pk])

    def clean(self) -> None:
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("计划撤驻时间不能早于计划进驻时间。")})

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        return scope_of(user).capabilities_at(jurisdiction_path=self.jurisdiction.path)


class TeamQuerySet(models.QuerySet["Team"]):
    def visible_to(self, user: Any) -> TeamQuerySet:
        """Business roles: teams of their jurisdictions' rounds; team roles: their own team; a liaison:
        the teams inspecting their organisation (names only are shown to them)."""
        scope = scope_of(user)
        q = _jurisdiction_q(scope.business_paths(Cap.VIEW_PLANNING), "round__jurisdiction")
        if team_ids := scope.all_team_ids():
            q |= models.Q(pk__in=team_ids)
        if scope.organization_ids:
            q |= models.Q(pk__in=Inspection.objects.filter(
                targets__organization_id__in=scope.organization_ids, status__in=LIAISON_VISIBLE_STATUSES,
            ).values("team_id"))
        return self.filter(q)  # subqueries, not joins: no duplicate rows to remove with DISTINCT (issue 8)


class Team(models.Model):
    """An inspection team (巡察组) of one round; county teams carry their home jurisdiction (异地交叉)."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="teams")
    number = models.PositiveSmallIntegerField(_("组别"))
    name = models.CharField(_("名称"), max_length=60)
    home_jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("派出党委"), on_delete=models.PROTECT, related_name="home_teams",
        help_text=_("县级巡察组参加市委统筹的交叉巡察时，填写其所在县（市、区）。"),
    )
    # Changed only by the team workflow (xuncha.planning.workflows.TEAM_WORKFLOW).
    status = models.CharField(_("组建状态"), max_length=10, choices=TeamStatus.choices, default=TeamStatus.FORMING,
                              editable=False)

    objects = TeamQuerySet.as_manager()
    scope = ScopeRoot()


    class Meta:
        verbose_name = _("巡察组")
        verbose_name_plural = _("巡察组")
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="team_unique_number")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:team-detail", args=[self.pk])

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        return scope_of(user).capabilities_at(jurisdiction_path=self.round.jurisdiction.path, team_ids={self.pk})


class MembershipRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY_LEADER = "deputy_leader", _("副组长")
    MEMBER = "member", _("成员")
    LIAISON_OFFICER = "liaison_officer", _("联络员")


class TeamMembership(models.Model):
    """A cadre's place on a team (巡察组成员), authorised for this round only (一次一授权)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, verbose_name=_("干部"), on_delete=models.PROTECT,
                               related_name="team_memberships")
    role = models.CharField(_("组内职务"), max_length=16, choices=MembershipRole.choices)
    order = models.PositiveSmallIntegerField(default=0)
    # 一次一授权: leaders and deputies are authorised for this round only, by a decision with a number.
    authorized_on = models.DateField(_("授权日期"), null=True, blank=True)
    authorization_ref = models.CharField(_("授权文号"), max_length=40, blank=True)


    objects = ScopedQuerySet["TeamMembership"].as_manager()
    scope = ScopedVia("team")

    class Meta:
        verbose_name = _("巡察组成员")
        verbose_name_plural = _("巡察组成员")
        ordering = ["team", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="membership_unique_person"),
            models.UniqueConstraint(fields=["team"], condition=models.Q(role="leader"),
                                    name="membership_one_leader"),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.get_role_display()} {self.person}"


class InspectionType(models.TextChoices):
    ROUTINE = "routine", _("常规巡察")
    SPECIAL = "special", _("专项巡察")
    FLEXIBLE = "flexible", _("机动巡察")
    EXTENDED = "extended", _("延伸巡察")
    CROSS = "cross", _("交叉巡察")
    ESCALATED = "escalated", _("提级巡察")
    LINKED = "linked", _("上下联动巡察")
    VILLAGE = "village", _("村（社区）巡察")
    REVISIT = "revisit", _("巡察“回头看”")


# A liaison learns of the inspection from the notice sent during preparation, not before.
LIAISON_VISIBLE_STATUSES = [s for s in ORDER if s != InspectionStatus.PLANNED]
# 上下联动: a county's jurisdiction roles supervise the rectification of their organisations that a superior
# committee inspected, so they see those inspections from the feedback on (read-only).
LINKED_VISIBLE_STATUSES = [s for s in ORDER if ORDER.index(s) >= ORDER.index(InspectionStatus.FEEDBACK)]


def _linked_q(paths: tuple[str, ...]) -> models.Q:
    """Inspections a subordinate committee's roles (at ``paths``) see though another committee dispatched them:
    those of organisations in their jurisdictions from feedback on, and the work of their own teams lent out."""
    targets = models.Q(pk__in=[])
    lent = models.Q(pk__in=[])
    for path in paths:
        targets |= models.Q(organization__jurisdiction__path__startswith=path)
        lent |= models.Q(team__home_jurisdiction__path__startswith=path)
    # The targets by a subquery, not a join: no duplicate rows, so no DISTINCT (issue 8).
    of_targets = models.Q(pk__in=InspectionTarget.objects.filter(targets).values("inspection_id"))
    return (of_targets & models.Q(status__in=LINKED_VISIBLE_STATUSES)) | lent


class InspectionQuerySet(models.QuerySet["Inspection"]):
    def visible_to(self, user: Any) -> InspectionQuerySet:
        """The one scope rule for inspections: jurisdiction roles see their jurisdictions' inspections (and,
        上下联动, those of their organisations by a superior committee from feedback on, and their own teams'
        work lent to it), team roles their team's, a liaison the inspections of their own organisation."""
        scope = scope_of(user)
        paths = scope.business_paths(Cap.VIEW_PLANNING)
        q = _jurisdiction_q(paths, "jurisdiction")
        if paths:
            q |= _linked_q(paths)
        if team_ids := scope.all_team_ids():
            q |= models.Q(team_id__in=team_ids)
        if scope.organization_ids:
            q |= models.Q(pk__in=InspectionTarget.objects.filter(organization_id__in=scope.organization_ids)
                          .values("inspection_id"), status__in=LIAISON_VISIBLE_STATUSES)
        return self.filter(q)  # subqueries, not joins: no duplicate rows to remove with DISTINCT (issue 8)

    def with_related(self) -> InspectionQuerySet:
        return self.select_related("team", "round__term", "jurisdiction", "parent_inspection").prefetch_related(
            models.Prefetch("targets", queryset=InspectionTarget.objects.select_related("organization"))
        )


class Inspection(models.Model):
    """One inspection (巡察): one team in one or more organisations, of one type, in one round (1托N)."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="inspections")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="inspections",
                                     editable=False)
    team = models.ForeignKey(Team, verbose_name=_("巡察组"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inspections")
    code = models.CharField(_("编号"), max_length=40, unique=True)
    inspection_type = models.CharField(_("巡察类型"), max_length=12, choices=InspectionType.choices)
    special_topic = models.CharField(_("专项主题"), max_length=60, blank=True)
    is_cross = models.BooleanField(_("异地交叉"), default=False)
    is_linked = models.BooleanField(_("上下联动"), default=False)
    parent_inspection = models.ForeignKey(
        "self", verbose_name=_("延伸自"), null=True, blank=True, on_delete=models.PROTECT, related_name="extensions"
    )
    revisit_of = models.ForeignKey(
        "self", verbose_name=_("回头看对象"), null=True, blank=True, on_delete=models.PROTECT, related_name="revisits"
    )
    planned_entry = models.DateField(_("计划进驻"))
    planned_withdrawal = models.DateField(_("计划撤驻"))
    stationed_on = models.DateField(_("进驻日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤驻日期"), null=True, blank=True)
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    status = models.CharField(_("阶段"), max_length=12, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()
    scope = ScopeRoot()


    class Meta:
        verbose_name = _("巡察")
        verbose_name_plural = _("巡察")
        ordering = ["round", "code"]
        indexes = [models.Index(fields=["jurisdiction", "status"]), models.Index(fields=["team", "status"])]

    def __str__(self) -> str:
        names = "、".join(str(t.organization) for t in self.targets.all())
        return f"{self.team or ''}{'·' if self.team_id else ''}{names}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.jurisdiction_id = self.round.jurisdiction_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("planning:inspection-detail", args=[self.pk])

    @property
    def status_color(self) -> str:
        return STATUS_COLORS[InspectionStatus(self.status)]

    @property
    def progress_index(self) -> int:
        return ORDER.index(self.status)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.inspection_type == InspectionType.SPECIAL and not self.special_topic:
            errors["special_topic"] = _("专项巡察必须填写专项主题。")
        if self.inspection_type == InspectionType.REVISIT and not self.revisit_of_id:
            errors["revisit_of"] = _("“回头看”必须指明原巡察。")
        if self.planned_entry and self.planned_withdrawal and self.planned_withdrawal < self.planned_entry:
            errors["planned_withdrawal"] = _("计划撤驻时间不能早于计划进驻时间。")
        if errors:
            raise ValidationError(errors)

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        """Capabilities from each role whose scope covers this inspection; a subordinate committee that sees
        it through 上下联动 reads it and acts on nothing."""
        scope = scope_of(user)
        caps = scope.capabilities_at(
            jurisdiction_path=self.jurisdiction.path,
            team_ids={self.team_id} if self.team_id else set(),
            organization_ids={t.organization_id for t in self.targets.all()},
        )
        paths = scope.business_paths(Cap.VIEW_PLANNING)
        if Cap.VIEW_PLANNING not in caps and paths and Inspection.objects.filter(_linked_q(paths), pk=self.pk).exists():
            caps = caps | {Cap.VIEW_PLANNING}
        return caps


class InspectionTarget(models.Model):
    """An organisation inspected by an inspection (被巡察党组织)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    organization = models.ForeignKey(Organization, verbose_name=_("被巡察党组织"), on_delete=models.PROTECT,
                                     related_name="inspection_targets")


    objects = ScopedQuerySet["InspectionTarget"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("被巡察党组织")
        verbose_name_plural = _("被巡察党组织")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "organization"], name="target_unique_organization")
        ]

    def __str__(self) -> str:
        return str(self.organization)
