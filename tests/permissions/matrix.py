"""The permission matrix as data: for every page (URL name) and every API route (method, path), how to fill its
kwargs and what each persona gets (REL-12). ``test_permission_matrix.py`` runs it; read this file to know who may
open what.

The rules the expectations follow (docs/architecture.md "The scope rule", ADR-0003, ADR-0004):

- not signed in: a page redirects to the sign-in page (302), the API answers 401;
- a page kind none of the persona's roles uses answers 404 (``xuncha.accounts.pages.require_any_capability``), and
  so does an API endpoint reserved to one administrator role (audit log, role assignments);
- an object outside the persona's scope answers 404, exactly like one that does not exist;
- a visible object whose action the persona's roles do not allow answers 403;
- API lists are scoped filters: 200 for every signed-in caller, with an empty ``results`` for those who see
  nothing (the three administrators see no business data: 三员分立);
- unsafe methods are sent with a valid body (the form as a person would fill it in, or the API's schema): a
  persona with the right gets the endpoint's documented success status, exactly (pages: 302 to the next page; the
  API: 200, 201 or 204 as its ``response=`` says) with a valid answer (a JSON object, an empty 204, a redirect
  that is not to the sign-in page). A 400/409/422 for an allowed persona fails, unless the demo's state makes
  every valid write impossible: then the expectation is ``Refused(status, reason, message)``, which says why
  and asserts that refusal (its status and its message), not any refusal.

Each route with object kwargs is tried with an IN-SCOPE object (the 市工商联 world: inspection 11-7-03 of
市委第三巡察组) by every persona, and with an OUT-OF-SCOPE object (the 市房管局 world: 11-7-05 of 第五组, the
county 新安县, round 6…) by the scoped personas (``SCOPED``), who must get 404. ``member1`` (第一组) and
``liaison_fgj`` (市房管局) see the 市工商联 objects from outside, so their row for the in-scope object is 404.

Adding a route (the completeness test names every route without an entry, and the module defining it):

1. add ``PAGES["app:name"]`` or ``API[("METHOD", "/api/v1/…")]`` in its section below, with a value for every
   persona for each method tried (the groups keep it short; ``test_matrix_names_every_persona…`` checks it);
2. fill its kwargs: ``kwargs={"pk": INSPECTION}`` with a ``Scoped`` pair (in-scope object for everyone,
   out-of-scope one for ``SCOPED``) or an ``Obj`` (one object); API path parameters are filled by name from
   ``API_KWARGS``. A new kind of object gets a key in ``conftest._build_objects`` (from the demo, or made there);
3. an unsafe method gets its documented success status for the personas with the right (or ``Refused``, with
   the reason), 403 for those who see the object but may not act, 404 for the others; give it a valid ``body``
   (form fields for a page, JSON for the API) so that the answer is about the caller, not the payload. A new
   kind of value (a free organisation, a whole form as the page shows it) is an ``Obj`` key in
   ``conftest._build_objects``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# ---- Personas --------------------------------------------------------------------------------------------------
# One signed-in account per role of xuncha/accounts/roles.py (the demo's accounts; ``deputy3`` and ``outsider``
# are built by conftest.py because the demo has none), plus the two ways of being nobody, plus two accounts whose
# scope lies elsewhere, for the out-of-scope rows.

ANONYMOUS = "anonymous"  # not signed in
OUTSIDER = "outsider"  # signed in, no role at all
OFFICE_STAFF = "office_staff"
OFFICE_DIRECTOR = "office_director"
LEADING_GROUP = "leading_group"
TEAM_LEADER = "team_leader"
TEAM_DEPUTY = "team_deputy"
TEAM_MEMBER = "team_member"
LIAISON = "liaison"
DISCIPLINE = "discipline_commission"
ORG_DEPARTMENT = "org_department"
SYSTEM_ADMIN = "system_admin"
SECURITY_ADMIN = "security_admin"
SECURITY_AUDITOR = "security_auditor"
MEMBER1 = "member1"  # a team member of 第一组: the 市工商联 objects are outside their scope
LIAISON_FGJ = "liaison_fgj"  # the liaison of 市房管局: the 市工商联 objects are outside their scope
# 上下联动 (xuncha.inspections.models.base._linked_q): 洛龙区's office director and its round-7 team leader. The city's
# objects are outside their scope; they read the linked inspections (the ``linked`` variants) and write none.
COUNTY_DIRECTOR = "county_director"
COUNTY_LEADER = "county_leader"

# persona → (role, username); the role is None for the anonymous visitor and the outsider.
PERSONAS: dict[str, tuple[str | None, str | None]] = {
    ANONYMOUS: (None, None),
    OUTSIDER: (None, "outsider"),
    OFFICE_STAFF: ("office_staff", "office"),
    OFFICE_DIRECTOR: ("office_director", "director"),
    LEADING_GROUP: ("leading_group", "leading"),
    TEAM_LEADER: ("team_leader", "leader3"),
    TEAM_DEPUTY: ("team_deputy", "deputy3"),
    TEAM_MEMBER: ("team_member", "member3"),
    LIAISON: ("liaison", "liaison_gsl"),
    DISCIPLINE: ("discipline_commission", "cdi"),
    ORG_DEPARTMENT: ("org_department", "orgdept"),
    SYSTEM_ADMIN: ("system_admin", "sysadmin"),
    SECURITY_ADMIN: ("security_admin", "secadmin"),
    SECURITY_AUDITOR: ("security_auditor", "auditor"),
    MEMBER1: ("team_member", "member1"),
    LIAISON_FGJ: ("liaison", "liaison_fgj"),
    COUNTY_DIRECTOR: ("office_director", "county_director"),
    COUNTY_LEADER: ("team_leader", "county_leader"),
}


def group(*members: str | frozenset[str]) -> frozenset[str]:
    """One set of personas from personas and groups."""
    names: set[str] = set()
    for member in members:
        names |= {member} if isinstance(member, str) else set(member)
    return frozenset(names)


EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {ANONYMOUS}
OFFICE = group(OFFICE_STAFF, OFFICE_DIRECTOR)
# Roles bound to the city (洛阳市) that see its business data and that of the counties below it.
JURISDICTION_ROLES = group(OFFICE, LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT)
# Those of them holding VIEW_PEOPLE (cadre records); the discipline commission does not.
PEOPLE_READERS = group(OFFICE, LEADING_GROUP, ORG_DEPARTMENT)
TEAM3 = group(TEAM_LEADER, TEAM_DEPUTY, TEAM_MEMBER)  # 市委第三巡察组, inspecting 市工商联
COUNTY = group(COUNTY_DIRECTOR, COUNTY_LEADER)
ELSEWHERE = group(MEMBER1, LIAISON_FGJ, COUNTY)
# Team roles of round 7 outside 第三组 (第一组's member, 洛龙区's team leader): they see the city's term and round 7,
# not 第三组's objects. 洛龙区's office director sees none of the city's records (its lists: 洛龙区's).
OTHER_TEAMS = group(MEMBER1, COUNTY_LEADER)
ADMINS = group(SYSTEM_ADMIN, SECURITY_ADMIN, SECURITY_AUDITOR)  # 三员: no business data
# The personas that try the out-of-scope object of each route (everyone else sees both, or neither).
SCOPED = group(TEAM3, LIAISON)
# The demo enrols an authenticator for the accounts whose roles must use a second factor.
ENROLLED = group(OFFICE_DIRECTOR, TEAM_LEADER, ADMINS, COUNTY)


def all_but(*members: str | frozenset[str]) -> frozenset[str]:
    """Every signed-in persona except ``members``."""
    return SIGNED_IN - group(*members)


# ---- Expected results ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    """An allowed persona's write that the demo's state refuses whatever is sent: the status, why no valid write
    exists on the demo, and (part of) the message the answer must carry, so that only this refusal passes."""

    status: int
    reason: str
    message: str


# A status, exactly (for an allowed write: the documented success status), or a specific refusal.
Expected = int | Refused
# persona or group of personas → expected status
Spec = Mapping[str | frozenset[str], Expected]
# Refusals that an allowed persona may only get as a ``Refused`` with its reason.
REFUSALS = frozenset({400, 409, 422})
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Obj:
    """A demo object, filled in as its primary key (``conftest.DemoWorld.objects``)."""

    key: str


@dataclass(frozen=True)
class Upload:
    """A file field of a page's form (sent multipart): ``name`` and the ``Obj`` key of its bytes."""

    name: str
    content: Obj


@dataclass(frozen=True)
class Scoped:
    """A kwarg with an in-scope object, tried by everyone, and an out-of-scope one, tried by ``SCOPED``."""

    inside: Obj
    outside: Obj | None = None


@dataclass(frozen=True)
class Variant:
    """Another way of filling some kwargs (e.g. another transition) or another body, with its own expectations."""

    kwargs: Mapping[str, Any] = field(default_factory=dict)
    body: Mapping[str, Any] | Obj | None = None  # None: the route's body
    get: Spec | None = None
    post: Spec | None = None
    put: Spec | None = None
    patch: Spec | None = None
    delete: Spec | None = None


