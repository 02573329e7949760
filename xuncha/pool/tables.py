"""The pool list's table. Cells read what ``pool_list`` loads (the cadre and their unit, the pool, the skills
prefetched, the team count annotated): no query per row."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from xuncha.core.lists import Table
from xuncha.pool.models import Availability, InspectorProfile

AVAILABILITY_COLORS: dict[str, str] = {Availability.AVAILABLE: "success", Availability.ON_TEAM: "info"}


def skill_badges(profile: InspectorProfile) -> SafeString:
    """The markup of pool/includes/skill_badges.html, without a template render per row."""
    skills = list(profile.skills.all())
    if not skills:
        return format_html('<span class="text-muted small">{}</span>', _("未登记专长"))
    return format_html_join(" ", '<span class="badge skill-badge skill-{}">{}</span>',
                            ((s.skill, s.get_skill_display()) for s in skills))


def availability_badge(profile: InspectorProfile) -> SafeString:
    """The markup of pool/includes/availability_badge.html."""
    label = str(profile.get_availability_display())
    if profile.availability == Availability.UNAVAILABLE and profile.unavailable_until:
        label += str(_("（至 {day}）")).format(day=profile.unavailable_until.strftime("%Y-%m-%d"))
    return format_html('<span class="badge status-badge status-{}">{}</span>',
                       AVAILABILITY_COLORS.get(profile.availability, "secondary"), label)


class ProfileTable(Table):
    name = tables.Column(verbose_name=_("姓名"), accessor="person__name", orderable=True,
                         attrs={"td": {"class": "text-nowrap"}})
    unit = tables.Column(verbose_name=_("单位与职务"), accessor="person__post")
    rank = tables.Column(verbose_name=_("职级"), accessor="person__rank", attrs={"td": {"class": "text-nowrap"}})
    skills = tables.Column(verbose_name=_("专长"), accessor="pk", attrs={"td": {"class": "skill-cell"}})
    availability = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    can_lead = tables.Column(verbose_name=_("可任组长"), empty_values=(),
                             attrs={"th": {"class": "text-center"}, "td": {"class": "text-center"}})
    team_count = tables.Column(verbose_name=_("参加巡察"), orderable=True, empty_values=(),
                               attrs={"th": {"class": "text-end"}, "td": {"class": "text-end tabular"}})
    jurisdiction = tables.Column(verbose_name=_("所属人才库"), accessor="jurisdiction__name",
                                 attrs={"td": {"class": "small"}})
    edit = tables.Column(verbose_name=_("操作"), accessor="pk", attrs={"td": {"class": "text-end"}})

    empty_icon = "person-vcard"

    class Meta(Table.Meta):
        model = InspectorProfile
        fields = ("name", "unit", "rank", "skills", "availability", "can_lead", "team_count", "jurisdiction", "edit")
        attrs = {"class": "table table-hover align-middle pool-table"}

    def __init__(self, data: Any, *, show_jurisdiction: bool, can_manage: bool, **kwargs: Any) -> None:
        exclude = [name for name, shown in (("jurisdiction", show_jurisdiction), ("edit", can_manage)) if not shown]
        super().__init__(data, exclude=exclude, **kwargs)
        if can_manage:
            # The action column's heading is for screen readers only (this table's own copy of the column).
            self.columns["edit"].column.verbose_name = format_html('<span class="visually-hidden">{}</span>',
                                                                   _("操作"))

    def render_name(self, record: InspectorProfile, value: str) -> SafeString:
        return format_html('<a class="fw-semibold" href="{}">{}</a><div class="small text-muted">{} · {}</div>',
                           reverse("pool:profile-detail", args=[record.pk]), value,
                           record.person.get_gender_display(), record.person.birth_year)

    def render_unit(self, record: InspectorProfile) -> SafeString:
        return format_html('<div>{}</div><div class="small text-muted">{}</div>', record.person.organization,
                           record.person.post)

    def render_rank(self, record: InspectorProfile) -> SafeString:
        return format_html('<span class="badge rank-badge">{}</span>', record.person.get_rank_display())

    def render_skills(self, record: InspectorProfile) -> SafeString:
        return skill_badges(record)

    def render_availability(self, record: InspectorProfile) -> SafeString:
        return availability_badge(record)

    def render_can_lead(self, record: InspectorProfile) -> SafeString:
        if record.can_lead:
            return format_html('<i class="bi bi-star-fill text-warning" aria-hidden="true"></i>'
                               '<span class="visually-hidden">{}</span>', _("是"))
        return format_html('<span class="text-muted" aria-label="{}">—</span>', _("否"))

    def render_team_count(self, record: InspectorProfile) -> str:
        count = getattr(record, "team_count", 0)
        return ngettext("%(n)s 次", "%(n)s 次", count) % {"n": count}

    def render_edit(self, record: InspectorProfile) -> SafeString:
        label = str(_("编辑{name}")).format(name=record.person.name)
        return format_html('<a class="btn btn-sm btn-outline-secondary" href="{}" aria-label="{}">'
                           '<i class="bi bi-pencil" aria-hidden="true"></i></a>',
                           reverse("pool:profile-edit", args=[record.pk]), label)
