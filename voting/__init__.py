"""Pure participatory-budgeting logic: election types, Pabulib files, ballot checks, outcome rules.

Nothing here imports Flask, Dash or SQLAlchemy; the standard library and numpy suffice.
"""
from voting.election import Ballot, Election, Outcome, Project
from voting.pabulib import PabulibError, parse_pabulib, read_pabulib, write_pabulib

__all__ = ["Ballot", "Election", "Outcome", "Project", "PabulibError", "parse_pabulib",
           "read_pabulib", "write_pabulib"]