@dataclass(frozen=True)
class Route:
    """What to send to one route and what each persona gets back.

    ``get``/``post``/``put``/``patch``/``delete``: the expectation for the in-scope object, per method tried (an API route
    has exactly its own method). ``kwargs``: kwarg name → ``Scoped``/``Obj``/literal (API routes default to
    ``API_KWARGS``). ``out``: the expectation for the out-of-scope object; by default 404 for ``SCOPED`` on every
    method that is not refused with 405 anyway. ``body``: form data (pages) or JSON (API) of unsafe methods: a
    mapping, or an ``Obj`` that conftest fills with a whole form as the page would send it unchanged.
    ``audit``: an action that every 200 answer must have written to the audit log. ``empty_for``: personas whose
    API list must come back with no ``results``. ``path``: for a route that cannot be reversed.
    ``signs_out``: the request ends (or starts) a session, so it is sent from a throw-away client.
    ``names_any_inspection``: the answer may name inspections its reader cannot open (the audit log, which the
    security auditor reviews whole: an event names the inspection it touched, not what is in it).
    """

    get: Spec | None = None
    post: Spec | None = None
    put: Spec | None = None
    patch: Spec | None = None
    delete: Spec | None = None
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    out: Mapping[str, Spec] | None = None
    variants: Mapping[str, Variant] = field(default_factory=dict)
    body: Mapping[str, Any] | Obj | None = None
    audit: str = ""
    empty_for: frozenset[str] = frozenset()
    path: str = ""
    signs_out: bool = False
    names_any_inspection: bool = False
    note: str = ""

    def methods(self) -> dict[str, Spec]:
        specs = {"GET": self.get, "POST": self.post, "PUT": self.put, "PATCH": self.patch, "DELETE": self.delete}
        return {method: spec for method, spec in specs.items() if spec is not None}


# ---- Demo objects ----------------------------------------------------------------------------------------------
# Keys of conftest.DemoWorld.objects. "gsl": the 市工商联 world, "fgj": the 市房管局 world.

INSPECTION = Scoped(Obj("inspection.gsl"), Obj("inspection.fgj"))  # 11-7-03 (rectifying) / 11-7-05 (reporting)
TEAM = Scoped(Obj("team.gsl"), Obj("team.fgj"))  # 市委第三巡察组 / 市委第五巡察组 of round 7
ORGANIZATION = Scoped(Obj("organization.gsl"), Obj("organization.fgj"))
PERSON = Scoped(Obj("person.gsl"), Obj("person.fgj"))  # each unit's principal leader, on no team
JURISDICTION = Scoped(Obj("jurisdiction.city"), Obj("jurisdiction.county"))  # 洛阳市 / 新安县
# The demo has one term (the city's 11th): every persona that sees terms sees it, so there is no out-of-scope one.
TERM = Scoped(Obj("term.city"))
ROUND = Scoped(Obj("round.7"), Obj("round.6"))  # 第三组 belongs to round 7 only
# Round 7's preparation (xuncha/demo/preparation.py); round 6 has none, so these have no out-of-scope twin.
WORK_PLAN = Obj("workplan.7")  # the latest version of round 7's work plan
ANNUAL_PLAN = Obj("annualplan.2019")  # the city's 2019 annual plan, a draft
CROSS_RUN = Obj("run.7")  # the cross-assignment run of round 7, made by the director
MEMBERSHIP = Scoped(Obj("membership.gsl"), Obj("membership.fgj"))  # a place on 第三组 / 第五组
PROFILE = Obj("profile.first")  # an inspector-pool entry (only the office, LG and OD see the pool)
CONTACT = Scoped(Obj("liaison_contact.gsl"), Obj("liaison_contact.fgj"))  # made by conftest (the demo has none)
FRAMEWORK_CODE = "F2018"
# The next step of 11-7-03 (rectifying): only the office director may take it.
TRANSITION = "close_rectification"
FREE_ORGANIZATION = Obj("organization.free")  # a unit of the city that no inspection of the term targets yet
POOL_PERSON = Obj("person.pool")  # a cadre in the city's inspector pool, on no team of round 7

# ---- What the demo's state refuses, whatever is sent (see ``Refused``) -----------------------------------------
WITHDRAW_REFUSED = Refused(409, "11-7-03 is rectifying: an inspection is withdrawn before stationing, so no body "
                                "makes withdrawing it valid", "当前状态下不能执行此操作")
WORK_PLAN_SUBMIT_REFUSED = Refused(409, "round 7's latest work plan is approved already; only a draft is submitted",
                                   "只有草稿可以报批")
WORK_PLAN_APPROVE_REFUSED = Refused(409, "round 7's latest work plan is approved already; only a submitted one is "
                                         "approved", "只有已报批的方案可以批准")
ANNUAL_APPROVE_REFUSED = Refused(409, "the 2019 annual plan is a draft: the leading group approves a submitted one",
                                 "报批")
STATIONED_TEAM = Refused(400, "第三组 is stationed (11-7-03 is rectifying): its members no longer change",
                         "巡察组已进驻，不能再调整成员")
TEAM_CHANGE_REFUSED = Refused(400, "11-7-03 is rectifying: an inspection's team changes only before stationing",
                              "不能再更换巡察组")
CROSS_APPLY_REFUSED = Refused(409, "round 7's cross inspections are stationed: a run is applied to planned ones only",
                              "11-7-X01")
TEAM_REOPEN_REFUSED = Refused(409, "第三组 is stationed (11-7-03 is rectifying): its confirmed composition is not "
                                   "reopened", "已进驻，巡察组成员不能再调整")
NO_RECUSAL_GROUND = Refused(400, "the demo has no recusal warning between 第三组's leader and 市工商联: there is "
                                 "nothing to keep a member despite", "该人员对该单位不存在这一回避情形")

# How the API's path parameters are filled, by name (a route may override in ``Route.kwargs``).
API_KWARGS: dict[str, Any] = {
    "inspection_id": INSPECTION,
    "team_id": TEAM,
    "organization_id": ORGANIZATION,
    "person_id": PERSON,
    "jurisdiction_id": JURISDICTION,
    "term_id": TERM,
    "round_id": ROUND,
    "assignment_id": Obj("assignment.member1"),
    "code": FRAMEWORK_CODE,
    "name": TRANSITION,
    "plan_id": WORK_PLAN,
    "run_id": CROSS_RUN,
    "membership_id": MEMBERSHIP,
    "profile_id": PROFILE,
    "contact_id": CONTACT,
}

# ---- Routes not in the matrix ----------------------------------------------------------------------------------
# Django's own views: no data of ours behind them. Matched by URL name, or by namespace (``"admin:"``).
SKIPPED_PAGES: dict[str, str] = {
    "admin:": "Django's admin site: not mounted (is_superuser grants nothing, ADR-0003); if it ever is, it is "
              "Django's own permission system",
    "djdt:": "django-debug-toolbar, development only",
}
# The ``api`` namespace's operations are checked through ``API`` (from ``xuncha.api.api.route_table``); its two
# other URL names (the root and the JSON 404 catch-all) are in ``PAGES``.

# ---- Shorthands for the common page shapes ---------------------------------------------------------------------


def only(persona: str | frozenset[str], code: Expected = 200, *, others: int = 404) -> Spec:
    """A page of one administrator role: ``code`` for them, ``others`` for every other signed-in persona."""
    return {ANONYMOUS: 302, persona: code, all_but(persona): others}


