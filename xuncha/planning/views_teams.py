"""Team forming pages (组建巡察组): a new team for a round, and on the team page the composition rules, members
drawn from the pool with the recusal check of each, the per-round authorisation of leaders (一次一授权),
decisions on recusal warnings, and the signed declarations (回避申请书、保密承诺书).

The panels are one fragment (the ``panels`` partial of ``planning/team_forming.html``): the team page loads it
over htmx, and ``team-forming`` serves it as a page of its own when scripts are off. Every write goes through a
service (which audits it); adding or removing a member reloads the team page, the other writes redraw the
panels in place."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from xuncha.accounts.pages import render_page, require_any_capability, signed_in, wants_partial
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.forms import submit
from xuncha.core.scoping import access
from xuncha.core.workflow import AvailableTransition
from xuncha.inspections import selectors
from xuncha.inspections.models import (
    DeclarationKind,
    Inspection,
    InspectionTarget,
    MemberDeclaration,
    MembershipRole,
    RecusalOverride,
    Round,
    Team,
    TeamMembership,
)
from xuncha.inspections.recusal import RecusalHit, recusal_override_create, team_recusal
from xuncha.inspections.states import TeamStatus
from xuncha.inspections.stationing import declaration_record
from xuncha.orgs.models import Jurisdiction, Person, Rank
from xuncha.planning.composition import RANK_ORDER, CompositionIssue, team_composition
from xuncha.planning.forms_teams import (
    AuthorizeForm,
    CandidateSearchForm,
    DeclarationForm,
    MemberAddForm,
    OverrideForm,
    TeamCreateForm,
)
from xuncha.planning.teams import (
    FORMING_STATUSES,
    team_create,
    team_leader_authorize,
    team_member_add,
    team_member_remove,
    team_step,
)
from xuncha.planning.workflows import TEAM_WORKFLOW
from xuncha.pool import selectors as pool_selectors
from xuncha.pool.models import InspectorProfile, InspectorSkill
from xuncha.rules.models import PlanningPolicy, RecusalSeverity, Skill

PLANNING_PAGE_CAPS = frozenset({Cap.VIEW_PLANNING})
FORMING_TEMPLATE = "planning/team_forming.html"
CANDIDATES_TEMPLATE = f"{FORMING_TEMPLATE}#candidates"
AUTHORIZED_ROLES = (MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER)


# ---- Access ----------------------------------------------------------------------------------------------------


def _caps_at_team(request: HttpRequest, team: Team) -> frozenset[Cap]:
    return scope_of(request.user).capabilities_at(jurisdiction_path=team.round.term.jurisdiction.path,
                                                  team_ids={team.pk})


def _access_team(request: HttpRequest, pk: Any) -> tuple[Team, frozenset[Cap]]:
    """A team whose members the user may see (office over its jurisdiction, or its own team); else 404."""
    require_any_capability(request, PLANNING_PAGE_CAPS)
    team = selectors.team_get(actor=signed_in(request), pk=pk)
    caps = _caps_at_team(request, team)
    if Cap.VIEW_PLANNING not in caps:  # a liaison sees the team's name, not its members
        raise Http404("巡察组不存在或无权查看。")
    return team, caps


def _access_membership(request: HttpRequest, pk: Any) -> tuple[TeamMembership, frozenset[Cap]]:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    membership = access(TeamMembership, request.user, pk, queryset=TeamMembership.objects.select_related(
        "person", "team__round__term__jurisdiction", "team__round__jurisdiction", "team__home_jurisdiction"))
    caps = _caps_at_team(request, membership.team)
    if Cap.VIEW_PLANNING not in caps:
        raise Http404("巡察组成员不存在或无权查看。")
    return membership, caps


def _require(caps: frozenset[Cap], cap: Cap, message: str) -> None:
    if cap not in caps:
        raise PermissionDenied(message)


MANAGE_MESSAGE = gettext_lazy("只有巡察办可以安排巡察组和巡察计划。")


# ---- What the panels show --------------------------------------------------------------------------------------


@dataclass
class HitRow:
    hit: RecusalHit
    override: RecusalOverride | None
    form: OverrideForm | None

    @property
    def state(self) -> str:
        """blocking / pending (a warning nobody has decided on) / resolved."""
        if self.hit.is_resolved:
            return "resolved"
        return "blocking" if self.hit.is_blocking else "pending"


@dataclass
class MemberRow:
    membership: TeamMembership
    profile: InspectorProfile | None
    hits: list[HitRow] = field(default_factory=list)
    declarations: dict[str, MemberDeclaration] = field(default_factory=dict)
    declaration_forms: dict[str, DeclarationForm] = field(default_factory=dict)
    authorize_form: AuthorizeForm | None = None

    @property
    def needs_authorization(self) -> bool:
        return self.membership.role in AUTHORIZED_ROLES

    @property
    def standing(self) -> int:
        return sum(1 for h in self.hits if h.state != "resolved")

    @property
    def worst(self) -> str:
        states = {h.state for h in self.hits}
        for state in ("blocking", "pending", "resolved"):
            if state in states:
                return state
        return ""

    def declaration_cells(self) -> list[tuple[str, str, MemberDeclaration | None, DeclarationForm | None]]:
        return [(kind.value, str(kind.label), self.declarations.get(kind.value), self.declaration_forms.get(kind.value))
                for kind in DeclarationKind]


@dataclass
class Forming:
    team: Team
    open: bool
    can_manage: bool
    # Members and their places change only while the team is forming (the team workflow).
    roster_open: bool
    steps: list[AvailableTransition]
    can_override: bool
    policy: PlanningPolicy
    leader_min_rank: str
    deputy_min_rank: str
    skills: list[tuple[str, bool]]
    size: int
    issues: list[CompositionIssue]
    members: list[MemberRow]
    targets: list[Any]
    inspection_count: int
    counts: dict[str, int]
    signed: int

    @property
    def blocking_issues(self) -> list[CompositionIssue]:
        return [i for i in self.issues if i.blocking]

    @property
    def advisory_issues(self) -> list[CompositionIssue]:
        return [i for i in self.issues if not i.blocking]

    @property
    def members_with_hits(self) -> list[MemberRow]:
        return [m for m in self.members if m.hits]

    @property
    def declarations_due(self) -> int:
        return len(self.members) * len(DeclarationKind.values)


def _forming_open(team: Team) -> bool:
    return not Inspection.objects.filter(team=team).exclude(status__in=FORMING_STATUSES).exists()


def build_forming(request: HttpRequest, team: Team, caps: frozenset[Cap], *,
                  bound: dict[str, forms.Form] | None = None) -> Forming:
    """Everything the panels show, in a fixed number of queries whatever the team's size.

    ``bound`` holds a submitted form that failed (keyed ``auth-<membership>``, ``decl-<membership>-<kind>``
    or ``ovr-<membership>-<organization>-<rule>``) so that it is shown again with its errors."""
    bound = bound or {}
    forming_open = _forming_open(team)
    can_manage = Cap.MANAGE_PLANNING in caps and forming_open
    roster_open = can_manage and team.status == TeamStatus.FORMING
    can_override = Cap.OVERRIDE_RECUSAL in caps and forming_open
    memberships = list(
        TeamMembership.objects.filter(team=team).select_related("person__organization").prefetch_related(
            Prefetch("person__inspector_profile__skills", queryset=InspectorSkill.objects.order_by("skill")),
            Prefetch("declarations", queryset=MemberDeclaration.objects.select_related("recorded_by")),
        ).order_by("order", "id")
    )
    hits = team_recusal(team) if memberships else []
    overrides = {
        (o.membership_id, o.organization_id, o.rule): o
        for o in RecusalOverride.objects.filter(membership__team=team).select_related("decided_by")
    }
    by_member: dict[int, list[HitRow]] = defaultdict(list)
    for h in hits:
        key = f"ovr-{h.membership_id}-{h.organization_id}-{h.rule}"
        form = None
        if can_override and h.severity == RecusalSeverity.WARNING and not h.is_resolved:
            form = bound.get(key) or OverrideForm(
                prefix_id=f"{h.membership_id}-{h.organization_id}-{h.rule}",
                initial={"organization": h.organization_id, "rule": h.rule})
        by_member[h.membership_id].append(
            HitRow(h, overrides.get((h.membership_id, h.organization_id, h.rule)), form))  # type: ignore[arg-type]
    rows: list[MemberRow] = []
    covered: set[str] = set()
    signed = 0
    for m in memberships:
        profile = getattr(m.person, "inspector_profile", None)
        if profile is not None:
            covered |= {s.skill for s in profile.skills.all()}
        declarations = {d.kind: d for d in m.declarations.all()}
        signed += len(declarations)
        row = MemberRow(m, profile, sorted(by_member.get(m.pk, []), key=_hit_order), declarations)
        if can_manage:
            for kind in DeclarationKind.values:
                if kind not in declarations:
                    row.declaration_forms[kind] = bound.get(f"decl-{m.pk}-{kind}") or DeclarationForm(  # type: ignore[assignment]
                        membership_id=m.pk, kind=kind, initial={"kind": kind})
            if row.needs_authorization and not m.authorized_on:
                row.authorize_form = bound.get(f"auth-{m.pk}") or AuthorizeForm(  # type: ignore[assignment]
                    membership_id=m.pk)
        rows.append(row)
    policy = PlanningPolicy.effective_for(team.round.jurisdiction)
    inspections = list(Inspection.objects.filter(team=team).prefetch_related("targets__organization"))
    targets = [t.organization for i in inspections for t in i.targets.all()]
    counts = {"blocking": 0, "pending": 0, "resolved": 0}
    for row in rows:
        for hit_row in row.hits:
            counts[hit_row.state] += 1
    return Forming(
        team=team, open=forming_open, can_manage=can_manage, roster_open=roster_open,
        steps=TEAM_WORKFLOW.available(team, caps) if forming_open else [], can_override=can_override, policy=policy,
        leader_min_rank=_rank_label(policy.leader_min_rank), deputy_min_rank=_rank_label(policy.deputy_min_rank),
        skills=[(str(Skill(c).label), c in covered) for c in policy.required_skill_codes if c in Skill.values],
        size=len(memberships), issues=team_composition(team),
        members=rows, targets=targets, inspection_count=len(inspections), counts=counts, signed=signed,
    )


def _hit_order(row: HitRow) -> tuple[int, str, str]:
    return ({"blocking": 0, "pending": 1, "resolved": 2}[row.state], row.hit.organization_name, row.hit.rule)


def _rank_label(code: str) -> str:
    return str(Rank(code).label) if code in RANK_ORDER else code


def _pool_people(request: HttpRequest) -> Any:
    """Cadres in a pool the user may see: the only ones a team is formed from."""
    return Person.objects.filter(inspector_profile__in=InspectorProfile.objects.visible_to(request.user).values("pk"))


def _panels_context(request: HttpRequest, team: Team, caps: frozenset[Cap], *,
                    bound: dict[str, forms.Form] | None = None, add_form: MemberAddForm | None = None,
                    notice: str = "", error: str = "") -> dict[str, Any]:
    forming = build_forming(request, team, caps, bound=bound)
    context: dict[str, Any] = {"team": team, "forming": forming, "notice": notice, "error": error,
                               "has_targets": bool(forming.targets), "declaration_kinds": DeclarationKind.choices}
    if forming.roster_open:
        search = CandidateSearchForm(request.GET if request.method == "GET" else None)
        values = search.values() if request.method == "GET" else {"q": "", "skill": "", "availability": ""}
        candidates, total = pool_selectors.team_candidates(actor=signed_in(request), team=team, q=values["q"],
                                                           skill=values["skill"],
                                                           availability=values["availability"])
        chosen = add_form["person"].value() if add_form is not None else None
        context.update(
            search=search, candidates=candidates, candidate_total=total, chosen=str(chosen or ""),
            add_form=add_form or MemberAddForm(people=_pool_people(request)),
            role_choices=MembershipRole.choices,
        )
    added = _added_result(request, forming)
    if added is not None:
        context["added"] = added
    return context


def _added_result(request: HttpRequest, forming: Forming) -> MemberRow | None:
    """The member just put on the team (``?added=<membership id>``), to show what the check said."""
    try:
        added_id = int(request.GET.get("added", ""))
    except ValueError:
        return None
    return next((row for row in forming.members if row.membership.pk == added_id), None)


def _render_panels(request: HttpRequest, team: Team, caps: frozenset[Cap], *, status: int = 200,
                   **kwargs: Any) -> HttpResponse:
    context = _panels_context(request, team, caps, **kwargs)
    context["crumbs"] = _crumbs(team, _("组建巡察组"))
    return render_page(request, FORMING_TEMPLATE, context, partial="panels", status=status)


def _crumbs(team: Team, last: str) -> list[tuple[str, str | None]]:
    round_ = team.round
    return [
        (_("届次与轮次"), reverse("planning:term-list")),
        (str(round_.term.name), reverse("planning:term-detail", args=[round_.term_id])),
        (round_.name, reverse("planning:round-detail", args=[round_.pk])),
        (team.name, reverse("planning:team-detail", args=[team.pk])),
        (last, None),
    ]


def _after_write(request: HttpRequest, team: Team, caps: frozenset[Cap], message: str) -> HttpResponse:
    """Redraw the panels in place with the outcome (htmx); without scripts, back to the forming page."""
    if wants_partial(request):
        return _render_panels(request, team, caps, notice=message)
    messages.success(request, message)
    return redirect("planning:team-forming", team.pk)


def _members_changed(request: HttpRequest, team: Team, message: str, *, added: int | None = None) -> HttpResponse:
    """Adding or removing a member changes the whole team page: reload it, showing what the check said."""
    messages.success(request, message)
    query = f"?{urlencode({'added': added})}" if added else ""
    if wants_partial(request):
        return HttpResponseClientRedirect(f"{reverse('planning:team-detail', args=[team.pk])}{query}#team-forming")
    return redirect(f"{reverse('planning:team-forming', args=[team.pk])}{query}")


def _form_error(form: forms.Form) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


# ---- Pages -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def team_forming(request: HttpRequest, pk: int) -> HttpResponse:
    """The forming panels: a fragment for the team page (htmx), a page of its own otherwise. With
    ``HX-Target: team-candidates`` only the pool search results."""
    team, caps = _access_team(request, pk)
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "team-candidates" and wants_partial(request):
        if not (Cap.MANAGE_PLANNING in caps and _forming_open(team)):
            raise PermissionDenied(str(MANAGE_MESSAGE))
        if team.status != TeamStatus.FORMING:
            raise Http404("巡察组组成人员已确定，不再选配成员。")
        search = CandidateSearchForm(request.GET)
        values = search.values()
        candidates, total = pool_selectors.team_candidates(actor=signed_in(request), team=team, q=values["q"],
                                                           skill=values["skill"], availability=values["availability"])
        has_targets = InspectionTarget.objects.filter(inspection__team=team).exists()
        return render(request, CANDIDATES_TEMPLATE, {"team": team, "candidates": candidates, "has_targets": has_targets,
                                                     "candidate_total": total, "search": search, "chosen": ""})
    return _render_panels(request, team, caps)


@login_required
@require_http_methods(["GET", "POST"])
def team_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A new team (组) for a round: number, name and the committee that sends it."""
    require_any_capability(request, PLANNING_PAGE_CAPS)
    round_: Round = selectors.round_get(actor=signed_in(request), pk=pk)
    caps = scope_of(request.user).capabilities_at(jurisdiction_path=round_.term.jurisdiction.path)
    _require(caps, Cap.MANAGE_PLANNING, str(MANAGE_MESSAGE))
    jurisdictions = Jurisdiction.objects.filter(
        pk__in=Jurisdiction.objects.visible_to(request.user).values("pk"),
        path__startswith=round_.term.jurisdiction.path,
    ).order_by("path")
    status = 200
    if request.method == "POST":
        form = TeamCreateForm(request.POST, jurisdictions=jurisdictions)
        done = submit(form, lambda data: team_create(
            actor=signed_in(request), round_id=round_.pk, number=data["number"], name=data["name"],
            home_jurisdiction=data["home_jurisdiction"]))
        if done.ok:
            team = done.value
            messages.success(request, _("已建立%(name)s，请从巡察干部人才库中选配成员。") % {"name": team.name})
            return redirect(f"{team.get_absolute_url()}#team-forming")
        status = done.status
    else:
        number = (Team.objects.filter(round=round_).aggregate(n=Max("number"))["n"] or 0) + 1
        form = TeamCreateForm(jurisdictions=jurisdictions, initial={
            "number": number, "name": _("第%(n)s巡察组") % {"n": chinese_number(number)},
            "home_jurisdiction": round_.term.jurisdiction,
        })
    existing = list(Team.objects.filter(round=round_).order_by("number").values_list("number", "name"))
    context = {
        "round": round_, "form": form, "existing": existing,
        "crumbs": [
            (_("届次与轮次"), reverse("planning:term-list")),
            (str(round_.term.name), reverse("planning:term-detail", args=[round_.term_id])),
            (round_.name, reverse("planning:round-detail", args=[round_.pk])),
            (_("新建巡察组"), None),
        ],
    }
    return render_page(request, "planning/team_create.html", context, status=status)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (team names are written this way)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


