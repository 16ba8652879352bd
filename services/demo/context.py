"""What every part of the seed needs: the session, one fixed "now", keys and the rows made so far."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from models import Commitment, District, User

from .content import fields
from .content.districts import DISTRICTS

OSH_CENTRE = (40.5283, 72.7985)


class Voter(NamedTuple):
    """A simulated resident: enough to put them on a roll and in a district."""

    id: int
    district_id: int


@dataclass
class Demo:
    """The seed's shared state; `now` is read once so every date agrees."""

    session: Session
    now: datetime
    ballot_key: str
    districts: dict[str, District] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # demo accounts by role label
    voters: list[Voter] = field(default_factory=list)

    def district_id(self, code: str | None) -> int | None:
        """The id of the district with this code (None for city-wide)."""
        return self.districts[code].id if code else None

    def commitment_id(self, key: str | None) -> int | None:
        """The id of the commitment with this key, if any."""
        return self.commitments[key].id if key else None

    def place(self, code: str | None, index: int) -> tuple[float, float]:
        """A point near the district's centre (the city's for city-wide), spread by `index`."""
        centres = {c: at for c, _names, _pop, at in DISTRICTS}
        lat, lon = centres.get(code, OSH_CENTRE)
        return (round(lat + 0.004 * math.cos(index * 2.4), 5),
                round(lon + 0.005 * math.sin(index * 2.4), 5))


def texts(item: dict, *names: str) -> dict[str, str]:
    """The `(ky, ru, en)` texts of `item` under `names`, as model columns."""
    columns: dict[str, str] = {}
    for name in names:
        columns.update(fields(name, item[name]))
    return columns


def bulk_insert(session: Session, model, rows: list[dict]) -> None:
    """Insert many rows in one executemany; every row must carry the same keys.

    Core rather than the ORM's bulk insert: the ORM splits rows into a batch per pattern of
    None values, which turns thousands of alternating rows into hundreds of round trips.
    """
    if rows:
        session.execute(insert(model.__table__), rows)