POST_ONLY_GET: Spec = {ANONYMOUS: 302, SIGNED_IN: 405}  # a GET on a POST-only page: refused before anything
# Pages of jurisdictions and organisations: every role with VIEW_PLANNING, MANAGE_ROLES, MANAGE_ACCOUNTS or
# MANAGE_CONFIGURATION (accounts.pages.ORGANIZATION_PAGE_CAPS / JURISDICTION_PAGE_CAPS): not the liaison, not the
# security auditor.
ORG_PAGE_LIST: Spec = {
    ANONYMOUS: 302, group(JURISDICTION_ROLES, COUNTY_DIRECTOR): 200, TEAM3: 200, OTHER_TEAMS: 200,
    SYSTEM_ADMIN: 200, SECURITY_ADMIN: 200, group(LIAISON, LIAISON_FGJ, SECURITY_AUDITOR, OUTSIDER): 404,
}
# The city (洛阳市) on those pages: 洛龙区's office director sees its own county only.
ORG_PAGE_CITY: Spec = {
    ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, OTHER_TEAMS: 200, SYSTEM_ADMIN: 200, SECURITY_ADMIN: 200,
    group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, SECURITY_AUDITOR, OUTSIDER): 404,
}
# Planning pages (terms, rounds): VIEW_PLANNING only (xuncha.planning.views.PLANNING_PAGE_CAPS).
# 洛龙区's office director opens the planning pages of its own county, not the city's term or rounds (404).
PLANNING_PAGE: Spec = {
    ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, OTHER_TEAMS: 200,
    group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404,
}
PLANNING_LIST: Spec = {
    ANONYMOUS: 302, group(JURISDICTION_ROLES, COUNTY_DIRECTOR): 200, TEAM3: 200, OTHER_TEAMS: 200,
    group(LIAISON, LIAISON_FGJ, ADMINS, OUTSIDER): 404,
}
# The 市工商联 inspection as seen from each persona (page or API detail).
INSPECTION_VISIBLE: Spec = {
    JURISDICTION_ROLES: 200, TEAM3: 200, LIAISON: 200, ELSEWHERE: 404, ADMINS: 404, OUTSIDER: 404,
}
# 上下联动: round 7's cross inspections that 洛龙区's roles read (xuncha.inspections.models.base._linked_q), each at
# the feedback stage: the one of 洛龙区's own team (in 新安县), which its office director and its team leader both
# read, and the one of 洛龙区's 公租房 organisations by 瀍河回族区's team, which its office director reads (the team
# leader, on another team, does not). The city's jurisdiction roles read both; nobody else does.
LINKED_OWN_TEAM = Obj("inspection.linked_team")  # 洛龙区委巡察组 in 新安县
LINKED_TARGETS = Obj("inspection.linked_targets")  # 瀍河回族区委巡察组 in 洛龙区
LINKED_READERS = group(JURISDICTION_ROLES, COUNTY)
LINKED_VISIBLE: Spec = {LINKED_READERS: 200,
                        group(TEAM3, LIAISON, MEMBER1, LIAISON_FGJ, ADMINS, OUTSIDER): 404}
LINKED_TARGETS_VISIBLE: Spec = {group(JURISDICTION_ROLES, COUNTY_DIRECTOR): 200,
                                group(TEAM3, LIAISON, OTHER_TEAMS, LIAISON_FGJ, ADMINS, OUTSIDER): 404}


def linked_reads(anonymous: int, kwarg: str = "pk") -> dict[str, Variant]:
    """The read of a linked inspection: 200 for its readers (the county's roles read-only), 404 for the others."""
    return {"linked-team": Variant(kwargs={kwarg: LINKED_OWN_TEAM}, get={ANONYMOUS: anonymous, **LINKED_VISIBLE}),
            "linked-targets": Variant(kwargs={kwarg: LINKED_TARGETS},
                                      get={ANONYMOUS: anonymous, **LINKED_TARGETS_VISIBLE})}

def linked_writes(anonymous: int, kwarg: str) -> dict[str, Variant]:
    """Opening rectification of a linked inspection (at feedback): the city's office (OPEN_RECTIFICATION at the
    dispatching committee); the county's roles read it only (403); whoever does not see it 404."""
    success = 302 if anonymous == 302 else 200
    return {
        "linked-team": Variant(kwargs={kwarg: LINKED_OWN_TEAM, "name": "open_rectification"}, post={
            ANONYMOUS: anonymous, OFFICE: success, group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, COUNTY): 403,
            group(TEAM3, LIAISON, MEMBER1, LIAISON_FGJ, ADMINS, OUTSIDER): 404}),
        "linked-targets": Variant(kwargs={kwarg: LINKED_TARGETS, "name": "open_rectification"}, post={
            ANONYMOUS: anonymous, OFFICE: success,
            group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, COUNTY_DIRECTOR): 403,
            group(TEAM3, LIAISON, OTHER_TEAMS, LIAISON_FGJ, ADMINS, OUTSIDER): 404}),
    }


# Planning work (sel.can_plan: MANAGE_PLANNING at the jurisdiction): the office; whoever else sees the round,
# term or inspection gets 403; roles without VIEW_PLANNING never use planning pages (404).
def plan_write(code: Expected = 200, *, anonymous: int = 302) -> Spec:
    return {ANONYMOUS: anonymous, OFFICE: code,
            group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3, OTHER_TEAMS): 403,
            group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404}


def plan_approve(allowed: Expected, anonymous: int = 302) -> Spec:
    """Approving work plans and annual plans (sel.can_approve): the leading group alone."""
    return {ANONYMOUS: anonymous, LEADING_GROUP: allowed,
            group(OFFICE, DISCIPLINE, ORG_DEPARTMENT, TEAM3, OTHER_TEAMS): 403,
            group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404}


def stationing_write(code: Expected = 302, *, anonymous: int = 302) -> Spec:
    """Notices, the mobilisation meeting, the announcement of the 市工商联 inspection: the office; whoever else
    sees the inspection (its team, its liaison) 403."""
    return {ANONYMOUS: anonymous, OFFICE: code, group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3, LIAISON): 403,
            group(ELSEWHERE, ADMINS, OUTSIDER): 404}


def team_write(code: Expected = 302, allowed: frozenset[str] = OFFICE, *, anonymous: int = 302) -> Spec:
    """Forming 第三组 (MANAGE_PLANNING, or OVERRIDE_RECUSAL for the director): whoever else sees its members 403;
    a liaison sees the team's name only (404), like every one outside."""
    return {ANONYMOUS: anonymous, allowed: code,
            group(JURISDICTION_ROLES, TEAM3) - allowed: 403,
            group(ELSEWHERE, LIAISON, ADMINS, OUTSIDER): 404}


def contact_write(code: Expected = 302, *, anonymous: int = 302) -> Spec:
    """The liaison group of 市工商联 (adding, correcting, removing): the office or 市工商联's own liaison; whoever
    else sees the inspection 403."""
    return {ANONYMOUS: anonymous, group(OFFICE, LIAISON): code,
            group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3): 403, group(ELSEWHERE, ADMINS, OUTSIDER): 404}


# Coverage, crossing (VIEW_PLANNING with the jurisdiction's analysis: not the team roles, 403).
ANALYSIS_SEEN: Spec = {JURISDICTION_ROLES: 200, group(TEAM3, OTHER_TEAMS): 403,
                       group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404}
ANALYSIS: Spec = {ANONYMOUS: 302, **ANALYSIS_SEEN}
POOL_READERS = group(OFFICE, LEADING_GROUP, ORG_DEPARTMENT)  # VIEW_POOL
POOL_MAINTAINERS = group(OFFICE, ORG_DEPARTMENT)  # MANAGE_POOL


def pool_page(code: Expected = 200, *, anonymous: int = 302, county: Expected = 404) -> Spec:
    """Maintaining the pool: the office and the organisation department; the leading group sees it (403).
    ``county``: 洛龙区's office director, who maintains 洛龙区's pool (the city's entries are outside it)."""
    return {ANONYMOUS: anonymous, POOL_MAINTAINERS: code, LEADING_GROUP: 403, COUNTY_DIRECTOR: county,
            all_but(POOL_READERS, COUNTY_DIRECTOR): 404}


# The forms name the city's pool (洛阳市), which 洛龙区's office director may not choose.
CITY_POOL_REFUSED = Refused(400, "the body names the city's pool; 洛龙区's office director maintains 洛龙区's only",
                            "您不能维护这个人才库")


def signed_out(anonymous: int, spec: Spec) -> Spec:
    return {ANONYMOUS: anonymous, **spec}


# =================================================================================================================
# PAGES: URL name → Route
# =================================================================================================================

