"""A picker that does not grow with the data: a text box that searches as one types (an ARIA combobox) and a short
list of matches from a scoped search endpoint, instead of a ``<select>`` holding every organisation, cadre or
inspection the user may see (issue 8: 29,903 options on the people page at 100× the demo).

- ``AutocompleteWidget`` renders ``core/widgets/autocomplete.html``: a hidden input holding the picked id (the
  field's name, so forms, FilterSets and the API read it as before) and the visible box. The label of the current
  value is looked up once (the field's ``label_from_instance``); the choices are never iterated.
- ``search_response`` answers the endpoint: at most ``RESULT_LIMIT`` options of a queryset the view has scoped
  (``visible_to``), rendered by ``components/autocomplete_results.html``, which ``static/xuncha/autocomplete.js``
  puts under the box (with htmx) and makes keyboard-usable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

# At most this many matches are sent; the list says when there are more (type more to narrow them).
RESULT_LIMIT = 20
QUERY_MAX_LENGTH = 60


class AutocompleteWidget(forms.Widget):
    """The widget of a ``ModelChoiceField`` whose choices are too many to list. ``url`` is the search endpoint
    (a form whose endpoint depends on an object sets ``field.widget.url`` in its ``__init__``)."""

    template_name = "core/widgets/autocomplete.html"  # an app template: the form renderer finds it

    def __init__(self, url: Any = "", *, placeholder: Any = "", empty_label: Any = "",
                 attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url = url
        self.placeholder = placeholder
        self.empty_label = empty_label
        self.choices: Any = None  # set by ModelChoiceField (a ModelChoiceIterator: its queryset and field)

    def label_for(self, value: Any) -> str:
        """The label of the picked object, from the field's queryset (so an id out of sight shows nothing)."""
        if value in (None, "") or self.choices is None:
            return ""
        field = getattr(self.choices, "field", None)
        queryset = getattr(self.choices, "queryset", None)
        if field is None or queryset is None:
            return ""
        if isinstance(value, Model):
            return str(field.label_from_instance(value))
        try:
            obj = queryset.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            return ""
        return str(field.label_from_instance(obj)) if obj is not None else ""

    def format_value(self, value: Any) -> str:
        if value in (None, ""):
            return ""
        return str(getattr(value, "pk", value))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"ac_{name}"
        widget["attrs"]["id"] = widget_id
        widget.update(url=str(self.url), label=self.label_for(value), listbox_id=f"{widget_id}_listbox",
                      placeholder=str(self.placeholder), empty_label=str(self.empty_label))
        return context

    def id_for_label(self, id_: str) -> str:
        return id_  # the visible box: the label names it


def search_query(request: HttpRequest) -> str:
    return (request.GET.get("q") or "").strip()[:QUERY_MAX_LENGTH]


def search_response[M: Model](request: HttpRequest, queryset: QuerySet[M], *, label: Callable[[M], str] = str,
                              hint: Callable[[M], str] | None = None, empty_text: str = "") -> HttpResponse:
    """The options of a search endpoint: the first ``RESULT_LIMIT`` rows of ``queryset`` (already scoped to what
    the user may see, filtered and ordered by the view), and whether there are more."""
    rows = list(queryset[:RESULT_LIMIT + 1])
    options = [{"value": row.pk, "label": label(row), "hint": hint(row) if hint else ""}
               for row in rows[:RESULT_LIMIT]]
    response = render(request, "components/autocomplete_results.html", {
        "options": options, "more": len(rows) > RESULT_LIMIT, "limit": RESULT_LIMIT, "empty_text": empty_text,
        "q": search_query(request)})
    patch_vary_headers(response, ("HX-Request",))
    response["Cache-Control"] = "private, no-store"
    return response
