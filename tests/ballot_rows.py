"""Ballots written straight into the tables (as cast_ballot would), for tally and result tests."""
from __future__ import annotations

import secrets

from models import Ballot, BallotItem, VoterRoll
from services.keys import ballot_pseudonym, receipt_hash
from tests.conftest import TEST_KEYS


def vote(session, budget, envelope, voter, choices, channel="online"):
    """Record `voter`'s ballot: `choices` is a list of projects or a {project: points} dict."""
    points = choices if isinstance(choices, dict) else {p: 1 for p in choices}
    session.add(VoterRoll(budget_id=budget.id, user_id=voter.id, district_id=voter.district_id,
                          channel=channel))
    ballot = Ballot(budget_id=budget.id, envelope_id=envelope.id,
                    pseudonym=ballot_pseudonym(TEST_KEYS["BALLOT_KEY"], budget.id, voter.id),
                    receipt_hash=receipt_hash(secrets.token_hex(8)))
    ballot.items = [BallotItem(project_id=p.id, points=n) for p, n in points.items()]
    session.add(ballot)
    session.flush()
    return ballot