PAGES: dict[str, Route] = {
    # ---- core and the work page ------------------------------------------------------------------------------
    "dashboards:home": Route(get={ANONYMOUS: 302, SIGNED_IN: 200},
                             note="the work page: the to-dos, then one section per role held; empty for the outsider"),
    "dashboards:todo-list": Route(get={
        ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, LIAISON: 200, ELSEWHERE: 200,
        group(ADMINS, OUTSIDER): 404}, note="the to-do list (待办) of the business roles"),
    "dashboards:todo-badge": Route(get={
        ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, LIAISON: 200, ELSEWHERE: 200,
        group(ADMINS, OUTSIDER): 404}, note="the menu's count of the to-dos, fetched after the page loads"),
    "core:watermark": Route(get={ANONYMOUS: 302, SIGNED_IN: 200}),
    "core:favicon": Route(get={EVERYONE: 301}, note="a permanent redirect to the vendored icon, for anyone"),
    # Background jobs belong to the user who started them; the fixture gives one to office_staff.
    "core:job-status": Route(kwargs={"pk": Obj("job.office")}, get=only(OFFICE_STAFF)),
    "core:job-download": Route(kwargs={"pk": Obj("job.office")}, get=only(OFFICE_STAFF), audit="export.download"),
    "core:bench-ping": Route(get={ANONYMOUS: 302, SIGNED_IN: 404},
                             note="404 unless XUNCHA_BENCH_VIEWS is on, for bench/bench_load.py only"),
    # ---- accounts: signing in and out -------------------------------------------------------------------------
    # A fresh client for each (``signs_out``): the anonymous visitor signs in with a demo account's password.
    "accounts:login": Route(
        get={ANONYMOUS: 200, SIGNED_IN: 302}, post={EVERYONE: 302}, signs_out=True,
        body={"username": "office", "password": Obj("password.demo")},
        note="a signed-in user is sent on (redirect_authenticated_user)"),
    "accounts:logout": Route(get={EVERYONE: 405}, post={EVERYONE: 302}, signs_out=True,
                             note="POST only (Django's LogoutView)"),
    # ---- accounts: the sign-in steps and every user's own account security ------------------------------------
    # The matrix signs in with force_login (tests.backends: the second factor counts as passed), so the
    # verification step sends everyone on; the steps themselves are tested in xuncha/accounts/tests.
    "accounts:otp-verify": Route(get={EVERYONE: 302}, post={EVERYONE: 302},
                                 note="a verified session (or one without a device) is sent on"),
    "accounts:otp-enrol": Route(get={ANONYMOUS: 302, SIGNED_IN: 200}, post={ANONYMOUS: 302, SIGNED_IN: Refused(
        400, "a valid code belongs to the secret shown on the page, which the matrix does not read", "请输入动态口令")},
                                note="anyone may bind an authenticator; an empty code is a form error"),
    "accounts:recovery-codes": Route(get=POST_ONLY_GET, post={
        ANONYMOUS: 302, ENROLLED: 200, SIGNED_IN - ENROLLED: 302},
        note="new codes (200) for an account with an authenticator, else back to the page (302)"),
    "accounts:security": Route(get={ANONYMOUS: 302, SIGNED_IN: 200}),
    "accounts:password-change": Route(get={ANONYMOUS: 302, SIGNED_IN: 200}, post={ANONYMOUS: 302, SIGNED_IN: Refused(
        400, "a valid change needs each persona's current password, which the matrix does not keep", "请填写")},
                                      note="every user changes their own password; an empty form is refused"),
    # ---- accounts: the system administrator (accounts, time limits) ---------------------------------------------
    "accounts:user-list": Route(get=only(SYSTEM_ADMIN)),
    "accounts:user-create": Route(get=only(SYSTEM_ADMIN), post=only(SYSTEM_ADMIN, 302), body={
        "username": "matrix_new", "display_name": "矩阵新用户", "password1": "Matrix#Pass-2018x",
        "password2": "Matrix#Pass-2018x"}),
    "accounts:person-search": Route(get=only(SYSTEM_ADMIN)),
    "accounts:user-toggle-active": Route(kwargs={"pk": Obj("user.member1")}, get=POST_ONLY_GET,
                                         post=only(SYSTEM_ADMIN, 302)),
    "accounts:user-security": Route(kwargs={"pk": Obj("user.member1")}, get=only(SYSTEM_ADMIN)),
    # The generated one-time password is shown once, on the answer itself (200), never kept for a redirect.
    "accounts:user-password-reset": Route(kwargs={"pk": Obj("user.member1")}, get=POST_ONLY_GET,
                                          post=only(SYSTEM_ADMIN, 200)),
    "accounts:user-otp-reset": Route(kwargs={"pk": Obj("user.member1")}, get=POST_ONLY_GET,
                                     post=only(SYSTEM_ADMIN, 302)),
    "accounts:time-limits-list": Route(get=only(SYSTEM_ADMIN)),
    "accounts:time-limits-edit": Route(kwargs={"pk": Obj("jurisdiction.city")}, get=only(SYSTEM_ADMIN),
                                       post=only(SYSTEM_ADMIN, 302), body=Obj("form.time-limits")),
    "accounts:time-limits-reset": Route(kwargs={"pk": Obj("jurisdiction.city")}, get=POST_ONLY_GET,
                                        post=only(SYSTEM_ADMIN, 302)),
    "accounts:planning-rules-edit": Route(kwargs={"pk": Obj("jurisdiction.city")}, get=only(SYSTEM_ADMIN),
                                          post=only(SYSTEM_ADMIN, 302), body=Obj("form.planning-rules")),
    # ---- accounts: the security administrator (role assignments) ------------------------------------------------
    "accounts:role-list": Route(get=only(SECURITY_ADMIN)),
    "accounts:role-grant": Route(get=only(SECURITY_ADMIN), post=only(SECURITY_ADMIN, 302), body={
        "user": "outsider", "role": "liaison", "organization": Obj("organization.gsl")}),
    "accounts:role-revoke": Route(kwargs={"pk": Obj("assignment.member1")}, get=POST_ONLY_GET,
                                  post=only(SECURITY_ADMIN, 302)),
    # ---- orgs -------------------------------------------------------------------------------------------------
    "orgs:jurisdiction-list": Route(get=ORG_PAGE_LIST),
    # Team roles see the jurisdictions their team works in (the city), not the counties.
    "orgs:jurisdiction-detail": Route(kwargs={"pk": JURISDICTION}, get=ORG_PAGE_CITY),
    "orgs:organization-list": Route(get=ORG_PAGE_LIST),
    # The system and security administrators see the organisations of their jurisdiction (they bind roles to
    # them) but none of their inspections; team roles see their targets; a liaison never uses these pages.
    "orgs:organization-detail": Route(kwargs={"pk": ORGANIZATION}, get={
        ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, SYSTEM_ADMIN: 200, SECURITY_ADMIN: 200,
        group(OTHER_TEAMS, LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, SECURITY_AUDITOR, OUTSIDER): 404}),
    "orgs:organization-children": Route(kwargs={"pk": ORGANIZATION}, get={
        ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, SYSTEM_ADMIN: 200, SECURITY_ADMIN: 200,
        group(OTHER_TEAMS, LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, SECURITY_AUDITOR, OUTSIDER): 404}),
    # Cadre records: VIEW_PEOPLE (not the discipline commission, not the liaison, not the administrators).
    "orgs:person-list": Route(audit="person.list", get={
        ANONYMOUS: 302, group(PEOPLE_READERS, COUNTY_DIRECTOR): 200, TEAM3: 200, OTHER_TEAMS: 200,
        group(DISCIPLINE, LIAISON, LIAISON_FGJ, ADMINS, OUTSIDER): 404}),
    "orgs:person-detail": Route(kwargs={"pk": PERSON}, audit="person.read", get={
        ANONYMOUS: 302, PEOPLE_READERS: 200, TEAM3: 200,
        group(OTHER_TEAMS, DISCIPLINE, LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404}),
    # ---- planning ---------------------------------------------------------------------------------------------
    "planning:term-list": Route(get=PLANNING_LIST),
    "planning:term-detail": Route(kwargs={"pk": TERM}, get=PLANNING_PAGE),
    "planning:round-detail": Route(kwargs={"pk": ROUND}, get=PLANNING_PAGE),
    # A liaison may open the team inspecting their organisation (name and leader only).
    "planning:team-detail": Route(kwargs={"pk": TEAM}, get={
        ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, LIAISON: 200,
        group(ELSEWHERE, ADMINS, OUTSIDER): 404}),
    "planning:inspection-list": Route(get={
        ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, LIAISON: 200, ELSEWHERE: 200,
        group(ADMINS, OUTSIDER): 404}),
    "planning:inspection-detail": Route(kwargs={"pk": INSPECTION}, get=signed_out(302, INSPECTION_VISIBLE),
                                        variants=linked_reads(302)),
    "planning:inspection-transition": Route(
        kwargs={"pk": INSPECTION, "name": TRANSITION},
        get=POST_ONLY_GET,
        # close_rectification: CLOSE_RECTIFICATION is the office director's alone.
        # The transition form's date and note are optional: the empty form is the valid one.
        post={ANONYMOUS: 302, OFFICE_DIRECTOR: 302,
              group(OFFICE_STAFF, LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3, LIAISON): 403,
              group(ELSEWHERE, ADMINS, OUTSIDER): 404},
        variants={
            # withdraw: the office and the team's leader and deputy hold WITHDRAW_INSPECTION (the stage refuses
            # it now); a team member does not.
            "withdraw": Variant(kwargs={"name": "withdraw"}, post={
                ANONYMOUS: 302, group(OFFICE, TEAM_LEADER, TEAM_DEPUTY): WITHDRAW_REFUSED,
                group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM_MEMBER, LIAISON): 403,
                group(ELSEWHERE, ADMINS, OUTSIDER): 404}),
            **linked_writes(302, "pk"),
        }),
    # ---- planning: rounds, work plans, annual plans, stationing (planning/urls_rounds.py → views_rounds) ---------
    # Planning writes need MANAGE_PLANNING at the jurisdiction (sel.can_plan): the office. Those who see the term
    # or round (LG, CDI, OD, team roles of round 7) get 403; the liaison and the administrators never use
    # planning pages (404). A write that went through redirects (302).
    # New rounds start after the demo's round 8 (planned for April 2019): rounds are numbered in time order.
    "planning:round-create": Route(kwargs={"term_pk": TERM}, get=plan_write(), post=plan_write(302), body={
        "number": 98, "planned_start": "2019-06-03", "planned_end": "2019-07-31"}),
    "planning:round-copy": Route(kwargs={"pk": ROUND}, get=plan_write(), post=plan_write(302), body={
        "planned_start": "2019-06-03", "planned_end": "2019-07-31"}),
    "planning:round-plan-panel": Route(kwargs={"pk": ROUND}, get=PLANNING_PAGE),
    "planning:plan-targets": Route(kwargs={"pk": ROUND}, get=plan_write(), post=plan_write(302), body={
        "organizations": FREE_ORGANIZATION, "inspection_type": "routine"}),
    "planning:workplan-list": Route(kwargs={"pk": ROUND}, get=PLANNING_PAGE),
    "planning:workplan-create": Route(kwargs={"pk": ROUND}, get=plan_write(), post=plan_write(302), body={
        "focus": "矩阵监督重点", "schedule": "矩阵时间安排"}),
    "planning:workplan-detail": Route(kwargs={"pk": WORK_PLAN}, get=PLANNING_PAGE),
    "planning:workplan-submit": Route(kwargs={"pk": WORK_PLAN}, get=POST_ONLY_GET,
                                      post=plan_write(WORK_PLAN_SUBMIT_REFUSED)),
    # The leading group approves (sel.can_approve); the office drafts and submits (403 here).
    "planning:workplan-approve": Route(kwargs={"pk": WORK_PLAN}, get=POST_ONLY_GET,
                                       post=plan_approve(WORK_PLAN_APPROVE_REFUSED)),
    "planning:annualplan-list": Route(kwargs={"term_pk": TERM}, get=PLANNING_PAGE),
    # The term runs 2016-10 to 2021-09; the demo has the plans of 2018 and 2019.
    "planning:annualplan-create": Route(kwargs={"term_pk": TERM}, get=plan_write(), post=plan_write(302), body={
        "year": 2020, "title": "中共洛阳市委2020年度巡察工作计划（矩阵）", "rounds_planned": 2}),
    "planning:annualplan-edit": Route(kwargs={"pk": ANNUAL_PLAN}, get=plan_write(), post=plan_write(302), body={
        "year": 2019, "title": "中共洛阳市委2019年度巡察工作计划（矩阵）", "rounds_planned": 3}),
    "planning:annualplan-submit": Route(kwargs={"pk": ANNUAL_PLAN}, get=POST_ONLY_GET, post=plan_write(302)),
    "planning:annualplan-approve": Route(kwargs={"pk": ANNUAL_PLAN}, get=POST_ONLY_GET,
                                         post=plan_approve(ANNUAL_APPROVE_REFUSED)),
    # Stationing of 11-7-03: whoever sees the inspection reads it (its liaison too: it is past "planned").
    "planning:stationing-detail": Route(kwargs={"pk": INSPECTION}, get=signed_out(302, INSPECTION_VISIBLE),
                                        variants=linked_reads(302)),
    "planning:stationing-panel": Route(kwargs={"pk": INSPECTION}, get=signed_out(302, INSPECTION_VISIBLE),
                                       variants=linked_reads(302)),
    "planning:notice-issue": Route(kwargs={"pk": INSPECTION}, get=POST_ONLY_GET, post=stationing_write(), body={
        "organization": ORGANIZATION, "notice_no": "矩阵〔2018〕1号", "issued_on": "2018-10-20",
        "requirements": "矩阵准备事项"}),
    "planning:meeting-save": Route(kwargs={"pk": INSPECTION}, get=POST_ONLY_GET, post=stationing_write(), body={
        "held_at": "2018-10-31T09:00", "place": "矩阵会议室", "attendees": "矩阵参会范围", "speakers": "矩阵讲话人"}),
    "planning:announcement-edit": Route(kwargs={"pk": INSPECTION}, get=stationing_write(200),
                                        post=stationing_write(), body={
        "phone": "0379-63212345", "phone_hours": "8:00-18:00", "scope_text": "矩阵受理范围"}),
    # The liaison group: the office, or the inspected organisation's own liaison.
    "planning:liaison-contact-add": Route(kwargs={"pk": INSPECTION}, get=POST_ONLY_GET, body={
        "organization": ORGANIZATION, "name": "矩阵联络员", "post": "办公室主任", "phone": "0379-63212345"}, post={
        ANONYMOUS: 302, group(OFFICE, LIAISON): 302,
        group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3): 403, group(ELSEWHERE, ADMINS, OUTSIDER): 404}),
    # The team of an inspection: the office, until stationing (11-7-03 is rectifying: refused, 400).
    "planning:inspection-team": Route(kwargs={"pk": INSPECTION}, get=POST_ONLY_GET,
                                      post=stationing_write(TEAM_CHANGE_REFUSED)),
    "planning:liaison-contact-edit": Route(kwargs={"pk": CONTACT}, get=contact_write(200), post=contact_write(), body={
        "name": "矩阵联络员", "post": "办公室主任", "phone": "0379-63212345"}),
    "planning:liaison-contact-remove": Route(kwargs={"pk": CONTACT}, get=POST_ONLY_GET, post=contact_write()),
    "planning:announcement-print": Route(kwargs={"pk": INSPECTION}, get=signed_out(302, INSPECTION_VISIBLE)),
    # ---- planning: team forming (planning/urls_teams.py → views_teams) -------------------------------------------
    # The forming panels show the members: the jurisdiction's roles and 第三组 itself; a liaison sees the team's
    # name only (404 here). Forming is the office's (MANAGE_PLANNING); keeping a member despite a recusal
    # warning the director's (OVERRIDE_RECUSAL).
    "planning:team-forming": Route(kwargs={"pk": TEAM}, get={
        ANONYMOUS: 302, JURISDICTION_ROLES: 200, TEAM3: 200, group(ELSEWHERE, LIAISON, ADMINS, OUTSIDER): 404}),
    "planning:team-create": Route(kwargs={"pk": ROUND}, get=plan_write(), post=plan_write(302), body={
        "number": 98, "name": "市委第九十八巡察组", "home_jurisdiction": Obj("jurisdiction.city")}),
    "planning:team-member-add": Route(kwargs={"pk": TEAM}, get=POST_ONLY_GET, post=team_write(STATIONED_TEAM),
                                      body={"person": POOL_PERSON, "role": "member"}),
    "planning:team-member-remove": Route(kwargs={"pk": MEMBERSHIP}, get=POST_ONLY_GET,
                                         post=team_write(STATIONED_TEAM)),
    "planning:team-member-authorize": Route(kwargs={"pk": MEMBERSHIP}, get=POST_ONLY_GET, post=team_write(), body={
        "on": "2018-10-20", "reference": "矩阵〔2018〕1号"}),
    # The team workflow (confirm, reopen with a reason): the office's; 第三组 is stationed, so reopening is refused.
    "planning:team-step": Route(kwargs={"pk": TEAM, "transition": "reopen"}, get=POST_ONLY_GET,
                                post=team_write(TEAM_REOPEN_REFUSED), body={"note": "矩阵测试：重新调整成员的理由"}),
    "planning:declaration-record": Route(kwargs={"pk": MEMBERSHIP}, get=POST_ONLY_GET, post=team_write(), body={
        "kind": "recusal", "signed_on": "2018-10-20"}),
    "planning:recusal-override-create": Route(
        kwargs={"pk": MEMBERSHIP}, get=POST_ONLY_GET, post=team_write(NO_RECUSAL_GROUND, group(OFFICE_DIRECTOR)),
        body={"organization": ORGANIZATION, "rule": "worked_at", "reason": "矩阵测试：说明理由保留，不少于十个字。"}),
    # ---- planning: coverage, calendar, cross assignment (planning/urls_analysis.py → views_analysis) ---------------
    "planning:coverage": Route(kwargs={"pk": TERM}, get=ANALYSIS),
    "planning:calendar": Route(kwargs={"pk": TERM}, get=PLANNING_PAGE),
    "planning:crossing": Route(kwargs={"pk": ROUND}, get=ANALYSIS, body={"seed": 1, "lookback": 1}, post={
        ANONYMOUS: 302, OFFICE: 302, group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3, OTHER_TEAMS): 403,
        group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404}),
    "planning:crossing-run": Route(kwargs={"pk": CROSS_RUN}, get=ANALYSIS),
    # The page answers a refusal with a redirect to the run (its message on the next page): see the API's 409.
    "planning:crossing-run-apply": Route(kwargs={"pk": CROSS_RUN}, get=POST_ONLY_GET, post={
        ANONYMOUS: 302, OFFICE: Refused(302, "round 7's cross inspections are stationed: a run is applied to "
                                             "planned ones only (the page redirects back to the run)",
                                        "/planning/crossing-runs/"), group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3, OTHER_TEAMS): 403,
        group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404}),
    # ---- pool: the inspector pool, 巡察干部人才库 (pool/urls.py → pool.views) ---------------------------------------
    # VIEW_POOL opens the pool pages (office, LG, OD); maintaining it needs MANAGE_POOL (office, OD): LG 403.
    "pool:profile-list": Route(audit="pool.list", get={ANONYMOUS: 302, group(POOL_READERS, COUNTY_DIRECTOR): 200,
                                    all_but(POOL_READERS, COUNTY_DIRECTOR): 404}),
    "pool:profile-detail": Route(kwargs={"pk": PROFILE},
                                 get={ANONYMOUS: 302, POOL_READERS: 200, all_but(POOL_READERS): 404}),
    "pool:profile-create": Route(get=pool_page(county=200), post=pool_page(302, county=CITY_POOL_REFUSED), body={
        "person": Obj("person.gsl"), "jurisdiction": Obj("jurisdiction.city"), "skills": "audit",
        "availability": "available"}),
    "pool:profile-edit": Route(kwargs={"pk": PROFILE}, audit="person.read", get=pool_page(), post=pool_page(302), body={
        "jurisdiction": Obj("jurisdiction.city"), "skills": "audit", "availability": "available"}),
    # The import runs as a job (inline in the tests) and the page redirects to its progress.
    "pool:profile-import": Route(get=pool_page(county=200), post=pool_page(302, county=CITY_POOL_REFUSED), body={
        "jurisdiction": Obj("jurisdiction.city"), "file": Upload("人才库.xlsx", Obj("file.pool-import"))}),
    "pool:import-template": Route(get=pool_page(county=200)),
    "pool:profile-export": Route(get=POST_ONLY_GET, post=pool_page(302, county=302)),
    # ---- audit (the security auditor alone: AUD-09) -------------------------------------------------------------
    "audit:event-list": Route(get=only(SECURITY_AUDITOR), names_any_inspection=True),
    "audit:event-detail": Route(kwargs={"pk": Obj("audit_event.first")}, get=only(SECURITY_AUDITOR),
                                names_any_inspection=True),
    "audit:verify": Route(get=POST_ONLY_GET, post=only(SECURITY_AUDITOR, 302)),
    # The verification job belongs to the auditor who started it (the fixture starts one).
    "audit:verify-status": Route(kwargs={"pk": Obj("job.verify")}, get=only(SECURITY_AUDITOR)),
    # ---- api: the two URL names that are not API operations ---------------------------------------------------
    "api:api-root": Route(get={EVERYONE: 404}, note="no index at /api/v1/: a JSON 404 for anyone"),
    "api:unknown": Route(get={EVERYONE: 404}, post={EVERYONE: 404}, path="/api/v1/no-such-route/",
                         note="the JSON catch-all of the API namespace: 404 whatever the method or caller"),
}


