"""Rule names and per-project explanations as sentences in the reader's language.

The rules return codes and numbers; the sentences are written here so they can be translated.
"""
from __future__ import annotations

from translations import _

from .format import money, number


def rule_label(rule: str) -> str:
    """An outcome rule as readers name it."""
    return {"greedy": _("greedy by votes"), "mes": _("Method of Equal Shares"),
            "mes_add1": _("Method of Equal Shares (Add1 completion)"),
            "mes_add1_greedy": _("Method of Equal Shares (Add1, then greedy)"),
            }.get(rule, rule)


def _amount(value) -> str:
    """Money that may be fractional (MES prices), rounded to whole som for reading."""
    return money(int(round(float(value))))


def explain(explanation: dict | None, currency: str = "KGS") -> str:
    """One sentence saying why a project was or was not funded."""
    if not explanation:
        return _("This project was not part of the count.")
    e, code = explanation, explanation.get("code", "")
    if code in ("greedy_selected", "completion_selected"):
        text = _("Funded: ranked %(rank)s by votes (%(score)s), its cost %(cost)s fitted in the "
                 "%(left)s still available.", rank=e["rank"], score=number(int(e["score"])),
                 cost=_amount(e["cost"]), left=_amount(e["money_left"]))
    elif code in ("greedy_skipped", "completion_skipped"):
        text = _("Not funded: ranked %(rank)s by votes (%(score)s), but its cost %(cost)s was more "
                 "than the %(left)s still available.", rank=e["rank"], score=number(int(e["score"])),
                 cost=_amount(e["cost"]), left=_amount(e["money_left"]))
    elif code == "mes_selected":
        text = _("Funded in round %(round)s of equal shares: each voter started with %(share)s and "
                 "its supporters paid %(price)s each per vote to cover its cost of %(cost)s.",
                 round=e["round"], share=_amount(e["voter_budget"]),
                 price=_amount(e["price_per_point"]), cost=_amount(e["cost"]))
    elif code == "mes_unaffordable":
        text = _("Not funded: its supporters had only %(held)s of their equal shares left, less "
                 "than its cost of %(cost)s.", held=_amount(e["supporters_budget"]),
                 cost=_amount(e["cost"]))
    elif code == "mes_no_support":
        text = _("Not funded: no voter supported it.")
    else:
        return code
    if code.startswith("completion_"):
        text = _("Completion step: %(sentence)s", sentence=text)
    return text
