"""Outcome rules by name. Each takes an :class:`~voting.election.Election` and returns an
:class:`~voting.election.Outcome`; all break ties by project id sorted as a string and use
exact arithmetic, so anyone can reproduce an outcome with pabutools."""
from __future__ import annotations

from collections.abc import Callable

from voting.election import Election, Outcome
from voting.rules.equal_shares import equal_shares, equal_shares_add1, equal_shares_add1_greedy
from voting.rules.greedy import greedy

RULES: dict[str, Callable[[Election], Outcome]] = {
    "greedy": greedy,
    "mes": equal_shares,
    "mes_add1": equal_shares_add1,
    "mes_add1_greedy": equal_shares_add1_greedy,
}


def compute(election: Election, rule: str) -> Outcome:
    """Run the rule called ``rule`` (a key of RULES) on ``election``."""
    try:
        function = RULES[rule]
    except KeyError:
        raise ValueError(f"unknown rule {rule!r}; known: {', '.join(RULES)}") from None
    return function(election)


__all__ = ["RULES", "compute"]