# =================================================================================================================
# API: (METHOD, path template as route_table() gives it) → Route
# =================================================================================================================

API_LIST: Spec = {ANONYMOUS: 401, SIGNED_IN: 200}
# Business lists: nothing for the administrators (三员分立) or the outsider.
NO_BUSINESS = group(ADMINS, OUTSIDER)
# Jurisdiction details: business and administrator roles see their jurisdiction and those below; team roles
# where their team works; a liaison sees none (xuncha.orgs.models.JurisdictionQuerySet.visible_to).
JURISDICTION_VISIBLE: Spec = {
    ANONYMOUS: 401, JURISDICTION_ROLES: 200, TEAM3: 200, OTHER_TEAMS: 200, ADMINS: 200,
    group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, OUTSIDER): 404,
}
PLANNING_RECORD: Spec = {
    ANONYMOUS: 401, JURISDICTION_ROLES: 200, TEAM3: 200, OTHER_TEAMS: 200,
    group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404,
}

API: dict[tuple[str, str], Route] = {
    # ---- me, docs ---------------------------------------------------------------------------------------------
    ("GET", "/api/v1/me"): Route(get=API_LIST),
    ("GET", "/api/v1/openapi.json"): Route(get=API_LIST),
    ("GET", "/api/v1/docs"): Route(get={ANONYMOUS: 302, SIGNED_IN: 200},
                                   note="an anonymous browser is sent to the sign-in page"),
    # ---- jurisdictions and time limits --------------------------------------------------------------------------
    ("GET", "/api/v1/jurisdictions"): Route(get=API_LIST, empty_for=group(LIAISON, LIAISON_FGJ, OUTSIDER)),
    ("GET", "/api/v1/jurisdictions/{jurisdiction_id}"): Route(get=JURISDICTION_VISIBLE),
    ("GET", "/api/v1/jurisdictions/{jurisdiction_id}/time-limits"): Route(get=JURISDICTION_VISIBLE),
    # Configuration is the system administrator's (MANAGE_CONFIGURATION); whoever else sees the jurisdiction: 403.
    ("PUT", "/api/v1/jurisdictions/{jurisdiction_id}/time-limits"): Route(body={"fieldwork_days_routine": 40}, put={
        ANONYMOUS: 401, SYSTEM_ADMIN: 200,
        group(JURISDICTION_ROLES, TEAM3, OTHER_TEAMS, SECURITY_ADMIN, SECURITY_AUDITOR): 403,
        group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, OUTSIDER): 404}),
    ("GET", "/api/v1/jurisdictions/{jurisdiction_id}/planning-rules"): Route(get=JURISDICTION_VISIBLE),
    ("PUT", "/api/v1/jurisdictions/{jurisdiction_id}/planning-rules"): Route(body={"team_size_max": 8}, put={
        ANONYMOUS: 401, SYSTEM_ADMIN: 200,
        group(JURISDICTION_ROLES, TEAM3, OTHER_TEAMS, SECURITY_ADMIN, SECURITY_AUDITOR): 403,
        group(LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, OUTSIDER): 404}),
    # ---- organisations and cadres -------------------------------------------------------------------------------
    ("GET", "/api/v1/organizations"): Route(get=API_LIST, empty_for=group(SECURITY_AUDITOR, OUTSIDER)),
    # The API has no page kinds: a liaison reads their own organisation.
    ("GET", "/api/v1/organizations/{organization_id}"): Route(get={
        ANONYMOUS: 401, JURISDICTION_ROLES: 200, TEAM3: 200, LIAISON: 200, SYSTEM_ADMIN: 200, SECURITY_ADMIN: 200,
        group(ELSEWHERE, SECURITY_AUDITOR, OUTSIDER): 404}),
    ("GET", "/api/v1/people"): Route(get=API_LIST,
                                     empty_for=group(NO_BUSINESS, DISCIPLINE, LIAISON, LIAISON_FGJ)),
    ("GET", "/api/v1/people/{person_id}"): Route(audit="person.read", get={
        ANONYMOUS: 401, PEOPLE_READERS: 200, TEAM3: 200,
        group(OTHER_TEAMS, DISCIPLINE, LIAISON, LIAISON_FGJ, COUNTY_DIRECTOR, ADMINS, OUTSIDER): 404}),
    # ---- terms, rounds, teams, inspections ---------------------------------------------------------------------
    ("GET", "/api/v1/todos"): Route(get={
        ANONYMOUS: 401, JURISDICTION_ROLES: 200, TEAM3: 200, LIAISON: 200, ELSEWHERE: 200,
        group(ADMINS, OUTSIDER): 404}, note="the caller's to-do list; the administrators have none (404, like the page)"),
    ("GET", "/api/v1/terms"): Route(get=API_LIST, empty_for=group(NO_BUSINESS, LIAISON, LIAISON_FGJ)),
    ("GET", "/api/v1/terms/{term_id}"): Route(get=PLANNING_RECORD),
    ("GET", "/api/v1/rounds"): Route(get=API_LIST, empty_for=group(NO_BUSINESS, LIAISON, LIAISON_FGJ)),
    ("GET", "/api/v1/rounds/{round_id}"): Route(get=PLANNING_RECORD),
    ("GET", "/api/v1/teams"): Route(get=API_LIST, empty_for=NO_BUSINESS),
    ("GET", "/api/v1/teams/{team_id}"): Route(get={
        ANONYMOUS: 401, JURISDICTION_ROLES: 200, TEAM3: 200, LIAISON: 200, group(ELSEWHERE, ADMINS, OUTSIDER): 404}),
    ("GET", "/api/v1/inspections"): Route(get=API_LIST, empty_for=NO_BUSINESS),
    ("GET", "/api/v1/inspections/{inspection_id}"): Route(get=signed_out(401, INSPECTION_VISIBLE),
                                                          variants=linked_reads(401, "inspection_id")),
    ("POST", "/api/v1/inspections/{inspection_id}/transitions/{name}"): Route(
        body={},
        post={ANONYMOUS: 401, OFFICE_DIRECTOR: 200,
              group(OFFICE_STAFF, LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3, LIAISON): 403,
              group(ELSEWHERE, ADMINS, OUTSIDER): 404},
        variants={
            "withdraw": Variant(kwargs={"name": "withdraw"}, post={
                ANONYMOUS: 401, group(OFFICE, TEAM_LEADER, TEAM_DEPUTY): WITHDRAW_REFUSED,
                group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM_MEMBER, LIAISON): 403,
                group(ELSEWHERE, ADMINS, OUTSIDER): 404}),
            **linked_writes(401, "inspection_id"),
        }),
    # ---- reference dictionaries: every role but the security auditor ---------------------------------------------
    ("GET", "/api/v1/frameworks"): Route(get=API_LIST, empty_for=group(SECURITY_AUDITOR, OUTSIDER)),
    ("GET", "/api/v1/frameworks/{code}"): Route(get={
        ANONYMOUS: 401, all_but(SECURITY_AUDITOR, OUTSIDER): 200, group(SECURITY_AUDITOR, OUTSIDER): 404}),
    # ---- the administrators' endpoints: they do not exist for anyone else (404) -----------------------------------
    ("GET", "/api/v1/audit-events"): Route(get={ANONYMOUS: 401, SECURITY_AUDITOR: 200,
                                                all_but(SECURITY_AUDITOR): 404}, names_any_inspection=True),
    ("GET", "/api/v1/role-assignments"): Route(get={ANONYMOUS: 401, SECURITY_ADMIN: 200,
                                                    all_but(SECURITY_ADMIN): 404}),
    # A minimal valid body, so that the answer is about the caller and not about the payload; and an empty one:
    # the endpoint "does not exist" for anyone but the security administrator (api.selectors.require_role),
    # whatever they send.
    ("POST", "/api/v1/role-assignments"): Route(
        body={"username": "outsider", "role": "liaison", "organization": Obj("organization.gsl")},
        post={ANONYMOUS: 401, SECURITY_ADMIN: 201, all_but(SECURITY_ADMIN): 404},
        variants={"empty-body": Variant(body={}, post={
            ANONYMOUS: 401, SECURITY_ADMIN: Refused(422, "the variant sends no body on purpose", "此项必填"),
            all_but(SECURITY_ADMIN): 404})}),
    ("POST", "/api/v1/role-assignments/{assignment_id}/revoke"): Route(
        body={}, post={ANONYMOUS: 401, SECURITY_ADMIN: 200, all_but(SECURITY_ADMIN): 404}),
    # ---- rounds planning (api/endpoints/rounds_planning.py) --------------------------------------------------------
    # Valid bodies: the answer is about the caller (the service's can_plan/can_approve), not the payload.
    ("POST", "/api/v1/rounds"): Route(
        body={"term_id": Obj("term.city"), "number": 98, "planned_start": "2019-06-03", "planned_end": "2019-07-31"},
        post=plan_write(201, anonymous=401)),
    ("POST", "/api/v1/rounds/{round_id}/copy"): Route(
        body={"planned_start": "2019-06-03", "planned_end": "2019-07-31"}, post=plan_write(201, anonymous=401)),
    ("GET", "/api/v1/rounds/{round_id}/target-candidates"): Route(get=plan_write(anonymous=401)),
    ("POST", "/api/v1/rounds/{round_id}/inspections"): Route(
        body={"organization_ids": [FREE_ORGANIZATION], "inspection_type": "routine"},
        post=plan_write(201, anonymous=401)),
    ("GET", "/api/v1/rounds/{round_id}/work-plans"): Route(get=PLANNING_RECORD),
    ("POST", "/api/v1/rounds/{round_id}/work-plans"): Route(
        body={"focus": "矩阵监督重点", "schedule": "矩阵时间安排"}, post=plan_write(201, anonymous=401)),
    ("POST", "/api/v1/work-plans/{plan_id}/submit"): Route(
        body={}, post=plan_write(WORK_PLAN_SUBMIT_REFUSED, anonymous=401)),
    ("POST", "/api/v1/work-plans/{plan_id}/approve"): Route(
        body={}, post=plan_approve(WORK_PLAN_APPROVE_REFUSED, anonymous=401)),
    ("GET", "/api/v1/inspections/{inspection_id}/announcement"): Route(get=signed_out(401, INSPECTION_VISIBLE)),
    ("PUT", "/api/v1/inspections/{inspection_id}/announcement"): Route(
        body={"phone": "0379-63212345", "phone_hours": "8:00-18:00"}, put=stationing_write(200, anonymous=401)),
    ("POST", "/api/v1/inspections/{inspection_id}/notices"): Route(
        body={"organization_id": ORGANIZATION, "notice_no": "矩阵〔2018〕1号", "issued_on": "2018-10-20",
              "requirements": "矩阵准备事项"},
        post=stationing_write(201, anonymous=401)),
    ("POST", "/api/v1/inspections/{inspection_id}/liaison-contacts"): Route(
        body={"organization_id": ORGANIZATION, "name": "矩阵联络员", "phone": "0379-63212345"}, post={
            ANONYMOUS: 401, group(OFFICE, LIAISON): 201,
            group(LEADING_GROUP, DISCIPLINE, ORG_DEPARTMENT, TEAM3): 403, group(ELSEWHERE, ADMINS, OUTSIDER): 404}),
    ("PUT", "/api/v1/liaison-contacts/{contact_id}"): Route(
        body={"name": "矩阵联络员", "phone": "0379-63212345"}, put=contact_write(200, anonymous=401)),
    ("DELETE", "/api/v1/liaison-contacts/{contact_id}"): Route(delete=contact_write(204, anonymous=401)),
    ("PUT", "/api/v1/inspections/{inspection_id}/team"): Route(
        body={"team_id": None}, put=stationing_write(TEAM_CHANGE_REFUSED, anonymous=401)),
    ("PUT", "/api/v1/inspections/{inspection_id}/mobilization-meeting"): Route(
        body={"held_at": "2018-10-31T09:00:00+08:00", "place": "矩阵会议室", "attendees": "矩阵参会范围",
              "speakers": "矩阵讲话人"},
        put=stationing_write(200, anonymous=401)),
    # ---- preparation (api/endpoints/preparation.py): team forming ------------------------------------------------
    ("GET", "/api/v1/teams/{team_id}/recusal"): Route(get={
        ANONYMOUS: 401, JURISDICTION_ROLES: 200, TEAM3: 200, group(ELSEWHERE, LIAISON, ADMINS, OUTSIDER): 404}),
    ("GET", "/api/v1/teams/{team_id}/composition"): Route(get={
        ANONYMOUS: 401, JURISDICTION_ROLES: 200, TEAM3: 200, group(ELSEWHERE, LIAISON, ADMINS, OUTSIDER): 404}),
    ("GET", "/api/v1/teams/{team_id}/forming"): Route(get={
        ANONYMOUS: 401, JURISDICTION_ROLES: 200, TEAM3: 200, group(ELSEWHERE, LIAISON, ADMINS, OUTSIDER): 404}),
    ("POST", "/api/v1/teams/{team_id}/transitions/{name}"): Route(
        kwargs={"name": "reopen"}, body={"note": "矩阵测试：重新调整成员的理由"},
        post=team_write(TEAM_REOPEN_REFUSED, anonymous=401)),
    ("POST", "/api/v1/teams/{team_id}/members"): Route(body={"person_id": POOL_PERSON},
                                                       post=team_write(STATIONED_TEAM, anonymous=401)),
    ("DELETE", "/api/v1/team-memberships/{membership_id}"): Route(delete=team_write(STATIONED_TEAM, anonymous=401)),
    ("POST", "/api/v1/team-memberships/{membership_id}/authorization"): Route(
        body={"on": "2018-10-20", "reference": "矩阵〔2018〕1号"}, post=team_write(200, anonymous=401)),
    ("POST", "/api/v1/team-memberships/{membership_id}/declarations"): Route(
        body={"kind": "recusal", "signed_on": "2018-10-20"}, post=team_write(201, anonymous=401)),
    # The membership is in the body; ``kwargs`` names it so that the out-of-scope one (第五组) is tried too.
    ("POST", "/api/v1/recusal-overrides"): Route(
        kwargs={"membership": MEMBERSHIP},
        body={"membership_id": MEMBERSHIP, "organization_id": ORGANIZATION, "rule": "worked_at",
              "reason": "矩阵测试：说明理由保留，不少于十个字。"},
        post=team_write(NO_RECUSAL_GROUND, group(OFFICE_DIRECTOR), anonymous=401)),
    # ---- pool (api/endpoints/pool.py) ------------------------------------------------------------------------------
    # 洛龙区's office director reads 洛龙区's pool.
    ("GET", "/api/v1/pool"): Route(get=API_LIST, empty_for=EVERYONE - POOL_READERS - {COUNTY_DIRECTOR}),
    ("GET", "/api/v1/pool/{profile_id}"): Route(get={ANONYMOUS: 401, POOL_READERS: 200,
                                                     all_but(POOL_READERS): 404}),
    ("POST", "/api/v1/pool"): Route(body={"person_id": Obj("person.gsl"), "jurisdiction_id": Obj("jurisdiction.city")},
                                    post=pool_page(201, anonymous=401)),
    # ---- analysis (api/endpoints/analysis.py) ----------------------------------------------------------------------
    ("GET", "/api/v1/terms/{term_id}/coverage"): Route(get=signed_out(401, ANALYSIS_SEEN)),
    ("GET", "/api/v1/terms/{term_id}/calendar"): Route(get=PLANNING_RECORD),
    ("GET", "/api/v1/rounds/{round_id}/cross-assignment/runs"): Route(get=signed_out(401, ANALYSIS_SEEN)),
    ("POST", "/api/v1/rounds/{round_id}/cross-assignment/runs"): Route(body={}, post=plan_write(201, anonymous=401)),
    ("GET", "/api/v1/cross-assignment/runs/{run_id}"): Route(get=signed_out(401, ANALYSIS_SEEN)),
    ("POST", "/api/v1/cross-assignment/runs/{run_id}/apply"): Route(body={}, post=plan_write(CROSS_APPLY_REFUSED,
                                                                                           anonymous=401)),
}


