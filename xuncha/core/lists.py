"""List pages and list endpoints from one definition (ADR-0017).

A list is a django-filter ``FilterSet`` (what may be asked) and a django-tables2 ``Table`` (what is shown).
The page renders the FilterSet through the one filter bar (``components/filter_bar.html``) and the table
through ``components/table.html``; the API endpoint of the same list takes its query parameters from the
same FilterSet (``filter_schema``) and filters with it (``api_filter``), so a filter exists once.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any, Literal

import django_filters
import django_tables2 as tables
from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field
from pydantic import create_model

from xuncha.core.api.schemas import Filters, Id, Text
from xuncha.core.exceptions import DomainError

# How many page numbers the pagination shows on each side of the current one (and one at each end).
PAGE_WINDOW_SPAN = 2
GAP = "…"


def page_window(page: Any, span: int = PAGE_WINDOW_SPAN) -> list[int | str]:
    """The page numbers to link around ``page`` (a Django ``Page``): the first, ``span`` on each side of the
    current one, the last, with ``…`` for the gaps. Built from ranges, never by walking every page number: the
    audit log has tens of thousands of pages."""
    number, last = page.number, page.paginator.num_pages
    low, high = max(1, number - span), min(last, number + span)
    window: list[int | str] = list(range(low, high + 1))
    if low > 1:
        window[:0] = [1] if low == 2 else [1, GAP]
    if high < last:
        window += [last] if high == last - 1 else [GAP, last]
    return window


def page_size(request: HttpRequest, per_page: int | None = None) -> int:
    """The page size asked for (``page_size``), bounded by ``XUNCHA_MAX_PAGE_SIZE``."""
    try:
        size = int(request.GET.get("page_size", per_page or settings.XUNCHA_PAGE_SIZE))
    except ValueError:
        size = settings.XUNCHA_PAGE_SIZE
    return max(1, min(size, settings.XUNCHA_MAX_PAGE_SIZE))


# ---- Tables ------------------------------------------------------------------------------------------------------


class Table(tables.Table):
    """The project's table: the Bootstrap look of ``components/table.html``, sortable headers announced with
    ``aria-sort``, the pagination window, an empty state; ``sort`` and ``page``/``page_size`` in the URL."""

    empty_icon = "inbox"

    class Meta:
        template_name = "components/table.html"
        attrs = {"class": "table table-hover align-middle"}
        order_by_field = "sort"
        page_field = "page"
        # Only the columns a table names as sortable are; the rest are plain headings.
        orderable = False


def show_table[T: Table](request: HttpRequest, table: T, *, per_page: int | None = None) -> T:
    """Order ``table`` by the request's ``sort`` (an unknown column is ignored) and cut the requested page (a bad
    or out-of-range number gives the nearest page, as ``core.pagination.paginate`` does)."""
    table.request = request
    order_by = request.GET.getlist(table.prefixed_order_by_field)
    if order_by:
        table.order_by = order_by
    size = page_size(request, per_page)
    try:
        table.paginate(page=request.GET.get(table.prefixed_page_field) or 1, per_page=size)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


# ---- Filter bar --------------------------------------------------------------------------------------------------


def hide_filters(filterset: django_filters.FilterSet, *names: str) -> django_filters.FilterSet:
    """Keep filters the viewer does not choose from (a liaison has no round to pick) working from the URL, as
    hidden fields of the filter bar, instead of showing them."""
    for name in names:
        field = filterset.form.fields.get(name)
        if field is not None:
            field.widget = forms.HiddenInput()
    return filterset


class IdFilter(django_filters.NumberFilter):
    """A filter by the id of a related object (``?team=12``) that the page does not offer as a choice: a hidden
    field on the page, an id parameter in the API. Rows follow the list's own scope, so an id out of sight just
    matches nothing."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput())
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


# ---- The API's parameters from the FilterSet ---------------------------------------------------------------------


