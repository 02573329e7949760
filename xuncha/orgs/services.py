"""Writes and audited reads of cadre records."""

from __future__ import annotations

from django.http import Http404

from xuncha.accounts.models import User
from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record
from xuncha.orgs import selectors
from xuncha.orgs.models import Person


def person_read(*, actor: User, pk: int) -> Person:
    """Load one cadre record and audit the read (a confidential read, SEC audit: every view logged).
    A refused attempt is logged too, so that probing for records shows in the log."""
    try:
        person = selectors.person_detail(actor=actor, pk=pk)
    except Http404:
        audit_record("person.read", actor=actor, object_type="orgs.person", object_id=str(pk),
                     result=AuditResult.DENIED)
        raise
    audit_record("person.read", actor=actor, obj=person)
    return person
