"""The matrix rows of findings (xuncha/findings) and of the dictionaries' pages and endpoints (xuncha/taxonomy: the
frameworks, the basis library 定性依据库 and the wording library 定性用语库).

Who reads a finding (xuncha/findings/models.py ``FindingQuerySet``): the team's leader and deputies all of their
team's findings, a member their own drafts and the confirmed ones; the office (staff and director) of the dispatching
committee and the leading group the confirmed ones, read-only. Never the liaison of the inspected organisation, the
discipline commission, the organisation department, another team or another committee (404 on the pages: a page
kind their roles never use or an inspection they do not see; 403 in the API where they see the inspection).

11-7-03 is rectifying: findings are filed and approved while stationed and while the report is written, so every
allowed write is refused with the reason (``Refused``); the services' tests write on a stationed inspection.
The dictionaries are reference: every role but the security auditor opens their pages (the outsider has no role);
their API is reference data for any signed-in caller; the office adds local items to its committee's tree.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import Workbook

from tests.permissions.matrix import (
    ADMINS,
    ANONYMOUS,
    COUNTY_DIRECTOR,
    DISCIPLINE,
    ELSEWHERE,
    LEADING_GROUP,
    LIAISON,
    OFFICE,
    ORG_DEPARTMENT,
    OUTSIDER,
    POST_ONLY_GET,
    SECURITY_AUDITOR,
    SIGNED_IN,
    TEAM3,
    TEAM_DEPUTY,
    TEAM_LEADER,
    TEAM_MEMBER,
    Obj,
    Refused,
    Route,
    Scoped,
    Spec,
    Upload,
    all_but,
    group,
)
from xuncha.accounts.models import User
from xuncha.findings.models import Finding, FindingStatus
from xuncha.findings.services import IMPORT_COLUMNS
from xuncha.inspections.models import Inspection
from xuncha.taxonomy.models import Article, Framework, FrameworkNode

INSPECTION = Scoped(Obj("inspection.gsl"), Obj("inspection.fgj"))
CONFIRMED = Scoped(Obj("findings.confirmed.gsl"), Obj("findings.confirmed.fgj"))
DRAFT = Scoped(Obj("findings.draft.gsl"), Obj("findings.draft.fgj"))

NOT_WORKING = Refused(400, "11-7-03 is rectifying: findings are filed and edited while stationed or reporting",
                      "不能再登记或修改问题")
STEP_OVER = Refused(409, "11-7-03 is rectifying: findings are approved while stationed or reporting",
                    "巡察已不在驻点或报告阶段")

# The confirmed finding: the team, the office and the leading group. A draft: its drafter (member3), the leader and
# the deputy.
READERS = group(TEAM3, OFFICE, LEADING_GROUP)
DRAFT_READERS = TEAM3
LIST_PAGE: Spec = {ANONYMOUS: 302, READERS: 200, all_but(READERS): 404}


def page_write(allowed: frozenset[str] | str, result: Any, *, seen_by: frozenset[str] = READERS) -> Spec:
    """A page write: ``result`` for ``allowed``, 403 for the others who see the object, 404 for the rest."""
    allowed = group(allowed)
    return {ANONYMOUS: 302, allowed: result, group(seen_by) - allowed: 403, all_but(seen_by): 404}


FINDING_FORM = {"organization": Obj("organization.gsl"), "category": Obj("findings.category.d1"),
                "title": "矩阵问题", "description": "矩阵事实", "source": "other", "conduct_from": "2018-10-02",
                "severity": "general", "person_level": "none", "basis": [Obj("findings.article.2018")]}
BULK_FORM = {"rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0",
             "rows-MAX_NUM_FORMS": "50", "rows-0-organization": Obj("organization.gsl"),
             "rows-0-category": Obj("findings.category.d1"), "rows-0-title": "矩阵问题",
             "rows-0-description": "矩阵事实", "rows-0-conduct_from": "2018-10-02", "rows-0-amount": "",
             "rows-0-severity": "general"}

# The dictionaries' pages: every role but the security auditor (the outsider has none).
LIBRARY_READERS = all_but(SECURITY_AUDITOR, OUTSIDER)
LIBRARY_PAGE: Spec = {ANONYMOUS: 302, LIBRARY_READERS: 200, group(SECURITY_AUDITOR, OUTSIDER): 404}

PAGES: dict[str, Route] = {
    "findings:finding-list": Route(kwargs={"pk": INSPECTION}, get=LIST_PAGE),
    "findings:finding-create": Route(kwargs={"pk": INSPECTION}, get=page_write(TEAM3, 200),
                                     post=page_write(TEAM3, NOT_WORKING), body=FINDING_FORM),
    "findings:finding-bulk": Route(kwargs={"pk": INSPECTION}, get=page_write(TEAM3, 200),
                                   post=page_write(TEAM3, NOT_WORKING), body=BULK_FORM),
    "findings:finding-import": Route(kwargs={"pk": INSPECTION}, get=page_write(TEAM3, 200),
                                     post=page_write(TEAM3, NOT_WORKING),
                                     body={"file": Upload("问题.xlsx", Obj("findings.file.xlsx"))}),
    "findings:finding-import-template": Route(kwargs={"pk": INSPECTION}, get=page_write(TEAM3, 200)),
    "findings:finding-detail": Route(kwargs={"pk": CONFIRMED}, get=LIST_PAGE, audit="finding.evidence_read"),
    # A draft is its drafter's, the leader's and the deputy's: the office and the leading group do not find it.
    "findings:finding-edit": Route(kwargs={"pk": DRAFT}, get=page_write(TEAM3, 200, seen_by=DRAFT_READERS),
                                   post=page_write(TEAM3, NOT_WORKING, seen_by=DRAFT_READERS), body=FINDING_FORM),
    "findings:finding-delete": Route(kwargs={"pk": DRAFT}, get=POST_ONLY_GET,
                                     post=page_write(TEAM3, NOT_WORKING, seen_by=DRAFT_READERS)),
    # The team meeting's adoption of a confirmed finding: the leader's step.
    "findings:finding-transition": Route(kwargs={"pk": CONFIRMED, "name": "adopt"}, get=POST_ONLY_GET,
                                         post=page_write(TEAM_LEADER, STEP_OVER),
                                         body={"on": "2018-11-19", "meeting_reference": "矩阵组务会"}),
    "taxonomy:library": Route(get=LIBRARY_PAGE),
    "taxonomy:framework-detail": Route(kwargs={"code": "F2018"}, get=LIBRARY_PAGE),
    # The city's office adds to the city's tree; 洛龙区's office director may add to 洛龙区's only (the body names
    # the city, which their form does not offer); the other readers may not add.
    "taxonomy:framework-local-add": Route(
        kwargs={"code": "F2018"}, get=POST_ONLY_GET,
        body={"kind": "item", "jurisdiction": Obj("jurisdiction.city"), "node": "C", "text": "矩阵增补条目"},
        post={ANONYMOUS: 302, OFFICE: 302,
              COUNTY_DIRECTOR: Refused(400, "the body names the city's tree; 洛龙区's office adds to its own",
                                       "提交的内容有误"),
              LIBRARY_READERS - OFFICE - {COUNTY_DIRECTOR}: 403, group(SECURITY_AUDITOR, OUTSIDER): 404}),
    "taxonomy:article-list": Route(get=LIBRARY_PAGE),
    "taxonomy:regulation-detail": Route(kwargs={"code": "JL2018"}, get=LIBRARY_PAGE),
    "taxonomy:wording-list": Route(get=LIBRARY_PAGE),
}

# ---- API --------------------------------------------------------------------------------------------------------
# A visible inspection whose findings the caller's roles do not read is a 403 (the liaison, the discipline
# commission, the organisation department); a finding outside the caller's grants is a 404 like a missing one.
SEE_INSPECTION_ONLY = group(LIAISON, DISCIPLINE, ORG_DEPARTMENT)
OUTSIDE = group(ELSEWHERE, ADMINS, OUTSIDER)
SEES_GSL = group(READERS, SEE_INSPECTION_ONLY)


def api_write(allowed: frozenset[str] | str, result: Any, *, seen_by: frozenset[str] = SEES_GSL) -> Spec:
    allowed = group(allowed)
    return {ANONYMOUS: 401, allowed: result, group(seen_by) - allowed: 403, all_but(seen_by): 404}


API_FINDING = {"organization": Obj("organization.gsl"), "category": Obj("findings.category.d1"),
               "title": "矩阵问题", "description": "矩阵事实", "conduct_from": "2018-10-02",
               "basis": [Obj("findings.article.2018")]}
V1 = "/api/v1"
API: dict[tuple[str, str], Route] = {
    ("GET", f"{V1}/inspections/{{inspection_id}}/findings"): Route(get={
        ANONYMOUS: 401, READERS: 200, SEE_INSPECTION_ONLY: 403, OUTSIDE: 404}),
    ("GET", f"{V1}/inspections/{{inspection_id}}/findings/evidence-choices"): Route(get=api_write(TEAM3, 200)),
    ("POST", f"{V1}/inspections/{{inspection_id}}/findings"): Route(post=api_write(TEAM3, NOT_WORKING),
                                                                    body=API_FINDING),
    ("POST", f"{V1}/inspections/{{inspection_id}}/findings/bulk"): Route(post=api_write(TEAM3, NOT_WORKING),
                                                                         body={"rows": [API_FINDING]}),
    ("GET", f"{V1}/findings/{{finding_id}}"): Route(kwargs={"finding_id": CONFIRMED}, audit="finding.evidence_read",
                                                     get={ANONYMOUS: 401, READERS: 200, all_but(READERS): 404}),
    ("PUT", f"{V1}/findings/{{finding_id}}"): Route(kwargs={"finding_id": DRAFT}, body=API_FINDING,
                                                     put=api_write(TEAM3, NOT_WORKING, seen_by=DRAFT_READERS)),
    ("DELETE", f"{V1}/findings/{{finding_id}}"): Route(kwargs={"finding_id": DRAFT},
                                                        delete=api_write(TEAM3, NOT_WORKING, seen_by=DRAFT_READERS)),
    ("POST", f"{V1}/findings/{{finding_id}}/transitions/{{step}}"): Route(
        kwargs={"finding_id": CONFIRMED, "step": "adopt"}, body={"on": "2018-11-19", "meeting_reference": "矩阵"},
        post=api_write(TEAM_LEADER, STEP_OVER, seen_by=READERS)),
    # The dictionaries: reference data for any signed-in caller.
    ("GET", f"{V1}/regulations"): Route(get={ANONYMOUS: 401, SIGNED_IN: 200}),
    ("GET", f"{V1}/regulations/{{code}}"): Route(kwargs={"code": "JL2018"}, get={ANONYMOUS: 401, SIGNED_IN: 200}),
    ("GET", f"{V1}/articles"): Route(get={ANONYMOUS: 401, SIGNED_IN: 200}),
    ("GET", f"{V1}/wordings"): Route(get={ANONYMOUS: 401, SIGNED_IN: 200}),
}


def _finding(inspection: Inspection, drafter: User, status: str, tag: str, node: FrameworkNode,
             article: Article) -> int:
    org = inspection.targets.get().organization
    sequence = 900 + len(tag)
    finding = Finding.objects.create(
        inspection=inspection, organization=org, code=f"{inspection.code}-WT-M{tag}", sequence=sequence,
        framework=node.framework, category=node, title="矩阵问题", description="矩阵事实",
        conduct_from=datetime.date(2018, 10, 2), status=status, drafted_by=drafter)
    finding.basis.set([article])
    return finding.pk


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(IMPORT_COLUMNS))
    sheet.append(["市工商联", "D1", "矩阵问题", "矩阵事实", "2018-10-02", "", "", "", "一般", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_objects(users: dict[str, User], objects: dict[str, Any]) -> dict[str, Any]:
    gsl = Inspection.objects.get(pk=objects["inspection.gsl"])
    fgj = Inspection.objects.get(pk=objects["inspection.fgj"])
    f2018 = Framework.objects.get(code="F2018")
    node = FrameworkNode.objects.get(framework=f2018, code="D1")
    article = Article.objects.get(regulation__code="JL2018", number="第八十八条")
    member3, leader = users[TEAM_MEMBER], users[TEAM_LEADER]
    assert users[TEAM_DEPUTY] and leader
    fgj_drafter = User.objects.filter(role_assignments__team_id=fgj.team_id).order_by("pk").first() or leader
    return {
        "findings.category.d1": node.pk,
        "findings.article.2018": article.pk,
        "findings.file.xlsx": _workbook(),
        "findings.confirmed.gsl": _finding(gsl, member3, FindingStatus.CONFIRMED, "c", node, article),
        "findings.draft.gsl": _finding(gsl, member3, FindingStatus.DRAFT, "dd", node, article),
        "findings.confirmed.fgj": _finding(fgj, fgj_drafter, FindingStatus.CONFIRMED, "c", node, article),
        "findings.draft.fgj": _finding(fgj, fgj_drafter, FindingStatus.DRAFT, "dd", node, article),
    }