# ---- Writes ----------------------------------------------------------------------------------------------------


@login_required
@require_POST
def team_member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    team, caps = _access_team(request, pk)
    _require(caps, Cap.MANAGE_PLANNING, str(MANAGE_MESSAGE))
    form = MemberAddForm(request.POST, people=_pool_people(request))
    done = submit(form, lambda data: team_member_add(
        actor=signed_in(request), team_id=team.pk, person_id=data["person"].pk, role=data["role"]))
    if done.ok:
        added, person = done.value, form.cleaned_data["person"]
        m = added.membership
        message = _("已将%(name)s编入本组（%(role)s）。") % {"name": person.name, "role": m.get_role_display()}
        if added.recusal:
            message += _("回避审查发现 %(n)d 项情形，请在下方查看。") % {"n": len(added.recusal)}
        return _members_changed(request, team, message, added=m.pk)
    return _render_panels(request, team, caps, status=done.status, add_form=form, error=_form_error(form))


@login_required
@require_POST
def team_member_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership, caps = _access_membership(request, pk)
    team = membership.team
    _require(caps, Cap.MANAGE_PLANNING, str(MANAGE_MESSAGE))
    try:
        team_member_remove(actor=signed_in(request), membership_id=membership.pk)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        return _render_panels(request, team, caps, status=exc.status, error=exc.message)
    return _members_changed(request, team, _("已将%(name)s移出本组。") % {"name": membership.person.name})


