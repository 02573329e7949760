"""The kinds of record a finding (or a lead) can cite as evidence, without the spine importing the apps owning them.

A finding says what the team found; its evidence is a list of citations of records other apps own: a talk record
(谈话笔录), a work record of a visit, a forum or a meeting attended (走访/座谈/列席…), a document request (调阅资料), a
petition (信访件). Each owning app registers its kinds from its ``AppConfig.ready`` with ``register_evidence_kind``:

- ``key`` — ``"<app>.<kind>"``, stored with the citation (``fieldwork.talk``, ``petitions.petition`` …);
- ``label`` — what the kind is called on the pages (谈话笔录);
- ``citable(user, inspection_id)`` — the records of one inspection that ``user`` may see and cite, for the pickers;
- ``resolve(user, ids, inspection_id)`` — of ``ids``, only those ``user`` may see (and, with ``inspection_id``, only
  those of that inspection), each as an ``EvidenceItem``.

Both go through the owning app's scope kernel (``visible_to`` with its per-record grants), so a citation is never a
way round them: a talk record cited by a finding is shown only to those who may read the record (its two
interviewers, the team's leader and deputies, the office director). Everybody else sees that a citation exists, as
``（无权查看的依据）``, without its title (ADR-0022).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xuncha.accounts.models import User

HIDDEN_TITLE = "（无权查看的依据）"
UNKNOWN_LABEL = "其他依据"


@dataclass(frozen=True)
class EvidenceItem:
    """One citable record as ``user`` may see it: a title (never a petitioner's or a source's identity beyond what
    the owning page shows to the same user), a short detail (date, method) and a link to the record's page."""

    kind: str
    id: int
    title: str
    detail: str = ""
    url: str = ""

    @property
    def ref(self) -> str:
        return format_ref(self.kind, self.id)


Citable = Callable[[Any, int], list[EvidenceItem]]
Resolver = Callable[[Any, Sequence[int], int | None], dict[int, EvidenceItem]]


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: str
    citable: Citable
    resolve: Resolver
    order: int = 100


@dataclass(frozen=True)
class Citation:
    """A stored citation as one reader sees it: ``visible`` False shows only the kind's label and ``HIDDEN_TITLE``."""

    kind: str
    id: int
    label: str
    visible: bool
    title: str = HIDDEN_TITLE
    detail: str = ""
    url: str = ""

    @property
    def ref(self) -> str:
        return format_ref(self.kind, self.id)


KINDS: dict[str, EvidenceKind] = {}


def register_evidence_kind(kind: EvidenceKind) -> EvidenceKind:
    """Make a kind of evidence known (idempotent: ``ready`` may run twice in tests)."""
    if "." not in kind.key or ":" in kind.key:
        raise ValueError(f"evidence kind {kind.key!r} must be '<app>.<kind>' without ':'")
    KINDS[kind.key] = kind
    return kind


def evidence_kinds() -> list[EvidenceKind]:
    return sorted(KINDS.values(), key=lambda k: (k.order, k.key))


def kind_label(key: str) -> str:
    kind = KINDS.get(key)
    return kind.label if kind is not None else UNKNOWN_LABEL


def format_ref(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_ref(text: str) -> tuple[str, int]:
    """``"fieldwork.talk:12"`` → ``("fieldwork.talk", 12)``; a malformed reference or an unknown kind raises
    ``ValueError`` with a Chinese message."""
    kind, sep, pk = str(text).strip().partition(":")
    if not sep or not pk.isdigit():
        raise ValueError(f"依据引用“{text}”格式不正确。")
    if kind not in KINDS:
        raise ValueError(f"依据类型“{kind}”不存在。")
    return kind, int(pk)


def citable(user: User | Any, inspection_id: int) -> list[tuple[EvidenceKind, list[EvidenceItem]]]:
    """Per kind, the records of the inspection ``user`` may cite (for the evidence picker)."""
    return [(kind, kind.citable(user, inspection_id)) for kind in evidence_kinds()]


def _grouped(refs: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for kind, pk in refs:
        ids = grouped.setdefault(kind, [])
        if pk not in ids:
            ids.append(pk)
    return grouped


def resolve(user: User | Any, refs: Iterable[tuple[str, int]], *, inspection_id: int | None = None
            ) -> dict[tuple[str, int], EvidenceItem]:
    """Those of ``refs`` that ``user`` may see (one query per kind), keyed by ``(kind, id)``."""
    found: dict[tuple[str, int], EvidenceItem] = {}
    for key, ids in _grouped(refs).items():
        kind = KINDS.get(key)
        if kind is None or not ids:
            continue
        for pk, item in kind.resolve(user, ids, inspection_id).items():
            found[(key, pk)] = item
    return found


def check_refs(user: User | Any, refs: Iterable[tuple[str, int]], *, inspection_id: int) -> list[str]:
    """What is wrong with citing ``refs`` for a record of ``inspection_id`` written by ``user``: one Chinese message
    per reference that does not exist, is not of this inspection or that ``user`` may not see (all alike)."""
    refs = list(refs)
    found = resolve(user, refs, inspection_id=inspection_id)
    return [f"{kind_label(kind)}（编号 {pk}）不存在、不属于本巡察或您无权查看，不能作为依据。"
            for kind, pk in refs if (kind, pk) not in found]


def citations(user: User | Any, refs: Iterable[tuple[str, int]]) -> list[Citation]:
    """The stored ``refs`` as ``user`` sees them, in their order: a title and a link where ``user`` may see the
    record, the kind's label and ``HIDDEN_TITLE`` otherwise."""
    refs = list(refs)
    found = resolve(user, refs)
    shown: list[Citation] = []
    for kind, pk in refs:
        item = found.get((kind, pk))
        if item is None:
            shown.append(Citation(kind, pk, kind_label(kind), visible=False))
        else:
            shown.append(Citation(kind, pk, kind_label(kind), visible=True, title=item.title, detail=item.detail,
                                  url=item.url))
    return shown
