"""The to-do list (待办): derived from the workflow tables, for each role what waits for it, within its scope,
with a fixed number of queries; on the work page, in the menu badge, on its own page and in the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xuncha.dashboards.todos import HORIZON_DAYS, Todo, todos_for
from xuncha.inspections.models import (
    DeclarationKind,
    Inspection,
    InspectionNotice,
    InspectionTarget,
    LiaisonContact,
    MemberDeclaration,
    Round,
    Team,
    TeamMembership,
    Term,
)
from xuncha.inspections.workflow import InspectionStatus as S
from xuncha.orgs.models import Person
from xuncha.planning.models import AnnualPlan, ApprovalStatus, WorkPlan

pytestmark = pytest.mark.django_db


def _kinds(todos: list[Todo]) -> set[tuple[str, int]]:
    return {(t.kind, t.object_id) for t in todos}


def _plan(rnd: Round, user: Any, status: str, version: int = 1) -> WorkPlan:
    return WorkPlan.objects.create(round=rnd, version=version, focus="聚焦“六个围绕”。", schedule="3月进驻。",
                                   status=status, created_by=user)


def _other_city_round(world: Any) -> Round:
    today = timezone.localdate()
    term = Term.objects.create(jurisdiction=world.other_city, number=9, name="第九届",
                               start_date=today - datetime.timedelta(days=100),
                               end_date=today + datetime.timedelta(days=1000))
    return Round.objects.create(term=term, number=1, name="河口市第一轮巡察", year=today.year,
                                planned_start=today + datetime.timedelta(days=30),
                                planned_end=today + datetime.timedelta(days=60))


def test_the_leading_group_is_told_of_a_submitted_work_plan(world):
    director = world.users["office_director"]
    submitted = _plan(world.round, director, ApprovalStatus.SUBMITTED, version=2)
    _plan(world.round, director, ApprovalStatus.DRAFT, version=1)
    elsewhere = _plan(_other_city_round(world), director, ApprovalStatus.SUBMITTED)
    todos = todos_for(world.users["leading_group"])
    assert _kinds(todos) == {("work_plan_approval", submitted.pk)}
    (todo,) = todos
    assert todo.url == reverse("planning:workplan-detail", args=[submitted.pk])
    assert todo.due == world.round.planned_start and todo.urgency == "overdue"
    assert "第2版" in todo.title and world.round.name in todo.title
    # Only the approver is asked; the office that submitted it is not, and nobody sees another city's.
    assert not {t.kind for t in todos_for(director)} & {"work_plan_approval"}
    assert elsewhere.pk not in {t.object_id for t in todos_for(world.users["other_staff"])}


def test_a_submitted_annual_plan_waits_for_the_leading_group(world):
    plan = AnnualPlan.objects.create(term=world.term, year=timezone.localdate().year + 1, title="年度巡察工作计划",
                                     status=ApprovalStatus.SUBMITTED)
    AnnualPlan.objects.create(term=world.term, year=timezone.localdate().year, title="已批准",
                              status=ApprovalStatus.APPROVED)
    todos = todos_for(world.users["leading_group"])
    assert _kinds(todos) == {("annual_plan_approval", plan.pk)}
    assert todos[0].url == reverse("planning:annualplan-list", args=[world.term.pk])


def test_the_office_sees_the_workflow_steps_whose_date_has_come(world):
    todos = todos_for(world.users["office_staff"])
    kinds = _kinds(todos)
    notice = next(t for t in todos if t.kind == "notice_issue")
    assert notice.title == "JC-P-03 市工商联、市住建局" and notice.urgency == "overdue"
    assert notice.url == reverse("planning:stationing-detail", args=[world.shared.pk])
    assert kinds == {
        ("transition:prepare", world.planned.pk),  # planned, its notice date passed
        ("notice_issue", world.shared.pk),  # preparing, no notice to either target
        ("declarations", world.shared.pk),  # preparing, nobody on team 1 has signed
        ("transition:withdraw", world.stationed.pk),  # planned withdrawal in 10 days
        ("transition:open_rectification", world.feedback.pk),  # feedback given
    }
    # The director may do the same; feedback and archiving are the director's alone (none waits here).
    assert _kinds(todos_for(world.users["office_director"])) == kinds
    assert todos_for(world.users["other_staff"]) == []


def test_a_step_far_ahead_is_not_yet_a_todo(world):
    far = timezone.localdate() + datetime.timedelta(days=HORIZON_DAYS + 1)
    Inspection.objects.filter(pk=world.stationed.pk).update(planned_withdrawal=far)
    assert ("transition:withdraw", world.stationed.pk) not in _kinds(todos_for(world.users["office_staff"]))


def test_stationing_waits_until_notices_and_declarations_are_complete(world):
    staff = world.users["office_staff"]
    for target in world.shared.targets.all():
        InspectionNotice.objects.create(inspection=world.shared, organization=target.organization, notice_no="1号",
                                        issued_on=world.shared.planned_entry, entry_date=world.shared.planned_entry,
                                        requirements="—", liaison_list_due=world.shared.planned_entry)
    kinds = _kinds(todos_for(staff))
    assert ("notice_issue", world.shared.pk) not in kinds and ("declarations", world.shared.pk) in kinds
    memberships = list(TeamMembership.objects.filter(team=world.team_a))
    TeamMembership.objects.filter(team=world.team_a).update(authorized_on=timezone.localdate())
    MemberDeclaration.objects.bulk_create(
        MemberDeclaration(membership=m, kind=k, signed_on=timezone.localdate(), recorded_by=staff)
        for m in memberships for k in DeclarationKind.values)
    kinds = _kinds(todos_for(staff))
    assert ("declarations", world.shared.pk) not in kinds and ("transition:station", world.shared.pk) in kinds


def test_the_team_leader_withdraws_the_member_only_reads(world):
    assert _kinds(todos_for(world.users["leader_a"])) == {("transition:withdraw", world.stationed.pk)}
    assert todos_for(world.users["member_b"]) == []
    assert todos_for(world.users["cdi"]) == []


def test_the_liaison_is_asked_for_the_liaison_list_until_it_is_sent(world):
    due = timezone.localdate() + datetime.timedelta(days=2)
    notice = InspectionNotice.objects.create(inspection=world.shared, organization=world.org_a, notice_no="江巡通1号",
                                             issued_on=timezone.localdate(), entry_date=world.shared.planned_entry,
                                             requirements="—", liaison_list_due=due)
    todos = todos_for(world.users["liaison_a"])
    assert [(t.kind, t.object_id, t.due, t.urgency) for t in todos] == [
        ("liaison_list", world.shared.pk, due, "soon")]
    assert todos[0].url == reverse("planning:stationing-detail", args=[world.shared.pk])
    assert "江巡通1号" in todos[0].detail
    # The other organisation of the same inspection (1托2) is not told about org_a's notice.
    assert todos_for(world.users["liaison_b"]) == []
    LiaisonContact.objects.create(inspection=world.shared, organization=notice.organization, name="钱联络",
                                  post="办公室主任", phone="0271-1234567", is_head=True)
    assert todos_for(world.users["liaison_a"]) == []


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "security_auditor", "outsider"])
def test_administrators_have_no_todos(world, persona):
    _plan(world.round, world.users["office_director"], ApprovalStatus.SUBMITTED)
    assert todos_for(world.users[persona]) == []


def _more_inspections(world: Any, n: int) -> None:
    """``n`` more inspections of every phase, each with its own team, members and targets."""
    today = timezone.localdate()
    people = [Person.objects.create(name=f"新组员{k}", gender="F", birth_year=1980, organization=world.org_b,
                                    post="科员") for k in range(2)]
    for k in range(n):
        team = Team.objects.create(round=world.round, number=10 + k, name=f"市委第{10 + k}巡察组",
                                   home_jurisdiction=world.city)
        for role, person in zip(("leader", "member"), people, strict=True):
            TeamMembership.objects.create(team=team, person=person, role=role)
        for status in (S.PLANNED, S.PREPARING, S.STATIONED, S.FEEDBACK):
            insp = Inspection.objects.create(
                round=world.round, team=team, code=f"JC-X-{k}-{status}", inspection_type="routine", status=status,
                planned_entry=today, planned_withdrawal=today + datetime.timedelta(days=5),
                feedback_on=today if status == S.FEEDBACK else None)
            InspectionTarget.objects.create(inspection=insp, organization=world.org_a)
        _plan(world.round, world.users["office_director"], ApprovalStatus.SUBMITTED, version=10 + k)


@pytest.mark.parametrize("persona", ["office_staff", "leading_group", "liaison_a"])
def test_the_number_of_queries_does_not_grow_with_the_data(world, persona):
    user = world.users[persona]
    todos_for(user)  # warm the scope cache and content types
    with CaptureQueriesContext(connection) as few:
        before = len(todos_for(user))
    _more_inspections(world, 6)
    with CaptureQueriesContext(connection) as many:
        after = len(todos_for(user))
    if persona != "liaison_a":
        assert after > before
    # Plans, inspections, their targets, the clock, the leads' referral loop (xuncha.leads.selectors.lead_todos).
    assert len(many.captured_queries) == len(few.captured_queries) <= 5


# ---- On the pages and in the API --------------------------------------------------------------------------------


def test_the_work_page_lists_the_todos_and_the_menu_counts_them(login, world):
    plan = _plan(world.round, world.users["office_director"], ApprovalStatus.SUBMITTED)
    client = login("leading_group")
    html = client.get(reverse("dashboards:home")).content.decode()
    assert 'id="section-todos"' in html and "审批工作方案" in html
    assert reverse("planning:workplan-detail", args=[plan.pk]) in html
    assert reverse("dashboards:todo-list") in html
    badge = client.get(reverse("dashboards:todo-badge")).content.decode()
    assert '<span class="badge rounded-pill text-bg-danger nav-badge" data-nav-badge>1<' in badge


def test_the_menu_fetches_its_badge_on_every_page_and_not_for_administrators(login, world):
    client = login("office_staff")
    html = client.get(reverse("planning:inspection-list")).content.decode()
    assert f'hx-get="{reverse("dashboards:todo-badge")}" hx-trigger="load"' in html
    assert "data-nav-badge>5<" in client.get(reverse("dashboards:todo-badge")).content.decode()
    admin = login("system_admin")
    html = admin.get(reverse("dashboards:home")).content.decode()
    assert reverse("dashboards:todo-badge") not in html and reverse("dashboards:todo-list") not in html
    assert admin.get(reverse("dashboards:todo-badge")).status_code == 404


def test_no_page_counts_the_todos_for_the_menu(login, world):
    """The page's own queries never include the to-do sources: the badge is its own request."""
    client = login("office_staff")
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("planning:inspection-list"))
    with CaptureQueriesContext(connection) as badge:
        assert "data-nav-badge>5<" in client.get(reverse("dashboards:todo-badge")).content.decode()
    assert not any("inspectionnotice" in q["sql"] for q in page.captured_queries)
    assert any("inspectionnotice" in q["sql"] for q in badge.captured_queries)