@login_required
@require_POST
def team_member_authorize_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership, caps = _access_membership(request, pk)
    team = membership.team
    _require(caps, Cap.MANAGE_PLANNING, str(MANAGE_MESSAGE))
    form = AuthorizeForm(request.POST, membership_id=membership.pk)
    done = submit(form, lambda data: team_leader_authorize(
        actor=signed_in(request), membership_id=membership.pk, on=data["on"], reference=data["reference"]))
    if done.ok:
        return _after_write(request, team, caps, _("已登记%(role)s%(name)s的授权（%(ref)s）。") % {
            "role": membership.get_role_display(), "name": membership.person.name,
            "ref": form.cleaned_data["reference"].strip()})
    return _render_panels(request, team, caps, status=done.status, bound={f"auth-{membership.pk}": form},
                          error=_form_error(form))


@login_required
@require_POST
def recusal_override_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep a member despite a recusal warning, with a written reason: the office director only."""
    membership, caps = _access_membership(request, pk)
    team = membership.team
    _require(caps, Cap.OVERRIDE_RECUSAL, _("只有巡察办主任可以决定保留有回避提示的人员。"))
    form = OverrideForm(request.POST, prefix_id=str(membership.pk))
    key = f"ovr-{membership.pk}-{request.POST.get('organization', '')}-{request.POST.get('rule', '')}"
    done = submit(form, lambda data: recusal_override_create(
        actor=signed_in(request), membership_id=membership.pk, organization_id=data["organization"],
        rule=data["rule"], reason=data["reason"]))
    if done.ok:
        return _after_write(request, team, caps, _("已说明理由保留%(name)s，决定已记入审计日志。") % {
            "name": membership.person.name})
    return _render_panels(request, team, caps, status=done.status, bound={key: form}, error=_form_error(form))


@login_required
@require_POST
def declaration_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership, caps = _access_membership(request, pk)
    team = membership.team
    _require(caps, Cap.MANAGE_PLANNING, str(MANAGE_MESSAGE))
    kind = request.POST.get("kind", "")
    form = DeclarationForm(request.POST, membership_id=membership.pk, kind=kind)
    done = submit(form, lambda data: declaration_record(
        actor=signed_in(request), membership_id=membership.pk, kind=data["kind"], signed_on=data["signed_on"],
        note=data["note"]))
    if done.ok:
        return _after_write(request, team, caps, _("已登记%(name)s的%(kind)s。") % {
            "name": membership.person.name, "kind": DeclarationKind(form.cleaned_data["kind"]).label})
    return _render_panels(request, team, caps, status=done.status, bound={f"decl-{membership.pk}-{kind}": form},
                          error=_form_error(form))


@login_required
@require_POST
def team_step_view(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    """A step of the team's forming workflow (确定组成人员, or 重新调整成员 with a reason): the same service as
    ``POST /api/v1/teams/{id}/transitions/{name}``; what is still missing is shown in the panels."""
    team, caps = _access_team(request, pk)
    _require(caps, Cap.MANAGE_PLANNING, str(MANAGE_MESSAGE))
    if transition not in TEAM_WORKFLOW.transitions:
        raise Http404("没有这个操作。")
    try:
        team = team_step(actor=signed_in(request), team_id=team.pk, transition=transition,
                         note=request.POST.get("note", "")[:500])
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        return _render_panels(request, team, caps, status=exc.status, error=exc.message)
    step = TEAM_WORKFLOW.get(transition)
    return _members_changed(request, team, _("%(team)s：%(step)s。") % {"team": team.name, "step": step.label})
