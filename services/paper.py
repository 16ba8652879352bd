"""Paper ballots: a moderator enters the ballot of a resident found on the census roll.

The resident need not have an account. When their census entry is unclaimed, a placeholder
voter is created and made the entry's claimant: an inactive, unverifiable-by-login account
(`paper-<entry id>@paper.ashar.invalid`, no usable password) placed in the entry's district.
Holding the claim means the same person cannot vote twice: online through an account
(the census entry is already claimed, so no second account can verify with it) or on paper
again (the voter roll's unique (budget, user) row). Should that person register later, a
moderator must settle the claim in person — deliberately not automatic.
"""
from __future__ import annotations

import hmac
import re
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import CensusEntry, User, Verification, utcnow

from .ballots import Receipt, cast_ballot
from .errors import Conflict, DomainError, Forbidden
from .keys import census_entry_hmac, census_person_hmac

PERSONAL_NUMBER = re.compile(r"^\d{14}$")
PLACEHOLDER_DOMAIN = "paper.ashar.invalid"
UNUSABLE_PASSWORD = "!paper-voter"  # no password hash format matches: nobody can log in


def parse_person(personal_number, birth_date) -> tuple[str, str]:
    """The 14-digit personal number and the ISO birth date, or a DomainError."""
    number = personal_number.strip().replace(" ", "") if isinstance(personal_number, str) else ""
    if not PERSONAL_NUMBER.match(number):
        raise DomainError("The personal number has 14 digits.")
    try:
        born = date.fromisoformat(birth_date.strip() if isinstance(birth_date, str) else "")
    except ValueError:
        raise DomainError("Enter the birth date as YYYY-MM-DD.") from None
    return number, born.isoformat()


def paper_voter(session: Session, personal_number: str, birth_date: str, *, census_key: str,
                moderator_id: int) -> User:
    """The account that votes for this census entry: its claimant, or a new placeholder."""
    entry = session.scalar(select(CensusEntry).where(
        CensusEntry.person_hmac == census_person_hmac(census_key, personal_number)))
    expected = census_entry_hmac(census_key, personal_number, birth_date)
    # One message for both misses, so the form does not reveal who is on the roll.
    if entry is None or not hmac.compare_digest(entry.entry_hmac, expected):
        raise DomainError("No census entry matches this personal number and birth date.")
    if entry.claimed_by_id is not None:
        voter = session.get(User, entry.claimed_by_id)
        if voter.district_id is None or voter.verified_at is None:
            raise DomainError("This resident's account is not verified yet; verify it first.")
        return voter
    now = utcnow()
    voter = User(email=f"paper-{entry.id}@{PLACEHOLDER_DOMAIN}", password_hash=UNUSABLE_PASSWORD,
                 display_name="", role="resident", locale="ky", district_id=entry.district_id,
                 verified_at=now, is_active=False)
    session.add(voter)
    session.flush()
    claimed = session.execute(update(CensusEntry).where(CensusEntry.id == entry.id,
                                                        CensusEntry.claimed_by_id.is_(None))
                              .values(claimed_by_id=voter.id, claimed_at=now)
                              .execution_options(synchronize_session=False))
    if not claimed.rowcount:
        raise Conflict("Someone claimed this census entry a moment ago; please try again.")
    session.add(Verification(user_id=voter.id, method="in_person", district_id=entry.district_id,
                             verified_by_id=moderator_id, note="paper ballot"))
    return voter


def enter_paper_ballot(session: Session, moderator, budget_id: int, personal_number, birth_date,
                       choices, *, census_key: str, ballot_key: str,
                       idempotency_key: str | None = None) -> Receipt:
    """Record a paper ballot entered by `moderator`, in one transaction; same checks as online."""
    if getattr(moderator, "role", None) not in ("moderator", "admin"):
        raise Forbidden("You are not allowed to do this.")
    moderator_id = moderator.id
    try:
        number, born = parse_person(personal_number, birth_date)
        voter = paper_voter(session, number, born, census_key=census_key, moderator_id=moderator_id)
    except BaseException:
        session.rollback()
        raise
    # Counted without naming the voter: who entered how many paper ballots stays accountable.
    # Recorded with the ballot, after its writes (the audit chain's lock is always taken last).
    return cast_ballot(session, voter, budget_id, choices, channel="paper",
                       idempotency_key=idempotency_key, entered_by=moderator_id, ballot_key=ballot_key,
                       record=("ballot.paper_entered", {"actor_id": moderator_id, "target": f"budget:{budget_id}"}))
