"""``{% document_exports key object_id %}``: the "下载 Word / 下载 PDF" buttons of a formal text, and the
progress of the export the user just started from this page (``?document_job=``)."""

from __future__ import annotations

from typing import Any

from django import template

from xuncha.documents.pdf import office_available
from xuncha.documents.services import document_job
from xuncha.documents.views import JOB_PARAMETER

register = template.Library()


@register.inclusion_tag("documents/export_buttons.html", takes_context=True)
def document_exports(context: dict[str, Any], key: str, object_id: int, label: str = "") -> dict[str, Any]:
    request = context["request"]
    job = None
    if request.GET.get(JOB_PARAMETER):
        found = document_job(actor=request.user, pk=request.GET[JOB_PARAMETER])
        if found is not None and found.params.get("key") == key and found.params.get("object_id") == object_id:
            job = found
    return {"request": request, "key": key, "object_id": object_id, "label": label, "job": job,
            "pdf_available": office_available(), "slot": f"doc-{key.replace('.', '-')}-{object_id}"}
