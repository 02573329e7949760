"""Official documents (公文): document numbers, and .docx / .pdf exports run as background jobs.

The service API other apps call
===============================

**Numbers (发文字号).** ::

    number = document_number_issue(actor=user, jurisdiction=j, series=DocumentSeries.NOTICE,
                                   purpose="巡察通知：市工商联")          # "洛巡通〔2018〕3号"
    document_number_reserve(actor=user, jurisdiction=j, series=DocumentSeries.NOTICE,
                            number="洛巡通〔2018〕12号")                  # a number the office typed

One sequence per jurisdiction, series (``DocumentSeries``) and year (the business year unless ``year=`` is
given; a new year starts at 1). Issuing locks the sequence row (``select_for_update``) and records the number in
``IssuedNumber`` under a unique constraint, so two concurrent issues never get the same number; a typed number
that matches the series' pattern is reserved so the sequence skips it. Call both inside the transaction that
saves the record carrying the number: if that rolls back, so does the number.

**Documents.** An app describes each of its formal texts once, at import time of a module its ``AppConfig.ready``
loads::

    register_document("findings.rectification_notice", label="整改通知书", build=build_rectification_notice)

    def build_rectification_notice(actor: User, object_id: int) -> DocumentSource:
        notice = access(RectificationNotice, actor, object_id)      # 404 / 403 as for the page
        return DocumentSource(text=FormalText(title=..., issuing_mark=..., number=..., paragraphs=[...]),
                              obj=notice, filename="整改通知书-市工商联")

``build`` loads the record through the scope kernel with the actor's rights (it is called when the export is
asked for and again in the worker) and returns a :class:`~xuncha.documents.text.FormalText` (``text.py``: title,
issuing-body mark, number, addressee, paragraphs with heading levels 1–4 numbered by the builder, attachments,
signature and date, copy-to, printed-by and date, classification and urgency).

Then the page or endpoint starts an export and shows the job (``documents/export_buttons.html`` does both)::

    job = document_export_start(actor=user, key="findings.rectification_notice", object_id=pk, fmt="pdf")

The job (kind ``document.export``) builds the .docx (GB/T 9704, ``builder.py``), renders the PDF with
LibreOffice when asked (``pdf.py``; refused at once, in Chinese, when LibreOffice is not installed), writes the
file to private storage and offers it to its starter only (``core:job-download``, audited ``export.download``).
The API does the same: ``POST /api/v1/documents/{key}/{object_id}/exports`` and ``GET
/api/v1/document-exports/{job_id}`` (``api.py``).
Every file carries a watermark naming who exported it and when (a light line in each page's header and the
document properties) and is written to the audit log as ``document.export`` by :func:`render_document`, the
one writer, before its bytes exist (fail closed).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.tasks import task
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.jobs import JobFailed, Progress, enqueue_on_commit, job_create, job_run
from xuncha.core.models import BackgroundJob
from xuncha.core.scoping import access
from xuncha.core.spreadsheets import export_watermark
from xuncha.documents.builder import build_docx
from xuncha.documents.models import SERIES_CODES, DocumentSequence, DocumentSeries, IssuedNumber
from xuncha.documents.pdf import UNAVAILABLE, PdfUnavailable, docx_to_pdf, office_available
from xuncha.documents.text import FormalText
from xuncha.orgs.models import Jurisdiction

JOB_KIND = "document.export"
FORMATS = {"docx": "Word", "pdf": "PDF"}
JURISDICTION_SUFFIXES = ("自治州", "自治县", "市", "县", "区", "旗", "州", "盟")
NUMBER_PATTERN = re.compile(r"^(?P<prefix>[^〔\[]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")


# ---- Document numbers ---------------------------------------------------------------------------------------------

def jurisdiction_code(jurisdiction: Jurisdiction) -> str:
    """The jurisdiction's one-character short name for the 机关代字: 洛阳市 → 洛, 西工区 → 西."""
    name = jurisdiction.name
    for suffix in JURISDICTION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name[:1]


