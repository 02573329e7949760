from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.lists import api_filter
from xuncha.inspections import selectors
from xuncha.inspections.filters import InspectionFilter
from xuncha.inspections.models import Inspection, Round, Team, Term
from xuncha.inspections.schemas import (
    InspectionDetailOut,
    InspectionFilters,
    InspectionOut,
    RoundDetailOut,
    RoundFilters,
    RoundOut,
    TeamDetailOut,
    TeamFilters,
    TeamOut,
    TermFilters,
    TermOut,
    TransitionIn,
)
from xuncha.inspections.services import inspection_apply_transition
from xuncha.inspections.workflow import TRANSITIONS

router = Router(tags=["巡察计划"])


@router.get("/terms", response=paged(TermOut), summary="届列表")
def term_list(request: HttpRequest, filters: Query[TermFilters]) -> dict[str, Any]:
    return paginate(selectors.term_filter(actor=actor_of(request), jurisdiction=filters.jurisdiction), filters)


@router.get("/terms/{term_id}", response=TermOut, summary="届详情")
def term_detail(request: HttpRequest, term_id: Id) -> Term:
    return selectors.term_get(actor=actor_of(request), pk=term_id)


@router.get("/rounds", response=paged(RoundOut), summary="轮次列表")
def round_list(request: HttpRequest, filters: Query[RoundFilters]) -> dict[str, Any]:
    qs = selectors.round_list(actor=actor_of(request), term=filters.term, year=filters.year)
    return paginate(qs, filters)


@router.get("/rounds/{round_id}", response=RoundDetailOut, summary="轮次详情")
def round_detail(request: HttpRequest, round_id: Id) -> Round:
    return selectors.round_detail(actor=actor_of(request), pk=round_id)


@router.get("/teams", response=paged(TeamOut), summary="巡察组列表")
def team_list(request: HttpRequest, filters: Query[TeamFilters]) -> dict[str, Any]:
    return paginate(selectors.team_list(actor=actor_of(request), round=filters.round), filters)


@router.get("/teams/{team_id}", response=TeamDetailOut, summary="巡察组详情")
def team_detail(request: HttpRequest, team_id: Id) -> Team:
    """Members are listed for those who plan over the team's jurisdiction or are on the team; a liaison
    of an inspected organisation sees the name and the leader only."""
    return selectors.team_detail(actor=actor_of(request), pk=team_id)


@router.get("/inspections", response=paged(InspectionOut), summary="巡察列表")
def inspection_list(request: HttpRequest, filters: Query[InspectionFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    actor = actor_of(request)
    qs = api_filter(InspectionFilter, filters, selectors.inspection_list(actor=actor), actor)
    return paginate(qs, filters, prepare=lambda page: selectors.attach_visible_targets(actor, page))


@router.get("/inspections/{inspection_id}", response=InspectionDetailOut, summary="巡察详情")
def inspection_detail(request: HttpRequest, inspection_id: Id) -> Inspection:
    """Dates, stage, team, targets, stage history and the transitions open to the caller."""
    return selectors.inspection_detail(actor=actor_of(request), pk=inspection_id)


@router.post("/inspections/{inspection_id}/transitions/{name}", response=InspectionDetailOut,
             summary="推进巡察阶段")
def inspection_transition(request: HttpRequest, inspection_id: Id, name: str, payload: TransitionIn) -> Inspection:
    """Take transition ``name`` (prepare, station, withdraw, deliver_feedback, open_rectification,
    close_rectification, archive). 404 when the inspection is not visible, 403 when the caller's roles
    do not allow the step here, 409 when the stage or a precondition does not allow it now, 400 for a
    bad date."""
    if name not in TRANSITIONS:
        raise Http404("操作不存在。")
    actor = actor_of(request)
    inspection_apply_transition(actor=actor, inspection_id=inspection_id, transition=name, on=payload.on,
                                note=payload.note)
    return selectors.inspection_detail(actor=actor, pk=inspection_id)
