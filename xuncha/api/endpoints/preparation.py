"""API endpoints: preparation (see the module's routes)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["preparation"])
