"""Session cookies a worker has verified before are reused, and still expire and fail when forged."""
from __future__ import annotations

import time
from datetime import timedelta

from flask import request

from tests import factories as f
from tests.helpers import DashClient, login
from tests.web.test_vote import submit, text_of


def voting_world(session):
    budget = f.budget(session, method="approval")
    city = f.envelope(session, budget)
    project = f.project(session, budget, city)
    voter = f.user(session, district_id=f.district(session).id)
    session.commit()
    return budget.id, {city.id: [project.id]}, voter


def test_the_same_cookie_keeps_working_then_expires(server, session):
    # signing times are whole seconds: with a 1 s lifetime a slow request that crossed two
    # second boundaries found its cookie expired, so the lifetime leaves room for that
    server.permanent_session_lifetime = timedelta(seconds=3)
    budget, choices, voter = voting_world(session)
    client = DashClient(server.test_client())
    login(client, voter)
    for key in ("a", "b"):  # the second request meets the worker's verified copy
        assert "Your ballot is recorded" in text_of(submit(client, budget, choices, key=key * 24))
    time.sleep(4.1)  # past the lifetime, counted in whole seconds
    assert "Please log in first" in text_of(submit(client, budget, choices, key="c" * 24))


def test_a_forged_cookie_is_refused_even_beside_a_verified_one(server, session):
    budget, choices, voter = voting_world(session)
    client = DashClient(server.test_client())
    login(client, voter)
    assert "Your ballot is recorded" in text_of(submit(client, budget, choices, key="a" * 24))
    cookie = client.http.get_cookie("ashar_session").value
    forged = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
    client.http.set_cookie("ashar_session", forged)
    assert "Please log in first" in text_of(submit(client, budget, choices, key="b" * 24))


def test_a_request_cannot_change_what_the_next_one_reads(server):
    """A reused session is a copy, and sessions holding lists are decoded afresh each time."""
    signer = server.session_interface.get_signing_serializer(server)
    for data in ({"n": 1}, {"n": 1, "notes": ["first"]}):
        cookie = signer.dumps(data)
        reads = []
        for _ in range(2):
            with server.test_request_context(headers={"Cookie": f"ashar_session={cookie}"}):
                opened = server.session_interface.open_session(server, request)
                reads.append(dict(opened, notes=list(opened.get("notes", []))))
                opened["n"] = 2
                opened.get("notes", []).append("changed")
        assert reads[0] == reads[1] == dict(data, notes=data.get("notes", []))
