"""One exact run of the Method of Equal Shares, fast.

Every voter starts with the same budget ``beta``. In each round, a project costing ``c`` is
*affordable* if its supporters hold at least ``c`` together; its price per point ``lam`` is the
least value with ``sum_i min(budget_i, lam * points_i) = c`` (supporters pay in proportion to
their points, the poorer ones paying all they have). Its *affordability* is ``rho = lam / c``
(price per unit of utility, utility being cost x points). The affordable project with the
smallest ``rho`` is bought, ties going to the lowest index (id first as a string), and its
supporters pay. The run ends when no project is affordable. This is pabutools'
``method_of_equal_shares`` with cost utilities, decision for decision.

How it is exact and fast at once:

* Budgets are exact rationals, kept per *class*: voters who paid the same things hold the
  same budget, so a class is created when a bought project's rich supporters of one class
  and one number of points pay together. Classes of round ``t`` share the denominator
  ``den[t]``, and ``den[t]`` divides every later one, so sums are big-integer sums.
* Every project's ``rho`` is first computed in float64 from correctly rounded class budgets,
  with a rigorous error bound. Only when two projects are within their bounds of each other
  (an exact tie is common: equal supporters, equal costs), or an affordability test is too
  close to call, is the exact value computed from the classes. The winner's price is always
  computed exactly, because it sets the new budgets.
* ``rho`` never decreases during a run (budgets only shrink), so last round's lower bound lets
  a round skip every project that cannot win (pabutools' lazy evaluation).

Complexity per round: O(s log s) for each project evaluated, s its number of (merged)
supporters, plus O(g) big-integer operations for the winner, g its supporters' classes.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from voting.rules.profile import Compiled

EPS = 2.0**-52


@dataclass
class Purchase:
    """A project bought in a MES run: index, 1-based round, exact scaled price per point."""

    project: int
    round: int
    price: Fraction


class EqualShares:
    """The per-election data of MES; :meth:`run` executes it for one voter budget."""

    def __init__(self, c: Compiled):
        self.c = c
        positive = c.entry_points > 0  # only supporters with positive utility take part
        proj = c.entry_project[positive]
        order = np.argsort(proj, kind="stable")
        voters = c.entry_voter[positive][order]
        points = c.entry_points[positive][order]
        bounds = np.searchsorted(proj[order], np.arange(len(c.ids) + 1))
        self.sup, self.pts, self.ptsf, self.wsup, self.wp = [], [], [], [], []
        for j in range(len(c.ids)):
            lo, hi = bounds[j], bounds[j + 1]
            self.sup.append(voters[lo:hi])
            self.pts.append(points[lo:hi])
            self.ptsf.append(points[lo:hi].astype(float))
            w = c.weights[voters[lo:hi]].astype(float)
            self.wsup.append(w)
            self.wp.append(w * self.ptsf[j])
        self.key_base = int(c.entry_points.max(initial=0)) + 1
        # pabutools drops projects nobody derives utility from (and free ones: utility 0)
        self.candidates = [j for j in range(len(c.ids)) if c.cost[j] > 0 and len(self.sup[j])]

    def run(self, beta: Fraction) -> tuple[list[Purchase], "State"]:
        """MES with every voter's (scaled) budget ``beta``; purchases in order, and the end state."""
        state = State(self, beta)
        remaining = list(self.candidates)
        lower = {j: -1.0 for j in remaining}
        purchases: list[Purchase] = []
        while remaining:
            remaining.sort(key=lower.__getitem__)
            best_hi, seen = float("inf"), []
            for j in list(remaining):
                if lower[j] > best_hi:
                    break  # cannot beat the best: its rho only grew since last computed
                estimate = state.float_rho(j)
                if estimate is None:
                    remaining.remove(j)  # unaffordable now, hence for ever
                    continue
                rho, tol = estimate
                lower[j] = rho - tol
                seen.append((j, rho, tol))
                best_hi = min(best_hi, rho + tol)
            if not seen:
                break
            close = [j for j, rho, tol in seen if rho - tol <= best_hi]
            exact = {j: state.exact_price(j) for j in close}
            # smallest exact rho = price / cost; ties to the lower index
            winner = min(close, key=lambda j: (exact[j] / self.c.cost[j], j))
            state.pay(winner, exact[winner])
            remaining.remove(winner)
            purchases.append(Purchase(winner, len(purchases) + 1, exact[winner]))
        return purchases, state


