"""How far every voter's budget can grow before a MES run can change: the engine of fast Add1.

Run MES with voter budget ``beta + d``, ``0 <= d <= bound``. While the run buys the same
projects in the same order as at ``d = 0``, every voter's budget at every round is a
non-decreasing function of ``d`` (a budget only loses ``min(budget, price x points)``, and a
price only falls when budgets rise), and the winner's price is non-increasing. So a run can
be bracketed by its own budgets at ``d = 0`` (from below) and by ``b + r d`` (from above),
with a growth rate ``r`` per budget class that holds whatever supporters switch between
paying their share and paying all they have:

* every budget starts with rate 1;
* when ``w`` is bought, its price falls at most at ``L = (sum of poor supporters' weight x r) /
  (rich supporters' points)`` (only voters poor at ``d = 0`` can be poor later); each
  supporter's new budget grows at most at ``r + L x points``, except a supporter who pays all
  it has and provably still does at ``d = bound``: it keeps nothing (rate 0).

The run at ``beta + d`` then makes the same purchases if, round by round,

* every other project ``c`` still in the race cannot be bought at the winner's price per
  unit of utility even with the upper budgets: ``G(d) = sum_i min(b_i + r_i d, rho_w u_ic) -
  cost_c < 0``. ``G`` is concave and increasing, so Newton steps from ``d = 0`` stay below its
  first root. Once unaffordable with upper budgets (``sum_i b_i + r_i d < cost_c``), ``c``
  stays so in every later round too;
* at the end, every project left stays unaffordable with upper budgets.

A project may be harmless either way (keep losing, or retire as unaffordable from some
round on); each gets the better of the two. ``bound`` starts at the target growth and
shrinks to the least such bound: below it the purchases are provably the same. (Only the
purchases are followed, not the set: on big elections with near ties the order of two
purchases can swap at nearly every unit, and then no bound reaches the next unit.) Float sums carry rigorous error margins (terms are
non-negative), with exact (integer) checks when a margin cannot decide; an exact tie with
the winner gives up (``bound = 0``) unless the later project provably never undercuts the
winner: its price per point cannot fall below cost / (its supporters' points), so if the
winner's is already at most that, or the two are clones (same cost, supporters and points).

Complexity per round: O(total ballot length) float work, plus exact work on the winner's
supporter classes and on decisions too close to call in floats.
"""
from __future__ import annotations

import math

import numpy as np

EPS = 2.0**-52


