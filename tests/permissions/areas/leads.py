"""Leads (问题线索, xuncha.leads): high-secrecy. 第三组's leader and deputy read every lead of 11-7-03, its member only
the drafts they wrote; the office of 洛阳市 reads them all; the receiving body — here 洛阳市's discipline commission
(``cdi``) — reads a lead once it is transferred to it, and 洛阳市's organisation department does not (nothing is
referred to it among these objects). The liaison, the leading group, other teams, 洛龙区's roles and the
administrators never see a lead (404). Each step is for one role: the leader endorses, the office director
approves (and approves a petitioner's identity for the package), the office transfers and closes, the receiving
body receives, disposes and reports the outcome; whoever else sees the lead gets 403."""

from __future__ import annotations

from typing import Any

from tests.permissions.matrix import (
    ADMINS,
    ANONYMOUS,
    COUNTY,
    DISCIPLINE,
    INSPECTION,
    JURISDICTION_ROLES,
    LEADING_GROUP,
    LIAISON,
    MEMBER1,
    OFFICE,
    OFFICE_DIRECTOR,
    ORG_DEPARTMENT,
    POST_ONLY_GET,
    SIGNED_IN,
    TEAM3,
    TEAM_DEPUTY,
    TEAM_LEADER,
    Obj,
    Route,
    Scoped,
    Variant,
    all_but,
    group,
)
from xuncha.inspections.models import Inspection
from xuncha.leads import services
from xuncha.leads.models import Lead
from xuncha.orgs.models import Jurisdiction


def _lead(key: str) -> Scoped:
    return Scoped(Obj(f"lead.{key}"), Obj("lead.fgj"))


LEADERS = group(TEAM_LEADER, TEAM_DEPUTY)
# Every persona whose roles use lead pages at all (VIEW_LEADS): the others get 404 for every lead page.
LEAD_ROLES = group(OFFICE, TEAM3, DISCIPLINE, ORG_DEPARTMENT, MEMBER1, COUNTY)
DRAFTERS = group(TEAM3, MEMBER1, "county_leader")  # DRAFT_LEADS: the drafting pages exist for them
DRAFT_READERS = group(TEAM3, OFFICE)  # a draft written by 第三组's member
APPROVAL_READERS = group(LEADERS, OFFICE)  # endorsed or approved, not yet transferred
HANDED_READERS = group(LEADERS, OFFICE, DISCIPLINE)  # transferred to the city's discipline commission
SEES_INSPECTION = group(JURISDICTION_ROLES, TEAM3, LIAISON)  # 11-7-03


def read_page(readers: frozenset[str]) -> dict[Any, Any]:
    return {ANONYMOUS: 302, readers: 200, all_but(readers): 404}


def write_page(allowed: str | frozenset[str], readers: frozenset[str]) -> dict[Any, Any]:
    """A step from the lead's page: ``allowed`` 302, whoever else reads the lead 403, everyone else 404."""
    return {ANONYMOUS: 302, allowed: 302, readers - group(allowed): 403, all_but(readers): 404}


def api_read(readers: frozenset[str]) -> dict[Any, Any]:
    return {ANONYMOUS: 401, readers: 200, all_but(readers): 404}


def api_write(allowed: str | frozenset[str], readers: frozenset[str]) -> dict[Any, Any]:
    return {ANONYMOUS: 401, allowed: 200, readers - group(allowed): 403, all_but(readers): 404}


LEAD_FORM: dict[str, Any] = {
    "source": "talk", "summary": "矩阵线索", "facts": "矩阵线索的主要问题。", "target": "discipline",
    "receiving_jurisdiction": Obj("jurisdiction.city"), "receiver_name": "洛阳市纪委监委",
    "persons-TOTAL_FORMS": "1", "persons-INITIAL_FORMS": "0", "persons-MIN_NUM_FORMS": "1",
    "persons-MAX_NUM_FORMS": "20", "persons-0-name": "矩阵某", "persons-0-post": "市工商联某部部长",
    "persons-0-level": "township",
}
LEAD_JSON: dict[str, Any] = {
    "source": "talk", "summary": "矩阵线索", "facts": "矩阵线索的主要问题。", "target": "discipline",
    "receiving_jurisdiction_id": Obj("jurisdiction.city"), "receiver_name": "洛阳市纪委监委",
    "persons": [{"name": "矩阵某", "post": "市工商联某部部长", "level": "township"}],
}
OUTCOME_FORM: dict[str, Any] = {
    "summary": "矩阵办理结果", "recovered_amount": "1.5", "reported_on": "2019-03-18",
    "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "40",
    "items-0-person": Obj("lead.handling.person"), "items-0-kind": "party_warning", "items-0-note": "",
}

