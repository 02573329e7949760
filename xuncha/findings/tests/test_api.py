"""The findings API: the page's FilterSet, the service's rules, evidence as the caller may see it (audited)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from xuncha.audit.models import AuditEvent
from xuncha.findings import services
from xuncha.findings.api import FindingFilters
from xuncha.findings.filters import FindingFilter
from xuncha.findings.models import Finding
from xuncha.findings.tests.conftest import data

V1 = "/api/v1"


def _body(w: SimpleNamespace, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"organization": w.unit.pk, "category": w.d1.pk, "title": "公车私用",
                            "description": "国庆期间公车私用。", "conduct_from": "2018-10-02", "amount": "300.00",
                            "basis": [w.gift_2018.pk], "evidence": [f"petitions.petition:{w.petition.pk}"]}
    body.update(overrides)
    return body


def test_the_list_parameters_are_the_pages_filterset() -> None:
    assert FindingFilters.filterset_class is FindingFilter  # type: ignore[attr-defined]
    assert set(FindingFilters.model_fields) == {*FindingFilter.base_filters, "page", "page_size"}


def test_create_read_filter_and_step_through_the_api(client: Any, finding_world: SimpleNamespace) -> None:
    w = finding_world
    client.force_login(w.member_a)
    created = client.post(f"{V1}/inspections/{w.inspection.pk}/findings", _body(w), content_type="application/json")
    assert created.status_code == 201, created.content
    finding = created.json()
    assert finding["code"] == "11-7-03-WT-001" and finding["status"] == "draft"
    assert finding["evidence"][0]["visible"] and finding["basis"][0]["citation"].endswith("第八十八条")
    refused = client.post(f"{V1}/inspections/{w.inspection.pk}/findings",
                          _body(w, conduct_from="2017-05-04"), content_type="application/json")
    assert refused.status_code == 422 and "2015年修订" in refused.json()["message"]
    bad_ref = client.post(f"{V1}/inspections/{w.inspection.pk}/findings",
                          _body(w, evidence=["nothing.kind:1"]), content_type="application/json")
    assert bad_ref.status_code == 422
    listed = client.get(f"{V1}/inspections/{w.inspection.pk}/findings", {"category": w.d1.pk}).json()
    assert listed["count"] == 1
    assert client.get(f"{V1}/inspections/{w.inspection.pk}/findings", {"category": 999999}).status_code == 422
    step = client.post(f"{V1}/findings/{finding['id']}/transitions/submit", {}, content_type="application/json")
    assert step.status_code == 200 and step.json()["status"] == "submitted"
    assert client.post(f"{V1}/findings/{finding['id']}/transitions/review", {},
                       content_type="application/json").status_code == 403
    choices = client.get(f"{V1}/inspections/{w.inspection.pk}/findings/evidence-choices").json()
    talk = next(k for k in choices if k["kind"] == "fieldwork.talk")
    assert [i["ref"] for i in talk["items"]] == [f"fieldwork.talk:{w.talk_record.pk}"]


def test_hidden_evidence_and_denials_in_the_api(client: Any, finding_world: SimpleNamespace) -> None:
    w = finding_world
    finding = services.finding_create(actor=w.member_a, inspection_id=w.inspection.pk,
                                      data=data(w, evidence=[("fieldwork.talk", w.talk_record.pk)]))
    for step, user in (("submit", w.member_a), ("review", w.deputy_leader), ("confirm", w.leader)):
        services.finding_apply_transition(actor=user, finding_id=finding.pk, transition=step)
    client.force_login(w.office)
    [citation] = client.get(f"{V1}/findings/{finding.pk}").json()["evidence"]
    assert citation == {"ref": f"fieldwork.talk:{w.talk_record.pk}", "kind": "fieldwork.talk", "label": "谈话笔录",
                        "visible": False, "title": "（无权查看的依据）", "detail": "", "url": ""}
    assert AuditEvent.objects.filter(action="finding.evidence_read", object_id=str(finding.pk)).exists()
    for user, status in ((w.liaison, 403), (w.cdi, 403), (w.other_member, 404)):
        client.force_login(user)
        assert client.get(f"{V1}/inspections/{w.inspection.pk}/findings").status_code == status, user
        assert client.get(f"{V1}/findings/{finding.pk}").status_code == 404, user


def test_bulk_and_delete_in_the_api(client: Any, finding_world: SimpleNamespace) -> None:
    w = finding_world
    client.force_login(w.member_c)
    url = f"{V1}/inspections/{w.inspection.pk}/findings/bulk"
    refused = client.post(url, {"rows": [_body(w, evidence=[]), _body(w, evidence=[], category=999999)]},
                          content_type="application/json")
    assert refused.status_code == 422 and "第 2 行" in refused.json()["message"]
    created = client.post(url, {"rows": [_body(w, evidence=[]), _body(w, evidence=[], title="会费")]},
                          content_type="application/json")
    assert created.status_code == 201 and len(created.json()) == 2
    first = created.json()[0]["id"]
    assert client.delete(f"{V1}/findings/{first}").status_code == 204
    assert Finding.objects.count() == 1