def series_prefix(jurisdiction: Jurisdiction, series: str) -> str:
    """The 机关代字 of a series: 洛 + 巡通 → 洛巡通."""
    if series not in SERIES_CODES:
        raise DomainError("文号系列不正确。")
    return jurisdiction_code(jurisdiction) + SERIES_CODES[series]


def format_number(prefix: str, year: int, serial: int) -> str:
    """洛巡办〔2018〕25号: hexagonal brackets, no leading zeros, no 第."""
    return f"{prefix}〔{year}〕{serial}号"


def parse_number(number: str) -> tuple[str, int, int] | None:
    """(prefix, year, serial) of a number written as the standard writes it, else None."""
    match = NUMBER_PATTERN.match(number.strip())
    if match is None:
        return None
    return match["prefix"], int(match["year"]), int(match["serial"])


def _sequence(jurisdiction: Jurisdiction, series: str, year: int) -> DocumentSequence:
    """The sequence row, locked until the transaction ends (created on the year's first number)."""
    try:
        with transaction.atomic():
            sequence, _ = DocumentSequence.objects.select_for_update().get_or_create(
                jurisdiction=jurisdiction, series=series, year=year)
    except IntegrityError:  # created by a concurrent first issue of the year: lock that row
        sequence = DocumentSequence.objects.select_for_update().get(jurisdiction=jurisdiction, series=series,
                                                                    year=year)
    return sequence


@transaction.atomic
def document_number_issue(*, actor: User, jurisdiction: Jurisdiction, series: str, year: int | None = None,
                          purpose: str = "") -> str:
    """The next number of the series in the year (see the module docstring); recorded and audited."""
    prefix = series_prefix(jurisdiction, series)
    year = year or business_today().year
    sequence = _sequence(jurisdiction, series, year)
    serial = sequence.last_serial + 1
    taken = set(IssuedNumber.objects.filter(jurisdiction=jurisdiction, series=series, year=year,
                                            serial__gte=serial).values_list("serial", flat=True))
    while serial in taken:  # numbers the office typed by hand ahead of the sequence
        serial += 1
    number = format_number(prefix, year, serial)
    IssuedNumber.objects.create(jurisdiction=jurisdiction, series=series, year=year, serial=serial, number=number,
                                purpose=purpose[:120], issued_by=actor)
    sequence.last_serial = serial
    sequence.save(update_fields=["last_serial"])
    audit_record("document.number", actor=actor, obj=jurisdiction, details={"number": number, "series": series,
                                                                            "purpose": purpose})
    return number


@transaction.atomic
def document_number_reserve(*, actor: User, jurisdiction: Jurisdiction, series: str, number: str,
                            purpose: str = "") -> None:
    """Record a number the office typed, when it is of this series' form, so the sequence never hands it out
    again; a number of another form (another body's code) is left alone. The same number twice is refused."""
    parsed = parse_number(number)
    if parsed is None or parsed[0] != series_prefix(jurisdiction, series):
        return
    _, year, serial = parsed
    sequence = _sequence(jurisdiction, series, year)
    existing = IssuedNumber.objects.filter(jurisdiction=jurisdiction, series=series, year=year, serial=serial).first()
    if existing is not None:
        if purpose and existing.purpose == purpose[:120]:
            return  # the same record saved again with its own number
        raise DomainError(f"发文字号 {number} 已被使用（{existing.purpose or '其他公文'}）。",
                          fields={"notice_no": [f"发文字号 {number} 已被使用。"]})
    IssuedNumber.objects.create(jurisdiction=jurisdiction, series=series, year=year, serial=serial,
                                number=number.strip(), purpose=purpose[:120], issued_by=actor)
    if serial > sequence.last_serial:
        sequence.last_serial = serial
        sequence.save(update_fields=["last_serial"])


# ---- Document kinds -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentSource:
    """What a registered builder returns: the text, the record it is of (for the audit log) and a file name
    without extension."""

    text: FormalText
    obj: models.Model
    filename: str


Build = Callable[[User, int], DocumentSource]


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str
    build: Build


_KINDS: dict[str, DocumentKind] = {}


def register_document(key: str, *, label: str, build: Build) -> None:
    """Make a kind of formal text exportable under ``key`` ("app.what"); registering a key again replaces it."""
    _KINDS[key] = DocumentKind(key, label, build)


