"""A notice as a formal text (GB/T 9704) through the official-documents service: the .docx carries the number, the
unit addressed, the problem, the items and the deadline; whoever reads the notice may export it, a draft is not a
formal text yet, and nobody else finds it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from docx import Document

from xuncha.documents.services import document_kind, render_document
from xuncha.notices import services
from xuncha.notices.official_documents import NOTICE
from xuncha.notices.tests.conftest import explanation, rectification
from xuncha.notices.tests.test_services import issued


def _text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_a_rectification_notice_as_a_word_document(world: Any) -> None:
    w = world
    notice = issued(w, rectification(w, items=2))
    source = document_kind(NOTICE).build(w.liaison, notice.pk)
    assert source.text.number == "洛巡改〔2018〕1号" and source.text.addressee == w.unit.name
    text = _text_of(render_document(source.text, exported_by=w.liaison, fmt="docx", obj=source.obj, key=NOTICE))
    for expected in ("洛巡改〔2018〕1号", "关于立即整改会员活动经费报销问题的通知", "发现的问题", "立行立改事项", "问题1",
                     "整改要求：要求2", "2018年11月25日", "特此通知。"):
        assert expected in text, expected


def test_an_explanation_request_as_a_word_document(world: Any) -> None:
    w = world
    notice = issued(w, explanation(w))
    source = document_kind(NOTICE).build(w.leader, notice.pk)
    text = _text_of(render_document(source.text, exported_by=w.leader, fmt="docx", obj=source.obj, key=NOTICE))
    assert "洛巡说〔2018〕1号" in text and "需回答的问题和提供的材料" in text and "立行立改事项" not in text


def test_who_may_export_a_notice(world: Any) -> None:
    w = world
    draft = services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w))
    notice = issued(w)
    build = document_kind(NOTICE).build
    for user in (w.member, w.office, w.director, w.liaison):
        assert build(user, notice.pk).obj == notice
    for user in (w.other_member, w.liaison_other, w.leading, w.cdi):
        with pytest.raises(Http404):
            build(user, notice.pk)
    with pytest.raises(Http404):  # not a formal text before it is issued
        build(w.leader, draft.pk)
    client = Client()
    client.force_login(w.liaison)
    page = client.get(reverse("notices:notice-detail", args=[notice.pk]))
    assert reverse("documents:export", args=[NOTICE, notice.pk, "docx"]) in page.text
    response = client.post(reverse("documents:export", args=[NOTICE, notice.pk, "docx"]), {"next": "/"})
    assert response.status_code == 302
    other = Client()
    other.force_login(w.liaison_other)
    assert other.post(reverse("documents:export", args=[NOTICE, notice.pk, "docx"]),
                      {"next": "/"}).status_code == 404


@pytest.mark.skipif(not __import__("xuncha.documents.pdf", fromlist=["office_available"]).office_available(),
                    reason="LibreOffice is not installed (make office)")
def test_a_notice_as_pdf_pages(world: Any, tmp_path: Any) -> None:
    """The PDF rendered with the project's CJK fonts, turned into PNG pages (var/screenshots/notice-pdf-*.png) to look
    at; the text layer carries the number and the items."""
    import shutil
    import subprocess

    from tests.browser.support import screenshot_dir

    w = world
    notice = issued(w, rectification(w, items=3))
    source = document_kind(NOTICE).build(w.leader, notice.pk)
    pdf = render_document(source.text, exported_by=w.leader, fmt="pdf", obj=source.obj, key=NOTICE)
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    if pdftotext := shutil.which("pdftotext"):
        text = "".join(subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True,  # noqa: S603
                                      check=True).stdout.split())
        assert "洛巡改〔2018〕1号" in text and "立行立改事项" in text
    if pdftoppm := shutil.which("pdftoppm"):
        subprocess.run([pdftoppm, "-png", "-r", "60", str(path), str(screenshot_dir() / "notice-pdf")],  # noqa: S603
                       check=True)