class YesNoFilter(django_filters.TypedChoiceFilter):
    """Yes, no or either, as ``1``/``0`` in the page's URL and a boolean in the API; the value is a ``bool``."""

    def __init__(self, *args: Any, yes: Any, no: Any, either: Any, **kwargs: Any) -> None:
        kwargs.update(choices=[("", either), ("1", yes), ("0", no)], coerce=lambda v: v == "1", empty_value=None)
        super().__init__(*args, **kwargs)


class InvalidFilter(DomainError):
    code = "invalid"
    status = 422


def _choice_values(choices: Any) -> Any:
    values = tuple(str(value) for value, _label in choices if value not in ("", None))
    return Literal[values]  # an enum of the values in the OpenAPI schema


def _annotation(name: str, flt: django_filters.Filter) -> Any:
    if isinstance(flt, django_filters.ModelChoiceFilter | IdFilter):
        return Id
    if isinstance(flt, YesNoFilter):
        return bool
    if isinstance(flt, django_filters.ChoiceFilter):
        choices = flt.extra.get("choices", [])
        if callable(choices):
            choices = choices()
        return _choice_values(choices)
    if isinstance(flt, django_filters.DateFilter):
        return datetime.date
    if isinstance(flt, django_filters.NumberFilter):
        return int
    if isinstance(flt, django_filters.CharFilter):
        return Text
    raise TypeError(f"{type(flt).__name__} {name!r} has no API parameter type; add it to core.lists._annotation")


def _description(name: str, flt: django_filters.Filter) -> str:
    label = str(flt.label or name)
    if isinstance(flt, django_filters.ModelChoiceFilter):
        return f"{label}（编号）"
    placeholder = (flt.extra.get("widget") and getattr(flt.extra["widget"], "attrs", {}).get("placeholder"))
    return f"{label}：{placeholder}" if placeholder and str(placeholder) != label else label


def filter_schema(filterset_class: type[django_filters.FilterSet], *, name: str | None = None) -> type[Filters]:
    """The query parameters of a list endpoint: one optional parameter per filter of ``filterset_class``, same name,
    its label as description, typed from the filter (a choice lists its values; a related object is an id), plus
    ``page`` and ``page_size``. The FilterSet is the one definition; this only translates it."""
    schema_name = name or filterset_class.__name__.removesuffix("Filter") + "Filters"
    fields: dict[str, Any] = {}
    for filter_name, flt in filterset_class.base_filters.items():
        annotation = _annotation(filter_name, flt)
        max_length = flt.extra.get("max_length")
        extra = {"max_length": max_length} if max_length and annotation is Text else {}
        fields[filter_name] = (annotation | None, Field(None, description=_description(filter_name, flt), **extra))
    schema = create_model(schema_name, __base__=Filters, **fields)
    schema.filterset_class = filterset_class  # type: ignore[attr-defined]  # its definition (tests check it)
    return schema


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):  # a YesNoFilter
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def api_filter[M: Model](filterset_class: type[django_filters.FilterSet], filters: Filters, queryset: QuerySet[M],
                  actor: Any) -> QuerySet[M]:
    """``queryset`` filtered by the FilterSet with the endpoint's parameters, as the page filters it. The FilterSet
    sees the caller as ``request.user`` (its choices are what the caller may see). A value the FilterSet refuses
    (a related object out of sight or unknown) is a 422 with the field's message, never silently dropped: an API
    client would otherwise get the unfiltered list."""
    data = {key: _query_value(value) for key, value in filters.model_dump(exclude={"page", "page_size"}).items()
            if value is not None}
    filterset = filterset_class(data, queryset=queryset, request=SimpleNamespace(user=actor))
    if not filterset.is_valid():
        fields = {key: [str(m) for m in messages] for key, messages in filterset.form.errors.items()}
        first_field, first_messages = next(iter(fields.items()))
        raise InvalidFilter(f"请求参数有误：{first_field} {first_messages[0]}", fields=fields)
    return filterset.qs
