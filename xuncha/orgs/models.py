from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import ADMIN_ROLES, Cap, Role
from xuncha.accounts.scope import scope_of
from xuncha.core.crypto import EncryptedTextField
from xuncha.core.scoping import ScopedQuerySet, ScopedVia, ScopeRoot
from xuncha.core.tree import TreeNode, TreeQuerySet


class JurisdictionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class JurisdictionQuerySet(TreeQuerySet):
    def visible_to(self, user: Any) -> JurisdictionQuerySet:
        """Business and administrator roles: their jurisdiction and those under it; team roles: where their
        team works; liaisons: none."""
        scope = scope_of(user)
        paths = list(scope.business_paths())
        for role in ADMIN_ROLES:
            paths.extend(scope.admin_paths(role))
        q = models.Q(pk__in=[])
        for path in set(paths):
            q |= models.Q(path__startswith=path)
        if team_ids := scope.all_team_ids():
            # Through the teams as subqueries, not joins: no duplicate rows, so no DISTINCT (issue 8).
            q |= models.Q(pk__in=Jurisdiction.objects.filter(
                models.Q(rounds__teams__id__in=team_ids) | models.Q(home_teams__id__in=team_ids)).values("pk"))
        return self.filter(q)


class Jurisdiction(TreeNode):
    """A Party committee that inspects (党委: 省委、市委、县委), in the tree that 上下联动 works over."""

    name = models.CharField(_("名称"), max_length=60)
    committee_name = models.CharField(_("党委全称"), max_length=80)
    level = models.CharField(_("层级"), max_length=10, choices=JurisdictionLevel.choices)
    division_code = models.CharField(_("行政区划代码"), max_length=12, unique=True)

    objects = JurisdictionQuerySet.as_manager()
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("党委（巡察主体）")
        verbose_name_plural = _("党委（巡察主体）")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        return scope_of(user).capabilities_at(jurisdiction_path=self.path)


class OrganizationType(models.TextChoices):
    LEADING_PARTY_GROUP = "party_group", _("党组")
    PARTY_COMMITTEE = "party_committee", _("党委")
    WORKING_COMMITTEE = "working_committee", _("党工委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")


