"""Greedy by votes: fund the most-voted projects while they fit.

Projects are taken in decreasing order of their score (approvals; points for cumulative and
scoring; ``top - rank`` summed for ordinal), ties to the project whose id sorts first as a
string. A project that no longer fits the money left is skipped and the next one is tried.
This is pabutools' ``greedy_utilitarian_welfare`` with cost utilities (Pabulib's "greedy"):
sorting by total utility over cost is sorting by score, because utility is cost x points.
A project with no positive score, or free of cost, counts as score 0, as in pabutools.

Exact: scores and money are integers. Time O(total ballot length) to sum the scores (plain
Python, no merging; numpy scaling only for fractional money or points), then O(m log m).

Explanation codes (numbers in currency units and ballot points):
``greedy_selected`` / ``greedy_skipped``: ``rank`` (1-based position in the order), ``score``,
``cost``, ``money_left`` (when the project was reached). Used as a completion step after
another rule, the codes are ``completion_selected`` / ``completion_skipped`` with ``step``.
"""
from __future__ import annotations

from voting.election import Election, Outcome
from voting.rules.profile import Compiled, compile_election
from voting.rules.small import compile_scores


def greedy_order(c: Compiled) -> list[int]:
    """Project indices in greedy order: score down, then id (index) up."""
    def key(j: int):
        s = c.score[j]
        return (-s if s > 0 and c.cost[j] > 0 else 0, j)
    return sorted(range(len(c.ids)), key=key)


def complete_greedy(c: Compiled, chosen: list[int], explanations: dict, step: str) -> list[int]:
    """Add projects greedily to ``chosen`` within the budget; explain each one as ``step``."""
    taken = set(chosen)
    left = c.budget - sum(c.cost[j] for j in chosen)
    prefix = "greedy" if step == "greedy" else "completion"
    result = list(chosen)
    for rank, j in enumerate(greedy_order(c), start=1):
        if j in taken:
            continue
        fits = c.cost[j] <= left
        explanation = {"code": f"{prefix}_{'selected' if fits else 'skipped'}", "rank": rank,
                       "score": c.points(c.score[j]), "cost": c.money(c.cost[j]),
                       "money_left": c.money(left)}
        if step != "greedy":
            explanation["step"] = step
        explanations[c.ids[j]] = explanation
        if fits:
            result.append(j)
            left -= c.cost[j]
    return result


def greedy(election: Election) -> Outcome:
    """Pabulib's greedy rule: by score, skipping what does not fit, until nothing fits."""
    c = compile_scores(election) or compile_election(election)  # plain sums unless fractional
    explanations: dict = {}
    chosen = complete_greedy(c, [], explanations, "greedy")
    return Outcome("greedy", [c.ids[j] for j in chosen],
                   c.money(sum(c.cost[j] for j in chosen)), explanations)