# ---- Feature areas --------------------------------------------------------------------------------------------
# Each feature app keeps its rows in ``tests/permissions/areas/<app>.py`` (so that areas built side by side do not
# edit one file): ``PAGES`` and ``API`` as above, optionally ``API_KWARGS`` (path parameters of its own objects)
# and ``build_objects(users, objects) -> dict`` (its demo objects, merged into ``conftest.DemoWorld.objects``).
# An area imports what it needs from this module; a key defined twice fails here.


def _load_areas() -> list[Any]:
    import importlib
    import pkgutil

    from tests.permissions import areas

    modules = [importlib.import_module(f"{areas.__name__}.{info.name}")
               for info in sorted(pkgutil.iter_modules(areas.__path__), key=lambda info: info.name)]
    for module in modules:
        for table, extra in ((PAGES, getattr(module, "PAGES", {})), (API, getattr(module, "API", {})),
                             (API_KWARGS, getattr(module, "API_KWARGS", {}))):
            clash = set(table) & set(extra)
            if clash:
                raise AssertionError(f"{module.__name__} redefines {sorted(map(str, clash))}")
            table.update(extra)
    return modules


AREAS = _load_areas()


# ---- Expansion into cells --------------------------------------------------------------------------------------


def expand(spec: Spec, where: str, problems: list[str]) -> dict[str, Expected]:
    """persona → expected status; every persona exactly once (a gap or an overlap is a problem)."""
    result: dict[str, Expected] = {}
    for key, expected in spec.items():
        for persona in sorted(group(key)):
            if persona not in PERSONAS:
                problems.append(f"{where}: unknown persona {persona!r}")
            elif persona in result:
                problems.append(f"{where}: {persona} is given twice")
            else:
                result[persona] = expected
    missing = sorted(EVERYONE - set(result))
    if missing:
        problems.append(f"{where}: no expectation for {', '.join(missing)}")
    return result