class Sector(models.TextChoices):
    PARTY_GOVERNMENT = "party_government", _("党政机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    MASS_ORGANIZATION = "mass_organization", _("群团组织")
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")
    EDUCATION = "education", _("学校")
    HEALTH = "health", _("医疗卫生机构")
    OTHER = "other", _("其他")


class OrganizationQuerySet(TreeQuerySet):
    def visible_to(self, user: Any) -> OrganizationQuerySet:
        """Business roles and the system/security administrators (who bind scopes to organisations):
        organisations in their jurisdictions; team roles: their targets and what lies under them;
        a liaison: their own organisation and what lies under it."""
        scope = scope_of(user)
        paths = list(scope.business_paths())
        paths.extend(scope.admin_paths(Role.SYSTEM_ADMIN))
        paths.extend(scope.admin_paths(Role.SECURITY_ADMIN))
        q = models.Q(pk__in=[])
        for path in set(paths):
            q |= models.Q(jurisdiction__path__startswith=path)
        org_roots: list[str] = []
        if team_ids := scope.all_team_ids():
            org_roots.extend(
                Organization.objects.filter(inspection_targets__inspection__team_id__in=team_ids)
                .values_list("path", flat=True)
            )
        if scope.organization_ids:
            org_roots.extend(
                Organization.objects.filter(pk__in=scope.organization_ids).values_list("path", flat=True)
            )
        for path in set(org_roots):
            q |= models.Q(path__startswith=path)
        return self.filter(q)


def coverage_units_q(jurisdiction_field: str = "jurisdiction") -> models.Q:
    """The one rule for what a term must cover (全覆盖): inspectable organisations that stand on their own in
    their jurisdiction — top-level ones, those under another jurisdiction's organisation, and subordinates
    marked to be inspected in their own right. Any other subordinate is covered through the unit above it."""
    stands_alone = (models.Q(parent__isnull=True)
                    | ~models.Q(parent__jurisdiction=models.F(jurisdiction_field))
                    | models.Q(inspected_separately=True))
    return models.Q(is_inspectable=True) & stands_alone


class Organization(TreeNode):
    """A Party organisation that can be inspected (党组织: 党组、党委、党工委、党总支、党支部)."""

    name = models.CharField(_("党组织全称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40)
    unit_name = models.CharField(_("所在单位"), max_length=120, blank=True)
    org_type = models.CharField(_("组织类型"), max_length=20, choices=OrganizationType.choices)
    sector = models.CharField(_("类别"), max_length=24, choices=Sector.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("所属党委"), on_delete=models.PROTECT, related_name="organizations",
        help_text=_("这个党组织计入哪一级党委的届内巡察全覆盖。"),
    )
    staff_size = models.PositiveIntegerField(_("干部职工人数"), default=0)
    is_inspectable = models.BooleanField(_("列入巡察范围"), default=True)
    inspected_separately = models.BooleanField(
        _("单独列为巡察对象"), default=False,
        help_text=_("下属党组织一般随其所属单位一并巡察、一并计入全覆盖；勾选后单独安排巡察、单独计入。"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    principal_leader = models.ForeignKey(
        "Person", verbose_name=_("主要负责人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("党组织书记或单位主要负责人（一把手），用于回避审查。"),
    )

    objects = OrganizationQuerySet.as_manager()
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["path"]
        indexes = [models.Index(fields=["jurisdiction", "sector"]), models.Index(fields=["short_name"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        return scope_of(user).capabilities_at(jurisdiction_path=self.jurisdiction.path, organization_ids={self.pk})


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Rank(models.TextChoices):
    """职级, as the recusal and team-composition rules need it (a leader of the right rank)."""

    DEPARTMENT_CHIEF = "dept_chief", _("正厅级")
    DEPARTMENT_DEPUTY = "dept_deputy", _("副厅级")
    DIVISION_CHIEF = "div_chief", _("正处级")
    DIVISION_DEPUTY = "div_deputy", _("副处级")
    SECTION_CHIEF = "sec_chief", _("正科级")
    SECTION_DEPUTY = "sec_deputy", _("副科级")
    STAFF = "staff", _("科员及以下")


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """Cadre records: roles with VIEW_PEOPLE see the cadres of their jurisdictions; team roles see
        their own team's members and the cadres of the organisations they inspect."""
        scope = scope_of(user)
        q = models.Q(pk__in=[])
        for path in scope.business_paths(Cap.VIEW_PEOPLE):
            q |= models.Q(organization__jurisdiction__path__startswith=path)
        if team_ids := scope.all_team_ids(Cap.VIEW_PEOPLE):
            # The team's members by a subquery, not a join: no duplicate rows, so no DISTINCT (issue 8).
            q |= models.Q(pk__in=Person.objects.filter(team_memberships__team_id__in=team_ids).values("pk"))
            for path in Organization.objects.filter(
                inspection_targets__inspection__team_id__in=team_ids
            ).values_list("path", flat=True):
                q |= models.Q(organization__path__startswith=path)
        return self.filter(q)


class Person(models.Model):
    """A cadre (干部): post, work history, hometown and declared relatives feed the recusal checks."""

    name = models.CharField(_("姓名"), max_length=30)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("现工作单位"), on_delete=models.PROTECT, related_name="people"
    )
    post = models.CharField(_("现任职务"), max_length=80)
    rank = models.CharField(_("职级"), max_length=12, choices=Rank.choices, default=Rank.STAFF)
    hometown = models.CharField(_("籍贯"), max_length=60, blank=True)
    hometown_jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("籍贯所在地"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="natives",
    )
    # Personal identifier, encrypted at rest (SEC-21/SEC-31).
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    objects = PersonQuerySet.as_manager()
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["organization__path", "id"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        return scope_of(user).capabilities_at(jurisdiction_path=self.organization.jurisdiction.path)


class WorkHistory(models.Model):
    """One post in a cadre's career (工作经历)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="work_history")
    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization_name = models.CharField(_("单位名称"), max_length=120,
                                         help_text=_("不在本系统党组织名录中的单位，填写名称。"))
    post = models.CharField(_("职务"), max_length=80)
    start = models.DateField(_("起始"))
    end = models.DateField(_("截止"), null=True, blank=True)

    objects = ScopedQuerySet["WorkHistory"].as_manager()
    scope = ScopedVia("person")

    class Meta:
        verbose_name = _("工作经历")
        verbose_name_plural = _("工作经历")
        ordering = ["person", "start"]

    def __str__(self) -> str:
        return f"{self.organization_name} {self.post}"

    def clean(self) -> None:
        if self.end and self.end < self.start:
            raise ValidationError({"end": _("截止时间不能早于起始时间。")})


class Kinship(models.TextChoices):
    SPOUSE = "spouse", _("配偶")
    PARENT = "parent", _("父母")
    CHILD = "child", _("子女")
    SIBLING = "sibling", _("兄弟姐妹")
    GRANDPARENT = "grandparent", _("祖父母、外祖父母")
    GRANDCHILD = "grandchild", _("孙子女、外孙子女")
    COLLATERAL = "collateral", _("三代以内旁系血亲")
    IN_LAW = "in_law", _("近姻亲")


class Relative(models.Model):
    """A close relative declared by a cadre (亲属关系申报), with where they work."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives")
    name = models.CharField(_("姓名"), max_length=30)
    kinship = models.CharField(_("关系"), max_length=16, choices=Kinship.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    workplace = models.CharField(_("工作单位名称"), max_length=120, blank=True)
    post = models.CharField(_("职务"), max_length=80, blank=True)

    objects = ScopedQuerySet["Relative"].as_manager()
    scope = ScopedVia("person")

    class Meta:
        verbose_name = _("亲属")
        verbose_name_plural = _("亲属")

    def __str__(self) -> str:
        return f"{self.get_kinship_display()} {self.name}"
