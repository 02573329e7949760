"""Shapes every app's API shares (HackSoft's input/output split): ids, bounded text, input schemas that refuse
unknown fields, query filters where an empty parameter means "not filtered", references.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, ValidationInfo, field_validator

from xuncha.core.api.pagination import PageParams

# Ids are 64-bit on both engines; a larger number would overflow the database driver.
MAX_ID = 2**63 - 1


def no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text parameters; answer 422 instead of failing in the driver.
    if "\x00" in value:
        raise ValueError("不能包含空字符。")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, Field(max_length=100), AfterValidator(no_nul)]


class InputSchema(Schema):
    """A request body: unknown fields are an error, not silently dropped (a typo would go unnoticed)."""

    model_config = ConfigDict(extra="forbid")


class Filters(PageParams):
    """Query filters: an empty parameter (``?status=``, as HTML forms send) means "not filtered"."""

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        if value == "" and info.field_name:
            return cls.model_fields[info.field_name].get_default(call_default_factory=True)
        return value



class Ref(Schema):
    id: int
    name: str