@dataclass(frozen=True)
class Cell:
    """One request of the matrix: ``persona`` sends ``method`` to ``route`` and expects ``expected``. ``case`` says
    how the kwargs are filled: "" (no object), "in" (the in-scope objects), "out" (the out-of-scope ones) or a
    variant's name; ``objects`` names the demo objects used (``inspection.gsl``…)."""

    kind: str  # "page" or "api"
    route: str  # URL name, or the API path template
    method: str
    case: str
    objects: str
    persona: str
    expected: Expected

    @property
    def id(self) -> str:
        variant = f"-{self.case}" if self.case not in ("", "in", "out") else ""
        objects = f"@{self.objects}" if self.objects else ""
        scope = "-OUT-OF-SCOPE" if self.case == "out" else ""
        return f"{self.persona}-{self.method}-{self.route}{variant}{objects}{scope}"


def _has_scoped_kwargs(kwargs: Mapping[str, Any]) -> bool:
    return any(isinstance(v, Scoped) and v.outside is not None for v in kwargs.values())


def _objects_label(kwargs: Mapping[str, Any], outside: bool) -> str:
    keys = []
    for value in kwargs.values():
        if isinstance(value, Scoped):
            value = value.outside if outside and value.outside is not None else value.inside
        if isinstance(value, Obj):
            keys.append(value.key)
    return ",".join(keys)