class State:
    """Voter budgets during one run, exact per class and float per class."""

    def __init__(self, mes: EqualShares, beta: Fraction):
        self.mes = mes
        beta = Fraction(beta)
        self.den = [beta.denominator]          # den[t]: denominator of classes made in round t
        self.num = [beta.numerator, 0]         # class 0: untouched voters; class 1: broke
        self.made = [0, 0]                     # round each class was made in
        self.value = [float(beta), 0.0]        # correctly rounded class budgets
        self.valuef = np.array(self.value)
        self.cls = np.zeros(len(mes.c.weights), dtype=np.int64)

    def float_rho(self, j: int):
        """(rho, error bound) of project j in float64, or None if exactly unaffordable."""
        m = self.mes
        b = self.valuef[self.cls[m.sup[j]]]
        money = m.wsup[j] * b
        total = float(money.sum())
        cost = float(m.c.cost[j])
        n = len(b)
        slack = 4.0 * (n + 4) * EPS * (total + cost)
        if total < cost - slack:
            return None
        if total <= cost + slack and not self.exact_affordable(j):
            return None
        p = m.ptsf[j]
        order = np.argsort(b / p, kind="stable")
        ms, wp = money[order], m.wp[j][order]
        poor = np.cumsum(ms) - ms                     # money of those strictly before
        rich = wp[::-1].cumsum()[::-1]                # points weight from here on
        lam = (cost - poor) / rich
        ok = lam * p[order] <= b[order] * (1 + 4 * EPS)
        k = int(np.argmax(ok)) if ok.any() else n - 1
        rho = lam[k] / cost
        tol = 16.0 * (n + 4) * EPS * (total + cost) / rich[k] / cost + 8 * EPS * rho
        return rho, tol

    def _groups(self, j: int):
        """Supporters of j grouped by (class, points): keys, inverse map, weights."""
        m = self.mes
        keys = self.cls[m.sup[j]] * m.key_base + m.pts[j]
        uniq, inverse = np.unique(keys, return_inverse=True)
        weights = np.bincount(inverse, weights=m.wsup[j]).astype(np.int64)
        return uniq, inverse, weights

    def _scaled(self, classes) -> list[int]:
        """Numerators of the given classes over the latest denominator."""
        top = self.den[-1]
        factor = {}
        out = []
        for k in classes:
            t = self.made[k]
            if t not in factor:
                factor[t] = top // self.den[t]
            out.append(self.num[k] * factor[t])
        return out

    def exact_affordable(self, j: int) -> bool:
        """Do j's supporters hold at least its cost, exactly?"""
        uniq, _, weights = self._groups(j)
        nums = self._scaled((uniq // self.mes.key_base).tolist())
        held = sum(w * v for w, v in zip(weights.tolist(), nums))
        return held >= self.mes.c.cost[j] * self.den[-1]

    def exact_price(self, j: int) -> Fraction:
        """The exact scaled price per point of project j (which must be affordable)."""
        uniq, _, weights = self._groups(j)
        base = self.mes.key_base
        classes, points = (uniq // base).tolist(), (uniq % base).tolist()
        nums = self._scaled(classes)
        top = self.den[-1]
        rows = sorted(zip(nums, points, weights.tolist()), key=lambda r: Fraction(r[0], r[1]))
        unpaid = self.mes.c.cost[j] * top                 # cost minus what the poor pay, x top
        rich = sum(p * w for _, p, w in rows)
        for num, p, w in rows:
            # price = unpaid / (top * rich); this voter is rich if price * p <= num / top
            if unpaid * p <= num * rich:
                return Fraction(unpaid, top * rich)
            unpaid -= w * num
            rich -= w * p
        raise AssertionError("exact_price called on an unaffordable project")

    def pay(self, j: int, price: Fraction) -> None:
        """Supporters of j pay ``price`` per point, or all they have if that is less."""
        uniq, inverse, _ = self._groups(j)
        base = self.mes.key_base
        classes, points = (uniq // base).tolist(), (uniq % base).tolist()
        nums = self._scaled(classes)
        pn, pd = price.numerator, price.denominator
        # new budgets over top * pd: num * pd - pn * p * top
        top = self.den[-1]
        new_den = top * pd
        self.den.append(new_den)
        t = len(self.den) - 1
        new_class = np.empty(len(uniq), dtype=np.int64)
        for g, (num, p) in enumerate(zip(nums, points)):
            left = num * pd - pn * p * top
            if left <= 0:
                new_class[g] = 1
            else:
                new_class[g] = len(self.num)
                self.num.append(left)
                self.made.append(t)
                self.value.append(left / new_den)
        self.valuef = np.array(self.value)
        self.cls[self.mes.sup[j]] = new_class[inverse]

    def held(self, j: int) -> float:
        """What j's supporters hold now (scaled money, float: for explanations only)."""
        return float((self.mes.wsup[j] * self.valuef[self.cls[self.mes.sup[j]]]).sum())
