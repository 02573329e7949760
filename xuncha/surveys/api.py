"""API endpoints: surveys (民主测评, 问卷调查) as the team runs them; answering is by one-time token, not API."""

from ninja import Router

router = Router(tags=["民主测评与问卷调查"])