def test_an_empty_badge_is_nothing(login, world):
    response = login("leading_group").get(reverse("dashboards:todo-badge"))  # nothing submitted for approval
    assert response.status_code == 200 and response.content.decode().strip() == ""


def test_the_todo_page_lists_everything_and_refuses_administrators(login, world):
    html = login("office_staff").get(reverse("dashboards:todo-list")).content.decode()
    for text in ("启动巡前准备", "印发巡察通知", "回避申请书和保密承诺书", "撤驻", "进入整改", "已逾期"):
        assert text in html
    assert login("security_auditor").get(reverse("dashboards:todo-list")).status_code == 404
    empty = login("member_b").get(reverse("dashboards:todo-list")).content.decode()
    assert "目前没有等待您办理的事项" in empty


def test_the_api_lists_the_same_todos_paginated(login, world):
    plan = _plan(world.round, world.users["office_director"], ApprovalStatus.SUBMITTED)
    body = login("leading_group").get("/api/v1/todos").json()
    assert body["count"] == 1 and body["page"] == 1
    (item,) = body["results"]
    assert (item["kind"], item["object_type"], item["object_id"]) == ("work_plan_approval", "work_plan", plan.pk)
    assert item["kind_label"] == "审批工作方案" and item["due"] == world.round.planned_start.isoformat()
    page = login("office_staff").get("/api/v1/todos?page=2&page_size=2").json()
    assert (page["count"], page["page_size"], len(page["results"])) == (5, 2, 2)
    assert login("system_admin").get("/api/v1/todos").status_code == 404


def test_urgency_counts_from_the_business_date(world, business_date):
    plan = _plan(world.round, world.users["office_director"], ApprovalStatus.SUBMITTED)
    (todo,) = todos_for(world.users["leading_group"])
    assert todo.urgency == "overdue" and todo.days_left == -20
    business_date(world.round.planned_start - datetime.timedelta(days=10))  # the demo's clock, set back
    (todo,) = todos_for(world.users["leading_group"])
    assert (todo.object_id, todo.urgency, todo.days_left) == (plan.pk, "normal", 10)
