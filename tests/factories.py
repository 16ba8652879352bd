"""Small builders for test data (real rows in the real database, no mocks)."""
from __future__ import annotations

from datetime import timedelta

from models import Budget, District, Envelope, Project, User, utcnow
from services.passwords import hash_password

_HASH = None


def password_hash() -> str:
    """One argon2 hash of 'correct horse 1' reused by every test user (hashing is slow on purpose)."""
    global _HASH
    if _HASH is None:
        _HASH = hash_password("correct horse 1")
    return _HASH


def district(session, code="osh-a", population=50000) -> District:
    d = District(code=code, name_ky=f"{code} ky", name_ru=f"{code} ru", name_en=f"{code} en",
                 population=population)
    session.add(d)
    session.flush()
    return d


def user(session, role="resident", verified=True, district_id=None, email=None, **kw) -> User:
    count = session.query(User).count() + 1
    u = User(email=email or f"user{count}@example.kg", password_hash=password_hash(),
             display_name=f"User {count}", role=role, locale="en", district_id=district_id,
             verified_at=utcnow() if verified else None, **kw)
    if role != "resident":
        u.totp_enabled = True
        u.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # 160 bits: pyotp refuses < 112
    session.add(u)
    session.flush()
    return u


def budget(session, phase="voting", method="knapsack", amount=10_000_000, **kw) -> Budget:
    now = utcnow()
    b = Budget(slug=kw.pop("slug", f"b{session.query(Budget).count() + 1}"), year=2026,
               name_ky="Бюджет", name_ru="Бюджет", name_en="Budget", amount=amount,
               phase=phase, method=method, rule=kw.pop("rule", "greedy"),
               voting_start=now - timedelta(days=1), voting_end=now + timedelta(days=7), **kw)
    session.add(b)
    session.flush()
    return b


def envelope(session, budget_, amount=None, district_id=None) -> Envelope:
    e = Envelope(budget_id=budget_.id, amount=amount or budget_.amount, district_id=district_id)
    session.add(e)
    session.flush()
    return e


def project(session, budget_, envelope_, cost=1_000_000, status="accepted", **kw) -> Project:
    n = session.query(Project).count() + 1
    p = Project(budget_id=budget_.id, envelope_id=envelope_.id, cost=cost, status=status,
                title_ky=kw.pop("title_ky", f"Долбоор {n}"), title_ru=kw.pop("title_ru", f"Проект {n}"),
                title_en=kw.pop("title_en", f"Project {n}"), category=kw.pop("category", "parks"), **kw)
    session.add(p)
    session.flush()
    return p
