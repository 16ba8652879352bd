"""Demo accounts (one per role) and the simulated residents who cast the demo ballots.

The demo password is printed on the console at every start: these accounts exist to be tried.
"""
from __future__ import annotations

DEMO_PASSWORD = "ashar-demo-2026"
DOMAIN = "ashar.example.org"  # a reserved domain: nothing is ever delivered to it

# role label, email, display name, account role, district code, census row it claims (1-based)
ACCOUNTS = [
    {"label": "resident", "email": f"resident@{DOMAIN}", "name": "Айгүл Маматова", "role": "resident",
     "verified": True, "census_row": 2},
    {"label": "resident (unverified)", "email": f"newcomer@{DOMAIN}", "name": "Бакыт Эргешов",
     "role": "resident", "verified": False, "census_row": 1},
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
