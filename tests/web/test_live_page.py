"""/live as a browser sees it: the page, its 2 s refresh, and hidden tallies."""
from __future__ import annotations

import json

from tests import factories as f
from tests.ballot_rows import vote
from tests.helpers import login

OUTPUTS = [("live-status", "children"), ("live-tally", "hidden"), ("live-votes", "figure"),
           ("live-projections", "children"), ("live-turnout-total", "children"),
           ("live-turnout-time", "figure"), ("live-districts", "figure"), ("live-version", "data")]


def refresh(client, budget_id, shown=None):
    client.http.set_cookie("lang", "en")
    return client.callback(OUTPUTS, [("live-interval", "n_intervals", 1),
                                     ("live-budget", "value", str(budget_id))],
                           [("live-version", "data", shown)])


def _cycle(session, visibility="public_live"):
    d = f.district(session, "north", 1000)
    budget = f.budget(session, amount=1_000_000, visibility=visibility)
    env = f.envelope(session, budget)
    a = f.project(session, budget, env, cost=700_000, title_en="Park lights")
    b = f.project(session, budget, env, cost=300_000, title_en="School roof")
    vote(session, budget, env, f.user(session, district_id=d.id), [a, b])
    vote(session, budget, env, f.user(session, district_id=d.id), [b], channel="paper")
    session.commit()
    return budget, env, a, b


def test_live_page_renders_selector_and_charts(client, session):
    budget, *_ = _cycle(session)
    page = json.dumps(client.page("/live").get_json())
    for component in ("live-budget", "live-votes", "live-interval", "live-turnout-time"):
        assert component in page
    assert '"interval": 2000' in page


def test_refresh_sends_votes_then_nothing_until_a_ballot_arrives(client, session, monkeypatch):
    budget, env, a, b = _cycle(session)
    first = refresh(client, budget.id).get_json()["response"]
    votes = first["live-votes"]["figure"]["data"][0]
    assert votes["x"] == ["School roof", "Park lights"] and votes["y"] == [2, 1]
    assert "2 ballots: 1 online, 1 on paper" in first["live-turnout-total"]["children"]
    projections = json.dumps(first["live-projections"]["children"])
    assert "School roof" in projections and "funded" in projections
    shown = first["live-version"]["data"]
    assert refresh(client, budget.id, shown).status_code == 204  # nothing new: nothing sent

    vote(session, budget, env, f.user(session), [a])
    session.commit()
    import time
    later = time.time() + 1.5  # past the 1 s shared cache
    monkeypatch.setattr(time, "time", lambda: later)
    update = refresh(client, budget.id, shown).get_json()["response"]
    patch = update["live-votes"]["figure"]
    assert patch["__dash_patch_update"] == "__dash_patch_update"  # only the data, as a Patch
    assert "3 ballots" in update["live-turnout-total"]["children"]


def test_hidden_tally_refresh_sends_turnout_only(client, session):
    budget, *_ = _cycle(session, "observers_live")
    body = refresh(client, budget.id).get_json()["response"]
    assert body["live-tally"]["hidden"] is True
    assert "live-votes" not in body and "live-projections" not in body
    assert "2 ballots" in body["live-turnout-total"]["children"]
    observer = f.user(session, role="observer")
    session.commit()
    login(client, observer)
    body = refresh(client, budget.id).get_json()["response"]
    assert body["live-tally"]["hidden"] is False and body["live-votes"]["figure"]["data"][0]["y"] == [2, 1]


def test_forged_budget_id_is_ignored(client, session):
    _cycle(session)
    for forged in ("999", "abc", None, "-1"):
        assert refresh(client, forged).status_code == 204
