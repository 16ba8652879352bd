"""Registration, password login with lockout, password reset, roles: the account services."""
from datetime import timedelta

import re
import pytest
from sqlalchemy import func, select

from models import AuditEvent, OneTimeCode, OutboxMessage, User, utcnow
from services import accounts, users
from services.errors import DomainError
from tests import factories


def _code_from_outbox(session, destination):
    body = session.scalars(select(OutboxMessage.body).where(OutboxMessage.destination == destination)
                           .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"\b(\d{6})\b", body).group(1)  # the message is in the recipient's language


def test_register_creates_resident_and_sends_contact_code(session):
    accounts.register(session, " Aida@Example.KG ", "long enough pw", "Aida")
    user = session.scalar(select(User).where(User.email == "aida@example.kg"))
    assert user.role == "resident" and not user.is_verified
    assert user.password_hash.startswith("$argon2id$")
    assert len(_code_from_outbox(session, "aida@example.kg")) == 6
    assert session.scalar(select(OneTimeCode.code_hash)).startswith("$argon2")


def test_register_existing_contact_changes_no_account(session):
    accounts.register(session, "+996 555 123 456", "long enough pw", "First")
    accounts.register(session, "+996555123456", "another password", "Second")
    assert session.scalar(select(func.count(User.id))) == 1
    assert session.scalar(select(User.display_name)) == "First"


@pytest.mark.parametrize("contact,password,name", [
    ("not a contact", "long enough pw", "A"), ("+7 999 123 4567", "long enough pw", "A"),
    ("a@b.kg", "short", "A"), ("a@b.kg", "long enough pw", ""), ("a@b.kg", "long enough pw", "x" * 81),
    (None, None, None), (["a@b.kg"], {"p": 1}, 5),
])
def test_register_rejects_bad_input_and_writes_nothing(session, contact, password, name):
    with pytest.raises(DomainError):
        accounts.register(session, contact, password, name)
    assert session.scalar(select(func.count(User.id))) == 0


def test_login_is_neutral_and_locks_after_five_failures(session):
    user = factories.user(session, verified=False, email="r@example.kg")
    session.commit()
    with pytest.raises(DomainError) as unknown:
        accounts.authenticate(session, "nobody@example.kg", "wrong password")
    with pytest.raises(DomainError) as wrong:
        accounts.authenticate(session, "r@example.kg", "wrong password")
    assert unknown.value.message == wrong.value.message == accounts.WRONG_LOGIN
    for _ in range(3):
        with pytest.raises(DomainError):
            accounts.authenticate(session, "r@example.kg", "wrong password")
    with pytest.raises(DomainError) as locked:
        accounts.authenticate(session, "r@example.kg", "wrong password")
    assert "locked" in locked.value.message
    with pytest.raises(DomainError, match="locked"):  # even the right password waits
        accounts.authenticate(session, "r@example.kg", "correct horse 1")
    user.locked_until = utcnow() - timedelta(seconds=1)
    session.commit()
    assert accounts.authenticate(session, "r@example.kg", "correct horse 1").id == user.id


def test_reset_password_with_code_ends_sessions(session):
    user = factories.user(session, email="r@example.kg")
    session.commit()
    version = user.session_version
    accounts.request_reset(session, "r@example.kg")
    accounts.request_reset(session, "ghost@example.kg")  # says nothing, sends nothing
    assert session.scalar(select(func.count(OutboxMessage.id))) == 1
    code = _code_from_outbox(session, "r@example.kg")
    with pytest.raises(DomainError):
        accounts.reset_password(session, "r@example.kg", "000000" if code != "000000" else "111111",
                                "brand new password")
    accounts.reset_password(session, "r@example.kg", code, "brand new password")
    session.refresh(user)
    assert user.session_version == version + 1
    assert accounts.authenticate(session, "r@example.kg", "brand new password").id == user.id
    with pytest.raises(DomainError):  # the code worked once
        accounts.reset_password(session, "r@example.kg", code, "yet another password")


def test_change_role_is_admin_only_audited_and_ends_sessions(session):
    admin = factories.user(session, role="admin")
    moderator = factories.user(session, role="moderator")
    target = factories.user(session)
    session.commit()
    with pytest.raises(DomainError):
        users.change_role(session, moderator, target.id, "admin")
    with pytest.raises(DomainError):
        users.change_role(session, admin, target.id, "emperor")
    with pytest.raises(DomainError):
        users.change_role(session, admin, admin.id, "resident")
    version = target.session_version
    users.change_role(session, admin, target.id, "observer")
    session.refresh(target)
    assert target.role == "observer" and target.session_version == version + 1
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "user.role_changed" and event.detail == {"old": "resident", "new": "observer"}


def test_create_user_gives_staff_a_totp_secret(session):
    user, password, secret = users.create_user(session, "mod@example.kg", "moderator")
    assert secret and user.totp_enabled and len(password) >= 10
    with pytest.raises(DomainError):
        users.create_user(session, "MOD@example.kg", "resident")
