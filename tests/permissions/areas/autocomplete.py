"""The search endpoints of the autocompletes (xuncha/core/autocomplete.py) that replace selects growing with the
data (issue 8). Each answers only what its picker's form accepts, so it has the rights of the page it serves:

- ``orgs:organization-search`` (the people page's unit filter): whoever opens the organisation or the people pages
  (the rows of ``orgs:organization-list``), over the organisations they see;
- ``planning:linkable-inspections`` (延伸自 / 回头看对象 of the target picker): the planners of the round (the
  office), 403 for those who see the round but do not plan, 404 for the others and for a round out of scope.
"""

from __future__ import annotations

from tests.permissions.matrix import ORG_PAGE_LIST, ROUND, Route, plan_write

PAGES: dict[str, Route] = {
    "orgs:organization-search": Route(get=ORG_PAGE_LIST),
    "planning:linkable-inspections": Route(kwargs={"pk": ROUND}, get=plan_write()),
}
