"""MES for elections of up to a few thousand unweighted ballots, by budget classes.

The counterpart of :mod:`voting.rules.tiny` (same decisions, same explanations, same integer
arithmetic) without merging ballots, whose hashing costs more than it saves. Instead voters
who paid the same things hold the same budget and share a *class* (class 0 holds nothing).
A project's price is found over the classes of its supporters, counted in C (``Counter``),
usually a few dozen for hundreds of voters; a payment rescales class budgets, not voters'
ones. Weighted ballots are declined (:mod:`voting.rules.tiny` merges them).

On a few hundred ballots every Python-level step shows: supporters are listed with one
append per entry, points read apart, a supporter's class and points are one int (cheaper to
hash and count than a pair), and groups of a dozen are walked by plain loops (in Python
3.11 a comprehension is a call, which costs more than it saves on so few).

Complexity per round: O(s) C-level counting plus O(g) per pass of the price search for each
project evaluated (s its supporters, g their groups), and O(s) to move the winner's
supporters to their new classes.

Where the install compiled ``voting/rules/_mes_kernel.c``, the ballots are read into
supporter lists there, and the rounds start there, in 64-bit integers with a budget per voter
(on Grabówka's 201 ballots the whole rule then takes a third of the time; the explanations
stay here). It decides exactly as :func:`_supporters` and :func:`_run` do. When the budgets'
common denominator outgrows 63 bits it stops before that step and :func:`_run` goes on from
the budgets it reached; input it does not expect it refuses (None) and Python runs.
"""
from __future__ import annotations

from collections import Counter
from math import gcd

from voting.election import Election, Outcome
from voting.rules.tiny_rounds import buy_in_rounds, explained_outcome

try:  # the rounds in C (voting/rules/_mes_kernel.c), built by pip where a compiler is found
    from voting.rules import _mes_kernel as KERNEL
except ImportError:  # pragma: no cover - depends on the install
    KERNEL = None
KERNEL_INTERFACE = 2  # what this file expects of the compiled module (its INTERFACE)
if getattr(KERNEL, "INTERFACE", None) != KERNEL_INTERFACE:  # pragma: no cover - an old build
    KERNEL = None
#: up to this many ballots the rounds start in C. Past it they run in Python from the start:
#: the budgets' common denominator outgrows 63 bits within a few rounds on such elections,
#: and handing thousands of budgets over cost more than those rounds saved (Świecie's 2553
#: ballots: 1.33 against 1.27 ms; Okęcie's 791: 0.99 against 1.31 ms)
KERNEL_BALLOTS = 1500


