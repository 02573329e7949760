"""The evidence registry: kinds registered by the apps, references parsed, citations hidden from who may not see."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from xuncha.inspections import evidence
from xuncha.inspections.evidence import HIDDEN_TITLE, EvidenceItem, EvidenceKind

# A fake kind: user "a" sees records 1 and 2 of inspection 7, user "b" only record 2.
_SEEN = {"a": {1: 7, 2: 7}, "b": {2: 7}}


def _resolve(user: Any, ids: Sequence[int], inspection_id: int | None) -> dict[int, EvidenceItem]:
    mine = _SEEN.get(user, {})
    return {pk: EvidenceItem("test.note", pk, f"记录{pk}", url=f"/notes/{pk}/") for pk in ids
            if pk in mine and (inspection_id is None or mine[pk] == inspection_id)}


def _citable(user: Any, inspection_id: int) -> list[EvidenceItem]:
    return list(_resolve(user, sorted(_SEEN.get(user, {})), inspection_id).values())


@pytest.fixture
def note_kind() -> Iterator[EvidenceKind]:
    kind = evidence.register_evidence_kind(EvidenceKind("test.note", "测试记录", _citable, _resolve, order=1))
    yield kind
    evidence.KINDS.pop("test.note", None)


def test_the_apps_register_the_kinds_of_fieldwork_and_petitions() -> None:
    keys = [k.key for k in evidence.evidence_kinds()]
    assert {"fieldwork.talk", "fieldwork.work_record", "fieldwork.document_request", "petitions.petition"} <= set(keys)
    assert keys.index("fieldwork.talk") < keys.index("petitions.petition") < keys.index("fieldwork.work_record")
    assert evidence.kind_label("fieldwork.talk") == "谈话笔录"


def test_a_kind_key_names_its_app() -> None:
    with pytest.raises(ValueError, match=r"<app>\.<kind>"):
        evidence.register_evidence_kind(EvidenceKind("talk", "x", _citable, _resolve))


@pytest.mark.parametrize(("text", "message"), [("test.note", "格式不正确"), ("test.note:x", "格式不正确"),
                                               ("nothing.here:3", "不存在")])
def test_a_malformed_reference_is_refused_in_chinese(note_kind: EvidenceKind, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        evidence.parse_ref(text)


def test_a_reference_round_trips(note_kind: EvidenceKind) -> None:
    assert evidence.parse_ref(" test.note:12 ") == ("test.note", 12)
    assert evidence.format_ref("test.note", 12) == "test.note:12"


def test_a_citation_the_reader_may_not_see_shows_without_its_title(note_kind: EvidenceKind) -> None:
    refs = [("test.note", 1), ("test.note", 2), ("gone.kind", 5)]
    seen_by_a = evidence.citations("a", refs)
    assert [(c.visible, c.title) for c in seen_by_a] == [(True, "记录1"), (True, "记录2"), (False, HIDDEN_TITLE)]
    seen_by_b = evidence.citations("b", refs)
    assert [(c.visible, c.title, c.url) for c in seen_by_b] == [
        (False, HIDDEN_TITLE, ""), (True, "记录2", "/notes/2/"), (False, HIDDEN_TITLE, "")]
    assert seen_by_b[0].label == "测试记录" and seen_by_b[2].label == evidence.UNKNOWN_LABEL


def test_citing_checks_visibility_and_the_inspection(note_kind: EvidenceKind) -> None:
    assert evidence.check_refs("a", [("test.note", 1)], inspection_id=7) == []
    assert evidence.check_refs("a", [("test.note", 1)], inspection_id=8)  # another inspection's record
    problems = evidence.check_refs("b", [("test.note", 1), ("test.note", 2)], inspection_id=7)
    assert len(problems) == 1 and "测试记录（编号 1）" in problems[0]


def test_the_picker_lists_per_kind(note_kind: EvidenceKind) -> None:
    groups = dict((k.key, items) for k, items in evidence.citable("b", 7))
    assert [i.ref for i in groups["test.note"]] == ["test.note:2"]
