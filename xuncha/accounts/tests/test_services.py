"""Role grants: separation of duties and no self-service, whatever page or endpoint asks."""

from __future__ import annotations

import pytest

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant, role_revoke
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.orgs.models import Jurisdiction

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")


def test_an_administrator_role_is_held_alone(city):
    user = User.objects.create_user(username="u", password="x")
    role_grant(actor=None, user=user, role=Role.SYSTEM_ADMIN, jurisdiction=city)
    with pytest.raises(DomainError, match="三员分立"):
        role_grant(actor=None, user=user, role=Role.SECURITY_AUDITOR, jurisdiction=city)
    with pytest.raises(DomainError, match="三员分立"):
        role_grant(actor=None, user=user, role=Role.OFFICE_STAFF, jurisdiction=city)
    other = User.objects.create_user(username="v", password="x")
    role_grant(actor=None, user=other, role=Role.OFFICE_STAFF, jurisdiction=city)
    role_grant(actor=None, user=other, role=Role.LEADING_GROUP, jurisdiction=city)  # business roles combine
    with pytest.raises(DomainError, match="三员分立"):
        role_grant(actor=None, user=other, role=Role.SECURITY_ADMIN, jurisdiction=city)


def test_nobody_grants_or_revokes_their_own_roles(city):
    admin = User.objects.create_user(username="sec", password="x")
    own = role_grant(actor=None, user=admin, role=Role.SECURITY_ADMIN, jurisdiction=city)
    with pytest.raises(CapabilityMissing):
        role_grant(actor=admin, user=admin, role=Role.SECURITY_ADMIN, jurisdiction=city)
    with pytest.raises(CapabilityMissing):
        role_revoke(actor=admin, assignment=own)


def test_lock_out_is_audited(client, city):
    from xuncha.audit.models import AuditEvent

    User.objects.create_user(username="target", password="right-password-1")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_username="target").exists()