def class_mes(election: Election, ids: list[str], index: dict[str, int],
              cost: list[int]) -> Outcome | None:
    """The ``mes`` outcome, for an election :func:`voting.rules.tiny.tiny_mes` has checked
    (integer money, approval or points ballots) and numbered (``ids``, ``index``: id ->
    number, ``cost``); None for weighted ballots or fractional points."""
    ballots = election.ballots
    n = len(ballots)
    choices = [b.choices for b in ballots if b.weight == 1]
    if n == 0 or len(choices) != n:
        return None  # weighted ballots: the general path merges them
    budget = election.budget
    g = gcd(budget, n)
    b0, den = budget // g, n // g
    points = election.vote_type not in ("approval", "choose-1")
    read = None
    if KERNEL is not None:
        read = KERNEL.supporters(choices, index, points)
    if read is None:  # no compiler at install time, or something the reading below names
        read = _supporters(choices, ids, cost, b0, den, points)
        if read is None:
            return None
    sup, pts = read
    live = [j for j in range(len(cost)) if _may_buy(cost[j], len(sup[j]), b0, den)]
    found = None
    if KERNEL is not None and n <= KERNEL_BALLOTS:
        found = KERNEL.run(b0, den, n, cost, [j for j in live if sup[j]], sup, pts)
    if found is not None and not found[3]:  # every round ran in C
        bought, budgets, den, _ = found

        def held(j):
            return sum(map(budgets.__getitem__, sup[j]))
    else:  # no compiler, many ballots, or numbers past 63 bits: Python goes on from there
        try:
            bought, tag, cb, den, scale = _run(budget, n, cost, sup, pts, live,
                                               found if found and found[0] else None)
        except KeyError:  # a voter paid twice for one project: named twice on its ballot,
            return None   # which validation refuses; the merged engine counts it as it is

        def held(j):
            if scale == 1:
                return sum(map(cb.__getitem__, map(tag.__getitem__, sup[j])))
            return sum([cb[tag[v] // scale] for v in sup[j]])

    return explained_outcome(ids, cost, budget, n, bought, den, sup, held)


def _may_buy(cost, supporters, b0, den):
    """Whether a project may be bought at all: supporters holding less than its cost all
    together (each b0 / den at the start) never buy it, whatever their points."""
    return cost > 0 and b0 * supporters >= cost * den


def _supporters(choices, ids, cost, b0, den, points):
    """(sup, pts) as the compiled ``supporters`` reads them, but points only of projects
    whose supporters could afford them (the rest never buy anything); None if a ballot names
    an unknown project or gives a fractional point where it is read."""
    by_id: dict[str, list[int]] = {pid: [] for pid in ids}  # supporters, by project id
    try:
        for v, key in enumerate(choices):
            for pid in key:
                by_id[pid].append(v)
    except KeyError:
        return None  # a ballot names an unknown project: the general path says so
    sup = list(by_id.values())  # in the order of ids
    if not points:
        return sup, None
    pts = [None] * len(cost)
    for j, pid in enumerate(ids):
        if not _may_buy(cost[j], len(sup[j]), b0, den):
            # only supporters giving some are supporters (for the explanation)
            sup[j] = [v for v in sup[j] if choices[v][pid] > 0]
            continue
        p = pts[j] = [choices[v][pid] for v in sup[j]]
        if sum(p).__class__ is not int:
            return None  # fractional points: the general path scales them
        if min(p) <= 0:  # no utility, no part in MES
            keep = [i for i, x in enumerate(p) if x > 0]
            sup[j], pts[j] = [sup[j][i] for i in keep], [p[i] for i in keep]
    return sup, pts


def _run(budget, n, cost, sup, pts, live, start=None):
    """MES at budget / n per voter, among the ``live`` projects: [(project, price numerator,
    price denominator)], and the budgets at the end: voter -> tag, class -> numerator over the
    returned denominator, and the scale (a voter's class is its tag // scale).

    Voters who paid the same things hold the same: they share a budget *class* (class 0
    holds nothing), so prices are found over the few classes of a project's supporters,
    counted in C. A voter's tag is its class x scale, the scale above any points, so that
    tag + points tells a supporter's class and points in one int (cheaper to hash than a
    pair); for approval the scale is 1 and the tag is the class.

    ``start``: where the compiled rounds stopped (what they bought, each voter's budget
    numerator, the denominator, the projects still in play with their last rho); voters
    holding the same then share a class."""
    if pts is None:
        total, scale = list(map(len, sup)), 1
    else:  # points are positive: a project's total is above each of them
        total = [0 if p is None else sum(p) for p in pts]
        scale = 1 + max(total, default=0)
    points_of = pts or [None] * len(cost)  # None: one point each
    if start is None:
        g = gcd(budget, n)
        den = n // g
        cb = [0, budget // g]
        tag = [scale] * n  # everyone in class 1
        candidates = [j for j in live if sup[j]]
        first = _first_round(cb[1], den, cost, candidates, sup, pts, total)
        done, lower = [], None
    else:
        done, budgets, den, lower = start
        candidates = [j for j, _ in lower]
        cb = [0, *set(budgets).difference((0,))]
        tag = list(map({b: c * scale for c, b in enumerate(cb)}.__getitem__, budgets))
        first = None
    groups: dict = {}  # project -> its supporters counted by tag + points, until a payment

    def price(j, den):
        groups[j] = _groups(tag, sup[j], points_of[j])
        return _price(cb, scale, den, cost[j], groups[j], total[j])

    def pay(j, up, step):
        if up != 1:
            cb[:] = [x * up for x in cb]
        # a winner of the first round has all its supporters still in class 1
        keys = groups.get(j) or ([scale] if pts is None else [scale + p for p in set(pts[j])])
        _pay(cb, tag, scale, step, keys, sup[j], points_of[j])
        groups.clear()

    bought, den = buy_in_rounds(cost, candidates, den, first, price, pay, lower)
    return done + bought, tag, cb, den, scale


def _pay(cb, tag, scale, step, keys, sup, pts):
    """The winner's supporters pay ``step`` per point: each group of them (same class, same
    points; ``keys``: their tag + points, each once) moves to a new class holding what is
    left, or to class 0 if nothing is."""
    moved = {}  # tag (+ points) before -> tag after
    if pts is None:
        for c in keys:
            left = cb[c] - step
            if left > 0:
                moved[c] = len(cb)
                cb.append(left)
            else:
                moved[c] = 0
        for v in sup:
            tag[v] = moved[tag[v]]
        return
    for key in keys:
        c, p = divmod(key, scale)
        left = cb[c] - step * p
        if left > 0:
            moved[key] = len(cb) * scale
            cb.append(left)
        else:
            moved[key] = 0
    for v, p in zip(sup, pts):
        tag[v] = moved[tag[v] + p]


def _groups(tag, sup, pts):
    """Supporters counted by tag, plus points where points vary."""
    if pts is None:
        return Counter(map(tag.__getitem__, sup))
    counted: dict = {}  # a plain loop: Counter's set-up costs more on a few dozen
    for v, p in zip(sup, pts):
        key = tag[v] + p
        counted[key] = counted.get(key, 0) + 1
    return counted


def _first_round(budget, den, cost, remaining, sup, pts, total):
    """While every voter holds ``budget / den``: (U, R) of each project where it is immediate
    (everyone pays the same share per point), None where it is unaffordable; others absent."""
    found = {}
    for j in remaining:
        unpaid = cost[j] * den
        if budget * total[j] < unpaid:  # all they hold (budget x supporters) is even less
            found[j] = None
        elif pts is None or budget * total[j] >= unpaid * max(pts[j]):  # max only if needed
            found[j] = (unpaid, total[j])
        elif budget * len(sup[j]) < unpaid:
            found[j] = None  # equal budgets that cannot pay equal shares pay nothing
    return found


def _price(cb, scale, den, cost, counted, points):
    """(U, R): price per point U / (den x R) of a project, or None if it is unaffordable.

    ``counted``: how many supporters hold each tag + points (see :func:`_run`);
    ``points``: theirs in all."""
    unpaid = cost * den
    if scale == 1:  # one point each: classes from the poorest, until one is rich
        order = sorted(counted, key=cb.__getitem__)
        if cb[order[0]] * points >= unpaid:
            return unpaid, points  # everyone can pay the same share
        if sum([cb[c] * k for c, k in counted.items()]) < unpaid:
            return None
        for c in order:
            b = cb[c]
            if b * points >= unpaid:
                return unpaid, points
            unpaid -= b * counted[c]
            points -= counted[c]
        return None  # not reached: the richest supporter is never poor
    # a group is poor iff its budget b / den < price x its points p, where the price per
    # point is unpaid / (den x points); the poor pay all they have, and the price rises
    money = poor_money = poor_points = 0
    rich = []  # (budget, points, supporters) of each group not yet found poor
    for key, k in counted.items():
        b, p = cb[key // scale], key % scale
        money += b * k
        if b * points < unpaid * p:
            poor_money += b * k
            poor_points += p * k
        else:
            rich.append((b, p, k))
    if money < unpaid:
        return None
    while poor_points:
        unpaid -= poor_money
        points -= poor_points
        poor_money = poor_points = 0
        keep = []
        for g in rich:
            b, p, k = g
            if b * points < unpaid * p:
                poor_money += b * k
                poor_points += p * k
            else:
                keep.append(g)
        rich = keep
    return unpaid, points
