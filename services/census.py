"""The census roll: all-or-nothing import of keyed hashes, and a resident claiming their entry."""
from __future__ import annotations

import csv
import hmac
import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import CensusEntry, District, User, Verification, utcnow

from . import audit
from .errors import DomainError
from .keys import census_entry_hmac, census_person_hmac

HEADER = ["personal_number", "birth_date", "district_code"]
MAX_BYTES = 20 * 1024 * 1024
NO_MATCH = "We could not verify these details. Check them, or ask for verification in person."


@dataclass
class ImportReport:
    """What an import did: rows read, entries added, entries already on the roll."""

    rows: int = 0
    added: int = 0
    already_present: int = 0
    districts: dict[str, int] = field(default_factory=dict)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_BYTES:
        raise DomainError("The file is too large (at most 20 MB).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("The file is not UTF-8 text. Save it as CSV (UTF-8) and try again.") from None


def _parse(text: str, codes: dict[str, int]) -> list[tuple[int, str, str, int]]:
    """(line, personal number, birth date, district id) per row, or a DomainError naming the line."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error:
        raise DomainError("Line 1: this is not a readable CSV file.") from None
    if header != HEADER:
        raise DomainError("Line 1: the header must be exactly: %(header)s.", header=",".join(HEADER))
    rows, seen = [], {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            rows.append(_row(line, values, codes, seen))
    except csv.Error:
        raise DomainError("Line %(line)s: this line is not valid CSV.", line=reader.line_num) from None
    if not rows:
        raise DomainError("The file has no rows after the header.")
    return rows


def _row(line: int, values: list[str], codes: dict[str, int], seen: dict[str, int]):
    if len(values) != 3:
        raise DomainError("Line %(line)s: expected 3 values, found %(n)s.", line=line, n=len(values))
    pin, birth, district = (v.strip() for v in values)
    if not (len(pin) == 14 and pin.isdigit() and pin.isascii()):
        raise DomainError("Line %(line)s: the personal number must have 14 digits.", line=line)
    try:
        born = date.fromisoformat(birth)
    except ValueError:
        born = None
    if born is None or len(birth) != 10 or not date(1900, 1, 1) <= born <= date.today():
        raise DomainError("Line %(line)s: the birth date must be a real date like 1990-05-31.", line=line)
    if district not in codes:
        raise DomainError("Line %(line)s: unknown district code %(code)s.", line=line, code=district[:40])
    if pin in seen:
        raise DomainError("Line %(line)s: the personal number repeats line %(first)s.",
                          line=line, first=seen[pin])
    seen[pin] = line
    return line, pin, birth, codes[district]


def import_roll(session: Session, key: str, data: bytes | str, actor_id: int | None = None) -> ImportReport:
    """Add every row of the CSV to the roll, or nothing if any row is bad; repeating adds nothing."""
    codes = {d.code: d.id for d in session.scalars(select(District))}
    rows = _parse(_decode(data), codes)
    report = ImportReport(rows=len(rows))
    hashes = {census_person_hmac(key, pin): (line, census_entry_hmac(key, pin, birth), did)
              for line, pin, birth, did in rows}
    existing = {}
    keys = list(hashes)
    for i in range(0, len(keys), 500):  # bounded IN lists
        for entry in session.scalars(select(CensusEntry).where(CensusEntry.person_hmac.in_(keys[i:i + 500]))):
            existing[entry.person_hmac] = entry
    now = utcnow()
    names = {v: k for k, v in codes.items()}
    for person, (line, entry_hash, district_id) in hashes.items():
        old = existing.get(person)
        if old is not None:
            if old.entry_hmac != entry_hash or old.district_id != district_id:
                session.rollback()
                raise DomainError("Line %(line)s: this personal number is already on the roll "
                                  "with another birth date or district.", line=line)
            report.already_present += 1
            continue
        session.add(CensusEntry(person_hmac=person, entry_hmac=entry_hash,
                                district_id=district_id, imported_at=now))
        report.added += 1
        report.districts[names[district_id]] = report.districts.get(names[district_id], 0) + 1
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DomainError("Another import changed the roll at the same time. Please try again.") from None
    audit.record(session, "census.imported", actor_id, "census", rows=report.rows,
                 added=report.added, already_present=report.already_present)
    session.commit()
    return report


def claim(session: Session, key: str, user: User, personal_number: object, birth_date: object) -> District:
    """Verify `user` by the census entry their details reproduce; one entry, one account."""
    if user.is_verified:
        raise DomainError("Your residency is already verified.")
    pin = personal_number.strip() if isinstance(personal_number, str) else ""
    birth = birth_date.strip()[:10] if isinstance(birth_date, str) else ""
    if not (len(pin) == 14 and pin.isdigit() and pin.isascii()):
        raise DomainError("Enter your 14-digit personal number (PIN) as printed on your ID card.")
    entry = session.scalar(select(CensusEntry).where(
        CensusEntry.person_hmac == census_person_hmac(key, pin)))
    if entry is None or not hmac.compare_digest(entry.entry_hmac, census_entry_hmac(key, pin, birth)):
        raise DomainError(NO_MATCH)
    now = utcnow()
    try:
        # Conditional update: of two parallel claims only one finds the entry unclaimed.
        won = session.execute(update(CensusEntry).where(
            CensusEntry.id == entry.id, CensusEntry.claimed_by_id.is_(None),
        ).values(claimed_by_id=user.id, claimed_at=now))
    except IntegrityError:  # this account already holds another entry
        session.rollback()
        raise DomainError(NO_MATCH) from None
    if won.rowcount != 1:
        session.rollback()
        raise DomainError(NO_MATCH)
    user.verified_at = now
    user.district_id = entry.district_id
    session.add(Verification(user_id=user.id, method="census", district_id=entry.district_id,
                             verified_by_id=None, created_at=now))
    audit.record(session, "resident.verified", user.id, f"user:{user.id}", method="census",
                 district_id=entry.district_id)
    session.commit()
    return session.get(District, entry.district_id)