def path_params(template: str) -> list[str]:
    """``{name}`` parameters of an API path template."""
    return re.findall(r"{(\w+)}", template)


def route_kwargs(kind: str, template: str, route: Route) -> dict[str, Any]:
    """The kwarg specs of a route: the API's from ``API_KWARGS`` by parameter name, then the route's own."""
    specs: dict[str, Any] = {}
    if kind == "api":
        specs.update({name: API_KWARGS[name] for name in path_params(template) if name in API_KWARGS})
    specs.update(route.kwargs)
    return specs


def default_out(spec: Spec) -> Spec | None:
    """Out of scope, ``SCOPED`` get 404, unless the method is refused (405) before any object is looked at."""
    inside = expand(spec, "", [])
    if all(inside.get(persona) == 405 for persona in SCOPED):
        return None
    return {SCOPED: 404}


def check_expectation(where: str, method: str, expected: Expected, problems: list[str]) -> None:
    """A read expects one status; a write's 400/409/422 is a ``Refused`` that says why and what the answer says."""
    if isinstance(expected, Refused):
        if method not in UNSAFE:
            problems.append(f"{where}: a read is not refused by the demo's state; expect its status")
        if not expected.reason.strip() or not expected.message.strip():
            problems.append(f"{where}: a Refused needs the reason no valid write exists, and the message to expect")
    elif method in UNSAFE and expected in REFUSALS:
        problems.append(f"{where}: {expected} for a write is a refusal: send a valid body and expect the success "
                        f"status, or say why none exists with Refused(status, reason, message)")


def route_cells(kind: str, name: str, route: Route, problems: list[str]) -> list[Cell]:
    """Every cell of one route (``name``: URL name, or "METHOD path" for the API)."""
    cells: list[Cell] = []
    template = name.split(" ", 1)[1] if kind == "api" else name
    kwargs = route_kwargs(kind, template, route)
    methods = route.methods()
    if kind == "api" and list(methods) != [name.split(" ", 1)[0]]:
        problems.append(f"{name}: an API route states exactly its own method, not {sorted(methods)}")
    if kind == "api" and set(path_params(template)) - set(kwargs):
        problems.append(f"{name}: no value for {sorted(set(path_params(template)) - set(kwargs))} "
                        f"(API_KWARGS or the route's kwargs)")
    scoped = _has_scoped_kwargs(kwargs)
    inside, outside = _objects_label(kwargs, False), _objects_label(kwargs, True)
    for method, spec in methods.items():
        where = f"{name} {method}"
        for persona, expected in expand(spec, where, problems).items():
            check_expectation(f"{where} {persona}", method, expected, problems)
            cells.append(Cell(kind, template, method, "in" if inside else "", inside, persona, expected))
        if not scoped:
            continue
        out = route.out.get(method) if route.out is not None else default_out(spec)
        for key, expected in (out or {}).items():
            for persona in sorted(group(key)):
                if persona not in PERSONAS:
                    problems.append(f"{where} out of scope: unknown persona {persona!r}")
                cells.append(Cell(kind, template, method, "out", outside, persona, expected))
    for label, variant in route.variants.items():
        v_kwargs = {**kwargs, **variant.kwargs}
        v_methods = {"GET": variant.get, "POST": variant.post, "PUT": variant.put, "PATCH": variant.patch,
                     "DELETE": variant.delete}
        for method, v_spec in v_methods.items():
            if v_spec is None:
                continue
            for persona, expected in expand(v_spec, f"{name} {method} [{label}]", problems).items():
                check_expectation(f"{name} {method} [{label}] {persona}", method, expected, problems)
                cells.append(Cell(kind, template, method, label, _objects_label(v_kwargs, False), persona,
                                  expected))
    return cells


def all_cells() -> tuple[list[Cell], list[str]]:
    """Every cell of ``PAGES`` and ``API``, and the problems found in the tables themselves."""
    problems: list[str] = []
    cells: list[Cell] = []
    for url_name, route in PAGES.items():
        cells += route_cells("page", url_name, route, problems)
    for (method, path), route in API.items():
        cells += route_cells("api", f"{method} {path}", route, problems)
    for persona, (role, _username) in PERSONAS.items():
        if role is None and persona not in (ANONYMOUS, OUTSIDER):
            problems.append(f"persona {persona} has no role")
    return cells, problems


def describe(expected: Expected) -> str:
    if isinstance(expected, int):
        return str(expected)
    return f"{expected.status} with {expected.message!r} (refused: {expected.reason})"
