from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Role
from xuncha.accounts.scope import scope_of
from xuncha.core.scoping import ScopedQuerySet, ScopedVia, ScopeReference, ScopeRoot


class FrameworkKind(models.TextChoices):
    FOCUS = "focus", _("监督重点框架")
    EIGHT_RULES = "eight_rules", _("八项规定精神统计口径")
    CHECKLIST = "checklist", _("专项检查清单")


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def visible_to(self, user: Any) -> FrameworkQuerySet:
        """Reference dictionaries: open to every role except the security auditor, whose only business is
        the audit log (三员分立). The system administrator maintains them; others classify with them."""
        if scope_of(user).roles - {Role.SECURITY_AUDITOR}:
            return self.all()
        return self.none()

    def valid_on(self, day: datetime.date, kind: str) -> FrameworkQuerySet:
        """Versions of ``kind`` in force on ``day`` (valid_to is exclusive; open-ended when empty)."""
        return self.filter(kind=kind, valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day)
        ).order_by("-valid_from")


class Framework(models.Model):
    """A versioned dictionary (分类体系版本): the focus framework of a round (e.g. F2018 "六个围绕、一个加强")
    or the eight-rule statistics categories. A round uses the version valid when it ran."""

    code = models.CharField(_("版本代码"), max_length=30, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=FrameworkKind.choices)
    name = models.CharField(_("名称"), max_length=80)
    valid_from = models.DateField(_("启用日期"))
    valid_to = models.DateField(_("停用日期"), null=True, blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    objects = FrameworkQuerySet.as_manager()
    # Reference data (the rule is in FrameworkQuerySet.visible_to); it carries no capability of its own.
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("分类体系版本")
        verbose_name_plural = _("分类体系版本")
        ordering = ["kind", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @classmethod
    def for_date(cls, day: datetime.date, kind: str) -> Framework | None:
        return cls.objects.valid_on(day, kind).first()


def ancestor_paths(path: str) -> list[str]:
    """``"/1/5/"`` → ``["/1/", "/1/5/"]``: the jurisdiction and those above it (materialised paths)."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class FrameworkNodeQuerySet(ScopedQuerySet["FrameworkNode"]):
    def in_tree_of(self, jurisdiction_path: str | None) -> FrameworkNodeQuerySet:
        """The common items and those a jurisdiction added for itself: the additions of ``jurisdiction_path`` and of
        the committees above it (a county sees its own and its city's, never another county's)."""
        common = models.Q(jurisdiction__isnull=True)
        if not jurisdiction_path:
            return self.filter(common)
        return self.filter(common | models.Q(jurisdiction__path__in=ancestor_paths(jurisdiction_path)))


class FrameworkNode(models.Model):
    """One item of a framework (监督重点 / 统计类别), e.g. "A1" under "A 围绕党的政治建设".

    ``jurisdiction`` marks an item a committee added for its own inspections (a county's local focus under an area
    of the common framework): it shows in that committee's tree (and those below it) only."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    code = models.CharField(_("编码"), max_length=12)
    name = models.CharField(_("名称"), max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    order = models.PositiveSmallIntegerField(default=0)
    jurisdiction = models.ForeignKey("orgs.Jurisdiction", verbose_name=_("增补党委"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = FrameworkNodeQuerySet.as_manager()
    scope = ScopedVia("framework")

    class Meta:
        verbose_name = _("分类条目")
        verbose_name_plural = _("分类条目")
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="framework_node_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level}

    @property
    def is_local(self) -> bool:
        return self.jurisdiction_id is not None


class TypicalProblemQuerySet(ScopedQuerySet["TypicalProblem"]):
    def in_tree_of(self, jurisdiction_path: str | None) -> TypicalProblemQuerySet:
        common = models.Q(jurisdiction__isnull=True)
        if not jurisdiction_path:
            return self.filter(common)
        return self.filter(common | models.Q(jurisdiction__path__in=ancestor_paths(jurisdiction_path)))


class TypicalProblem(models.Model):
    """A typical problem (典型问题表现) listed under an item, for the team to recognise and word a finding."""

    node = models.ForeignKey(FrameworkNode, on_delete=models.CASCADE, related_name="typical_problems")
    text = models.CharField(_("典型问题"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    jurisdiction = models.ForeignKey("orgs.Jurisdiction", verbose_name=_("增补党委"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = TypicalProblemQuerySet.as_manager()
    scope = ScopedVia("node")

    class Meta:
        verbose_name = _("典型问题")
        verbose_name_plural = _("典型问题")
        ordering = ["node", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Discipline(models.TextChoices):
    """The six disciplines (六项纪律), a classifier of every finding and lead (spec §5.9)."""

    POLITICAL = "political", _("政治纪律")
    ORGANISATIONAL = "organisational", _("组织纪律")
    INTEGRITY = "integrity", _("廉洁纪律")
    MASSES = "masses", _("群众纪律")
    WORK = "work", _("工作纪律")
    LIFE = "life", _("生活纪律")


# ---- The basis library (定性依据) and the wording library (定性用语) --------------------------------------------


class RegulationQuerySet(ScopedQuerySet["Regulation"]):
    def in_force_on(self, day: datetime.date) -> RegulationQuerySet:
        """Versions in force on ``day`` (``effective_to`` is exclusive; open-ended when empty)."""
        return self.filter(effective_from__lte=day).filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gt=day))


class Regulation(models.Model):
    """One version of a rule a finding can cite (党章, 巡视工作条例, 纪律处分条例 …), with its validity: a finding
    cites the version in force when the conduct took place (ADR-0022). ``family`` groups the versions."""

    code = models.CharField(_("版本代码"), max_length=40, unique=True)
    family = models.CharField(_("法规"), max_length=40)
    title = models.CharField(_("名称"), max_length=120)
    short_title = models.CharField(_("简称"), max_length=40)
    issuer = models.CharField(_("制定机关"), max_length=80)
    version = models.CharField(_("版本"), max_length=60)
    effective_from = models.DateField(_("施行日期"))
    effective_to = models.DateField(_("废止日期"), null=True, blank=True,
                                    help_text=_("新版本施行之日（当日起不再适用）；现行有效的留空。"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = RegulationQuerySet.as_manager()
    scope = ScopeReference("定性依据库：公开的党内法规条文，任何登录用户可查阅")

    class Meta:
        verbose_name = _("党内法规版本")
        verbose_name_plural = _("党内法规版本")
        ordering = ["family", "effective_from"]

    def __str__(self) -> str:
        return f"《{self.title}》（{self.version}）"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class ArticleQuerySet(ScopedQuerySet["Article"]):
    def in_force_on(self, day: datetime.date) -> ArticleQuerySet:
        return self.filter(regulation__effective_from__lte=day).filter(
            models.Q(regulation__effective_to__isnull=True) | models.Q(regulation__effective_to__gt=day))


class Article(models.Model):
    """One article of a regulation version. ``is_summary`` marks a text that is a summary of the article, not its
    wording (the office corrects it against the official text)."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="articles")
    number = models.CharField(_("条款"), max_length=30)
    sort = models.PositiveSmallIntegerField(_("顺序"), default=0)
    chapter = models.CharField(_("章节"), max_length=80, blank=True)
    text = models.TextField(_("条文"))
    is_summary = models.BooleanField(_("条文为摘要"), default=False)
    discipline = models.CharField(_("纪律类别"), max_length=16, choices=Discipline.choices, blank=True)

    objects = ArticleQuerySet.as_manager()
    scope = ScopedVia("regulation")

    class Meta:
        verbose_name = _("法规条款")
        verbose_name_plural = _("法规条款")
        ordering = ["regulation", "sort", "id"]
        constraints = [models.UniqueConstraint(fields=["regulation", "number"], name="article_unique_number")]

    def __str__(self) -> str:
        return f"《{self.regulation.short_title}》{self.number}"

    @property
    def citation(self) -> str:
        """How a finding cites it: 《中国共产党纪律处分条例》（2018年修订）第八十八条."""
        return f"《{self.regulation.title}》（{self.regulation.version}）{self.number}"


class Wording(models.Model):
    """A standard wording (定性用语) for a kind of problem, which a finding's text can start from."""

    code = models.CharField(_("编号"), max_length=20, unique=True)
    area_code = models.CharField(_("适用条目"), max_length=12, blank=True,
                                 help_text=_("F2018 等框架中的条目编码（如 D1），供按条目检索。"))
    discipline = models.CharField(_("纪律类别"), max_length=16, choices=Discipline.choices, blank=True)
    title = models.CharField(_("问题类型"), max_length=80)
    text = models.TextField(_("定性用语"))
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet["Wording"].as_manager()
    scope = ScopeReference("定性用语库：规范表述，无业务内容，任何登录用户可查阅")

    class Meta:
        verbose_name = _("定性用语")
        verbose_name_plural = _("定性用语")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
