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
* Every project's ``rho`` is first computed in float64 from class budgets in floats, with a
  rigorous error bound: budgets are correctly rounded in tracked runs (Add1's sensitivity
  needs that), and in plain runs the old float budget less the price, off by at most
  ``err`` (a few EPS of the voter budget per round), which every float test allows for. The
  price search is pabutools' fixed point (no sort), stopped once a project surely loses.
  Only when two projects are within their bounds of each other (an exact tie is common:
  equal supporters, equal costs), or an affordability test is too close to call, is the
  exact value computed from the classes. The winner's price is always computed exactly,
  because it sets the new budgets; big-integer work is spent only on supporter groups that
  floats cannot place surely below the price.
* ``rho`` never decreases during a run (budgets only shrink), so last round's lower bound lets
  a round skip every project that cannot win (pabutools' lazy evaluation).

Complexity per round: O(s) (a few passes) for each project evaluated, s its number of
(merged) supporters, plus O(g) big-integer operations for the winner, g its supporters'
classes.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm

import numpy as np

from voting.rules.mes_prices import EPS, append_classes, float_price, scan, sorted_price
from voting.rules.profile import Compiled

#: group by counting (not sorting) while classes x points are under this many per supporter
COUNT_SPAN = 16
#: sum weights per class (not per voter) while classes are under this share of supporters
CLASS_SHARE = 0.25


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
        self.points_weight = [float(wp.sum()) for wp in self.wp]  # exact: integers < 2**53
        self.key_base = int(c.entry_points.max(initial=0)) + 1
        self.unit = [bool(len(pts)) and bool((pts == 1).all()) for pts in self.pts]
        # pabutools drops projects nobody derives utility from (and free ones: utility 0)
        self.candidates = [j for j in range(len(c.ids)) if c.cost[j] > 0 and len(self.sup[j])]

    def run(self, beta: Fraction, stop_above: int | None = None,
            tracker=None) -> tuple[list[Purchase], "State"]:
        """MES with every voter's (scaled) budget ``beta``; purchases in order, and the end state.

        With ``stop_above``, the run stops as soon as its purchases cost more than that (Add1
        only needs to know that the outcome no longer fits: purchases are never undone).
        A ``tracker`` (:class:`voting.rules.mes_sensitivity.Sensitivity`) sees every round
        before the winner pays, and the end state, to bound how far ``beta`` may grow with
        the same purchases (the state then keeps a growth rate per budget class for it).
        """
        state = State(self, beta, tracking=tracker is not None)
        spent = 0
        remaining = list(self.candidates)
        lower = {j: -1.0 for j in remaining}
        purchases: list[Purchase] = []
        while remaining:
            remaining.sort(key=lower.__getitem__)
            best_hi, seen = float("inf"), []
            for j in list(remaining):
                if lower[j] > best_hi:
                    break  # cannot beat the best: its rho only grew since last computed
                estimate = state.float_rho(j, beat=best_hi)
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
            growth = tracker.round(state, winner, exact[winner]) if tracker is not None else None
            state.pay(winner, exact[winner], growth)
            remaining.remove(winner)
            purchases.append(Purchase(winner, len(purchases) + 1, exact[winner]))
            spent += self.c.cost[winner]
            if stop_above is not None and spent > stop_above:
                return purchases, state
        if tracker is not None:
            tracker.finish(state)
        return purchases, state


class State:
    """Voter budgets during one run, exact per class and float per class."""

    def __init__(self, mes: EqualShares, beta: Fraction, tracking: bool = False):
        self.mes = mes
        # growth[k] / growth_lo[k]: how fast class k's budget can at most / at least grow
        # with beta (see mes_sensitivity)
        self.growth = np.array([1.0, 0.0]) if tracking else None
        self.growth_lo = np.array([1.0, 0.0]) if tracking else None
        beta = Fraction(beta)
        self.den = [beta.denominator]          # den[t]: denominator of classes made in round t
        # class 0: untouched voters; class 1: nothing left. Numerators are Python ints.
        self.num = np.array([beta.numerator, 0], dtype=object)
        self.made = np.array([0, 0], dtype=np.int64)   # round each class was made in
        # class budgets in floats: correctly rounded while tracking; else within ``err``
        self.valuef = np.array([float(beta), 0.0])
        self.err = 0.0
        self._err_step = 2 * EPS * float(beta)  # a round's error bound (budgets only fall)
        self.cls = np.zeros(len(mes.c.weights), dtype=np.int64)
        self.vb = np.full(len(mes.c.weights), float(beta))  # valuef[cls], kept per voter
        self._memo: dict = {}
        self._factors = None  # den[-1] // den[t] for every round t, for the current den list

    def float_rho(self, j: int, beat: float = float("inf")):
        """(rho, error bound) of project j in float64, or None if exactly unaffordable.

        The search may stop early with a rho that is only a lower bound, once that bound
        minus its error is above ``beat`` (j then cannot win the round)."""
        m = self.mes
        if m.unit[j] and len(self.valuef) < CLASS_SHARE * len(m.sup[j]):
            # one point each (approval), few classes: supporters of a class hold and pay the
            # same, so sum their weights per class (exact integers) and work on classes
            weights = np.bincount(self.cls[m.sup[j]], weights=m.wsup[j],
                                  minlength=len(self.valuef))
            held_by = np.flatnonzero(weights)
            b, weights = self.valuef[held_by], weights[held_by]
            p = wp = None
        elif m.unit[j]:
            b, weights, p, wp = self.vb[m.sup[j]], m.wsup[j], None, None
        else:
            b, weights, p, wp = self.vb[m.sup[j]], m.wsup[j], m.ptsf[j], m.wp[j]
        money = weights * b
        total = float(money.sum())
        cost = float(m.c.cost[j])
        n = len(b)
        weight = m.points_weight[j]  # >= the supporters' weight
        slack = 4.0 * (n + 4) * EPS * (total + cost) + 2 * weight * self.err
        if total < cost - slack:
            return None
        if total <= cost + slack and not self.exact_affordable(j):
            return None
        err = self.err

        def bounded(lam, rich):
            """rho and its error: sums of n non-negative terms, budgets off by ``err`` each,
            and supporters within 4 EPS (or err) of the price counted on either side (each
            moves it by weight x (4 EPS x price + err) / rich)"""
            rho = lam / cost
            return rho, 16.0 * (n + 4) * EPS * (total + cost) / rich / cost \
                + 8 * EPS * rho * (1 + weight / rich) + 4 * weight * err / rich / cost

        found = float_price(b, weights, money, p, wp, cost, weight, beat, bounded)
        if found is None:  # budgets spread too widely for the fixed point: sort
            return bounded(*sorted_price(b, weights, money, p, wp, cost))
        return found

    def _groups(self, j: int):
        """Supporters of j grouped by (class, points): keys, inverse map, weights.

        Remembered until the next payment (the only thing that changes classes)."""
        found = self._memo.get(j)
        if found is None:
            m = self.mes
            unit = m.unit[j]  # one point each: count classes, then encode (class, 1)
            keys = self.cls[m.sup[j]] if unit else self.cls[m.sup[j]] * m.key_base + m.pts[j]
            span = len(self.valuef) * (1 if unit else m.key_base)
            if span < COUNT_SPAN * len(keys):
                # counting beats sorting while there are not many more keys than supporters
                counts = np.bincount(keys, weights=m.wsup[j], minlength=span)
                uniq = np.flatnonzero(counts)
                position = np.empty(span, dtype=np.int64)
                position[uniq] = np.arange(len(uniq))
                inverse, weights = position[keys], counts[uniq].astype(np.int64)
            else:
                uniq, inverse = np.unique(keys, return_inverse=True)
                weights = np.bincount(inverse, weights=m.wsup[j]).astype(np.int64)
            if unit:
                uniq = uniq * m.key_base + 1
            found = self._memo[j] = (uniq, inverse, weights)
        return found

    def _scaled(self, classes: np.ndarray) -> np.ndarray:
        """Numerators (object array of ints) of the given classes over the latest denominator."""
        if self._factors is None or len(self._factors) != len(self.den):
            self._factors = np.array([self.den[-1] // d for d in self.den], dtype=object)
        return self.num[classes] * self._factors[self.made[classes]]

    def exact_affordable(self, j: int) -> bool:
        """Do j's supporters hold at least its cost, exactly?"""
        uniq, _, weights = self._groups(j)
        nums = self._scaled(uniq // self.mes.key_base)
        held = int((nums * weights.astype(object)).sum())
        return held >= self.mes.c.cost[j] * self.den[-1]

    def exact_price(self, j: int) -> Fraction:
        """The exact scaled price per point of project j (which must be affordable).

        Floats find the cut between poorer supporters (who pay all they have) and richer ones;
        only the groups too close to the cut to call are sorted exactly, and the cut is then
        checked exactly, falling back to a full exact sort if floats misjudged it.
        """
        uniq, _, weights = self._groups(j)
        base = self.mes.key_base
        classes, points = uniq // base, uniq % base
        top = self.den[-1]
        cost = self.mes.c.cost[j]
        value = self.valuef[classes]
        keys = value / points
        money = weights * value
        wp = (weights * points).astype(float)
        found = float_price(value, weights.astype(float), money, points.astype(float), wp,
                            float(cost), float(wp.sum()), float("inf"), lambda lam, rich: (lam, 0))
        if found is None:  # budgets too spread for the fixed point: sort
            found = sorted_price(value, weights.astype(float), money, points.astype(float),
                                 wp, float(cost))
        guess = found[0]
        band = (keys >= guess * (1 - 1e-6)) & (keys <= guess * (1 + 1e-6))
        low = keys < guess * (1 - 1e-6)
        # exact numerators only where needed: poor groups that hold something, and the band
        held = low & (classes != 1)
        unpaid = cost * top - int((self._scaled(classes[held]) * weights[held].astype(object)).sum())
        rich_pts = int((weights[~low] * points[~low]).sum())  # small integers: int64 is exact
        price = scan(zip(self._scaled(classes[band]).tolist(), points[band].tolist(),
                          weights[band].tolist()), unpaid, rich_pts, top)
        if price is not None and self._cut_holds(price, classes, points, keys, low, ~low & ~band):
            return price
        nums = self._scaled(classes)
        w_obj, p_obj = weights.astype(object), points.astype(object)
        price = scan(zip(nums.tolist(), points.tolist(), weights.tolist()),
                      cost * top, int((w_obj * p_obj).sum()), top)
        assert price is not None, "exact_price called on an unaffordable project"
        return price

    def _cut_holds(self, price: Fraction, classes, points, keys, low, high) -> bool:
        """Exactly: every group assumed poor has budget/points <= price <= that of every rich
        one. Keys (budgets within ``err`` over points, within 2 EPS more) clear of the price
        by their margin decide in floats; only the others are compared in integers."""
        near = float(price)
        margin = near * 8 * EPS + 2 * self.err / points
        unsure = np.abs(keys - near) <= margin
        if (low & (keys > near + margin)).any() or (high & (keys < near - margin)).any():
            return False
        pn, pd, top = price.numerator, price.denominator, self.den[-1]
        for side, sign in ((low & unsure, 1), (high & unsure, -1)):
            if side.any():
                # num / (top * p) <= pn / pd  <=>  num * pd <= pn * top * p
                nums = self._scaled(classes[side])
                diff = nums * pd - points[side].astype(object) * (pn * top)
                if any(d * sign > 0 for d in diff):
                    return False
        return True

    def pay(self, j: int, price: Fraction, growth=None) -> None:
        """Supporters of j pay ``price`` per point, or all they have if that is less.

        ``growth`` (tracking only): per supporter group of j, in :meth:`_groups` order, upper
        and lower growth rates of its new budget (upper NaN: surely left with nothing).
        """
        uniq, inverse, _ = self._groups(j)
        base = self.mes.key_base
        classes, points = uniq // base, uniq % base
        pn, pd = price.numerator, price.denominator
        top = self.den[-1]
        # the least common denominator, not top * pd: the price's denominator mostly contains
        # top already, and multiplying would square the size of the numbers every round
        new_den = lcm(top, pd)
        if growth is None:
            # groups whose budget per point is surely below the price (see _cut_holds) are
            # left with nothing: no exact arithmetic for them
            near = float(price)
            maybe = self.valuef[classes] / points >= near - (near * 8 * EPS + 2 * self.err / points)
        else:
            maybe = np.ones(len(uniq), dtype=bool)
        left = np.zeros(len(uniq), dtype=object)
        self.den.append(new_den)
        # budgets straight onto the new denominator (one product each), less what is paid
        left[maybe] = (self._scaled(classes[maybe])
                       - points[maybe].astype(object) * (pn * (new_den // pd)))
        alive = np.zeros(len(uniq), dtype=bool)
        alive[maybe] = left[maybe] > 0
        if growth is not None:
            growth, growth_lo = growth
            alive |= ~np.isnan(growth)  # may hold money for a larger beta: keep its own class
            left = np.array([x if x > 0 else 0 for x in left], dtype=object)
        new_class = np.ones(len(uniq), dtype=np.int64)  # class 1: nothing left
        first = len(self.num)
        new_class[alive] = np.arange(first, first + int(alive.sum()))
        kept = left[alive]
        self.num = append_classes(self.num, kept)
        self.made = np.concatenate([self.made, np.full(len(kept), len(self.den) - 1)])
        if self.growth is not None:  # the tracker needs correctly rounded budgets
            fresh = (kept / new_den).astype(float)
        else:
            # old budget less the price, in floats: off by at most err plus this round's
            # rounding (3/2 EPS of the old budget, the price being less than it)
            fresh = self.valuef[classes[alive]] - points[alive] * float(price)
            self.err += self._err_step
        self.valuef = np.concatenate([self.valuef, fresh])
        if self.growth is not None:
            if growth is None:
                self.growth = None  # the tracker gave up
            else:
                self.growth = np.concatenate([self.growth, growth[alive]])
                self.growth_lo = np.concatenate([self.growth_lo, growth_lo[alive]])
        self.cls[self.mes.sup[j]] = new_class[inverse]
        self.vb[self.mes.sup[j]] = self.valuef[new_class][inverse]
        self._memo = {}

    def held(self, j: int) -> Fraction:
        """What j's supporters hold now (scaled money, exact)."""
        uniq, _, weights = self._groups(j)
        nums = self._scaled(uniq // self.mes.key_base)
        return Fraction(int((nums * weights.astype(object)).sum()), self.den[-1])
