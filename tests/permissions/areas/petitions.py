"""Petitions (信访, xuncha.petitions): team-confidential — 第三组 and the office director read them; the team
registers and triages; the leader and deputies decide (answer, refer, merge, keep for the report). The liaison,
other teams, the rest of the office and the administrators never see a petition (404). The public pages (the
page of 11-7-03 by its slug, following by receipt) answer everyone alike; 11-7-03 is past its cut-off, so its
page refuses new petitions with the permanent channels (12388)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from tests.permissions.matrix import (
    ANONYMOUS,
    EVERYONE,
    INSPECTION,
    JURISDICTION_ROLES,
    LIAISON,
    OFFICE_DIRECTOR,
    POST_ONLY_GET,
    TEAM3,
    TEAM_DEPUTY,
    TEAM_LEADER,
    TEAM_MEMBER,
    Obj,
    Refused,
    Route,
    Scoped,
    all_but,
    group,
)
from xuncha.inspections.models import Inspection
from xuncha.petitions import receipts
from xuncha.petitions.models import Petition, PetitionFile
from xuncha.petitions.services import ensure_page

PETITION = Scoped(Obj("petition.gsl"), Obj("petition.fgj"))
PETITION_FILE = Scoped(Obj("petition_file.gsl"), Obj("petition_file.fgj"))
READERS = group(TEAM3, OFFICE_DIRECTOR)  # VIEW_PETITIONS where the inspection is theirs
DECIDERS = group(TEAM_LEADER, TEAM_DEPUTY)  # DECIDE_PETITIONS
CLOSED = Refused(400, "11-7-03 is rectifying: its public page stopped taking petitions at the cut-off before "
                      "withdrawal, whatever is sent", "12388")

READ_PAGE = {ANONYMOUS: 302, READERS: 200, all_but(READERS): 404}
TEAM_PAGE = {ANONYMOUS: 302, TEAM3: 200, all_but(TEAM3): 404}
TEAM_WRITE = {ANONYMOUS: 302, TEAM3: 302, all_but(TEAM3): 404}
# The director reads petitions but handles none: the handling pages do not exist for her (404, a page kind).
DECIDE_WRITE = {ANONYMOUS: 302, DECIDERS: 302, TEAM_MEMBER: 403, all_but(TEAM3): 404}

PAGES: dict[str, Route] = {
    "petitions:public": Route(kwargs={"slug": Obj("petition_page.gsl")}, get={EVERYONE: 200}, post={EVERYONE: CLOSED},
                              body={"anonymous": "1", "about_whom": "矩阵", "summary": "矩阵", "content": "矩阵"},
                              note="public: no sign-in; the slug, not the pk, names the page"),
    "petitions:track": Route(get={EVERYONE: 200}, post={EVERYONE: 200}, body={"code": Obj("petition_receipt.gsl")},
                             note="public: the holder of a receipt code reads the status"),
    "petitions:petition-list": Route(kwargs={"pk": INSPECTION}, get=READ_PAGE),
    "petitions:petition-register": Route(kwargs={"pk": INSPECTION}, get=TEAM_PAGE, post=TEAM_WRITE, body={
        "channel": "letter", "received_on": "2018-11-20", "anonymous": "1", "petitioner_kind": "unknown",
        "about_whom": "矩阵被反映人", "summary": "矩阵反映事项", "content": "矩阵反映内容"}),
    "petitions:petition-poster": Route(kwargs={"pk": INSPECTION}, get={
        ANONYMOUS: 302, group(JURISDICTION_ROLES, TEAM3, LIAISON): 200,
        all_but(JURISDICTION_ROLES, TEAM3, LIAISON): 404}),
    "petitions:petition-detail": Route(kwargs={"pk": PETITION}, get=READ_PAGE, audit="petition.read"),
    "petitions:petition-triage": Route(kwargs={"pk": PETITION}, get=POST_ONLY_GET, post=TEAM_WRITE,
                                       body={"category": "D1", "priority": "high", "in_scope": "1"}),
    "petitions:petition-answer": Route(kwargs={"pk": PETITION}, get=POST_ONLY_GET, post=DECIDE_WRITE,
                                       body={"note": "矩阵答复"}),
    "petitions:petition-refer": Route(kwargs={"pk": PETITION}, get=POST_ONLY_GET, post=DECIDE_WRITE, body={
        "target": "bureau", "receiver": "洛阳市信访局", "reason": "矩阵转办理由", "transferred_on": "2019-03-18"}),
    "petitions:petition-keep": Route(kwargs={"pk": PETITION}, get=POST_ONLY_GET, post=DECIDE_WRITE,
                                     body={"note": "矩阵纳入报告"}),
    "petitions:petition-merge": Route(kwargs={"pk": PETITION}, get=POST_ONLY_GET, post=DECIDE_WRITE,
                                      body={"original": Obj("petition.gsl.original")}),
    "petitions:petition-message": Route(kwargs={"pk": PETITION}, get=POST_ONLY_GET, post=TEAM_WRITE,
                                        body={"body": "矩阵回复"}),
    "petitions:petition-file": Route(kwargs={"pk": PETITION, "file_pk": PETITION_FILE}, get=READ_PAGE),
    # django-simple-captcha's own views (the public page's offline captcha): no data of ours behind them.
    "captcha-image": Route(kwargs={"key": "nokey"}, get={EVERYONE: 410}, note="an unknown key is gone (410)"),
    "captcha-image-2x": Route(kwargs={"key": "nokey"}, get={EVERYONE: 410}, note="an unknown key is gone (410)"),
    "captcha-audio": Route(kwargs={"key": "nokey"}, get={EVERYONE: 404}, note="no speech synthesiser: 404"),
    "captcha-refresh": Route(get={EVERYONE: 404}, note="answers the page's script only (X-Requested-With)"),
}

API_KWARGS: dict[str, Any] = {"petition_id": PETITION}

API_READ = {ANONYMOUS: 401, READERS: 200, all_but(READERS): 404}
# The inspection is visible to the office, the other jurisdiction roles and the liaison; its petitions are not.
SEES_INSPECTION = group(JURISDICTION_ROLES, TEAM3, LIAISON)
API_TEAM = {ANONYMOUS: 401, TEAM3: 200, OFFICE_DIRECTOR: 403, all_but(TEAM3, OFFICE_DIRECTOR): 404}
API_DECIDE = {ANONYMOUS: 401, DECIDERS: 200, group(TEAM_MEMBER, OFFICE_DIRECTOR): 403,
              all_but(TEAM3, OFFICE_DIRECTOR): 404}

API: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/inspections/{inspection_id}/petitions"): Route(get={
        ANONYMOUS: 401, READERS: 200, SEES_INSPECTION - READERS: 403,
        all_but(SEES_INSPECTION): 404}),
    ("POST", "/api/v1/inspections/{inspection_id}/petitions"): Route(
        body={"channel": "phone", "received_on": "2018-11-20", "about_whom": "矩阵被反映人", "summary": "矩阵事项",
              "content": "矩阵内容"},
        post={ANONYMOUS: 401, TEAM3: 201, SEES_INSPECTION - TEAM3: 403, all_but(SEES_INSPECTION): 404}),
    ("GET", "/api/v1/petitions/{petition_id}"): Route(get=API_READ, audit="petition.read"),
    ("POST", "/api/v1/petitions/{petition_id}/triage"): Route(body={"category": "D1", "priority": "high"},
                                                              post=API_TEAM),
    ("POST", "/api/v1/petitions/{petition_id}/answer"): Route(body={"note": "矩阵答复"}, post=API_DECIDE),
    ("POST", "/api/v1/petitions/{petition_id}/refer"): Route(
        body={"target": "discipline", "receiver": "洛阳市纪委监委", "reason": "矩阵转办"}, post=API_DECIDE),
    ("POST", "/api/v1/petitions/{petition_id}/keep-for-report"): Route(body={"note": "矩阵纳入报告"},
                                                                       post=API_DECIDE),
    ("POST", "/api/v1/petitions/{petition_id}/merge"): Route(body={"original_id": Obj("petition.gsl.original")},
                                                             post=API_DECIDE),
    ("POST", "/api/v1/petitions/{petition_id}/messages"): Route(body={"body": "矩阵回复"}, post={
        ANONYMOUS: 401, TEAM3: 201, OFFICE_DIRECTOR: 403, all_but(TEAM3, OFFICE_DIRECTOR): 404}),
}


def _petition(inspection: Inspection, number: str, **extra: Any) -> Petition:
    return Petition.objects.create(inspection=inspection, number=number, channel="letter",
                                   received_on=inspection.stationed_on or inspection.planned_entry,
                                   about_whom="矩阵被反映人", summary="矩阵反映事项", content="矩阵反映内容", **extra)


def build_objects(users: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    """An open petition (with a receipt and a file) of 11-7-03 and one of 11-7-05, made here, so that every
    handling step is possible on the in-scope one; the public page of 11-7-03."""
    gsl = Inspection.objects.get(pk=objects["inspection.gsl"])
    fgj = Inspection.objects.get(pk=objects["inspection.fgj"])
    code = receipts.new_code()
    petition_gsl = _petition(gsl, "矩阵-XF-001", receipt_hash=receipts.digest(receipts.normalize(code) or ""))
    original = _petition(gsl, "矩阵-XF-002")
    petition_fgj = _petition(fgj, "矩阵-XF-003")
    files = {}
    for key, petition in (("gsl", petition_gsl), ("fgj", petition_fgj)):
        record = PetitionFile(petition=petition, name="材料1.png", kind="png", extension=".png", size=8,
                              sha256="0" * 64)
        record.file.save("evidence", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
        record.save()
        files[key] = record.pk
    return {"petition.gsl": petition_gsl.pk, "petition.gsl.original": original.pk, "petition.fgj": petition_fgj.pk,
            "petition_file.gsl": files["gsl"], "petition_file.fgj": files["fgj"],
            "petition_page.gsl": ensure_page(gsl).slug, "petition_receipt.gsl": code}


