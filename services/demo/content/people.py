"""Demo accounts (one per role) and the simulated residents who cast the demo ballots.

The demo password is printed on the console at every start: these accounts exist to be tried.
"""
from __future__ import annotations

from datetime import datetime, timezone

DEMO_PASSWORD = "ashar-demo-2026"
DOMAIN = "ashar.example.org"  # a reserved domain: nothing is ever delivered to it

# When the census roll was loaded and staff and the simulated residents joined: before the
# first call for proposals, so that nobody proposes, supports or votes before existing.
JOINED = datetime(2025, 1, 15, 9, 0, tzinfo=timezone.utc)

# `census_row` (1-based) is the CSV row the account is (or can be) verified with;
# `days_ago` dates a resident's registration relative to the seed (staff joined at JOINED).
ACCOUNTS = [
    {"label": "resident", "email": f"resident@{DOMAIN}", "name": "Айгүл Маматова", "role": "resident",
     "verified": True, "census_row": 2, "days_ago": 40},
    {"label": "resident (unverified)", "email": f"newcomer@{DOMAIN}", "name": "Бакыт Эргешов",
     "role": "resident", "verified": False, "census_row": 1, "days_ago": 1},
    {"label": "moderator", "email": f"moderator@{DOMAIN}", "name": "Нургүл Асанова", "role": "moderator"},
    {"label": "observer", "email": f"observer@{DOMAIN}", "name": "Эркин Садыков", "role": "observer"},
    {"label": "admin", "email": f"admin@{DOMAIN}", "name": "Ashar admin", "role": "admin"},
]

# Simulated residents: enough for the 2025 turnout, spread over districts by population.
VOTERS = 2_150
VOTERS_2025 = 2_000
VOTERS_2026 = 340
PAPER_SHARE = 0.15  # ballots entered by a moderator from paper at a territorial administration
REVISED_SHARE = 0.04  # ballots their voter replaced while voting was open


def voter_email(number: int) -> str:
    """The login of simulated resident `number` (not printed: they cannot log in)."""
    return f"voter-{number:05d}@{DOMAIN}"
