"""API schemas of official documents' exports.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time."""

import datetime
from typing import Literal

from ninja import Schema

from xuncha.core.api.schemas import InputSchema


class ExportIn(InputSchema):
    format: Literal["docx", "pdf"] = "docx"


class ExportJobOut(Schema):
    id: int
    label: str
    status: str
    done: int
    total: int
    message: str
    errors: list[str]
    file_name: str
    download_url: str | None
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