PAGES: dict[str, Route] = {
    "leads:lead-list": Route(get=read_page(LEAD_ROLES)),
    "leads:inspection-leads": Route(kwargs={"pk": INSPECTION}, get={
        ANONYMOUS: 302, group(OFFICE, TEAM3, DISCIPLINE, ORG_DEPARTMENT): 200,
        all_but(OFFICE, TEAM3, DISCIPLINE, ORG_DEPARTMENT): 404}),
    "leads:lead-create": Route(kwargs={"pk": INSPECTION}, get=read_page(TEAM3), post={
        ANONYMOUS: 302, TEAM3: 302, all_but(TEAM3): 404}, body=LEAD_FORM),
    "leads:lead-detail": Route(kwargs={"pk": _lead("transferred")}, get=read_page(HANDED_READERS), audit="lead.read",
                               variants={"draft": Variant(kwargs={"pk": _lead("draft")},
                                                          get=read_page(DRAFT_READERS))}),
    "leads:lead-edit": Route(kwargs={"pk": _lead("draft")}, get=read_page(TEAM3), post={
        ANONYMOUS: 302, TEAM3: 302, all_but(TEAM3): 404}, body=LEAD_FORM,
        note="the office reads a draft but its drafting page does not exist for it (404, a page kind)"),
    "leads:lead-letter": Route(kwargs={"pk": _lead("transferred")}, get=read_page(HANDED_READERS)),
    "leads:lead-step": Route(
        kwargs={"pk": _lead("draft"), "name": "endorse"}, get=POST_ONLY_GET,
        post=write_page(group(TEAM_LEADER), DRAFT_READERS), body={"note": ""},
        variants={
            "approve": Variant(kwargs={"pk": _lead("endorsed"), "name": "approve"},
                               post=write_page(group(OFFICE_DIRECTOR), APPROVAL_READERS)),
            "send-back": Variant(kwargs={"pk": _lead("endorsed"), "name": "send_back"}, body={"note": "矩阵退回"},
                                 post=write_page(group(OFFICE_DIRECTOR), APPROVAL_READERS)),
            "close": Variant(kwargs={"pk": _lead("reported"), "name": "close"},
                             post=write_page(OFFICE, HANDED_READERS)),
            "reopen": Variant(kwargs={"pk": _lead("reported"), "name": "reopen"}, body={"note": "矩阵退回补充"},
                              post=write_page(OFFICE, HANDED_READERS)),
        }),
    "leads:lead-identity": Route(kwargs={"pk": _lead("endorsed")}, get=POST_ONLY_GET, body={"reason": "矩阵理由"},
                                 post=write_page(group(OFFICE_DIRECTOR), APPROVAL_READERS)),
    "leads:lead-transfer": Route(kwargs={"pk": _lead("approved")}, get=POST_ONLY_GET,
                                 body={"transferred_on": "2019-03-18"}, post=write_page(OFFICE, APPROVAL_READERS)),
    "leads:lead-receive": Route(kwargs={"pk": _lead("transferred")}, get=POST_ONLY_GET,
                                body={"received_on": "2019-03-18"}, post=write_page(DISCIPLINE, HANDED_READERS)),
    "leads:lead-dispose": Route(kwargs={"pk": _lead("received")}, get=POST_ONLY_GET, body={
        "disposal": "preliminary_verification", "disposal_on": "2019-03-18", "note": "矩阵处置"},
        post=write_page(DISCIPLINE, HANDED_READERS)),
    "leads:lead-outcome": Route(kwargs={"pk": _lead("handling")}, get=POST_ONLY_GET, body=OUTCOME_FORM,
                                post=write_page(DISCIPLINE, HANDED_READERS)),
}

API_KWARGS: dict[str, Any] = {"lead_id": _lead("transferred")}
# (第一组's member sees the demo's draft of 11-7-E01, 洛阳市's organisation department the demo's lead referred to it.)
NOBODY_SEES_A_LEAD = group(LEADING_GROUP, LIAISON, "liaison_fgj", COUNTY, ADMINS, "outsider")