def document_kind(key: str) -> DocumentKind:
    kind = _KINDS.get(key)
    if kind is None:
        raise Http404("没有这种公文。")
    return kind


def document_kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda k: k.key)


# ---- Rendering ----------------------------------------------------------------------------------------------------

def render_document(text: FormalText, *, exported_by: User, fmt: str, obj: models.Model | None = None,
                    key: str = "") -> bytes:
    """The .docx or .pdf of ``text`` with the exporter's watermark, recorded in the audit log first (fail
    closed: no event, no file). Raises :class:`PdfUnavailable` when a PDF cannot be rendered."""
    if fmt not in FORMATS:
        raise DomainError("格式应为 docx 或 pdf。")
    if fmt == "pdf" and not office_available():
        raise PdfUnavailable
    watermark = export_watermark(exported_by, timezone.now())
    audit_record("document.export", actor=exported_by, obj=obj, object_type="" if obj else "document",
                 object_repr="" if obj else text.title[:120],
                 details={"kind": key, "title": text.title, "number": text.number, "format": fmt,
                          "watermark": watermark})
    data = build_docx(text, watermark=watermark, author=exported_by.get_username())
    return docx_to_pdf(data) if fmt == "pdf" else data


# ---- Export jobs --------------------------------------------------------------------------------------------------

def document_export_start(*, actor: User, key: str, object_id: int, fmt: str) -> BackgroundJob:
    """Queue the export of one formal text as .docx or .pdf for ``actor``; the builder checks their rights now
    (404 / 403 as for the page) and again when the job runs."""
    kind = document_kind(key)
    if fmt not in FORMATS:
        raise DomainError("格式应为 docx 或 pdf。")
    if fmt == "pdf" and not office_available():
        raise DomainError(UNAVAILABLE)
    source = kind.build(actor, object_id)
    job = job_create(actor=actor, kind=JOB_KIND, label=f"生成{kind.label}（{FORMATS[fmt]}）",
                     params={"key": key, "object_id": object_id, "format": fmt})
    audit_record("export.request", actor=actor, obj=source.obj,
                 details={"what": key, "format": fmt, "job": job.pk})
    enqueue_on_commit(document_export_task, job_id=job.pk)
    return job


def document_export_work(job: BackgroundJob, progress: Progress) -> str:
    key, fmt = str(job.params.get("key", "")), str(job.params.get("format", ""))
    try:
        kind = document_kind(key)
        source = kind.build(job.created_by, int(job.params.get("object_id", 0)))
    except (Http404, PermissionDenied, CapabilityMissing) as exc:
        raise JobFailed("该公文已不存在或您已无权导出。") from exc
    progress(1, 3)
    try:
        data = render_document(source.text, exported_by=job.created_by, fmt=fmt, obj=source.obj, key=key)
    except PdfUnavailable as exc:
        raise JobFailed(exc.message) from exc
    progress.check()
    name = default_storage.save(f"documents/{uuid.uuid4().hex}.{fmt}", ContentFile(data))
    filename = f"{source.filename}.{fmt}"
    BackgroundJob.objects.filter(pk=job.pk).update(result_file=name, result_name=filename[-120:])
    progress(3, 3)
    return f"已生成{kind.label}（{FORMATS[fmt]}），文件带有导出人和导出时间的水印。"


def document_job(*, actor: User, pk: object) -> BackgroundJob | None:
    """One of the actor's own document export jobs, for the page that started it (None when not theirs)."""
    try:
        return access(BackgroundJob, actor, pk, queryset=BackgroundJob.objects.filter(kind=JOB_KIND))
    except (Http404, ValueError, TypeError):
        return None


@task
def document_export_task(job_id: int) -> None:
    job_run(job_id, document_export_work)


__all__ = [
    "FORMATS",
    "DocumentKind",
    "DocumentSeries",
    "DocumentSource",
    "document_export_start",
    "document_job",
    "document_kind",
    "document_number_issue",
    "document_number_reserve",
    "format_number",
    "parse_number",
    "register_document",
    "render_document",
]