class Flat:
    """Supporter entries of every MES candidate side by side, for one vector pass per round."""

    def __init__(self, mes):
        cands = mes.candidates
        self.position = {j: k for k, j in enumerate(cands)}
        lengths = np.array([len(mes.sup[j]) for j in cands], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.stops = self.starts + lengths
        self.margin = (lengths + 8).astype(float) * 4 * EPS  # relative error of a float sum
        empty = not cands
        self.voter = np.zeros(0, np.int64) if empty else np.concatenate([mes.sup[j] for j in cands])
        self.points = np.zeros(0) if empty else np.concatenate([mes.ptsf[j] for j in cands])
        self.weight = np.zeros(0) if empty else np.concatenate([mes.wsup[j] for j in cands])
        self.owner = np.repeat(np.arange(len(cands)), lengths)
        self.cost = np.array([float(mes.c.cost[j]) for j in cands])
        self.cost_points = self.cost[self.owner] * self.points  # utility of each entry
        # clones: same cost, supporters and points; the lower index always beats the other
        seen: dict = {}
        self.clone = [seen.setdefault((mes.c.cost[j], mes.sup[j].tobytes(), mes.pts[j].tobytes()), k)
                      for k, j in enumerate(cands)]


class Sensitivity:
    """Watches one MES run (see :meth:`EqualShares.run`) and ends with ``bound``: a growth of
    the voter budget (scaled money, float) below which the run's purchases are the same;
    at most ``target``, and 0 if it cannot tell.

    Each project ``c`` not yet bought has two ways to be harmless: keep losing round after
    round (``survive[c]``: the least growth at which it might have won a round so far), or be
    unaffordable from some round on (``retire[c]``: the best such proof so far, the least of
    the growth it lost before and the growth at which it may become affordable then). Its
    own bound is the better of the two; a project whose retirement already clears the bound
    is not looked at again."""

    def __init__(self, mes, target: float, floor: float = 0.0):
        self.mes = mes
        self.floor = floor  # below this bound the caller has no use for it: give up early
        self.winner = -1
        self.drop = 0.0  # this round: a rate at which the winner's price surely falls
        if getattr(mes, "_flat", None) is None:
            mes._flat = Flat(mes)
        self.flat = mes._flat
        size = len(mes.candidates)
        self.fixed = float(target)  # bounds from bought projects (and giving up)
        self.survive = np.full(size, np.inf)
        self.retire = np.zeros(size)
        self.open = np.ones(size, dtype=bool)  # neither bought nor retired for good
        self._seen = None  # see _view
        self.bound = float(target)

    def _update(self) -> None:
        """The bound so far (never increases), and retire the projects it no longer needs."""
        caps = np.maximum(self.survive, self.retire)
        self.bound = min(self.bound, self.fixed, float(caps[self.open].min(initial=np.inf)))
        self.open &= ~(self.retire >= self.bound)
        if self.bound <= 0 or self.bound < self.floor:
            self._give_up()

    def _give_up(self) -> None:
        self.fixed = 0.0
        self.bound = 0.0

    def round(self, state, w: int, price):
        """Before ``w`` is bought at ``price``: growth rates of its supporter groups' new
        budgets (NaN: surely left with nothing), or None when giving up."""
        if self.bound == 0 or state.growth is None:
            self._give_up()
            return None
        k = self.flat.position[w]
        self.fixed = min(self.fixed, self.survive[k])  # w lost every round before this one
        self.open[k] = False
        self._update()
        self.winner = w
        growth = self._winner(state, w, price) if self.bound > 0 else None
        if growth is None:
            self._give_up()
            return None
        if self.open.any():
            self._others(state, w, price)
            self._update()
        return None if self.bound == 0 else growth

    def finish(self, state) -> None:
        """At the end of the run: every project left must stay unaffordable."""
        if state.growth is None:
            self._give_up()
        if self.bound == 0 or not self.open.any():
            return
        ks, index, starts = self._view()
        held, rate = self._holdings(state, index, starts)
        for at, k in enumerate(ks):
            if not self.open[k]:
                continue
            root = self._unaffordable(state, k, held[at], rate[at])
            if root is None:
                self._give_up()  # never expected: the run ended with k affordable
                return
            self.retire[k] = max(self.retire[k], min(self.survive[k], root))
        self.bound = min(self.bound, self.fixed, float(self.retire[self.open].min()))
        if self.bound < self.floor:
            self._give_up()

    def _winner(self, state, w: int, price):
        """Growth rates of the new budgets of w's supporter groups (see the module doc)."""
        uniq, _, weights = state._groups(w)
        base = self.mes.key_base
        classes, points = uniq // base, uniq % base
        nums = state._scaled(classes)
        top = state.den[-1]
        pn, pd = price.numerator, price.denominator
        # (budget - price x points) x pd x top: negative for the poor, who pay all they have;
        # at exactly 0 a supporter is rich for every d > 0
        diff = nums * pd - points.astype(object) * (pn * top)
        poor = np.array([d < 0 for d in diff], dtype=bool)
        rich_points = float((weights[~poor] * points[~poor]).sum())
        if rich_points <= 0:
            return None
        rate = state.growth[classes]
        n = len(uniq)
        fall = float((weights[poor] * rate[poor]).sum()) / rich_points * (1 + (n + 8) * 4 * EPS)
        growth = (rate + fall * points) * (1 + 8 * EPS)
        if poor.any():
            gap = np.array([float(-d / (pd * top)) for d in diff[poor]])  # price x points - budget
            with np.errstate(divide="ignore", invalid="ignore"):
                stays = gap * (1 - 1e-9) > self.bound * growth[poor]
            index = np.flatnonzero(poor)[stays]
            growth[index] = np.nan
        self.drop = self._price_drop(state, classes, points, weights, price)
        growth_lo = (state.growth_lo[classes] + self.drop * points) * (1 - 8 * EPS)
        growth_lo[poor] = 0.0
        return growth, growth_lo

    def _price_drop(self, state, classes, points, weights, price) -> float:
        """A rate m >= 0 with price(d) <= price - m d on [0, bound] (0 if none is found).

        With the lower budgets b + r_lo d, the money raised at price - m d is concave in d,
        so it covers the cost on the whole interval if it does at both ends: the chord to a
        price that suffices at d = bound."""
        cost = float(self.mes.c.cost[self.winner])
        low = (state.valuef[classes] + state.growth_lo[classes] * self.bound) * (1 - 8 * EPS)
        w = weights.astype(float)
        p = points.astype(float)
        order = np.argsort(low / p, kind="stable")
        money = (w * low)[order]
        poor = np.cumsum(money) - money
        rich = (w * p)[order][::-1].cumsum()[::-1]
        lam = (cost - poor) / rich
        ok = lam * p[order] <= low[order]
        if not ok.any():
            return 0.0
        trial = float(lam[int(np.argmax(ok))]) * (1 + 1e-9)
        raised = float((w * np.minimum(low, trial * p)).sum())
        margin = (len(w) + 8) * 4 * EPS * (float((w * (low + trial * p)).sum()) + cost)
        if raised - margin < cost:
            return 0.0
        drop = (float(price) * (1 - 4 * EPS) - trial) / self.bound * (1 - 1e-9)
        return max(0.0, drop)

    def _view(self):
        """Entries of the open projects only (rebuilt when a third of them has closed):
        (projects, entry index, start of each project in it)."""
        ks = np.flatnonzero(self.open)
        if self._seen is None or len(ks) < 0.67 * len(self._seen[0]):
            f = self.flat
            index = np.concatenate([np.arange(f.starts[k], f.stops[k]) for k in ks]) \
                if len(ks) else np.zeros(0, np.int64)
            lengths = f.stops[ks] - f.starts[ks]
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
            self._seen = (ks, index, starts)
        return self._seen

    def _holdings(self, state, index, starts, cls=None):
        """Per viewed project: money its supporters hold (d = 0) and its growth rate."""
        f = self.flat
        if cls is None:
            cls = state.cls[f.voter[index]]
        weight = f.weight[index]
        held = np.add.reduceat(weight * state.valuef[cls], starts)
        rate = np.add.reduceat(weight * state.growth[cls], starts)
        return held, rate

    def _unaffordable(self, state, k: int, held: float, rate: float) -> float | None:
        """If candidate k is unaffordable now, a growth below which it stays so; else None."""
        f = self.flat
        cost = f.cost[k]
        err = f.margin[k] * (held + cost)
        rate = rate * (1 + f.margin[k])
        if held < cost - err:
            return (cost - held - err) / rate * (1 - 1e-9) if rate > 0 else np.inf
        if held > cost + err:
            return None
        j = self.mes.candidates[k]
        uniq, _, weights = state._groups(j)
        classes = uniq // self.mes.key_base
        exact_held = int((state._scaled(classes) * weights.astype(object)).sum())
        gap = self.mes.c.cost[j] * state.den[-1] - exact_held
        if gap <= 0:
            return None
        return float(gap / state.den[-1]) * (1 - 1e-9) / rate if rate > 0 else np.inf

    def _others(self, state, w: int, price) -> None:
        """Bound the growth at which another project could beat w in this round."""
        f = self.flat
        ks, index, starts = self._view()
        if not len(ks):
            return
        cls = state.cls[f.voter[index]]
        b, r = state.valuef[cls], state.growth[cls]
        weight = f.weight[index]
        held, rate = self._holdings(state, index, starts, cls)
        # what each supporter of c pays if c is bought at w's price per unit of utility,
        # an upper line: share - share_drop x d
        cw = float(self.mes.c.cost[w])
        ratio = f.cost_points[index] / cw
        share = float(price) * ratio * (1 + 8 * EPS)
        share_drop = self.drop * ratio * (1 - 8 * EPS)
        for at, k in enumerate(ks):
            if self.open[k]:
                root = self._unaffordable(state, k, held[at], rate[at])
                if root is not None:  # retiring now: it must have lost until now
                    self.retire[k] = max(self.retire[k], min(self.survive[k], root))
        cap = np.maximum(self.survive[ks], self.retire[ks])
        cap = np.where(self.open[ks], np.minimum(cap, self.bound), 0.0)
        # G is concave, not monotone: bound it on [0, cap] by each term's maximum there
        upper = b + r * np.repeat(cap, np.diff(np.append(starts, len(index))))
        cost = f.cost[ks]
        g = np.add.reduceat(weight * np.minimum(upper, share), starts) - cost
        err = f.margin[ks] * (np.add.reduceat(weight * (upper + share), starts) + cost)
        for at in np.flatnonzero(self.open[ks] & (g + err >= 0)):
            k = ks[at]
            lo = starts[at]
            hi = starts[at + 1] if at + 1 < len(starts) else len(index)
            self.survive[k] = min(self.survive[k], self._newton(
                state, k, w, price, b[lo:hi], r[lo:hi], share[lo:hi], share_drop[lo:hi],
                weight[lo:hi], f.margin[k], cap[at]))
            if self.fixed == 0:
                return

    def _newton(self, state, k, w, price, b, r, share, share_drop, weight, margin, cap) -> float:
        """A growth below the first root of G for candidate k (inf if none below ``cap``)."""
        cost = self.flat.cost[k]
        x = 0.0
        for _ in range(8):
            upper = b + r * x
            line = share - share_drop * x
            value = float((weight * np.minimum(upper, line)).sum()) - cost
            err = margin * (float((weight * (upper + share)).sum()) + cost)
            if value + err >= 0:
                if x == 0.0:
                    return np.inf if self._tie(state, k, w, price) else 0.0
                return x
            # right slope of the concave G, rounded up: r below the line, -share_drop above
            slope = float(np.where(upper < line * (1 + 1e-9), weight * r,
                                   -weight * share_drop).sum())
            slope += margin * float((weight * (r + share_drop)).sum())
            if slope <= 0:
                return np.inf  # G stays negative
            x = x + (-value - err) / slope * (1 - 1e-9)
            if x >= cap:
                return np.inf
        return x

    def _tie(self, state, k, w, price) -> bool:
        """At d = 0, k is too close to w to call in floats: is it exactly harmless?"""
        c = self.mes.candidates[k]
        uniq, _, weights = state._groups(c)
        base = self.mes.key_base
        classes, points = uniq // base, uniq % base
        top = state.den[-1]
        pn, pd = price.numerator, price.denominator
        cc, cw = self.mes.c.cost[c], self.mes.c.cost[w]
        budgets = state._scaled(classes) * (pd * cw)
        pays = points.astype(object) * (pn * cc * top)
        g = sum(int(wt) * min(bx, tx) for wt, bx, tx in zip(weights, budgets, pays))
        g -= cc * top * pd * cw
        if g != 0:
            return False  # a near tie (or worse): the next unit step may differ
        # an exact tie, so c's id comes after w's. c's price per point is never below
        # cost / (its supporters' points), w's never above today's: if that already ties or
        # loses, c never wins while w is in the race (common: all supporters rich)
        if pn * int((weights * points).sum()) <= cw * pd:
            return True
        return self.flat.clone[k] == self.flat.clone[self.flat.position[w]]
