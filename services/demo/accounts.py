"""Demo accounts, the demo census roll (stored only as HMACs) and the simulated residents."""
from __future__ import annotations

import csv
import random
import secrets
from datetime import datetime, timedelta
from pathlib import Path

import pyotp
from sqlalchemy import select

from models import CensusEntry, User, Verification
from services.keys import census_entry_hmac, census_person_hmac
from services.passwords import hash_password

from .content import people
from .content.districts import DISTRICTS
from .context import Demo, Voter, bulk_insert

CENSUS_CSV = Path(__file__).with_name("census_demo.csv")


def census_rows() -> list[dict[str, str]]:
    """The demo census roll as shipped in `census_demo.csv`."""
    with CENSUS_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def seed_census(demo: Demo, census_key: str) -> dict[int, CensusEntry]:
    """Store the roll's missing entries as HMACs; return every demo entry by its 1-based row."""
    rows = census_rows()
    hmacs = [census_person_hmac(census_key, r["personal_number"]) for r in rows]
    existing = {e.person_hmac: e for e in demo.session.scalars(
        select(CensusEntry).where(CensusEntry.person_hmac.in_(hmacs)))}
    for row, person in zip(rows, hmacs):
        if person not in existing:
            entry = CensusEntry(
                person_hmac=person, district_id=demo.district_id(row["district_code"]),
                entry_hmac=census_entry_hmac(census_key, row["personal_number"], row["birth_date"]),
                imported_at=min(people.JOINED, demo.now))
            demo.session.add(entry)
            existing[person] = entry
    demo.session.flush()
    return {n: existing[h] for n, h in enumerate(hmacs, start=1)}


def seed_accounts(demo: Demo, census_key: str) -> None:
    """Create the missing demo accounts (one per role); fill `demo.users` by role label."""
    session = demo.session
    entries = seed_census(demo, census_key)
    emails = [a["email"] for a in people.ACCOUNTS]
    found = {u.email: u for u in session.scalars(select(User).where(User.email.in_(emails)))}
    password_hash = None
    for account in people.ACCOUNTS:
        user = found.get(account["email"])
        if user is None:
            password_hash = password_hash or hash_password(people.DEMO_PASSWORD)  # argon2 is slow on purpose
            joined = (demo.now - timedelta(days=account["days_ago"]) if "days_ago" in account
                      else min(people.JOINED, demo.now))
            user = User(email=account["email"], password_hash=password_hash, display_name=account["name"],
                        role=account["role"], contact_verified_at=joined, created_at=joined)
            if account["role"] != "resident":
                user.totp_secret = pyotp.random_base32()  # stored, so every later run prints the same
                user.totp_enabled = True
            session.add(user)
            session.flush()
            if account.get("verified"):
                _verify_by_census(demo, user, entries[account["census_row"]], joined + timedelta(days=10))
        demo.users[account["label"]] = user


def _verify_by_census(demo: Demo, user: User, entry: CensusEntry, when: datetime) -> None:
    """Verify `user` as the census would: claim the entry, take its district."""
    entry.claimed_by_id, entry.claimed_at = user.id, when
    user.district_id, user.verified_at = entry.district_id, when
    demo.session.add(Verification(user_id=user.id, method="census", district_id=entry.district_id,
                                  created_at=when))
    demo.session.flush()


def account_list(demo: Demo) -> list[dict[str, str]]:
    """What the console prints: role, login, password, TOTP secret, and how to verify."""
    roll = census_rows()
    result = []
    for account in people.ACCOUNTS:
        user = demo.users[account["label"]]
        note = ""
        if account.get("census_row") and not account.get("verified"):
            row = roll[account["census_row"] - 1]
            note = f"census: {row['personal_number']} born {row['birth_date']}"
        result.append({"role": account["label"], "login": user.email, "password": people.DEMO_PASSWORD,
                       "totp_secret": user.totp_secret or "", "note": note})
    return result


def seed_voters(demo: Demo) -> None:
    """Create the missing simulated residents, verified in person; fill `demo.voters`."""
    session = demo.session
    joined = min(people.JOINED, demo.now)
    emails = [people.voter_email(n) for n in range(1, people.VOTERS + 1)]
    have = set(session.scalars(select(User.email).where(User.email.like(f"voter-%@{people.DOMAIN}"))))
    missing = [(n, e) for n, e in enumerate(emails, start=1) if e not in have]
    if missing:
        # Nobody logs in as a simulated resident: the password is random and never shown.
        unusable = hash_password(secrets.token_urlsafe(24))
        codes = _districts_by_population(people.VOTERS)
        bulk_insert(session, User, [
            {"email": e, "password_hash": unusable, "display_name": f"Demo voter {n:05d}",
             "role": "resident", "locale": "ky", "district_id": demo.district_id(codes[n - 1]),
             "verified_at": joined, "contact_verified_at": joined, "created_at": joined}
            for n, e in missing])
    rows = session.execute(select(User.id, User.email, User.district_id)
                           .where(User.email.in_(emails)).order_by(User.email)).all()
    if missing:
        made = {e for _n, e in missing}
        moderator = demo.users["moderator"].id
        bulk_insert(session, Verification, [
            {"user_id": r.id, "method": "in_person", "district_id": r.district_id,
             "verified_by_id": moderator, "created_at": joined} for r in rows if r.email in made])
    demo.voters = [Voter(r.id, r.district_id) for r in rows if r.district_id is not None]


def _districts_by_population(count: int) -> list[str]:
    """`count` district codes, each appearing in proportion to its population, shuffled."""
    total = sum(pop for _c, _n, pop, _at in DISTRICTS)
    codes: list[str] = []
    for code, _names, pop, _at in DISTRICTS:
        codes += [code] * round(count * pop / total)
    codes = (codes + [DISTRICTS[0][0]] * count)[:count]
    random.Random("districts").shuffle(codes)  # so voter numbers do not reveal districts in blocks
    return codes
