"""Keyed hashes that let Ashar recognise people and ballots without storing who they are."""
from __future__ import annotations

import hashlib
import hmac
import secrets


def _hmac(key: str, *parts: object) -> str:
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def census_person_hmac(key: str, personal_number: str) -> str:
    """HMAC of a 14-digit personal number: the census roll stores only this."""
    return _hmac(key, "person", personal_number)


def census_entry_hmac(key: str, personal_number: str, birth_date: str) -> str:
    """HMAC of personal number and ISO birth date: what a resident must reproduce to claim an entry."""
    return _hmac(key, "entry", personal_number, birth_date)


def ballot_pseudonym(key: str, budget_id: int, user_id: int) -> str:
    """One stable pseudonym per voter and budget: unique in `ballots`, linking to nobody without the key."""
    return _hmac(key, "ballot", budget_id, user_id)


def new_receipt_code() -> str:
    """A random receipt code shown once to the voter (grouped for reading aloud)."""
    raw = secrets.token_hex(8).upper()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def receipt_hash(code: str) -> str:
    """SHA-256 of a receipt code, as published on the bulletin."""
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()
