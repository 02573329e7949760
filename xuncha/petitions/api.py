"""API endpoints: petitions (信访) as the team handles them; the public pages are not part of the API."""

from ninja import Router

router = Router(tags=["信访受理"])
