"""Osh's demo: districts, the OGP Local action plan, three budget cycles, census roll, accounts.

`seed_demo(session, census_key=..., ballot_key=...)` is idempotent; `census_demo.csv` is the
same census roll in clear text, for an admin to import and a tester to verify with.
"""
from .accounts import CENSUS_CSV
from .seed import seed_demo

__all__ = ["CENSUS_CSV", "seed_demo"]
