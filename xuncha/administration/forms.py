"""Forms of the sign-in page and of the administrators' pages. Every message is in Chinese; bad input is a form
error, never a server error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import ADMIN_ROLES, ROLE_SCOPE, Role, ScopeKind
from xuncha.administration import selectors
from xuncha.core.autocomplete import AutocompleteWidget
from xuncha.core.exceptions import DomainError
from xuncha.inspections.models import Team
from xuncha.orgs.models import Jurisdiction, Organization, Person, Rank
from xuncha.rules.models import RecusalRule, RecusalSeverity, Skill, TimeLimits
from xuncha.rules.selectors import DEFAULT_RANGE, LIMIT_GROUPS, LIMIT_RANGES, limit_label, limit_unit
from xuncha.rules.services import check_time_limits, time_limits_set


class PersonNumberInput(forms.NumberInput):
    input_type = "number"


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"), max_length=150, validators=[UnicodeUsernameValidator()],
        help_text=_("登录时使用，150 个字符以内，可用字母、数字和 @ . + - _。"),
        error_messages={"required": _("请填写用户名。"), "max_length": _("用户名不能超过 150 个字符。")},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "none",
                                      "spellcheck": "false"}),
    )
    display_name = forms.CharField(
        label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。"),
                                                       "max_length": _("姓名不能超过 50 个字符。")},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    password1 = forms.CharField(
        label=_("初始密码"), strip=False, error_messages={"required": _("请设置初始密码。")},
        help_text=_("须符合密码策略（长度、字符种类）。请当面或线下告知本人；本人首次登录时必须修改。"),
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"), strip=False, error_messages={"required": _("请再次输入初始密码。")},
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )
    person = forms.ModelChoiceField(
        label=_("对应干部编号"), required=False, queryset=Person.objects.none(),
        help_text=_("可选。可在右侧按姓名查找本管辖范围内的干部。"),
        error_messages={"invalid_choice": _("干部不存在、不在您的管辖范围内，或已关联其他账户。")},
        widget=PersonNumberInput(attrs={"class": "form-control", "min": "1", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.persons_for_linking(actor).filter(user__isnull=True)  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("用户名已存在。"), code="duplicate")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            candidate = User(username=data.get("username", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(p1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


# ---- Time limits ---------------------------------------------------------------------------------------------


class TimeLimitsForm(forms.Form):
    """Every editable ``TimeLimits`` field, labelled with its verbose name, with a range and rules across fields."""

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, current: TimeLimits, **kwargs: Any) -> None:
        self.jurisdiction = jurisdiction
        self.current = current
        kwargs.setdefault("initial", {f: getattr(current, f) for f in TimeLimits.editable_fields()})
        super().__init__(*args, **kwargs)
        for name in TimeLimits.editable_fields():
            low, high = LIMIT_RANGES.get(name, DEFAULT_RANGE)
            label = limit_label(name)
            self.fields[name] = forms.IntegerField(
                label=label, min_value=low, max_value=high,
                help_text=_("允许范围 %(low)s–%(high)s") % {"low": low, "high": high},
                error_messages={
                    "required": _("请填写“%(label)s”。") % {"label": label},
                    "invalid": _("“%(label)s”必须是整数。") % {"label": label},
                    "min_value": _("“%(label)s”不能小于 %(low)s。") % {"label": label, "low": low},
                    "max_value": _("“%(label)s”不能大于 %(high)s。") % {"label": label, "high": high},
                },
                widget=forms.NumberInput(attrs={"class": "form-control text-end", "min": low, "max": high,
                                                "inputmode": "numeric"}),
            )

    def groups(self) -> list[tuple[Any, list[LimitField]]]:
        seen: set[str] = set()
        result: list[tuple[Any, list[LimitField]]] = []
        for title, names in LIMIT_GROUPS:
            present = [n for n in names if n in self.fields]
            seen.update(present)
            if present:
                result.append((title, [LimitField(self[n], limit_unit(n)) for n in present]))
        rest = [n for n in self.fields if n not in seen]
        if rest:
            result.append((_("其他"), [LimitField(self[n], limit_unit(n)) for n in rest]))
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                check_time_limits(data)
            except DomainError as error:
                for field, messages in error.fields.items():
                    for message in messages:
                        self.add_error(field, message)
        return data

    def save(self, *, actor: Any) -> dict[str, list[int]]:
        """Write through the one time-limit service (the API's too); returns the changes."""
        return time_limits_set(actor=actor, jurisdiction=self.jurisdiction, values=self.cleaned_data)


@dataclass(frozen=True)
class LimitField:
    field: forms.BoundField
    unit: str


# ---- Role assignments ----------------------------------------------------------------------------------------


class UsernameField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.username


class JurisdictionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "\u3000" * min(obj.depth, 6) + obj.committee_name


class TeamField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return selectors.team_label(obj)


class OrganizationField(forms.ModelChoiceField):
    """A liaison's unit, picked by typing part of its name (``core.autocomplete``): a jurisdiction's organisations
    are too many to list (29,903 at 100× the demo, issue 8)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


SCOPE_LABELS = {ScopeKind.JURISDICTION: _("党委"), ScopeKind.TEAM: _("巡察组"), ScopeKind.ORGANIZATION: _("单位")}


def _select(**attrs: Any) -> forms.Select:
    return forms.Select(attrs={"class": "form-select", **attrs})


class RoleGrantForm(forms.Form):
    """A user, a role, and the one scope object the role is bound to (``ROLE_SCOPE``)."""

    user = UsernameField(
        label=_("用户名"), queryset=User.objects.none(), to_field_name="username",
        error_messages={"required": _("请填写用户名。"),
                        "invalid_choice": _("用户不存在、已停用，或不在您的管辖范围内。")},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "list": "user-options",
                                      "autocapitalize": "none", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("角色"), choices=[("", _("请选择角色")), *Role.choices],
        error_messages={"required": _("请选择角色。"), "invalid_choice": _("未知角色。")},
        widget=_select(**{"data-role-select": ""}),
    )
    jurisdiction = JurisdictionField(
        label=_("党委"), required=False, queryset=Jurisdiction.objects.none(), empty_label=_("请选择党委"),
        error_messages={"invalid_choice": _("党委不存在或不在您的管辖范围内。")}, widget=_select(),
    )
    team = TeamField(
        label=_("巡察组"), required=False, queryset=Team.objects.none(), empty_label=_("请选择巡察组"),
        error_messages={"invalid_choice": _("巡察组不存在或不在您的管辖范围内。")}, widget=_select(),
    )
    organization = OrganizationField(
        label=_("单位"), required=False, queryset=Organization.objects.none(), empty_label=_("请选择单位"),
        error_messages={"invalid_choice": _("单位不存在或不在您的管辖范围内。")},
        widget=AutocompleteWidget(url=reverse_lazy("orgs:organization-search"), placeholder=_("输入单位名称查找"),
                                  attrs={"class": "form-control"}),
    )

    reason = forms.CharField(
        label=_("巡察办主任书面说明的理由"), required=False, max_length=500,
        help_text=_("巡察组承担的巡察已撤驻时，授予巡察组角色须填写（不少于10个字），记入审计日志。"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        error_messages={"max_length": _("理由不能超过 %(limit_value)d 个字。")},
    )

    SCOPE_FIELDS = {ScopeKind.JURISDICTION: "jurisdiction", ScopeKind.TEAM: "team",
                    ScopeKind.ORGANIZATION: "organization"}

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        fields: Any = self.fields
        fields["user"].queryset = selectors.grantable_users(actor)
        fields["jurisdiction"].queryset = selectors.grantable_jurisdictions(actor)
        fields["team"].queryset = selectors.grantable_teams(actor)
        fields["organization"].queryset = selectors.grantable_organizations(actor)

    def scope_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(str(kind), self[name]) for kind, name in self.SCOPE_FIELDS.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, user = data.get("role"), data.get("user")
        if not role:
            return data
        kind = ROLE_SCOPE[role]
        role_label = Role(role).label
        wanted = self.SCOPE_FIELDS[kind]
        if data.get(wanted) is None and wanted not in self.errors:
            self.add_error(wanted, _("“%(role)s”须绑定一个%(kind)s，请选择。") % {
                "role": role_label, "kind": SCOPE_LABELS[kind]})
        for other_kind, name in self.SCOPE_FIELDS.items():
            if name != wanted and data.get(name) is not None:
                self.add_error(name, _("“%(role)s”只绑定%(kind)s，不能同时选择%(other)s。") % {
                    "role": role_label, "kind": SCOPE_LABELS[kind], "other": SCOPE_LABELS[other_kind]})
        if user is not None:
            if user.pk == self.actor.pk:
                # Separation of duties: nobody widens their own rights.
                self.add_error("user", _("不能为自己授予角色。"))
            else:
                self._check_separation(user, role)
        return data

    def _check_separation(self, user: User, role: str) -> None:
        """三员分立: an administrator role is held alone, never with another role."""
        held = set(RoleAssignment.objects.active().filter(user=user).values_list("role", flat=True)) - {role}
        if not held:
            return
        if role in ADMIN_ROLES or held & ADMIN_ROLES:
            conflict = sorted(held & ADMIN_ROLES) or sorted(held)
            self.add_error("role", _("三员分立：该用户已担任“%(held)s”，不能同时担任“%(role)s”。") % {
                "held": Role(conflict[0]).label, "role": Role(role).label})

    def scope(self) -> dict[str, Any]:
        name = self.SCOPE_FIELDS[ROLE_SCOPE[self.cleaned_data["role"]]]
        return {name: self.cleaned_data[name]}


class PlanningRulesForm(forms.Form):
    """The recusal severities and team composition rules of one jurisdiction (组建和回避规则)."""

    team_size_min = forms.IntegerField(label=_("巡察组最少人数"), min_value=2, max_value=20)
    team_size_max = forms.IntegerField(label=_("巡察组最多人数"), min_value=2, max_value=30)
    deputies_max = forms.IntegerField(label=_("副组长最多人数"), min_value=0, max_value=5)
    cross_lookback_rounds = forms.IntegerField(label=_("交叉配对回看轮数"), min_value=0, max_value=10,
                                               help_text=_("近几轮的交叉配对本轮不再重复。"))

    def __init__(self, *args: Any, severities: dict[str, str], policy: Any, **kwargs: Any) -> None:
        initial = {name: getattr(policy, name) for name in
                   ("team_size_min", "team_size_max", "deputies_max", "leader_min_rank", "deputy_min_rank",
                    "cross_lookback_rounds")}
        initial["required_skills"] = policy.required_skill_codes
        for rule, severity in severities.items():
            initial[f"recusal_{rule}"] = severity
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["leader_min_rank"] = forms.ChoiceField(label=_("组长最低职级"), choices=Rank.choices)
        self.fields["deputy_min_rank"] = forms.ChoiceField(label=_("副组长最低职级"), choices=Rank.choices)
        self.fields["required_skills"] = forms.MultipleChoiceField(
            label=_("必须覆盖的专长"), required=False, choices=Skill.choices,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
        self.rule_fields: list[str] = []
        for rule in RecusalRule:
            name = f"recusal_{rule.value}"
            self.fields[name] = forms.ChoiceField(label=rule.label, choices=RecusalSeverity.choices)
            self.rule_fields.append(name)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-select" if isinstance(field, forms.ChoiceField)
                                              else "form-control")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("team_size_min") and data.get("team_size_max") and data["team_size_min"] > data["team_size_max"]:
            self.add_error("team_size_min", _("最少人数不能多于最多人数。"))
        return data

    def severities(self) -> dict[str, str]:
        return {name.removeprefix("recusal_"): self.cleaned_data[name] for name in self.rule_fields}

    def policy(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in ("team_size_min", "team_size_max", "deputies_max",
                                                  "leader_min_rank", "deputy_min_rank", "cross_lookback_rounds")}
        data["required_skills"] = ",".join(self.cleaned_data["required_skills"])
        return data
