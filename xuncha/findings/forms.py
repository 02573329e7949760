"""Forms of the findings pages. The choices are built per inspection and per user (the taxonomy picker, the
evidence picker and the basis picker offer what this inspection may use and this user may see); the rules are the
service's, so a form only parses and the service refuses with the field named."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.models import User
from xuncha.findings import selectors
from xuncha.findings.models import Finding, FindingSource, PersonLevel, Severity
from xuncha.findings.services import FindingData
from xuncha.inspections import evidence
from xuncha.inspections.models import Inspection
from xuncha.taxonomy.models import Discipline

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE = {"type": "date", "class": "form-control"}
INDENT = "\u3000"


def category_field_choices(inspection: Inspection) -> list[Any]:
    """The taxonomy picker: one group per framework (the focus framework first, then the checklists in force),
    items indented by depth; local additions are marked."""
    groups: OrderedDict[str, list[tuple[str, str]]] = OrderedDict()
    for choice in selectors.category_choices(inspection):
        node = choice.node
        local = "（本地增补）" if node.jurisdiction_id else ""
        groups.setdefault(f"{choice.framework.name}（{choice.framework.code}）", []).append(
            (str(node.pk), f"{INDENT * choice.depth}{node.code} {node.name}{local}"))
    return [("", "— 请选择问题类别 —"), *groups.items()]


class FindingForm(forms.Form):
    organization = forms.ChoiceField(label=_("单位"), widget=forms.Select(attrs=SELECT))
    category = forms.ChoiceField(label=_("问题类别"), widget=forms.Select(attrs=SELECT),
                                 help_text=_("本轮适用的监督重点框架及在用的专项检查清单。"))
    title = forms.CharField(label=_("问题概述"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    description = forms.CharField(label=_("问题表现（事实）"), widget=forms.Textarea(attrs={**TEXT, "rows": 6}),
                                  help_text=_("写明时间、地点、人员、事实和金额；可从定性用语库选用表述后结合事实修改。"))
    source = forms.ChoiceField(label=_("问题来源"), choices=FindingSource.choices, widget=forms.Select(attrs=SELECT))
    conduct_from = forms.DateField(label=_("行为发生时间"), widget=forms.DateInput(attrs=DATE),
                                   help_text=_("定性依据按此日有效的条款适用。"))
    conduct_to = forms.DateField(label=_("行为持续至"), required=False, widget=forms.DateInput(attrs=DATE))
    people_involved = forms.CharField(label=_("涉及人员"), max_length=300, required=False,
                                      widget=forms.TextInput(attrs=TEXT))
    persons = forms.MultipleChoiceField(label=_("涉及干部（干部名录）"), required=False,
                                        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}))
    amount = forms.DecimalField(label=_("涉及金额（元）"), required=False, min_value=Decimal(0), max_digits=14,
                                decimal_places=2, widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices, widget=forms.Select(attrs=SELECT))
    discipline = forms.ChoiceField(label=_("纪律类别"), required=False,
                                   choices=[("", "—"), *Discipline.choices], widget=forms.Select(attrs=SELECT))
    eight_rules_category = forms.ChoiceField(label=_("八项规定统计类别"), required=False,
                                             widget=forms.Select(attrs=SELECT))
    person_level = forms.ChoiceField(label=_("涉及人员层级"), choices=PersonLevel.choices,
                                     widget=forms.Select(attrs=SELECT))
    involves_leadership = forms.BooleanField(label=_("涉及领导班子成员"), required=False)
    involves_principal = forms.BooleanField(label=_("涉及主要负责人"), required=False)
    is_general = forms.BooleanField(label=_("普遍性、倾向性问题（专题报告素材）"), required=False)
    basis = forms.MultipleChoiceField(label=_("定性依据"), required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("只能引用行为发生时施行的版本中的条款。"))
    basis_note = forms.CharField(label=_("定性说明"), max_length=300, required=False,
                                 widget=forms.TextInput(attrs=TEXT))
    evidence = forms.MultipleChoiceField(label=_("证据"), required=False, widget=forms.CheckboxSelectMultiple,
                                         help_text=_("只列出您有权查看的本巡察记录。"))

    def __init__(self, *args: Any, inspection: Inspection, actor: User, finding: Finding | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.fields["organization"].choices = [("", "— 请选择单位 —")] + [  # type: ignore[attr-defined]
            (str(o.pk), f"{'　' * max(0, o.depth - 1)}{o.short_name or o.name}")
            for o in selectors.organization_choices(inspection)]
        self.fields["category"].choices = category_field_choices(inspection)  # type: ignore[attr-defined]
        self.fields["eight_rules_category"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(n.pk), f"{n.code} {n.name}") for n in selectors.eight_rules_choices(inspection)]
        self.fields["persons"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), f"{p.name}（{p.organization.short_name or p.organization.name} {p.post}）")
            for p in selectors.person_choices(actor=actor, inspection=inspection)]
        groups: OrderedDict[str, list[tuple[str, str]]] = OrderedDict()
        for article in selectors.basis_choices(actor=actor, conduct_on=None):
            regulation = article.regulation
            until = f"{regulation.effective_to:%Y-%m-%d} 止" if regulation.effective_to else "现行"
            groups.setdefault(f"《{regulation.short_title}》{regulation.version}（{regulation.effective_from:%Y-%m-%d}"
                              f" 起，{until}）", []).append((str(article.pk), f"{article.number} {article.text[:40]}"))
        self.fields["basis"].choices = list(groups.items())  # type: ignore[attr-defined]
        offered: list[Any] = []
        for kind, items in evidence.citable(actor, inspection.pk):
            if items:
                offered.append((kind.label, [(i.ref, f"{i.title}（{i.detail}）") for i in items]))
        if finding is not None:
            # Citations the editor may not see stay on the finding; they are kept, not offered.
            self.hidden_refs = [c.ref for c in evidence.citations(actor, selectors.finding_refs(finding))
                                if not c.visible]
        else:
            self.hidden_refs = []
        self.fields["evidence"].choices = offered  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, finding: Finding) -> dict[str, Any]:
        return {
            "organization": finding.organization_id, "category": finding.category_id, "title": finding.title,
            "description": finding.description, "source": finding.source, "conduct_from": finding.conduct_from,
            "conduct_to": finding.conduct_to, "people_involved": finding.people_involved,
            "persons": [str(p.pk) for p in finding.persons.all()], "amount": finding.amount,
            "severity": finding.severity, "discipline": finding.discipline,
            "eight_rules_category": finding.eight_rules_category_id, "person_level": finding.person_level,
            "involves_leadership": finding.involves_leadership, "involves_principal": finding.involves_principal,
            "is_general": finding.is_general, "basis": [str(a.pk) for a in finding.basis.all()],
            "basis_note": finding.basis_note,
            "evidence": [f"{k}:{i}" for k, i in selectors.finding_refs(finding)],
        }

    def to_data(self) -> FindingData:
        c = self.cleaned_data
        refs = [evidence.parse_ref(r) for r in [*c["evidence"], *self.hidden_refs]]
        return FindingData(
            organization_id=int(c["organization"]) if c["organization"] else None,
            category_id=int(c["category"]) if c["category"] else None, title=c["title"],
            description=c["description"], source=c["source"], conduct_from=c["conduct_from"],
            conduct_to=c["conduct_to"], people_involved=c["people_involved"],
            person_ids=[int(p) for p in c["persons"]], amount=c["amount"], severity=c["severity"],
            discipline=c["discipline"],
            eight_rules_category_id=int(c["eight_rules_category"]) if c["eight_rules_category"] else None,
            person_level=c["person_level"], involves_leadership=c["involves_leadership"],
            involves_principal=c["involves_principal"], is_general=c["is_general"],
            basis_ids=[int(a) for a in c["basis"]], basis_note=c["basis_note"], evidence=refs)


class StepForm(forms.Form):
    """What a step asks for: a reason to send back, the team meeting's date and minutes to adopt."""

    note = forms.CharField(label=_("理由"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    on = forms.DateField(label=_("组务会日期"), required=False, widget=forms.DateInput(attrs=DATE))
    meeting_reference = forms.CharField(label=_("组务会记录"), max_length=120, required=False,
                                        widget=forms.TextInput(attrs={**TEXT, "placeholder": "如：第5次组务会"}))


class BulkRowForm(forms.Form):
    """One row of the bulk entry (several findings in one form, for teams that worked offline): the essentials; the
    evidence and the basis are added on each finding's page before it is submitted."""

    organization = forms.ChoiceField(label=_("单位"), required=False, widget=forms.Select(attrs=SELECT))
    category = forms.ChoiceField(label=_("问题类别"), required=False, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label=_("问题概述"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))
    description = forms.CharField(label=_("问题表现"), required=False,
                                  widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    conduct_from = forms.DateField(label=_("行为发生时间"), required=False, widget=forms.DateInput(attrs=DATE))
    amount = forms.DecimalField(label=_("金额（元）"), required=False, min_value=Decimal(0), max_digits=14,
                                decimal_places=2, widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))
    severity = forms.ChoiceField(label=_("程度"), choices=Severity.choices, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, organizations: list[Any], categories: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]
        self.fields["category"].choices = categories  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        c = getattr(self, "cleaned_data", {})
        return not any(c.get(k) for k in ("organization", "category", "title", "description", "conduct_from",
                                          "amount"))

    def to_data(self) -> FindingData:
        c = self.cleaned_data
        return FindingData(organization_id=int(c["organization"]) if c["organization"] else None,
                           category_id=int(c["category"]) if c["category"] else None, title=c["title"] or "",
                           description=c["description"] or "", conduct_from=c["conduct_from"], amount=c["amount"],
                           severity=c["severity"])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"), widget=forms.ClearableFileInput(
        attrs={"class": "form-control", "accept": ".xlsx"}))
