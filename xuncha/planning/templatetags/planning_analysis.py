"""Links from the term and round pages to the analysis pages, shown only to those who may open them."""

from __future__ import annotations

from typing import Any

from django import template

from xuncha.accounts.roles import Cap
from xuncha.inspections.models import Inspection, Round, Term
from xuncha.planning.selectors_analysis import capabilities_over

register = template.Library()


@register.simple_tag(takes_context=True)
def analysis_links(context: Any, obj: Term | Round) -> dict[str, bool]:
    """Which analysis pages the signed-in user may open from ``obj``: coverage and cross assignment need
    VIEW_PLANNING over the whole jurisdiction; the calendar shows whatever the user may see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    over = Cap.VIEW_PLANNING in capabilities_over(user, obj.jurisdiction) if user is not None else False
    links = {"coverage": over, "calendar": True, "crossing": False}
    if isinstance(obj, Round):
        links["crossing"] = over and Inspection.objects.filter(round=obj, is_cross=True).exists()
    return links
