"""API endpoints: the team's fieldwork (talks, document requests, other work records, the work log)."""

from ninja import Router

router = Router(tags=["驻点工作"])