API: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/leads"): Route(get={ANONYMOUS: 401, SIGNED_IN: 200}, empty_for=NOBODY_SEES_A_LEAD),
    ("GET", "/api/v1/leads/{lead_id}"): Route(get=api_read(HANDED_READERS), audit="lead.read"),
    ("POST", "/api/v1/inspections/{inspection_id}/leads"): Route(body=LEAD_JSON, post={
        ANONYMOUS: 401, TEAM3: 201, SEES_INSPECTION - TEAM3: 403, all_but(SEES_INSPECTION): 404}),
    ("PUT", "/api/v1/leads/{lead_id}"): Route(kwargs={"lead_id": _lead("draft")}, body=LEAD_JSON,
                                              put=api_write(TEAM3, DRAFT_READERS)),
    ("POST", "/api/v1/leads/{lead_id}/transitions/{name}"): Route(
        kwargs={"lead_id": _lead("draft"), "name": "endorse"}, body={}, post=api_write(group(TEAM_LEADER),
                                                                                     DRAFT_READERS),
        variants={"approve": Variant(kwargs={"lead_id": _lead("endorsed"), "name": "approve"},
                                     post=api_write(group(OFFICE_DIRECTOR), APPROVAL_READERS)),
                  "close": Variant(kwargs={"lead_id": _lead("reported"), "name": "close"},
                                   post=api_write(OFFICE, HANDED_READERS))}),
    ("POST", "/api/v1/leads/{lead_id}/identity-approval"): Route(
        kwargs={"lead_id": _lead("endorsed")}, body={"reason": "矩阵理由"},
        post=api_write(group(OFFICE_DIRECTOR), APPROVAL_READERS)),
    ("POST", "/api/v1/leads/{lead_id}/transfer"): Route(kwargs={"lead_id": _lead("approved")}, body={},
                                                        post=api_write(OFFICE, APPROVAL_READERS)),
    ("POST", "/api/v1/leads/{lead_id}/receipt"): Route(body={}, post=api_write(DISCIPLINE, HANDED_READERS)),
    ("POST", "/api/v1/leads/{lead_id}/disposal"): Route(
        kwargs={"lead_id": _lead("received")}, body={"disposal": "talk_inquiry", "note": "矩阵处置"},
        post=api_write(DISCIPLINE, HANDED_READERS)),
    ("POST", "/api/v1/leads/{lead_id}/outcome"): Route(
        kwargs={"lead_id": _lead("handling")}, body={"summary": "矩阵结果", "items": [{"kind": "admonishment"}]},
        post=api_write(DISCIPLINE, HANDED_READERS)),
}


def build_objects(users: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    """Leads of 11-7-03 at every step of the loop, walked by the people whose step it is (第三组's member drafts,
    its leader endorses, the director approves, the office transfers to 洛阳市's discipline commission, which
    receives and disposes), and a draft of 11-7-05 (第五组, outside 第三组's scope)."""
    gsl = Inspection.objects.get(pk=objects["inspection.gsl"])
    fgj = Inspection.objects.get(pk=objects["inspection.fgj"])
    city = Jurisdiction.objects.get(pk=objects["jurisdiction.city"])
    member, leader = users["team_member"], users["team_leader"]
    director, staff, cdi = users["office_director"], users["office_staff"], users["discipline_commission"]

    def data(summary: str, identity: str = "") -> services.LeadData:
        return services.LeadData(
            source="talk", summary=summary, facts="矩阵线索的主要问题。", target="discipline",
            receiving_jurisdiction_id=city.pk, receiver_name="洛阳市纪委监委", petitioner_identity=identity,
            persons=[services.PersonData("矩阵某", "市工商联某部部长", "township")])

    steps = [
        lambda pk: services.lead_step(actor=leader, lead_id=pk, name="endorse"),
        lambda pk: services.lead_step(actor=director, lead_id=pk, name="approve"),
        lambda pk: services.lead_transfer(actor=staff, lead_id=pk),
        lambda pk: services.lead_receive(actor=cdi, lead_id=pk),
        lambda pk: services.lead_dispose(actor=cdi, lead_id=pk, disposal="preliminary_verification", note="初核"),
        lambda pk: services.lead_report_outcome(actor=cdi, lead_id=pk, data=services.OutcomeData("矩阵结果", [])),
    ]
    made: dict[str, Any] = {}
    for depth, key in enumerate(("draft", "endorsed", "approved", "transferred", "received", "handling",
                                 "reported")):
        author = leader if key == "endorsed" else member  # the endorsed one carries an identity (leaders write it)
        lead = services.lead_create(actor=author, inspection_id=gsl.pk, data=data(
            f"矩阵线索（{key}）", identity="矩阵反映人" if key == "endorsed" else ""))
        for step in steps[:depth]:
            step(lead.pk)
        made[f"lead.{key}"] = lead.pk
        if key == "handling":
            made["lead.handling.person"] = lead.persons.get().pk
    other = Lead.objects.create(inspection=fgj, number="矩阵-11-7-05-XS01", source="talk", summary="矩阵线索",
                                facts="矩阵", target="discipline", receiving_jurisdiction=city,
                                receiver_name="洛阳市纪委监委", created_by=staff)
    made["lead.fgj"] = other.pk
    return made
