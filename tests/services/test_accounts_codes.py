"""One-time codes (expiry, five attempts, once) and TOTP (once per step, lockout, recovery codes)."""
from datetime import timedelta

import re
import pyotp
import pytest
from sqlalchemy import select

from models import OneTimeCode, OutboxMessage, Verification, utcnow
from services import codes, two_factor, verification
from services.errors import DomainError
from tests import factories


def _last_code(session):
    body = session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"\b(\d{6})\b", body).group(1)  # in the recipient's language


def _wrong(code):
    return "000000" if code != "000000" else "111111"


def test_contact_code_verifies_contact_once(session):
    user = factories.user(session, verified=False)
    verification.send_contact_code(session, user)
    code = _last_code(session)
    verification.confirm_contact(session, user, code)
    assert user.contact_verified_at is not None
    assert session.scalar(select(Verification.method)) == "code"
    with pytest.raises(DomainError):
        verification.confirm_contact(session, user, code)


def test_code_expires_after_ten_minutes(session):
    user = factories.user(session, verified=False)
    verification.send_contact_code(session, user)
    code = _last_code(session)
    row = session.scalar(select(OneTimeCode))
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    with pytest.raises(DomainError, match="expired"):
        verification.confirm_contact(session, user, code)
    assert user.contact_verified_at is None


def test_code_dies_after_five_wrong_attempts(session):
    user = factories.user(session, verified=False)
    verification.send_contact_code(session, user)
    code = _last_code(session)
    for _ in range(codes.MAX_ATTEMPTS):
        with pytest.raises(DomainError):
            verification.confirm_contact(session, user, _wrong(code))
    with pytest.raises(DomainError, match="Too many"):
        verification.confirm_contact(session, user, code)
    assert session.scalar(select(OneTimeCode.attempts)) == codes.MAX_ATTEMPTS


def test_codes_per_hour_are_limited(session):
    user = factories.user(session, verified=False)
    for _ in range(codes.MAX_PER_HOUR):
        verification.send_contact_code(session, user)
    with pytest.raises(DomainError, match="Too many codes"):
        verification.send_contact_code(session, user)


def test_totp_enrolment_replay_and_recovery(session):
    user = factories.user(session, verified=False)
    session.commit()
    secret, uri = two_factor.begin_enrolment(session, user)
    assert uri.startswith("otpauth://totp/")
    now = 1_800_000_000
    recovery = two_factor.confirm_enrolment(session, user, pyotp.TOTP(secret).at(now), at=now)
    assert len(set(recovery)) == 10
    later = now + 60
    code = pyotp.TOTP(secret).at(later)
    assert two_factor.verify_login(session, user.id, code, at=later).id == user.id
    with pytest.raises(DomainError, match="already used"):  # the same code, same step: refused
        two_factor.verify_login(session, user.id, code, at=later)
    with pytest.raises(DomainError):  # an older step is refused too
        two_factor.verify_login(session, user.id, pyotp.TOTP(secret).at(later - 30), at=later)
    assert two_factor.verify_login(session, user.id, recovery[0], at=later).id == user.id
    with pytest.raises(DomainError):
        two_factor.verify_login(session, user.id, recovery[0], at=later)
    assert two_factor.remaining_recovery_codes(session, user) == 9


def test_totp_failures_lock_the_account(session):
    user = factories.user(session, role="moderator")
    session.commit()
    now = 1_800_000_000
    for _ in range(4):
        with pytest.raises(DomainError, match="wrong"):
            two_factor.verify_login(session, user.id, "12345x", at=now)
    with pytest.raises(DomainError, match="locked"):
        two_factor.verify_login(session, user.id, "123456" if pyotp.TOTP(user.totp_secret).at(now) != "123456" else "654321", at=now)
    with pytest.raises(DomainError, match="locked"):  # even the right code waits
        two_factor.verify_login(session, user.id, pyotp.TOTP(user.totp_secret).at(now), at=now)
